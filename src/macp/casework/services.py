"""Recording the casework the statutory returns count: an episode of need, its assessments, child-in-need and child
protection plans, and the child's census identifiers. Only children's social care staff of the council that holds
the case record it, and only for a child they have a need-to-know basis for (access.decide).

Checks (may_record, problems_*) are separate from the functions that write."""

import datetime as dt

from django.db import transaction
from django.db.models import Q

from macp.access.services import decide, does_casework
from macp.accounts.models import AgencyType, LocalAuthority, Role
from macp.casework.models import (
    ASSESSMENT_FACTORS,
    NO_FACTORS,
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
    ReferralSource,
    UpnUnknown,
)
from macp.core.problems import InvalidInput, Problem
from macp.people.models import Person

RECORDING_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR_PRACTITIONER, Role.FRONT_DOOR_MANAGER)
# The conference's category (enquiries.ConferenceChild.Category) as the census codes it.
CATEGORY_FROM_CONFERENCE = {
    "neglect": AbuseCategory.NEGLECT,
    "physical": AbuseCategory.PHYSICAL,
    "sexual": AbuseCategory.SEXUAL,
    "emotional": AbuseCategory.EMOTIONAL,
    "multiple": AbuseCategory.MULTIPLE,
}
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


class NotAllowed(PermissionError):
    pass


# ---- checks ------------------------------------------------------------------------------------------------------


def may_record(user, local_authority: LocalAuthority, child: Person | None = None) -> bool:
    """Children's social care staff of this council, with a basis for the child when one is named."""
    if user is None or not does_casework(user) or not user.has_role(*RECORDING_ROLES) or not user.agency_id:
        return False
    agency = user.agency
    if agency.type != AgencyType.CHILDRENS_SOCIAL_CARE or agency.local_authority_id != local_authority.pk:
        return False
    return child is None or decide(user, child).allowed


def _require(user, local_authority: LocalAuthority, child: Person) -> None:
    if not may_record(user, local_authority, child):
        raise NotAllowed(f"{user} may not record casework for this child in {local_authority}")


def upn_check_letter(digits: str) -> str:
    """The check letter of a UPN from its last twelve characters (DfE UPN guide; census rule 1510)."""
    total = sum(int(ch) * weight for ch, weight in zip(digits, range(2, 14)))
    return UPN_CHECK_LETTERS[total % 23]


def make_upn(la_code: str, serial: str) -> str:
    """A permanent UPN issued in this council: check letter, the LA code, then nine digits (the school's DfE number,
    the year and a serial; a permanent UPN has a digit, not a letter, at character 13)."""
    tail = f"{la_code}{serial}"
    if len(tail) != 12 or not tail.isdigit():
        raise ValueError("a UPN's characters 2-13 are twelve digits")
    return upn_check_letter(tail) + tail


def upn_problems(upn: str) -> list[str]:
    if not upn:
        return []
    if len(upn) != 13:
        return ["A UPN has 13 characters"]
    if not upn[1:12].isdigit():
        return ["Characters 2 to 12 of a UPN are digits"]
    if not (upn[12].isdigit() or upn[12] in UPN_CHECK_LETTERS):
        return ["Character 13 of a UPN is a digit or a check letter"]
    if upn[12].isdigit() and upn[0] != upn_check_letter(upn[1:]):
        return ["The UPN's check letter is wrong"]
    return []


def problems_with_factors(factors: list[str]) -> list[Problem]:
    problems = [
        Problem(["factors"], f"Not a census factor code: {code}") for code in factors if code not in ASSESSMENT_FACTORS
    ]
    if len(set(factors)) != len(factors):
        problems.append(Problem(["factors"], "Each factor once"))
    if NO_FACTORS in factors and len(factors) > 1:
        problems.append(Problem(["factors"], "“No factors identified” cannot go with other factors"))
    return problems


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput("The casework record is not valid", problems)


def dfe_code(local_authority: LocalAuthority) -> str | None:
    found = LocalAuthorityCode.objects.filter(local_authority=local_authority).values_list("code", flat=True).first()
    return found


def council_by_code(code: str) -> LocalAuthority | None:
    """A council by its own short code or its three-digit DfE code."""
    return LocalAuthority.objects.filter(Q(code=code) | Q(dfe_code__code=code)).first()


# ---- what writes -------------------------------------------------------------------------------------------------


