"""Child protection conferences through the API: booked from an enquiry whose outcome is a conference, each
child's views and decision, each agency's report, dissent, minutes finalised (409 with every reason while something
is missing) and distributed, and the review conference booked from a child's plan. Every call opens each child
through access (checked and audited); writing needs the rules in enquiries.permissions."""

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from macp.access.http import open_for_api
from macp.accounts.models import User
from macp.enquiries import conferences
from macp.enquiries.models import Conference, ConferenceChild, ConferenceDistribution, Enquiry

router = Router(tags=["child protection conferences"])


class ConferenceChildOut(Schema):
    child: str
    enquiry: int | None
    child_views: str
    plan: bool | None
    category: str | None
    rationale: str
    lead_social_worker: str | None
    core_group: str
    review_due: dt.date | None
    core_group_due: dt.date | None
    decided_at: dt.datetime | None


class InvitationOut(Schema):
    agency: str
    role: str
    for_person: str | None
    reason: str
    required: bool


class ReportOut(Schema):
    agency: str
    text: str
    written_at: dt.datetime


class DissentOut(Schema):
    id: int
    agency: str
    child: str | None
    reason: str
    recorded_at: dt.datetime


class DistributionOut(Schema):
    agency: str
    sent_at: dt.datetime
    acknowledged_at: dt.datetime | None


class ConferenceOut(Schema):
    id: int
    kind: Literal["initial", "review"]
    status: Literal["booked", "finalised"]
    scheduled_for: dt.datetime
    due: dt.date
    late_reason: str
    parents_views: str
    children: list[ConferenceChildOut]
    invitations: list[InvitationOut]
    reports: list[ReportOut]
    dissent: list[DissentOut]
    distribution: list[DistributionOut]


class BookIn(Schema):
    at: dt.datetime
    late_reason: str = ""


class ReviewIn(Schema):
    child: str
    at: dt.datetime
    late_reason: str = ""


class ViewsIn(Schema):
    child: str | None = None
    child_views: str = ""
    parents_views: str | None = None


class ReportIn(Schema):
    agency: str
    text: str


class DecisionIn(Schema):
    child: str
    plan: bool | None
    category: Literal["neglect", "physical", "sexual", "emotional", "multiple", ""] = ""
    rationale: str = ""
    lead_social_worker: str | None = None  # a username
    core_group: str = ""


class DissentIn(Schema):
    agency: str
    child: str | None = None
    reason: str


def _get(request, conference_id: int) -> Conference:
    conference = get_object_or_404(Conference.objects.select_related("social_care"), pk=conference_id)
    for child_id in conference.children.values_list("child_id", flat=True):
        open_for_api(request, child_id)
    return conference


def _row(r: ConferenceChild) -> ConferenceChildOut:
    return ConferenceChildOut(
        child=str(r.child_id),
        enquiry=r.enquiry_id,
        child_views=r.child_views,
        plan=r.plan,
        category=r.category or None,
        rationale=r.rationale,
        lead_social_worker=r.lead_social_worker.username if r.lead_social_worker else None,
        core_group=r.core_group,
        review_due=r.review_due,
        core_group_due=r.core_group_due,
        decided_at=r.decided_at,
    )


def _out(c: Conference) -> ConferenceOut:
    c.refresh_from_db()
    return ConferenceOut(
        id=c.pk,
        kind=c.kind,
        status=c.status,
        scheduled_for=c.scheduled_for,
        due=c.due,
        late_reason=c.late_reason,
        parents_views=c.parents_views,
        children=[_row(r) for r in c.children.select_related("lead_social_worker")],
        invitations=[
            InvitationOut(
                agency=i.agency.code,
                role=i.role,
                for_person=str(i.for_person_id) if i.for_person_id else None,
                reason=i.reason,
                required=i.required,
            )
            for i in c.invitations.select_related("agency")
        ],
        reports=[
            ReportOut(agency=r.agency.code, text=r.text, written_at=r.written_at)
            for r in c.reports.select_related("agency")
        ],
        dissent=[
            DissentOut(
                id=d.pk,
                agency=d.agency.code,
                child=str(d.child_id) if d.child_id else None,
                reason=d.reason,
                recorded_at=d.recorded_at,
            )
            for d in c.dissent.select_related("agency").order_by("recorded_at")
        ],
        distribution=[
            DistributionOut(agency=d.agency.code, sent_at=d.sent_at, acknowledged_at=d.acknowledged_at)
            for d in c.distribution.select_related("agency").order_by("agency__name")
        ],
    )


