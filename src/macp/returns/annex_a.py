"""Ofsted's Annex A lists for an inspection of local authority children's services (issue 13 item 8): one council,
one period, as an .xlsx workbook with a sheet per list in the published column order, from the same records as the
children-in-need census.

Lists 1-7 (contacts, early help, referrals, assessments, section 47 enquiries and ICPCs, children in need, child
protection plans). The column headings and their order, and the coded answers ("a) Male", "a) WBRI", "N1 - Abuse
or neglect"...), follow the Annex A template as the sector's LIIA tools read it (Social Finance liia-tools,
annex_a_pipeline/spec/Annex_A_schema.yml). What the workspace does not record is left blank rather than guessed
(Ofsted asks the council to explain blanks): the date of the last statutory visit, whether the child was seen
alone at it, and emergency protection orders. Looked-after children (list 8 onwards) are not recorded here.
docs/decisions/0013-cin-census-and-annex-a.md."""

import dataclasses
import datetime as dt
from collections import defaultdict
from io import BytesIO

from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from macp.accounts.models import AgencyType, LocalAuthority
from macp.casework.models import (
    AbuseCategory,
    Assessment,
    ChildRecord,
    ClosureReason,
    Disability,
    Episode,
    PrimaryNeed,
    ProtectionPlan,
    ReferralSource,
)
from macp.enquiries.models import Conference, ConferenceChild, Enquiry
from macp.people.models import Ethnicity, Involvement, InvolvementRole, Person, Sex
from macp.referrals.models import Referral
from macp.returns.census import la_child_id

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
TEAM = ["Allocated Team", "Allocated Worker"]
LISTS = {
    "List 1": COMMON + ["Date of Contact", "Contact Source"],
    "List 2": COMMON + ["Assessment start date", "Assessment completion date", "Organisation completing assessment"],
    "List 3": COMMON
    + ["Date of referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months"]
    + TEAM,
    "List 4": COMMON
    + [
        "Does the Child have a Disability",
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
    ]
    + TEAM,
    "List 5": COMMON
    + [
        "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
    ]
    + TEAM,
    "List 6": COMMON
    + [
        "Does the Child have a Disability",
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
    ]
    + TEAM,
    "List 7": COMMON
    + [
        "Does the Child have a Disability",
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        "Number of Previous Child Protection Plans",
    ]
    + TEAM,
}
TITLES = {
    "List 1": "Contacts",
    "List 2": "Early help",
    "List 3": "Referrals",
    "List 4": "Assessments",
    "List 5": "Section 47 enquiries and ICPCs",
    "List 6": "Children in need",
    "List 7": "Child protection plans",
}
GENDER = {Sex.MALE: "a) Male", Sex.FEMALE: "b) Female", Sex.OTHER: "d) Neither", Sex.UNKNOWN: "c) Not stated/recorded"}
ETHNICITY = {code: f"{chr(ord('a') + i)}) {code}" for i, code in enumerate(Ethnicity.values)}
SOURCE_LETTERS = "a b c d e f g h i j k l m n o p p1 q r s t u".split()
SOURCE_GROUPS = {"1": "Individual", "2A": "Schools", "2B": "Education services", "3": "Health services", "4": "Housing"}
SOURCE_GROUPS |= {"5": "LA services", "6": "Police", "7": "Other legal agency", "8": "Other", "9": "Anonymous"}
SOURCE_GROUPS |= {"10": "Unknown"}
SOURCE = {
    code: f"{letter}) {code}: {SOURCE_GROUPS.get(code) or SOURCE_GROUPS[code[0]]}"
    for letter, code in zip(SOURCE_LETTERS, ReferralSource.values, strict=True)
}
NEED = {code: f"{code} - {label}" for code, label in PrimaryNeed.choices}
CLOSURE = {code: f"{code} - {label}" for code, label in ClosureReason.choices}
CATEGORY = {
    AbuseCategory.NEGLECT: "a) Neglect",
    AbuseCategory.PHYSICAL: "b) Physical abuse",
    AbuseCategory.SEXUAL: "c) Sexual abuse",
    AbuseCategory.EMOTIONAL: "d) Emotional abuse",
    AbuseCategory.MULTIPLE: "e) Multiple/not recommended",
}
YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"
# The census source of a request for help, from the referring agency's type (no agency: an individual).
SOURCE_BY_AGENCY = {
    AgencyType.SCHOOL: "2A",
    AgencyType.COLLEGE: "2A",
    AgencyType.ALTERNATIVE_PROVISION: "2A",
    AgencyType.NURSERY: "2B",
    AgencyType.GP_PRACTICE: "3A",
    AgencyType.COMMUNITY_HEALTH: "3D",
    AgencyType.MIDWIFERY: "3D",
    AgencyType.ACUTE_TRUST: "3E",
    AgencyType.CAMHS: "3F",
    AgencyType.ADULT_MENTAL_HEALTH: "3F",
    AgencyType.DRUG_ALCOHOL: "3F",
    AgencyType.HOUSING: "4",
    AgencyType.CHILDRENS_SOCIAL_CARE: "5C",
    AgencyType.YOUTH_JUSTICE: "5B",
    AgencyType.EDT: "5B",
    AgencyType.POLICE: "6",
    AgencyType.PROBATION: "7",
    AgencyType.DOMESTIC_ABUSE_SERVICE: "8",
    AgencyType.VOLUNTARY: "8",
}


