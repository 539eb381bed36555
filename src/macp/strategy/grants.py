"""Who may open a strategy discussion and its children: the grants a discussion gives, made and ended through
access (decision 0006, need-to-know). The requesting agency asks with a basis for each child; the council's
coordinators and its named chair and minute-taker work on it; the agencies the coordinator has invited (not those
merely proposed) prepare for it. Each grant covers the children and the people living with them, for the
discussion's life."""

import datetime as dt

from macp.access import services as access
from macp.access.models import GrantKind, GrantScope
from macp.accounts.models import Agency, Role
from macp.core.problems import InvalidInput, Problem
from macp.people.models import HouseholdMember, Person
from macp.people.services import current
from macp.strategy.models import Invitation, StrategyDiscussion
from macp.strategy.services import BOOKING_ROLES, ensure_open, require

# Grants from a discussion end this long after the minutes are finalised, not at once: the invited agencies must
# still read the minutes to confirm receipt or challenge their accuracy (chased after 2 working days), answer
# challenges and amended minutes, and hand over their actions; an initial child protection conference follows
# within 15 working days (about three weeks). Four weeks covers all of that; after it each agency keeps only what
# its own involvement gives (decision 0006).
GRANTS_AFTER_FINALISE = dt.timedelta(days=28)
INVITED_STATUSES = (
    Invitation.Status.INVITED,
    Invitation.Status.ACCEPTED,
    Invitation.Status.DECLINED,
    Invitation.Status.DELEGATED,
)


def _sd(discussion) -> str:
    return f"Strategy discussion SD-{discussion.pk}"


def check_basis_for_children(user, children: list[Person]) -> None:
    """Asking for a strategy discussion about a child needs a need-to-know basis for that child (an involvement, a
    grant, or break-glass that the DPO reviews): a manager may not open a child's record by requesting a meeting
    (issue 8). Raises PermissionError naming the children without one."""
    refused = access.without_basis(user, [c for c in children if c is not None])
    if refused:
        raise PermissionError(
            "You have no need-to-know basis for "
            + ", ".join(str(c.pk) for c in refused)
            + ": ask for access or use break-glass on the child's record first."
        )


def council_for(user, children: list[Person]):
    """The council a discussion belongs to: the requesting agency's, else that of a child's current home."""
    if user.agency_id and user.agency.local_authority_id:
        return user.agency.local_authority
    home = (
        HouseholdMember.objects.filter(current(), person__in=children, household__local_authority__isnull=False)
        .select_related("household__local_authority")
        .first()
    )
    return home.household.local_authority if home else None


def grant_staff(discussion, now=None) -> None:
    """The requesting agency (which had a basis for each child) and the council's coordinators keep the children
    and their households in view for the discussion's life; so do the council's chairs and minute-takers in its
    children's social care until the coordinator names the chair and minute-taker."""
    children = list(discussion.children.all())
    family = {"scope": GrantScope.FAMILY, "source": discussion, "starts_at": now}
    access.grant_access(
        children,
        kind=GrantKind.STRATEGY_REQUEST,
        agency=discussion.requesting_agency,
        reason=f"{_sd(discussion)}: requested by this agency",
        granted_by=discussion.requested_by,
        **family,
    )
    la = discussion.local_authority
    if la is None:
        return
    access.grant_access(
        children,
        kind=GrantKind.STRATEGY_STAFF,
        local_authority=la,
        role=Role.STRATEGY_COORDINATOR,
        reason=f"{_sd(discussion)}: the council's strategy coordinators",
        **family,
    )
    for agency in access.council_staff_agencies(la):
        for role, named in ((Role.CHAIR, discussion.chair_id), (Role.MINUTE_TAKER, discussion.minute_taker_id)):
            if not named:
                access.grant_access(
                    children,
                    kind=GrantKind.STRATEGY_STAFF,
                    agency=agency,
                    role=role,
                    reason=f"{_sd(discussion)}: {role.label.lower()}s until one is named",
                    **family,
                )


def check_name_staff(discussion, user, chair, minute_taker) -> list[Problem]:
    problems = []
    if chair is not None and not chair.has_role(Role.CHAIR):
        problems.append(Problem(["chair"], "Choose someone with the chair role"))
    if minute_taker is not None and not minute_taker.has_role(Role.MINUTE_TAKER):
        problems.append(Problem(["minute_taker"], "Choose someone with the minute-taker role"))
    if chair is not None and minute_taker is not None and chair.pk == minute_taker.pk:
        problems.append(Problem(["minute_taker"], "The chair and the minute-taker must be different people"))
    return problems


def name_staff(discussion, user, chair=None, minute_taker=None) -> StrategyDiscussion:
    """The coordinator (or a chair, taking the chair) names who chairs and who takes the minutes: from then on
    only they, of those roles, open the discussion."""
    require(user, BOOKING_ROLES, "name the chair and minute-taker")
    ensure_open(discussion)
    problems = check_name_staff(discussion, user, chair, minute_taker)
    if problems:
        raise InvalidInput("Nobody was named.", problems)
    children = list(discussion.children.all())
    for field, role, person in (("chair", Role.CHAIR, chair), ("minute_taker", Role.MINUTE_TAKER, minute_taker)):
        if person is None:
            continue
        previous = getattr(discussion, f"{field}_id")
        if previous and previous != person.pk:
            access.end_grants(
                discussion,
                kind=GrantKind.STRATEGY_STAFF,
                user_id=previous,
                reason=f"Another {role.label.lower()} named",
            )
        access.end_grants(discussion, kind=GrantKind.STRATEGY_STAFF, role=role, reason=f"{role.label} named")
        access.grant_access(
            children,
            kind=GrantKind.STRATEGY_STAFF,
            scope=GrantScope.FAMILY,
            source=discussion,
            user=person,
            granted_by=user,
            reason=f"{_sd(discussion)}: named {role.label.lower()}",
        )
        setattr(discussion, field, person)
    discussion.save(update_fields=["chair", "minute_taker"])
    return discussion


def grant_invited(discussion, user, agencies=None) -> None:
    """An agency the coordinator has invited (not merely proposed) sees the children and their households until
    the discussion ends."""
    invited = discussion.invitations.filter(status__in=INVITED_STATUSES)
    if agencies is not None:
        invited = invited.filter(agency__in=agencies)
    children = list(discussion.children.all())
    for agency in Agency.objects.filter(pk__in=invited.values("agency_id")):
        access.grant_access(
            children,
            kind=GrantKind.INVITATION,
            scope=GrantScope.FAMILY,
            source=discussion,
            agency=agency,
            granted_by=user,
            reason=f"Invited to {_sd(discussion)}",
        )


def end_not_invited(discussion, agency_id, reason: str) -> None:
    access.end_grants(discussion, kind=GrantKind.INVITATION, agency_id=agency_id, reason=f"Not invited: {reason}")


def end_after_finalise(discussion, now) -> None:
    access.end_grants(discussion, at=now + GRANTS_AFTER_FINALISE, reason="The discussion's minutes were finalised")


def regrant_for_new_child(discussion, user) -> None:
    """A child added later is covered by every grant the discussion already gives."""
    grant_staff(discussion)
    for field in ("chair", "minute_taker"):
        person = getattr(discussion, field)
        if person is not None:
            access.grant_access(
                list(discussion.children.all()),
                kind=GrantKind.STRATEGY_STAFF,
                scope=GrantScope.FAMILY,
                source=discussion,
                user=person,
                granted_by=user,
                reason=f"{_sd(discussion)}: named {field.replace('_', '-')}",
            )
    grant_invited(discussion, user)
