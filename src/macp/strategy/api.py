"""Strategy discussions (CONTRACTS.md §7): request, invitations, scheduling, attendance, per-child decisions,
dissent, actions, finalising and distribution."""

import datetime as dt

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from macp.access.models import AccessEvent
from macp.accounts.models import User
from macp.core.ids import is_uuid
from macp.core.problems import InvalidInput, Problem
from macp.people.models import Person
from macp.strategy import booking, complexity, grants, meeting, services
from macp.strategy import distribution as distributing
from macp.strategy.models import StrategyDiscussion

router = Router(tags=["strategy discussions"])


class RequestIn(Schema):
    children: list[str]
    reason: str
    referral: str | None = None
    organised_abuse_indicators: bool = False


class Complexity(Schema):
    complex: bool
    reasons: list[str]
    set_aside_reason: str | None = None  # the coordinator judged the triggered route not needed, and why


class DecisionOut(Schema):
    child: str
    significant_harm: str
    section_47: bool
    rationale: str
    safety_plan: str


class DissentOut(Schema):
    agency: str
    about: str
    reason: str
    recorded_at: dt.datetime


class ActionOut(Schema):
    id: int
    child: str | None
    owner_agency: str | None
    owner: str
    what: str
    due: dt.datetime | None


class AttendanceOut(Schema):
    id: int
    agency: str
    name: str
    role: str
    attended: bool


class Created(Schema):
    id: int


class DecisionCreated(Schema):
    id: int
    child: str


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
    held: bool = False
    decisions: list[DecisionOut]
    dissent: list[DissentOut]
    actions: list[ActionOut]
    icpc_due: dt.date | None
    chair: str | None = None
    minute_taker: str | None = None


class InvitationOut(Schema):
    agency: str
    role: str
    for_person: str | None
    reason: str
    required: bool
    status: str


def _get(request, discussion_id: int) -> StrategyDiscussion:
    """The discussion if the caller may open it; every answer names the children, so each call is audited as a read
    of each child's record, and each refusal too."""
    discussion = services.visible_discussions(request.user).filter(pk=discussion_id).first()
    if discussion is None:
        services.audit_refusal(request.user, discussion_id, route=request.path, channel=AccessEvent.Channel.API)
        raise HttpError(404, "No strategy discussion with that id that you can see.")
    services.audit_children(discussion, request.user, route=request.path, channel=AccessEvent.Channel.API)
    return discussion


def _out(discussion: StrategyDiscussion) -> DiscussionOut:
    return DiscussionOut(
        id=discussion.pk,
        status=discussion.status,
        children=[str(c.pk) for c in discussion.children.all()],
        reason=discussion.reason,
        referral=discussion.referral_reference or None,
        requested_at=discussion.requested_at,
        target_at=discussion.target_at,
        complexity=_complexity(discussion),
        scheduled_for=discussion.scheduled_for,
        held=discussion.held_before_recorded,
        decisions=[
            DecisionOut(
                child=str(d.child_id),
                significant_harm=d.significant_harm,
                section_47=d.section_47,
                rationale=d.rationale,
                safety_plan=d.safety_plan,
            )
            for d in discussion.decisions.all()
        ],
        dissent=[
            DissentOut(agency=x.agency.code, about=x.about, reason=x.reason, recorded_at=x.recorded_at)
            for x in discussion.dissent.select_related("agency")
        ],
        actions=[
            ActionOut(
                id=a.pk,
                child=str(a.child_id) if a.child_id else None,
                owner_agency=a.owner_agency.code if a.owner_agency else None,
                owner=a.owner,
                what=a.what,
                due=a.due,
            )
            for a in discussion.actions.select_related("owner_agency")
        ],
        icpc_due=meeting.icpc_due(discussion),
        chair=discussion.chair.username if discussion.chair_id else None,
        minute_taker=discussion.minute_taker.username if discussion.minute_taker_id else None,
    )