@dataclasses.dataclass
class AnnexA:
    local_authority: LocalAuthority
    start: dt.date
    end: dt.date
    rows: dict  # list name → [row]
    people: set

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.rows.items()}


def age_on(person: Person, day: dt.date) -> int | None:
    if person.date_of_birth is None:
        return -1 if person.expected_date_of_birth else None  # an unborn child's age is -1
    born = person.date_of_birth
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class _Builder:
    def __init__(self, la: LocalAuthority, start: dt.date, end: dt.date):
        self.la, self.start, self.end = la, start, end
        self.rows = {name: [] for name in LISTS}
        self.people: set = set()
        self._records: dict = {}
        self._allocations: dict | None = None

    def common(self, person: Person) -> list:
        self.people.add(person.pk)
        return [
            la_child_id(person),
            GENDER.get(person.sex, GENDER[Sex.UNKNOWN]),
            ETHNICITY.get(person.ethnicity, ETHNICITY[Ethnicity.NOBT]),
            person.date_of_birth,
            age_on(person, self.end),
        ]

    def disability(self, person: Person) -> str:
        if person.pk not in self._records:
            self._records[person.pk] = ChildRecord.objects.filter(person=person).first()
        record = self._records[person.pk]
        if record is None or not record.disabilities:
            return UNKNOWN
        return NO if record.disabilities == [Disability.NONE] else YES

    def team(self, person: Person) -> list:
        if self._allocations is None:
            self._allocations = {}
            for inv in (
                Involvement.objects.filter(
                    agency__local_authority=self.la,
                    agency__type=AgencyType.CHILDRENS_SOCIAL_CARE,
                    role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
                    start__lte=self.end,
                )
                .filter(Q(end__isnull=True) | Q(end__gte=self.start))
                .select_related("team")
                .order_by("start", "pk")
            ):
                self._allocations[inv.person_id] = inv  # the latest allocation in the period wins
        inv = self._allocations.get(person.pk)
        return [inv.team.name if inv and inv.team else "", inv.worker_name if inv else ""]

    def during(self, field: str, end_field: str) -> Q:
        return Q(**{f"{field}__lte": self.end}) & (
            Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": self.start})
        )

    def build(self) -> AnnexA:
        self.contacts()
        self.early_help()
        self.referrals()
        self.assessments()
        self.section47()
        self.children_in_need()
        self.protection_plans()
        return AnnexA(self.la, self.start, self.end, self.rows, self.people)

    def contacts(self):
        received = (
            Referral.objects.filter(receiving_agency__local_authority=self.la, submitted_at__isnull=False)
            .exclude(status=Referral.Status.DRAFT)
            .select_related("referrer_agency")
            .prefetch_related("children__person")
            .order_by("submitted_at", "pk")
        )
        for referral in received:
            on = timezone.localdate(referral.submitted_at)
            if not self.start <= on <= self.end:
                continue
            agency = referral.referrer_agency
            source = SOURCE_BY_AGENCY.get(agency.type, "8") if agency else ReferralSource.INDIVIDUAL_OTHER
            for entry in referral.children.all():
                if entry.person is not None:
                    self.rows["List 1"].append(self.common(entry.person) + [on, SOURCE[source]])

    def early_help(self):
        for inv in (
            Involvement.objects.filter(role=InvolvementRole.EARLY_HELP, person__date_of_birth__gt=self.end - _years(18))
            .filter(
                Q(agency__local_authority=self.la)
                | Q(person__household_memberships__household__local_authority=self.la)
            )
            .filter(self.during("start", "end"))
            .select_related("person", "agency")
            .distinct()
            .order_by("start", "pk")
        ):
            self.rows["List 2"].append(self.common(inv.person) + [inv.start, inv.end, inv.agency.name])

    def referrals(self):
        episodes = Episode.objects.filter(local_authority=self.la).select_related("child")
        by_child = defaultdict(list)
        for episode in episodes:
            by_child[episode.child_id].append(episode.referral_date)
        for episode in episodes.filter(referral_date__gte=self.start, referral_date__lte=self.end).order_by(
            "referral_date", "pk"
        ):
            year_before = episode.referral_date - dt.timedelta(days=365)
            previous = sum(1 for d in by_child[episode.child_id] if year_before <= d < episode.referral_date)
            self.rows["List 3"].append(
                self.common(episode.child)
                + [
                    episode.referral_date,
                    SOURCE[episode.referral_source],
                    YES if episode.referral_nfa else NO,
                    previous,
                ]
                + self.team(episode.child)
            )

    def assessments(self):
        for assessment in (
            Assessment.objects.filter(local_authority=self.la)
            .filter(self.during("started_on", "authorised_on"))
            .select_related("child", "episode")
            .order_by("started_on", "pk")
        ):
            episode = assessment.episode
            support = ""
            if assessment.authorised_on and episode is not None:
                if episode.cin_plans.exists() or episode.protection_plans.exists():
                    support = YES
                elif episode.closure_reason in (ClosureReason.NOT_IN_NEED, ClosureReason.REFERRAL_NFA):
                    support = NO
            self.rows["List 4"].append(
                self.common(assessment.child)
                + [self.disability(assessment.child), assessment.started_on, UNKNOWN, assessment.authorised_on, support]
                + self.team(assessment.child)
            )

    def section47(self):
        enquiries = list(
            Enquiry.objects.filter(social_care__local_authority=self.la).select_related("child").order_by("opened_at")
        )
        initial = defaultdict(list)
        for cc in ConferenceChild.objects.filter(
            conference__kind=Conference.Kind.INITIAL, conference__social_care__local_authority=self.la
        ).select_related("conference"):
            initial[cc.child_id].append((timezone.localdate(cc.conference.scheduled_for), cc))
        for enquiry in enquiries:
            if not self.start <= enquiry.strategy_held_on <= self.end:
                continue
            conference = next((cc for _, cc in initial[enquiry.child_id] if cc.enquiry_id == enquiry.pk), None)
            held = timezone.localdate(conference.conference.scheduled_for) if conference else None
            if conference is not None:
                unnecessary = NO
            elif enquiry.status == Enquiry.Status.CONCLUDED:
                unnecessary = NO if enquiry.outcome == Enquiry.Outcome.ICPC else YES
            else:
                unnecessary = ""
            plan = "" if conference is None or conference.plan is None else (YES if conference.plan else NO)
            year_before = enquiry.strategy_held_on - dt.timedelta(days=365)
            s47s = sum(
                1
                for e in enquiries
                if e.child_id == enquiry.child_id and year_before <= e.strategy_held_on < enquiry.strategy_held_on
            )
            icpcs = sum(1 for d, _ in initial[enquiry.child_id] if year_before <= d < enquiry.strategy_held_on)
            self.rows["List 5"].append(
                self.common(enquiry.child)
                + [self.disability(enquiry.child), enquiry.strategy_held_on, unnecessary, held, plan, s47s, icpcs]
                + self.team(enquiry.child)
            )

    def children_in_need(self):
        looked_after = set(
            Involvement.objects.filter(role=InvolvementRole.LOOKED_AFTER, agency__local_authority=self.la)
            .filter(self.during("start", "end"))
            .values_list("person_id", flat=True)
        )
        for episode in (
            Episode.objects.filter(local_authority=self.la, referral_nfa=False)
            .filter(self.during("referral_date", "closure_date"))
            .select_related("child")
            .prefetch_related("cin_plans", "protection_plans", "assessments")
            .order_by("referral_date", "pk")
        ):
            closed = episode.closure_date if episode.closure_date and episode.closure_date <= self.end else None
            status = _case_status(episode, closed, self.end, episode.child_id in looked_after)
            self.rows["List 6"].append(
                self.common(episode.child)
                + [
                    self.disability(episode.child),
                    episode.referral_date,
                    NEED[episode.primary_need],
                    None,
                    closed,
                    CLOSURE[episode.closure_reason] if closed else "",
                    status,
                ]
                + self.team(episode.child)
            )

    def protection_plans(self):
        plans = (
            ProtectionPlan.objects.filter(local_authority=self.la).select_related("child").prefetch_related("reviews")
        )
        started = defaultdict(list)
        for plan in ProtectionPlan.objects.order_by("started_on", "pk"):
            started[plan.child_id].append(plan.pk)
        for plan in plans.filter(self.during("started_on", "ended_on")).order_by("started_on", "pk"):
            reviews = [r.held_on for r in plan.reviews.all() if r.held_on <= self.end]
            ended = plan.ended_on if plan.ended_on and plan.ended_on <= self.end else None
            self.rows["List 7"].append(
                self.common(plan.child)
                + [
                    self.disability(plan.child),
                    plan.started_on,
                    CATEGORY[plan.initial_category],
                    CATEGORY[plan.latest_category],
                    None,
                    "",
                    max(reviews) if reviews else None,
                    ended,
                    "",
                    started[plan.child_id].index(plan.pk),
                ]
                + self.team(plan.child)
            )