@router.get("", response=list[ConferenceOut], summary="The conferences about a child, oldest first (audited)")
def list_conferences(request, child: str):
    open_for_api(request, child)
    found = Conference.objects.filter(children__child_id=child).distinct().order_by("scheduled_for")
    return [_out(_get(request, c.pk)) for c in found]


@router.get("/{conference_id}", response=ConferenceOut, summary="One conference (audited)")
def get_conference(request, conference_id: int):
    return _out(_get(request, conference_id))


@router.post("/{conference_id}/views", response=ConferenceOut, summary="A child's views, or the parents' views")
def record_views(request, conference_id: int, body: ViewsIn):
    c = _get(request, conference_id)
    conferences.record_views(
        c, request.user, child_id=body.child, child_views=body.child_views, parents_views=body.parents_views
    )
    return _out(c)


@router.post("/{conference_id}/reports", response={201: ReportOut}, summary="An agency's report to the conference")
def save_report(request, conference_id: int, body: ReportIn):
    r = conferences.save_report(_get(request, conference_id), request.user, body.agency, body.text)
    return Status(201, ReportOut(agency=r.agency.code, text=r.text, written_at=r.written_at))


@router.post(
    "/{conference_id}/decisions",
    response=ConferenceChildOut,
    summary="The decision for one child: a plan or not, the category, the lead social worker and the core group",
)
def record_decision(request, conference_id: int, body: DecisionIn):
    c = _get(request, conference_id)
    lead = User.objects.filter(username=body.lead_social_worker).first() if body.lead_social_worker else None
    row = conferences.record_child_decision(
        c,
        request.user,
        body.child,
        plan=body.plan,
        category=body.category,
        rationale=body.rationale,
        lead_social_worker=lead,
        core_group=body.core_group,
    )
    return _row(row)


@router.post("/{conference_id}/dissent", response={201: DissentOut}, summary="An agency's disagreement, recorded")
def record_dissent(request, conference_id: int, body: DissentIn):
    d = conferences.record_dissent(_get(request, conference_id), request.user, body.agency, body.child, body.reason)
    return Status(
        201,
        DissentOut(
            id=d.pk,
            agency=d.agency.code,
            child=str(d.child_id) if d.child_id else None,
            reason=d.reason,
            recorded_at=d.recorded_at,
        ),
    )


@router.post(
    "/{conference_id}/finalise",
    response=ConferenceOut,
    summary="Finalise and send the minutes to every invited agency; 409 with every reason while something is missing",
)
def finalise(request, conference_id: int):
    return _out(conferences.finalise(_get(request, conference_id), request.user))


@router.post(
    "/{conference_id}/acknowledge", response=DistributionOut, summary="Confirm your agency received the minutes"
)
def acknowledge(request, conference_id: int):
    c = _get(request, conference_id)
    d = get_object_or_404(ConferenceDistribution, conference=c, agency_id=request.user.agency_id)
    d = conferences.acknowledge(d, request.user)
    return DistributionOut(agency=d.agency.code, sent_at=d.sent_at, acknowledged_at=d.acknowledged_at)


@router.post(
    "/{conference_id}/review",
    response={201: ConferenceOut},
    summary="Book the review conference for a child on a plan, due by the date this conference set",
)
def book_review(request, conference_id: int, body: ReviewIn):
    c = _get(request, conference_id)
    row = get_object_or_404(
        ConferenceChild.objects.select_related("conference", "child"), conference=c, child_id=body.child
    )
    return Status(201, _out(conferences.book_review(row, request.user, body.at, body.late_reason)))


# Booking the initial conference is a step of the enquiry: POST /api/v1/enquiries/{id}/conference.
enquiry_router = Router(tags=["child protection conferences"])


@enquiry_router.post(
    "/{enquiry_id}/conference",
    response={201: ConferenceOut},
    summary="Book the initial conference for an enquiry whose outcome is a conference (with its siblings')",
)
def book_initial(request, enquiry_id: int, body: BookIn):
    enquiry = get_object_or_404(Enquiry.objects.select_related("strategy_discussion"), pk=enquiry_id)
    open_for_api(request, enquiry.child_id)
    siblings = conferences.awaiting_with_siblings(enquiry)
    for e in siblings:
        open_for_api(request, e.child_id)
    return Status(201, _out(conferences.book_initial(siblings, request.user, body.at, body.late_reason)))