def _complexity(discussion) -> Complexity:
    assessed = complexity.assess(discussion)
    return Complexity(
        complex=assessed["complex"],
        reasons=assessed["reasons"],
        set_aside_reason=assessed["set_aside"]["reason"] if assessed["set_aside"] else None,
    )


@router.post("", response={201: DiscussionOut}, summary="Request a strategy discussion")
def request_discussion(request, body: RequestIn):
    if not services.can_request(request.user):
        raise HttpError(403, "Strategy discussions are requested by team managers (front door, area teams, EDT).")
    problems, children = [], []
    for i, person_id in enumerate(body.children):
        person = Person.objects.filter(pk=person_id).first() if is_uuid(person_id) else None
        if person is None:
            problems.append(Problem(["body", "children", i], f"No person with id {person_id!r}"))
        children.append(person)
    if problems:
        raise InvalidInput("The strategy discussion was not requested.", problems)
    discussion = booking.request(
        request.user,
        children,
        body.reason,
        referral_reference=body.referral or "",
        organised_abuse_indicators=body.organised_abuse_indicators,
    )
    return Status(201, _out(discussion))


@router.get("/{discussion_id}", response=DiscussionOut, summary="A strategy discussion")
def get_discussion(request, discussion_id: int):
    return _out(_get(request, discussion_id))


@router.get("/{discussion_id}/invitations", response=list[InvitationOut], summary="Who is invited, for whom and why")
def list_invitations(request, discussion_id: int):
    discussion = _get(request, discussion_id)
    return [
        InvitationOut(
            agency=i.agency.code,
            role=i.role,
            for_person=str(i.for_person_id) if i.for_person_id else None,
            reason=i.reason,
            required=i.required,
            status=i.status,
        )
        for i in discussion.invitations.select_related("agency")
    ]


class ScheduleIn(Schema):
    at: dt.datetime
    link: str | None = None
    held: bool = False  # already held (by telephone, out of hours): `at` is when, in the past


class AttendanceIn(Schema):
    agency: str
    name: str
    role: str = "attendee"
    attended: bool


AGENDA_FIELDS = (
    "lived_experience",
    "harm_suspected",
    "enquiry",
    "lead_agency",
    "abe_interview",
    "cp_medical",
    "if_medical_inconclusive",
)


class DecisionIn(Schema):
    child: str
    significant_harm: str
    section_47: bool
    rationale: str = ""
    safety_plan: str = ""
    # The rest of the standard agenda's items for the child; left out means "leave as recorded".
    lived_experience: str | None = None
    harm_suspected: str | None = None
    enquiry: str | None = None
    lead_agency: str | None = None
    abe_interview: bool | None = None
    cp_medical: bool | None = None
    if_medical_inconclusive: str | None = None


class DissentIn(Schema):
    agency: str
    about: str
    reason: str


class ActionIn(Schema):
    child: str | None = None
    owner_agency: str | None = None
    owner: str = ""
    what: str
    due: dt.datetime | None = None


class DistributionOut(Schema):
    agency: str
    recipient: str
    sent_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    challenge: str | None


class AcknowledgeIn(Schema):
    challenge: str = ""


@router.post("/{discussion_id}/schedule", response=DiscussionOut, summary="Book it")
def schedule(request, discussion_id: int, body: ScheduleIn):
    # The same booking as the page: it sends every invited agency the calendar invitation.
    discussion = _get(request, discussion_id)
    booking.book(discussion, request.user, body.at, body.link or "", held=body.held)
    discussion.refresh_from_db()
    return _out(discussion)


@router.post("/{discussion_id}/attendance", response={201: AttendanceOut}, summary="Who attended, in what role")
def attendance(request, discussion_id: int, body: AttendanceIn):
    record = meeting.record_attendance(
        _get(request, discussion_id), request.user, body.agency, body.name, body.role, body.attended
    )
    return Status(
        201,
        AttendanceOut(id=record.pk, agency=body.agency, name=record.name, role=record.role, attended=record.attended),
    )


