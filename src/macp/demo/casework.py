"""The casework the statutory returns count, for the demo region (issue 13 item 7): every child a council's
children's social care is allocated to gets an episode of need, and the demo's below-threshold referrals become
referrals with no further action. Within the collection year that holds the demo's `today` (2026/27 for the anchor
date) the episodes carry assessments with factors, child-in-need plans, initial conferences with child protection
plans and their reviews, and closures; children get UPNs with their council's DfE code (valid check letters) and
disabilities. Deterministic: choices come from a random generator seeded by the seed and the child's names and
date of birth (ids are random), and every date from `today`, on working days where the census asks."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from macp.accounts.models import Agency, AgencyType, LocalAuthority, User
from macp.casework.models import (
    AbuseCategory,
    Assessment,
    ChildRecord,
    CinPlan,
    ClosureReason,
    Disability,
    Episode,
    LocalAuthorityCode,
    PrimaryNeed,
    ProtectionPlan,
    ProtectionPlanReview,
    UpnUnknown,
)
from macp.casework.services import make_upn
from macp.core.working_days import add_working_days
from macp.demo.generator import ANCHOR_DATE, DEFAULT_SEED, LONDON
from macp.enquiries.models import Conference, ConferenceChild, Enquiry
from macp.people.models import Event, Involvement, InvolvementRole, Person
from macp.returns.census import CensusYear

SOURCES = ["2A", "3A", "3B", "3E", "6", "6", "1A", "5D", "4", "8"]
NEEDS = ["N1", "N1", "N1", "N4", "N5", "N5", "N2", "N3", "N8"]
FACTOR_SETS = [
    ["3A", "3B"],
    ["1B", "2B"],
    ["4B"],
    ["3B", "4B", "1B"],
    ["2B", "3C"],
    ["6A"],
    ["5B", "7A"],
    ["4A", "2A"],
    ["21"],
]
DISABILITY_SETS = [["AUT", "COMM"], ["LD"], ["BEH"], ["MOB", "HAND"], ["HEAR"], ["VIS"], ["PC", "INC"], ["CON"]]
CATEGORIES = [AbuseCategory.NEGLECT, AbuseCategory.EMOTIONAL, AbuseCategory.PHYSICAL, AbuseCategory.SEXUAL]
CONFERENCE_CATEGORY = {
    AbuseCategory.NEGLECT: "neglect",
    AbuseCategory.EMOTIONAL: "emotional",
    AbuseCategory.PHYSICAL: "physical",
    AbuseCategory.SEXUAL: "sexual",
}
# Real DfE LA codes for the fictional councils (the UPN's characters 2-4 and the census header's LEA).
DFE_CODES = {"svc": "803", "kbc": "801", "adc": "800"}


def ensure_council_codes() -> int:
    made = 0
    for la in LocalAuthority.objects.filter(code__in=DFE_CODES):
        _, created = LocalAuthorityCode.objects.get_or_create(local_authority=la, defaults={"code": DFE_CODES[la.code]})
        made += created
    return made


class _Council:
    def __init__(self, la: LocalAuthority, lea: str, csc: Agency, booker: User, year: CensusYear, today: dt.date):
        self.la, self.lea, self.csc, self.booker, self.year, self.today = la, lea, csc, booker, year, today
        self.upns = 0
        self.counts = dict.fromkeys(("episodes", "assessments", "cin_plans", "protection_plans", "nfa"), 0)

    def upn(self, rng: random.Random) -> str:
        self.upns += 1
        return make_upn(self.lea, f"{rng.randint(2000, 7999):04d}{self.upns:05d}")


def _rng(seed: int, person: Person, salt: str = "") -> random.Random:
    return random.Random(f"{seed}:{person.given_name}:{person.family_name}:{person.date_of_birth}:{salt}")


def _child_record(council: _Council, person: Person, rng: random.Random) -> ChildRecord:
    age = (council.today - person.date_of_birth).days // 365 if person.date_of_birth else 0
    upn = council.upn(rng) if age >= 4 else ""
    disabilities = rng.choice(DISABILITY_SETS) if rng.random() < 0.25 else [Disability.NONE]
    return ChildRecord(
        person=person, upn=upn, upn_unknown="" if upn else UpnUnknown.UN1, disabilities=list(disabilities)
    )


def _casework_for(council: _Council, person: Person, start: dt.date, end: dt.date | None, rng, s47: bool, made):
    """One episode of need from the allocation, and what happened in it."""
    year, today = council.year, council.today
    referral = max(start - dt.timedelta(days=rng.randint(1, 10)), person.date_of_birth)
    episode = Episode(
        child=person,
        local_authority=council.la,
        referral_date=referral,
        referral_source=rng.choice(SOURCES),
        primary_need=PrimaryNeed.ABUSE_OR_NEGLECT if s47 else rng.choice(NEEDS),
    )
    made["episodes"].append(episode)
    if end is not None:  # transferred to another council's services
        episode.closure_date, episode.closure_reason = max(end, referral), ClosureReason.TRANSFERRED
        return
    assessed_from = max(referral, year.start)
    assess_start = add_working_days(assessed_from, rng.randint(0, 3))
    if assess_start >= today - dt.timedelta(days=3):
        return
    assessment = Assessment(
        child=person,
        local_authority=council.la,
        episode=episode,
        started_on=assess_start,
        factors=[],
    )
    made["assessments"].append(assessment)
    authorised = add_working_days(assess_start, rng.randint(8, 45))
    if s47 or authorised >= today:
        return  # still in progress (a child in a section 47 enquiry now keeps their assessment open)
    assessment.authorised_on = authorised
    factors = rng.choice(FACTOR_SETS)
    assessment.factors = list(factors)
    outcome = rng.random()
    if factors == ["21"] or outcome < 0.2:
        closed = add_working_days(authorised, rng.randint(1, 5))
        if closed < today:
            episode.closure_date = closed
            episode.closure_reason = ClosureReason.NOT_IN_NEED if rng.random() < 0.5 else ClosureReason.REFERRAL_NFA
        return
    if outcome < 0.65:
        plan_start = add_working_days(authorised, rng.randint(0, 5))
        if plan_start >= today:
            return
        plan = CinPlan(child=person, local_authority=council.la, episode=episode, started_on=plan_start)
        made["cin_plans"].append(plan)
        ends = add_working_days(plan_start, rng.randint(20, 90))
        if rng.random() < 0.35 and ends < today - dt.timedelta(days=5):
            plan.ended_on = ends
            closed = add_working_days(ends, rng.randint(0, 3))
            if closed < today:
                episode.closure_date, episode.closure_reason = closed, ClosureReason.SERVICES_CEASED
        return
    # An initial child protection conference decides a plan (held on a working day, after the assessment).
    held = add_working_days(authorised, rng.randint(3, 15))
    if held >= today:
        return
    category = rng.choice(CATEGORIES)
    made["conferences"].append((person, held, category))
    plan = ProtectionPlan(
        child=person,
        local_authority=council.la,
        episode=episode,
        started_on=held,
        initial_category=category,
        latest_category=category,
    )
    made["protection_plans"].append(plan)
    review = add_working_days(held, 60)  # the first review within three months
    if review < today:
        made["reviews"].append((plan, review))
        if rng.random() < 0.3:
            plan.ended_on = review
            closed = add_working_days(review, rng.randint(1, 10))
            if closed < today:
                episode.closure_date, episode.closure_reason = closed, ClosureReason.SERVICES_CEASED


def _nfa_episode(council: _Council, person: Person, on: dt.date, rng, made) -> None:
    made["episodes"].append(
        Episode(
            child=person,
            local_authority=council.la,
            referral_date=on,
            referral_source=rng.choice(SOURCES),
            primary_need=PrimaryNeed.NOT_STATED,
            referral_nfa=True,
            closure_date=on,
            closure_reason=ClosureReason.NOT_IN_NEED,
        )
    )


@transaction.atomic
def add_casework(today: dt.date = ANCHOR_DATE, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Idempotent: nothing is added once any episode exists."""
    ensure_council_codes()
    if Episode.objects.exists():
        return {}
    year = CensusYear.containing(today)
    made = {k: [] for k in ("episodes", "assessments", "cin_plans", "protection_plans", "conferences", "reviews")}
    records: list[ChildRecord] = []
    in_enquiry = set(Enquiry.objects.values_list("child_id", flat=True))
    for code in LocalAuthorityCode.objects.select_related("local_authority").order_by("code"):
        la = code.local_authority
        csc = Agency.objects.filter(local_authority=la, type=AgencyType.CHILDRENS_SOCIAL_CARE).order_by("pk").first()
        booker = (
            User.objects.filter(agency=csc).order_by("pk").first()
            or User.objects.filter(username="team-manager").first()
        )
        if csc is None or booker is None:
            continue
        council = _Council(la, code.code, csc, booker, year, today)
        allocations = (
            Involvement.objects.filter(agency=csc, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER, start__isnull=False)
            .filter(person__date_of_birth__isnull=False, person__date_of_death__isnull=True)
            .select_related("person")
            .order_by("person__family_name", "person__given_name", "person__date_of_birth", "start")
        )
        seen = set()
        for involvement in allocations:
            person = involvement.person
            if person.pk in seen or involvement.start > today:
                continue
            seen.add(person.pk)
            rng = _rng(seed, person, la.code)
            records.append(_child_record(council, person, rng))
            _casework_for(council, person, involvement.start, involvement.end, rng, person.pk in in_enquiry, made)
        # Below-threshold referrals in the year, for children with no other episode here: no further action.
        nfa = (
            Event.objects.filter(agency=csc, type="referral_nfa", occurred_at__date__gte=year.start)
            .filter(occurred_at__date__lt=today)
            .prefetch_related("persons")
            .order_by("occurred_at", "pk")
        )
        for event in nfa:
            for person in sorted(event.persons.all(), key=lambda p: (p.family_name, p.given_name)):
                if person.pk in seen or person.date_of_birth is None or person.date_of_death is not None:
                    continue
                seen.add(person.pk)
                rng = _rng(seed, person, "nfa")
                record = _child_record(council, person, rng)
                record.upn, record.upn_unknown = "", UpnUnknown.UN7
                records.append(record)
                _nfa_episode(council, person, timezone.localdate(event.occurred_at), rng, made)
    # One record a child, whichever council first met them (a child can appear in two councils' history).
    existing = set(ChildRecord.objects.values_list("person_id", flat=True))
    unique = []
    for record in records:
        if record.person_id not in existing:
            existing.add(record.person_id)
            unique.append(record)
    ChildRecord.objects.bulk_create(unique)
    Episode.objects.bulk_create(made["episodes"])
    for row in made["assessments"] + made["cin_plans"]:
        row.episode_id = row.episode.pk
    Assessment.objects.bulk_create(made["assessments"])
    CinPlan.objects.bulk_create(made["cin_plans"])
    conference_children = {}
    for person, held, category in made["conferences"]:
        la = next(p.local_authority for p in made["protection_plans"] if p.child_id == person.pk)
        csc = Agency.objects.filter(local_authority=la, type=AgencyType.CHILDRENS_SOCIAL_CARE).order_by("pk").first()
        booker = User.objects.filter(agency=csc).order_by("pk").first() or User.objects.get(username="team-manager")
        at = dt.datetime.combine(held, dt.time(10, 0), tzinfo=LONDON)
        conference = Conference.objects.create(
            kind=Conference.Kind.INITIAL,
            status=Conference.Status.FINALISED,
            scheduled_for=at,
            due=held,
            social_care=csc,
            booked_by=booker,
            booked_at=at - dt.timedelta(days=7),
            finalised_at=at + dt.timedelta(days=1),
            finalised_by=booker,
        )
        conference_children[person.pk] = ConferenceChild.objects.create(
            conference=conference,
            child=person,
            plan=True,
            category=CONFERENCE_CATEGORY[category],
            rationale="Demo: the conference agreed a child protection plan.",
            decided_at=at + dt.timedelta(hours=2),
            review_due=add_working_days(held, 60),
        )
    for plan in made["protection_plans"]:
        plan.episode_id, plan.decided_at = plan.episode.pk, conference_children.get(plan.child_id)
    ProtectionPlan.objects.bulk_create(made["protection_plans"])
    ProtectionPlanReview.objects.bulk_create([ProtectionPlanReview(plan=p, held_on=d) for p, d in made["reviews"]])
    return {
        "episodes": len(made["episodes"]),
        "assessments": len(made["assessments"]),
        "cin_plans": len(made["cin_plans"]),
        "protection_plans": len(made["protection_plans"]),
        "child_records": len(records),
    }
