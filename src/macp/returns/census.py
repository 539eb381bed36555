"""The Department for Education's children-in-need census (CONTRACTS.md §14; issue 13 item 7): one council's return
for the collection year ending 31 March YYYY, as the census's XML (Message / Header / Children / Child /
ChildIdentifiers / ChildCharacteristics / CINdetails ...), from the records.

The return is written as at its reference date: anything dated after 31 March YYYY has not happened yet (an
episode closed later is open in it; an assessment authorised later is still in progress), and what finished
before 1 April YYYY-1 is not in it. What is in it follows the census guide and the DfE validation rules as the
sector's open validator applies them (data-to-insight csc-validator-be-cin, rule set cin2026_27):
- a child is in the return when one of their episodes of need was open on any day of the year;
- an assessment when it was authorised in the year, or is in progress and started in the year (rules 8696, 8736);
- a section 47 enquiry (enquiries.Enquiry) when its initial conference was held in the year, or it ended with no
  conference needed in the year, or it is in progress and started in the year (rules 8715, 8740);
- an initial conference whose enquiry is not in the return is reported on the episode (rules 2884, 2885);
- a plan when it was open on any day of the year (rules 4013, 8930); its reviews up to the reference date.
docs/decisions/0013-cin-census-and-annex-a.md."""

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from macp.accounts.models import LocalAuthority
from macp.casework.models import Assessment, ChildRecord, CinPlan, Disability, Episode, ProtectionPlan, UpnUnknown
from macp.casework.services import dfe_code
from macp.enquiries.models import Conference, ConferenceChild, Enquiry
from macp.people.models import Person, Sex

SOFTWARE_CODE = "macp"
RELEASE = "1"
SEX_CODES = {Sex.MALE: "M", Sex.FEMALE: "F"}  # other and not known are both "U" in the census
LA_CHILD_ID_LENGTH = 20  # rule 1570


class UnknownCouncil(LookupError):
    pass