def _years(n: int) -> dt.timedelta:
    return dt.timedelta(days=round(365.25 * n))


def _case_status(episode: Episode, closed: dt.date | None, end: dt.date, looked_after: bool) -> str:
    if closed:
        return "e) Closed episode"
    if looked_after:
        return "a) Looked after child"

    def open_on(plan):
        return plan.started_on <= end and (plan.ended_on is None or plan.ended_on > end)

    if any(open_on(p) for p in episode.protection_plans.all()):
        return "b) Child Protection plan"
    if any(open_on(p) for p in episode.cin_plans.all()):
        return "c) Child in need plan"
    return "d) Open assessment"


def collect(local_authority: LocalAuthority, start: dt.date, end: dt.date) -> AnnexA:
    return _Builder(local_authority, start, end).build()


def workbook(annex: AnnexA) -> bytes:
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for name, headings in LISTS.items():
        sheet = book.create_sheet(name)
        sheet.append(headings)
        for cell in sheet[1]:
            cell.font = bold
        for row in annex.rows[name]:
            sheet.append(row)
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
        for letter_cells in sheet.columns:
            sheet.column_dimensions[letter_cells[0].column_letter].width = min(
                45, max(12, len(str(letter_cells[0].value)) + 2)
            )
        sheet.freeze_panes = "A2"
    about = book.create_sheet("About", 0)
    about.append([f"Ofsted Annex A lists for {annex.local_authority.name}"])
    about.append(["Period", annex.start, annex.end])
    about.append(["Made", timezone.localtime().replace(tzinfo=None, microsecond=0)])
    for name, title in TITLES.items():
        about.append([name, title, len(annex.rows[name])])
    about["A1"].font = bold
    out = BytesIO()
    book.save(out)
    return out.getvalue()
