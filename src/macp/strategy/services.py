"""Who may do what with a strategy discussion, and the guards every topic module uses.

The rest of strategy is split by topic, each module with its checks (check_x: returns or raises the problems) kept
apart from the functions that write (Zulip's zerver/actions shape): booking (request, schedule, book, the queue),
invitations (who is invited and why; adding, removing, answering), meeting (attendance, decisions, dissent, actions,
the genogram check, the complexity route, finalising), minutes (the text, optimistic locking, amendment),
distribution (sending, acknowledging, challenges, reminders), actions (the owner's list) and availability (duty
rotas).
"""

from django.db.models import Q

from macp.access.models import AccessEvent, Basis
from macp.access.services import basis_for, record_access
from macp.accounts.models import Role
from macp.core.problems import InvalidInput, Problem
from macp.strategy.models import Invitation, StrategyDiscussion

MINUTES_ROLES = (Role.CHAIR, Role.MINUTE_TAKER, Role.STRATEGY_COORDINATOR)
REQUEST_ROLES = (Role.TEAM_MANAGER, Role.FRONT_DOOR_MANAGER, Role.STRATEGY_COORDINATOR, Role.EDT_WORKER, Role.SOCIAL_WORKER)
BOOKING_ROLES = (Role.STRATEGY_COORDINATOR, Role.CHAIR)
STAFF_ROLES = (Role.STRATEGY_COORDINATOR, Role.CHAIR, Role.MINUTE_TAKER)
WRITING_ROLES = (Role.CHAIR, Role.MINUTE_TAKER)  # who writes the minutes' text


def require(user, roles, what: str) -> None:
    if not user.has_role(*roles):
        raise PermissionError(f"Only {', '.join(r.replace('_', ' ') for r in roles)} may {what}.")


def ensure_open(discussion: StrategyDiscussion) -> None:
    if discussion.status == StrategyDiscussion.Status.FINALISED:
        raise InvalidInput("The minutes are finalised.", [Problem(["status"], "Finalised minutes cannot be changed; raise an accuracy challenge instead")], status=409)


def ensure_scheduled(discussion: StrategyDiscussion) -> None:
    ensure_open(discussion)
    if discussion.status != StrategyDiscussion.Status.SCHEDULED:
        raise InvalidInput("Not scheduled yet.", [Problem(["status"], "Schedule the discussion before recording what was decided")], status=409)


def can_request(user) -> bool:
    return bool(user.agency_id) and user.has_role(*REQUEST_ROLES)


def can_book(user) -> bool:
    return user.has_role(*BOOKING_ROLES)


def can_record(user) -> bool:
    """Chair, minute-taker and coordinator record the meeting (attendance, decisions, actions, genogram)."""
    return user.has_role(*MINUTES_ROLES)


def can_write_minutes(user) -> bool:
    return user.has_role(*WRITING_ROLES)


def visible_discussions(user):
    """Discussions a user may open: strategy staff see all; an agency sees those it requested or is invited to
    (a declined invitation still counts: the minutes go to every invited agency)."""
    if not user.is_authenticated:
        return StrategyDiscussion.objects.none()
    if user.has_role(*STAFF_ROLES):
        return StrategyDiscussion.objects.all()
    if not user.agency_id:
        return StrategyDiscussion.objects.none()
    invited = Invitation.objects.filter(agency_id=user.agency_id).exclude(status=Invitation.Status.REMOVED).values("discussion_id")
    return StrategyDiscussion.objects.filter(Q(requesting_agency_id=user.agency_id) | Q(pk__in=invited))


def invited_agency_ids(discussion) -> set[int]:
    return set(discussion.invitations.exclude(status=Invitation.Status.REMOVED).values_list("agency_id", flat=True))


def audit_children(discussion, user, *, route: str, channel: str = AccessEvent.Channel.PAGE) -> None:
    """Every page or export that shows the children's details records a read of each child's record.

    The caller has already checked the user may open the discussion. Strategy staff hold that role for every
    discussion, and the requesting agency asked for it, so where they have no other basis the read is recorded as
    work they are assigned to, saying which."""
    for child in discussion.children.all():
        basis, glass = basis_for(user, child)
        detail = f"Strategy discussion SD-{discussion.pk}"
        if glass:
            detail += f", break-glass #{glass.pk}"
        if basis == Basis.DENIED and user.has_role(*STAFF_ROLES):
            basis, detail = Basis.ASSIGNMENT, detail + " (strategy coordinator, chair or minute-taker)"
        elif basis == Basis.DENIED and user.agency_id and user.agency_id == discussion.requesting_agency_id:
            basis, detail = Basis.ASSIGNMENT, detail + " (requesting agency)"
        record_access(user, child.pk, route=route, channel=channel, basis=basis, detail=detail)
