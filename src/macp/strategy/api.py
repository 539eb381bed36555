"""Strategy discussions (CONTRACTS.md §7): the request into one queue, and the Think-Family invitations.

Scheduling, attendance, decisions, dissent, actions, finalising and distribution follow with the rest of the
strategy-discussions work."""

import datetime as dt

from django.db.models import Q
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from macp.accounts.models import Role
from macp.core.ids import is_uuid
from macp.core.problems import InvalidInput, Problem
from macp.people.models import Person
from macp.strategy import complexity, services
from macp.strategy.models import StrategyDiscussion

router = Router(tags=["strategy discussions"])
REQUESTERS = (Role.TEAM_MANAGER, Role.FRONT_DOOR_MANAGER, Role.STRATEGY_COORDINATOR, Role.EDT_WORKER)


class RequestIn(Schema):
    children: list[str]
    reason: str
    referral: str | None = None
    organised_abuse_indicators: bool = False


class Complexity(Schema):
    complex: bool
    reasons: list[str]


class DiscussionOut(Schema):
    id: int
    status: str
    children: list[str]
    reason: str
    referral: str | None
    requested_at: dt.datetime
    target_at: dt.datetime | None
    complexity: Complexity
    scheduled_for: dt.datetime | None
    decisions: list[dict]
    dissent: list[dict]
    actions: list[dict]
    icpc_due: dt.date | None


class InvitationOut(Schema):
    agency: str
    role: str
    for_person: str | None
    reason: str
    required: bool
    status: str


def _visible(user):
    if user.has_role(Role.STRATEGY_COORDINATOR):
        return StrategyDiscussion.objects.all()
    return StrategyDiscussion.objects.filter(
        Q(requesting_agency_id=user.agency_id) | Q(invitations__agency_id=user.agency_id, invitations__status__in=["proposed", "invited", "accepted", "delegated"])
    ).distinct()


def _get(request, discussion_id: int) -> StrategyDiscussion:
    discussion = _visible(request.user).filter(pk=discussion_id).first()
    if discussion is None:
        raise HttpError(404, "No strategy discussion with that id that you can see.")
    return discussion


def _out(discussion: StrategyDiscussion) -> DiscussionOut:
    return DiscussionOut(
        id=discussion.pk, status=discussion.status, children=[str(c.pk) for c in discussion.children.all()],
        reason=discussion.reason, referral=discussion.referral_reference or None, requested_at=discussion.requested_at,
        target_at=discussion.target_at, complexity=complexity.assess(discussion), scheduled_for=discussion.scheduled_for,
        decisions=[], dissent=[], actions=[], icpc_due=None,
    )


@router.post("", response={201: DiscussionOut}, summary="Request a strategy discussion")
def request_discussion(request, body: RequestIn):
    if not request.user.has_role(*REQUESTERS):
        raise HttpError(403, "Strategy discussions are requested by team managers (front door, area teams, EDT).")
    problems, children = [], []
    for i, person_id in enumerate(body.children):
        person = Person.objects.filter(pk=person_id).first() if is_uuid(person_id) else None
        if person is None:
            problems.append(Problem(["body", "children", i], f"No person with id {person_id!r}"))
        children.append(person)
    if problems:
        raise InvalidInput("The strategy discussion was not requested.", problems)
    discussion = services.request(request.user, children, body.reason, referral_reference=body.referral or "",
                                  organised_abuse_indicators=body.organised_abuse_indicators)
    return Status(201, _out(discussion))


@router.get("/{discussion_id}", response=DiscussionOut, summary="A strategy discussion")
def get_discussion(request, discussion_id: int):
    return _out(_get(request, discussion_id))


@router.get("/{discussion_id}/invitations", response=list[InvitationOut], summary="Who is invited, for whom and why")
def list_invitations(request, discussion_id: int):
    discussion = _get(request, discussion_id)
    return [
        InvitationOut(agency=i.agency.code, role=i.role, for_person=str(i.for_person_id) if i.for_person_id else None,
                      reason=i.reason, required=i.required, status=i.status)
        for i in discussion.invitations.select_related("agency")
    ]