@router.post("/{discussion_id}/decisions", response={201: DecisionCreated}, summary="The decision for one child")
def decision(request, discussion_id: int, body: DecisionIn):
    agenda = {k: v for k, v in body.dict(exclude_unset=True).items() if k in AGENDA_FIELDS}
    record = meeting.record_decision(
        _get(request, discussion_id),
        request.user,
        body.child,
        body.significant_harm,
        body.section_47,
        body.rationale,
        body.safety_plan,
        **agenda,
    )
    return Status(201, DecisionCreated(id=record.pk, child=str(record.child_id)))


@router.post("/{discussion_id}/dissent", response={201: Created}, summary="Disagreement, on the record")
def dissent(request, discussion_id: int, body: DissentIn):
    record = meeting.record_dissent(_get(request, discussion_id), request.user, body.agency, body.about, body.reason)
    return Status(201, Created(id=record.pk))


@router.post("/{discussion_id}/actions", response={201: Created}, summary="An action with an owner and a due date")
def action(request, discussion_id: int, body: ActionIn):
    record = meeting.add_action(
        _get(request, discussion_id), request.user, body.child, body.owner_agency, body.owner, body.what, body.due
    )
    return Status(201, Created(id=record.pk))


@router.post(
    "/{discussion_id}/finalise",
    response=DiscussionOut,
    summary="Finalise the minutes (409 with the reasons when something is missing)",
)
def finalise(request, discussion_id: int):
    return _out(meeting.finalise(_get(request, discussion_id), request.user))


@router.get(
    "/{discussion_id}/distribution", response=list[DistributionOut], summary="Who the minutes went to, and receipts"
)
def distribution(request, discussion_id: int):
    return [
        DistributionOut(
            agency=d.agency.code,
            recipient=d.recipient,
            sent_at=d.sent_at,
            acknowledged_at=d.acknowledged_at,
            challenge=d.challenge or None,
        )
        for d in _get(request, discussion_id).distribution.select_related("agency")
    ]


@router.post(
    "/{discussion_id}/distribution/acknowledge",
    response=DistributionOut,
    summary="Confirm receipt (and challenge accuracy)",
)
def acknowledge(request, discussion_id: int, body: AcknowledgeIn):
    discussion = _get(request, discussion_id)
    record = discussion.distribution.filter(agency_id=request.user.agency_id).first()
    if record is None:
        raise HttpError(404, "The minutes were not sent to your agency.")
    if body.challenge.strip():
        distributing.challenge(record, request.user, body.challenge)
    else:
        distributing.acknowledge(record, request.user)
    return DistributionOut(
        agency=record.agency.code,
        recipient=record.recipient,
        sent_at=record.sent_at,
        acknowledged_at=record.acknowledged_at,
        challenge=record.challenge or None,
    )


class GenogramIn(Schema):
    confirmed: bool
    reason: str = ""


@router.post(
    "/{discussion_id}/genogram", response=DiscussionOut, summary="The genogram was shown and confirmed, or why not"
)
def genogram(request, discussion_id: int, body: GenogramIn):
    return _out(meeting.record_genogram(_get(request, discussion_id), request.user, body.confirmed, body.reason))


class StaffIn(Schema):
    chair: str | None = None
    minute_taker: str | None = None


@router.post("/{discussion_id}/staff", response=DiscussionOut, summary="Name the chair and the minute-taker")
def name_staff(request, discussion_id: int, body: StaffIn):
    discussion = _get(request, discussion_id)
    people, problems = {}, []
    for field in ("chair", "minute_taker"):
        username = getattr(body, field)
        people[field] = User.objects.filter(username=username, is_active=True).first() if username else None
        if username and people[field] is None:
            problems.append(Problem(["body", field], f"No user {username!r}"))
    if problems:
        raise InvalidInput("Nobody was named.", problems)
    return _out(grants.name_staff(discussion, request.user, people["chair"], people["minute_taker"]))
