"""Who may do what with a strategy discussion, and the guards every topic module uses.

The rest of strategy is split by topic, each module with its checks (check_x: returns or raises the problems) kept
apart from the functions that write (Zulip's zerver/actions shape): booking (request, schedule, book, the queue),
invitations (who is invited and why; adding, removing, answering), meeting (attendance, decisions, dissent, actions,
the genogram check, the complexity route, finalising), minutes (the text, optimistic locking, amendment),
distribution (sending, acknowledging, challenges, reminders), actions (the owner's list) and availability (duty
rotas).
"""

from macp.access import services as access
from macp.access.models import AccessEvent, Basis
from macp.accounts.models import Role
from macp.core.problems import InvalidInput, Problem
from macp.strategy.models import Invitation, StrategyDiscussion

MINUTES_ROLES = (Role.CHAIR, Role.MINUTE_TAKER, Role.STRATEGY_COORDINATOR)
REQUEST_ROLES = (
    Role.TEAM_MANAGER,
    Role.FRONT_DOOR_MANAGER,
    Role.STRATEGY_COORDINATOR,
    Role.EDT_WORKER,
    Role.SOCIAL_WORKER,
)
BOOKING_ROLES = (Role.STRATEGY_COORDINATOR, Role.CHAIR)
STAFF_ROLES = (Role.STRATEGY_COORDINATOR, Role.CHAIR, Role.MINUTE_TAKER)
WRITING_ROLES = (Role.CHAIR, Role.MINUTE_TAKER)  # who writes the minutes' text


def require(user, roles, what: str) -> None:
    if not user.has_role(*roles):
        raise PermissionError(f"Only {', '.join(r.replace('_', ' ') for r in roles)} may {what}.")


def ensure_open(discussion: StrategyDiscussion) -> None:
    if discussion.status == StrategyDiscussion.Status.FINALISED:
        raise InvalidInput(
            "The minutes are finalised.",
            [Problem(["status"], "Finalised minutes cannot be changed; raise an accuracy challenge instead")],
            status=409,
        )


def ensure_scheduled(discussion: StrategyDiscussion) -> None:
    ensure_open(discussion)
    if discussion.status != StrategyDiscussion.Status.SCHEDULED:
        raise InvalidInput(
            "Not scheduled yet.",
            [Problem(["status"], "Schedule the discussion before recording what was decided")],
            status=409,
        )


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
    """Discussions a user may open: those that gave them a current grant (access.sources_held). That is the
    requesting agency; the council's coordinators; its named chair and minute-taker (until named, the chairs and
    minute-takers of the council's children's social care); and each agency the coordinator has invited (a
    declined invitation still counts: the minutes go to every invited agency) — not one merely proposed. Each lasts
    the discussion's life (grants.GRANTS_AFTER_FINALISE). Analysts, DPOs and administrators hold no grants."""
    if not getattr(user, "is_authenticated", False):
        return StrategyDiscussion.objects.none()
    return StrategyDiscussion.objects.filter(pk__in=access.sources_held(user, StrategyDiscussion))


def invited_agency_ids(discussion) -> set[int]:
    return set(discussion.invitations.exclude(status=Invitation.Status.REMOVED).values_list("agency_id", flat=True))


def audit_children(discussion, user, *, route: str, channel: str = AccessEvent.Channel.PAGE) -> None:
    """Every page, API answer or export that shows the children's details records a read of each child's record,
    with the basis access gives (the grant the discussion gave, or the user's own involvement)."""
    for child in discussion.children.all():
        access.record_read(user, child, route=route, channel=channel, context=f"Strategy discussion SD-{discussion.pk}")


def audit_refusal(user, discussion_id, *, route: str, channel: str = AccessEvent.Channel.API) -> None:
    """A refused (or impossible) opening of a discussion is audited against each child it names."""
    children = (
        list(
            StrategyDiscussion.children.through.objects.filter(strategydiscussion_id=discussion_id).values_list(
                "person_id", flat=True
            )
        )
        if str(discussion_id).isdigit()
        else []
    )
    detail = (
        f"Strategy discussion SD-{discussion_id}: refused" if children else f"No strategy discussion SD-{discussion_id}"
    )
    for person_id in children or [f"SD-{discussion_id}"]:
        access.record_access(user, person_id, route=route, channel=channel, basis=Basis.DENIED, detail=detail)
