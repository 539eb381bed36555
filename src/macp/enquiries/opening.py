"""Opening the section 47 enquiries a finalised strategy discussion decided: one for each child with
`section_47: true`, each child separately (CONTRACTS.md §8). Idempotent: finalising again, or a second signal,
opens nothing twice."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from macp.access import services as access
from macp.access.models import GrantKind
from macp.accounts.models import AgencyType
from macp.enquiries import clocks
from macp.enquiries.models import Enquiry, Task
from macp.referrals.models import Referral
from macp.strategy.models import ChildDecision, Invitation, StrategyDiscussion

# Agreed locally, not statutory: see the child within one working day of the discussion; statements within five.
SEE_CHILD_WORKING_DAYS = 1
STATEMENT_WORKING_DAYS = 5


def _core(discussion, agency_type: str):
    invitation = (
        discussion.invitations.filter(role="core", agency__type=agency_type)
        .exclude(status=Invitation.Status.REMOVED)
        .select_related("agency")
        .first()
    )
    return invitation.agency if invitation else None


def held_on(discussion) -> dt.date:
    return timezone.localdate(discussion.scheduled_for or discussion.finalised_at or timezone.now())


def referral_received_on(discussion) -> dt.date:
    """The assessment clock runs from the referral: the request for help the discussion came from, else the
    request for the discussion itself (a referral made straight to it)."""
    referral = (
        Referral.objects.filter(reference=discussion.referral_reference).exclude(submitted_at=None).first()
        if discussion.referral_reference
        else None
    )
    return timezone.localdate(referral.submitted_at if referral else discussion.requested_at)


@transaction.atomic
def open_enquiries(discussion: StrategyDiscussion) -> list[Enquiry]:
    """Open an enquiry for each child the finalised discussion decided a section 47 enquiry for."""
    if discussion.status != StrategyDiscussion.Status.FINALISED:
        return []
    decisions = list(ChildDecision.objects.filter(discussion=discussion, section_47=True).select_related("lead_agency"))
    existing = set(Enquiry.objects.filter(strategy_discussion=discussion).values_list("child_id", flat=True))
    todo = [d for d in decisions if d.child_id not in existing]
    if not todo:
        return []
    social_care = (
        discussion.requesting_agency
        if discussion.requesting_agency.type == AgencyType.CHILDRENS_SOCIAL_CARE
        else _core(discussion, AgencyType.CHILDRENS_SOCIAL_CARE)
    )
    police = _core(discussion, AgencyType.POLICE)
    health = _core(discussion, AgencyType.COMMUNITY_HEALTH)
    if social_care is None:
        return []
    held, received = held_on(discussion), referral_received_on(discussion)
    requester = discussion.requested_by
    team = requester.team if requester.agency_id == social_care.pk else None
    attended = list(
        {a.agency_id: a.agency for a in discussion.attendance.filter(attended=True).select_related("agency")}.values()
    )
    now = timezone.now()
    opened = []
    for decision in todo:
        joint = decision.enquiry == ChildDecision.Enquiry.JOINT or (
            decision.lead_agency is not None and decision.lead_agency.type == AgencyType.POLICE
        )
        enquiry = Enquiry.objects.create(
            child_id=decision.child_id,
            strategy_discussion=discussion,
            decision=decision,
            lead_agency=decision.lead_agency or social_care,
            joint=joint and police is not None,
            social_care=social_care,
            police=police if joint else None,
            team=team,
            opened_at=now,
            strategy_held_on=held,
            referral_received_on=received,
            icpc_due=clocks.icpc_due(held),
            assessment_due=clocks.assessment_due(received),
            contingency=decision.if_medical_inconclusive,
            safety_plan=decision.safety_plan,
        )
        _plan_tasks(enquiry, decision, health, attended)
        # The agencies doing the enquiry need the child's record for its life (need-to-know through the work).
        for agency in {social_care, enquiry.police} - {None}:
            access.grant_access(
                [decision.child_id],
                kind=GrantKind.S47_ENQUIRY,
                source=enquiry,
                agency=agency,
                starts_at=now,
                reason=f"Section 47 enquiry S47-{enquiry.pk}",
            )
        opened.append(enquiry)
    return opened


def _plan_tasks(enquiry: Enquiry, decision: ChildDecision, health, attended) -> None:
    """The plan's starting tasks, from what the strategy discussion decided for this child."""
    held = enquiry.strategy_held_on
    see_by = clocks.add_working_days(held, SEE_CHILD_WORKING_DAYS)
    investigator = enquiry.police or enquiry.social_care
    rows = [
        Task(kind=Task.Kind.SEE_CHILD, agency=enquiry.social_care, due=see_by),
        Task(kind=Task.Kind.SEE_CHILD_ALONE, agency=enquiry.social_care, due=see_by),
    ]
    if enquiry.joint:
        rows.append(Task(kind=Task.Kind.JOINT_VISIT, agency=enquiry.police, due=see_by))
    if decision.abe_interview:
        rows.append(Task(kind=Task.Kind.ABE_INTERVIEW, agency=investigator))
    if decision.cp_medical:
        rows.append(Task(kind=Task.Kind.CP_MEDICAL, agency=health))
    statements_by = clocks.add_working_days(held, STATEMENT_WORKING_DAYS)
    rows += [
        Task(kind=Task.Kind.STATEMENT, agency=agency, due=statements_by, detail=f"Statement from {agency.name}")
        for agency in attended
        if agency.pk != enquiry.social_care_id
    ]
    for row in rows:
        row.enquiry = enquiry
    Task.objects.bulk_create(rows)