def set_child_record(
    user, child: Person, local_authority: LocalAuthority, *, upn="", former_upn="", upn_unknown="", disabilities=()
) -> ChildRecord:
    _require(user, local_authority, child)
    disabilities = list(disabilities) or [Disability.NONE]
    problems = [Problem(["upn"], msg) for msg in upn_problems(upn)]
    problems += [Problem(["former_upn"], msg) for msg in upn_problems(former_upn)]
    if upn_unknown and upn_unknown not in UpnUnknown.values:
        problems.append(Problem(["upn_unknown"], "Not a census reason for a missing UPN"))
    if upn and upn_unknown:
        problems.append(Problem(["upn_unknown"], "A reason for a missing UPN only when there is no UPN"))
    if any(code not in Disability.values for code in disabilities):
        problems.append(Problem(["disabilities"], "Not a census disability code"))
    if Disability.NONE in disabilities and len(disabilities) > 1:
        problems.append(Problem(["disabilities"], "“No disability” cannot go with a disability"))
    if len(set(disabilities)) != len(disabilities):
        problems.append(Problem(["disabilities"], "Each disability once"))
    _raise(problems)
    record, _ = ChildRecord.objects.update_or_create(
        person=child,
        defaults={"upn": upn, "former_upn": former_upn, "upn_unknown": upn_unknown, "disabilities": disabilities},
    )
    return record


def open_episode(
    user,
    child: Person,
    local_authority: LocalAuthority,
    *,
    referral_date: dt.date,
    referral_source: str,
    primary_need: str,
    referral=None,
    referral_nfa: bool = False,
) -> Episode:
    _require(user, local_authority, child)
    problems = []
    if referral_source not in ReferralSource.values:
        problems.append(Problem(["referral_source"], "Not a census referral source"))
    if primary_need not in PrimaryNeed.values:
        problems.append(Problem(["primary_need"], "Not a census primary need code"))
    open_already = Episode.objects.filter(child=child, local_authority=local_authority, closure_date__isnull=True)
    if not referral_nfa and open_already.filter(referral_nfa=False).exists():
        problems.append(Problem(["referral_date"], "The child already has an open episode of need here"))
    if Episode.objects.filter(child=child, closure_date__gte=referral_date, referral_date__lte=referral_date).exists():
        problems.append(Problem(["referral_date"], "Episodes of need cannot overlap"))
    _raise(problems)
    return Episode.objects.create(
        child=child,
        local_authority=local_authority,
        referral=referral,
        referral_date=referral_date,
        referral_source=referral_source,
        primary_need=primary_need,
        referral_nfa=referral_nfa,
        recorded_by=user,
    )


def close_episode(user, episode: Episode, *, closed_on: dt.date, reason: str) -> Episode:
    _require(user, episode.local_authority, episode.child)
    problems = []
    if reason not in ClosureReason.values:
        problems.append(Problem(["reason"], "Not a census reason for closure"))
    if closed_on < episode.referral_date:
        problems.append(Problem(["closed_on"], "An episode closes on or after its referral date"))
    if episode.assessments.filter(authorised_on__isnull=True).exists():
        problems.append(Problem(["closed_on"], "Authorise or record the end of every assessment first"))
    if (
        episode.cin_plans.filter(ended_on__isnull=True).exists()
        or episode.protection_plans.filter(ended_on__isnull=True).exists()
    ):
        problems.append(Problem(["closed_on"], "End every plan first"))
    _raise(problems)
    episode.closure_date, episode.closure_reason = closed_on, reason
    episode.save(update_fields=["closure_date", "closure_reason"])
    return episode


def _in_episode(episode: Episode, day: dt.date, field: str) -> list[Problem]:
    if day < episode.referral_date:
        return [Problem([field], "Not before the episode's referral date")]
    if episode.closure_date and day > episode.closure_date:
        return [Problem([field], "Not after the episode closed")]
    return []


def start_assessment(user, episode: Episode, *, started_on: dt.date) -> Assessment:
    _require(user, episode.local_authority, episode.child)
    problems = _in_episode(episode, started_on, "started_on")
    if episode.referral_nfa:
        problems.append(Problem(["started_on"], "A referral with no further action has no assessment"))
    if episode.assessments.filter(authorised_on__isnull=True).exists():
        problems.append(Problem(["started_on"], "An assessment is already open in this episode"))
    _raise(problems)
    return Assessment.objects.create(
        child=episode.child,
        local_authority=episode.local_authority,
        referral=episode.referral,
        episode=episode,
        started_on=started_on,
        recorded_by=user,
    )