@dataclasses.dataclass(frozen=True)
class CensusYear:
    """The collection year ending 31 March `year` (the census's Year and ReferenceDate)."""

    year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year - 1, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 3, 31)

    def within(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def known(self, day: dt.date | None) -> dt.date | None:
        """A date as the return sees it: None when it falls after the reference date."""
        return day if day is not None and day <= self.end else None

    @classmethod
    def containing(cls, day: dt.date) -> "CensusYear":
        return cls(day.year + 1 if day.month >= 4 else day.year)


def la_child_id(person: Person) -> str:
    """A stable child identifier of at most 20 letters and digits (rules 1570, 1580), from the opaque person id."""
    return person.pk.hex[:LA_CHILD_ID_LENGTH].upper()


def _date(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return value.isoformat()


def _add(parent: ET.Element, tag: str, value=None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value is not None:
        element.text = value if isinstance(value, str) else _date(value)
    return element


@dataclasses.dataclass
class EpisodeRows:
    episode: Episode
    closure: dt.date | None
    assessments: list = dataclasses.field(default_factory=list)
    cin_plans: list = dataclasses.field(default_factory=list)
    section47: list = dataclasses.field(default_factory=list)  # (enquiry, icpc date or None, not required)
    icpc_on_episode: dt.date | None = None
    protection_plans: list = dataclasses.field(default_factory=list)

    def holds(self, day: dt.date, year: CensusYear) -> bool:
        last = self.closure or year.end
        return self.episode.referral_date <= day <= last


@dataclasses.dataclass
class Census:
    local_authority: LocalAuthority
    lea: str
    year: CensusYear
    children: dict  # Person → [EpisodeRows]
    records: dict  # person id → ChildRecord
    previous_plans: dict  # plan id → number of the child's plans that started before it

    @property
    def child_ids(self) -> list[str]:
        return [str(p.pk) for p in self.children]

    def counts(self) -> dict[str, int]:
        rows = [r for episodes in self.children.values() for r in episodes]
        return {
            "children": len(self.children),
            "episodes": len(rows),
            "assessments": sum(len(r.assessments) for r in rows),
            "cin_plans": sum(len(r.cin_plans) for r in rows),
            "section47": sum(len(r.section47) for r in rows),
            "protection_plans": sum(len(r.protection_plans) for r in rows),
        }


def council_for_census(code: str) -> tuple[LocalAuthority, str]:
    """The council by its short code or DfE code, with its DfE code; refuses a council without one."""
    from macp.casework.services import council_by_code

    council = council_by_code(code)
    if council is None:
        known = ", ".join(sorted(LocalAuthority.objects.values_list("code", flat=True))) or "none"
        raise UnknownCouncil(f"No council with the code {code!r} (councils: {known}).")
    lea = dfe_code(council)
    if not lea:
        raise UnknownCouncil(f"{council.name} has no Department for Education LA code: the census cannot be made.")
    return council, lea


def collect(local_authority: LocalAuthority, lea: str, year: CensusYear) -> Census:
    end, start = year.end, year.start
    episodes = list(
        Episode.objects.filter(local_authority=local_authority, referral_date__lte=end, child__merged_into__isnull=True)
        .filter(Q(closure_date__isnull=True) | Q(closure_date__gte=start))
        .select_related("child")
        .order_by("child_id", "referral_date", "pk")
    )
    rows_by_child: dict[Person, list[EpisodeRows]] = defaultdict(list)
    by_id = {}
    for episode in episodes:
        row = EpisodeRows(episode, year.known(episode.closure_date))
        rows_by_child[episode.child].append(row)
        by_id[episode.pk] = row
    child_ids = [p.pk for p in rows_by_child]

    for assessment in Assessment.objects.filter(episode_id__in=by_id, started_on__lte=end).order_by("started_on", "pk"):
        authorised = year.known(assessment.authorised_on)
        if year.within(authorised) or (authorised is None and assessment.started_on >= start):
            by_id[assessment.episode_id].assessments.append((assessment, authorised))

    for plan in CinPlan.objects.filter(episode_id__in=by_id, started_on__lte=end).order_by("started_on", "pk"):
        ended = year.known(plan.ended_on)
        if ended is None or ended >= start:
            by_id[plan.episode_id].cin_plans.append((plan, ended))

    all_plans = ProtectionPlan.objects.filter(child_id__in=child_ids).order_by("started_on", "pk")
    previous, seen = {}, defaultdict(int)
    for plan in all_plans:
        previous[plan.pk] = seen[plan.child_id]
        seen[plan.child_id] += 1
    for plan in (
        all_plans.filter(episode_id__in=by_id, started_on__lte=end)
        .prefetch_related("reviews")
        .order_by("started_on", "pk")
    ):
        ended = year.known(plan.ended_on)
        if ended is None or ended >= start:
            reviews = [r.held_on for r in plan.reviews.all() if r.held_on <= end]
            by_id[plan.episode_id].protection_plans.append((plan, ended, reviews))

    # Initial conferences held by the council for these children, as at the reference date.
    initial = defaultdict(list)  # child id → [(date, enquiry id)]
    for cc in ConferenceChild.objects.filter(
        child_id__in=child_ids,
        conference__kind=Conference.Kind.INITIAL,
        conference__social_care__local_authority=local_authority,
        decided_at__isnull=False,
    ).select_related("conference"):
        held = timezone.localdate(cc.conference.scheduled_for)
        if held <= end:
            initial[cc.child_id].append((held, cc.enquiry_id))

    reported_enquiries = set()
    for enquiry in Enquiry.objects.filter(
        child_id__in=child_ids, social_care__local_authority=local_authority
    ).order_by("opened_at", "pk"):
        began = timezone.localdate(enquiry.opened_at)
        if began > end:
            continue
        icpc = min((d for d, e in initial[enquiry.child_id] if e == enquiry.pk), default=None)
        concluded = year.known(timezone.localdate(enquiry.outcome_at) if enquiry.outcome_at else None)
        not_required = icpc is None and concluded is not None and enquiry.outcome != Enquiry.Outcome.ICPC
        if icpc is not None:
            include = year.within(icpc)
        elif not_required:
            include = year.within(concluded)
        else:
            include = began >= start
        if not include:
            continue
        row = next((r for r in rows_by_child[enquiry.child] if r.holds(began, year)), None)
        if row is not None:
            row.section47.append((enquiry, icpc, not_required))
            reported_enquiries.add(enquiry.pk)

    for person, rows in rows_by_child.items():
        for held, enquiry_id in sorted(initial[person.pk], key=lambda pair: pair[0]):
            if enquiry_id in reported_enquiries or not year.within(held):
                continue
            row = next((r for r in rows if r.holds(held, year)), None)
            if row is not None and row.icpc_on_episode is None:
                row.icpc_on_episode = held

    records = {r.person_id: r for r in ChildRecord.objects.filter(person_id__in=child_ids)}
    ordered = dict(sorted(rows_by_child.items(), key=lambda item: la_child_id(item[0])))
    return Census(local_authority, lea, year, ordered, records, previous)


def to_xml(census: Census, *, made_at: dt.datetime | None = None) -> ET.Element:
    made_at = timezone.localtime(made_at or timezone.now())
    message = ET.Element("Message")
    header = _add(message, "Header")
    details = _add(header, "CollectionDetails")
    _add(details, "Collection", "CIN")
    _add(details, "Year", str(census.year.year))
    _add(details, "ReferenceDate", census.year.end)
    source = _add(header, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", census.lea)
    _add(source, "SoftwareCode", SOFTWARE_CODE)
    _add(source, "Release", RELEASE)
    _add(source, "SerialNo", "001")
    _add(source, "DateTime", made_at.replace(tzinfo=None, microsecond=0).isoformat())
    children = _add(message, "Children")
    for person, rows in census.children.items():
        _child(children, person, rows, census)
    ET.indent(message)
    return message


def _child(parent: ET.Element, person: Person, rows: list[EpisodeRows], census: Census) -> None:
    year = census.year
    record = census.records.get(person.pk)
    all_nfa = all(r.episode.referral_nfa for r in rows)
    child = _add(parent, "Child")
    ids = _add(child, "ChildIdentifiers")
    _add(ids, "LAchildID", la_child_id(person))
    if record and record.upn:
        _add(ids, "UPN", record.upn)
    if record and record.former_upn:
        _add(ids, "FormerUPN", record.former_upn)
    if not (record and record.upn):
        reason = record.upn_unknown if record and record.upn_unknown else ""
        if not reason:
            reason = UpnUnknown.UN7 if all_nfa else (UpnUnknown.UN1 if person.date_of_birth is None else "")
        if reason:
            _add(ids, "UPNunknown", reason)
    if person.date_of_birth:
        _add(ids, "PersonBirthDate", person.date_of_birth)
    elif person.expected_date_of_birth:
        _add(ids, "ExpectedPersonBirthDate", person.expected_date_of_birth)
    _add(ids, "Sex", "U" if person.is_unborn else SEX_CODES.get(person.sex, "U"))
    if year.known(person.date_of_death):
        _add(ids, "PersonDeathDate", person.date_of_death)
    characteristics = _add(child, "ChildCharacteristics")
    _add(characteristics, "Ethnicity", person.ethnicity)
    disabilities = _add(characteristics, "Disabilities")
    for code in record.disabilities if record and record.disabilities else [Disability.NONE]:
        _add(disabilities, "Disability", code)
    for row in rows:
        _episode(child, row, census)


def _episode(parent: ET.Element, row: EpisodeRows, census: Census) -> None:
    episode = row.episode
    element = _add(parent, "CINdetails")
    _add(element, "CINreferralDate", episode.referral_date)
    _add(element, "ReferralSource", episode.referral_source)
    if not episode.referral_nfa or episode.primary_need:
        _add(element, "PrimaryNeedCode", episode.primary_need)
    if row.closure:
        _add(element, "CINclosureDate", row.closure)
        _add(element, "ReasonForClosure", episode.closure_reason)
    if row.icpc_on_episode:
        _add(element, "DateOfInitialCPC", row.icpc_on_episode)
    for assessment, authorised in row.assessments:
        block = _add(element, "Assessments")
        _add(block, "AssessmentActualStartDate", assessment.started_on)
        if authorised:
            _add(block, "AssessmentAuthorisationDate", authorised)
        factors = _add(block, "FactorsIdentifiedAtAssessment")
        for code in assessment.factors if authorised else []:
            _add(factors, "AssessmentFactors", code)
    for plan, ended in row.cin_plans:
        block = _add(element, "CINPlanDates")
        _add(block, "CINPlanStartDate", plan.started_on)
        if ended:
            _add(block, "CINPlanEndDate", ended)
    for enquiry, icpc, not_required in row.section47:
        block = _add(element, "Section47")
        _add(block, "S47ActualStartDate", enquiry.opened_at)
        _add(block, "InitialCPCtarget", enquiry.icpc_due)
        if icpc:
            _add(block, "DateOfInitialCPC", icpc)
        _add(block, "ICPCnotRequired", "true" if not_required else "false")
    _add(element, "ReferralNFA", "true" if episode.referral_nfa else "false")
    for plan, ended, reviews in row.protection_plans:
        block = _add(element, "ChildProtectionPlans")
        _add(block, "CPPstartDate", plan.started_on)
        if ended:
            _add(block, "CPPendDate", ended)
        _add(block, "InitialCategoryOfAbuse", plan.initial_category)
        _add(block, "LatestCategoryOfAbuse", plan.latest_category)
        _add(block, "NumberOfPreviousCPP", str(census.previous_plans.get(plan.pk, 0)))
        for held in reviews:
            _add(_add(block, "Reviews"), "CPPreviewDate", held)


def census_xml(census: Census, *, made_at: dt.datetime | None = None) -> bytes:
    return ET.tostring(to_xml(census, made_at=made_at), encoding="utf-8", xml_declaration=True)