def authorise_assessment(user, assessment: Assessment, *, authorised_on: dt.date, factors: list[str]) -> Assessment:
    _require(user, assessment.local_authority, assessment.child)
    problems = problems_with_factors(factors)
    if authorised_on < assessment.started_on:
        problems.append(Problem(["authorised_on"], "Not before the assessment started"))
    if not factors:
        problems.append(Problem(["factors"], "Say which factors were identified, or “No factors identified”"))
    _raise(problems)
    assessment.authorised_on, assessment.factors = authorised_on, list(factors)
    assessment.save(update_fields=["authorised_on", "factors"])
    return assessment


def _overlaps(plans, start: dt.date) -> bool:
    return plans.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start), started_on__lte=start).exists()


def start_cin_plan(user, episode: Episode, *, started_on: dt.date) -> CinPlan:
    _require(user, episode.local_authority, episode.child)
    problems = _in_episode(episode, started_on, "started_on")
    if episode.referral_nfa:
        problems.append(Problem(["started_on"], "A referral with no further action has no plan"))
    child_plans = CinPlan.objects.filter(child=episode.child)
    if _overlaps(child_plans, started_on) or _overlaps(ProtectionPlan.objects.filter(child=episode.child), started_on):
        problems.append(Problem(["started_on"], "A child-in-need plan cannot overlap another plan"))
    _raise(problems)
    return CinPlan.objects.create(
        child=episode.child, local_authority=episode.local_authority, episode=episode, started_on=started_on
    )


def end_plan(user, plan: CinPlan | ProtectionPlan, *, ended_on: dt.date) -> CinPlan | ProtectionPlan:
    _require(user, plan.local_authority, plan.child)
    problems = []
    if ended_on < plan.started_on or (isinstance(plan, ProtectionPlan) and ended_on == plan.started_on):
        problems.append(Problem(["ended_on"], "A plan ends after it starts"))
    _raise(problems)
    plan.ended_on = ended_on
    plan.save(update_fields=["ended_on"])
    return plan


def start_protection_plan(user, episode: Episode, conference_child, *, category: str | None = None) -> ProtectionPlan:
    """The plan an initial child protection conference decided (enquiries.ConferenceChild with plan=True): it
    starts on the conference's date, with the conference's category."""
    _require(user, episode.local_authority, episode.child)
    started_on = conference_child.conference.scheduled_for.date()
    category = category or CATEGORY_FROM_CONFERENCE.get(conference_child.category, "")
    problems = _in_episode(episode, started_on, "started_on")
    if conference_child.child_id != episode.child_id or not conference_child.plan:
        problems.append(Problem(["conference"], "The conference did not decide a plan for this child"))
    if category not in AbuseCategory.values:
        problems.append(Problem(["category"], "Not a census category of abuse"))
    if _overlaps(ProtectionPlan.objects.filter(child=episode.child), started_on):
        problems.append(Problem(["started_on"], "The child already has a child protection plan then"))
    _raise(problems)
    with transaction.atomic():
        # A child-in-need plan ends when a child protection plan starts (census rules 4001, 4016).
        CinPlan.objects.filter(child=episode.child, ended_on__isnull=True, started_on__lt=started_on).update(
            ended_on=started_on
        )
        return ProtectionPlan.objects.create(
            child=episode.child,
            local_authority=episode.local_authority,
            episode=episode,
            decided_at=conference_child,
            started_on=started_on,
            initial_category=category,
            latest_category=category,
        )


def record_plan_review(user, plan: ProtectionPlan, *, held_on: dt.date, category: str | None = None):
    _require(user, plan.local_authority, plan.child)
    problems = []
    if held_on <= plan.started_on:
        problems.append(Problem(["held_on"], "A review is after the plan started"))
    if category and category not in AbuseCategory.values:
        problems.append(Problem(["category"], "Not a census category of abuse"))
    _raise(problems)
    review = ProtectionPlanReview.objects.create(plan=plan, held_on=held_on)
    if category:
        plan.latest_category = category
        plan.save(update_fields=["latest_category"])
    return review
