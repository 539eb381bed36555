"""The practice-review tracker over the API (read by the partnership; actions updated by their lead agency).
A review never names its child here: `child_linked` says only whether one is linked."""

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from macp.reviews import services
from macp.reviews.models import Action, Review

router = Router(tags=["practice reviews"])
actions_router = Router(tags=["practice reviews"])


class ActionOut(Schema):
    id: int
    reference: str
    review: str
    recommendation: str
    what: str
    lead_agency: str
    lead_person: str
    deadline: dt.date
    status: str
    overdue: bool
    completed_on: dt.date | None
    evidence: str


class RecommendationOut(Schema):
    label: str
    text: str
    themes: list[str]
    actions: list[ActionOut]


class ReviewOut(Schema):
    id: int
    reference: str
    title: str
    local_authority: str
    notified_on: dt.date
    rapid_review_due: dt.date
    rapid_review_completed_on: dt.date | None
    decision: str
    decided_on: dt.date | None
    review_target: dt.date | None
    published_on: dt.date | None
    stage: str
    overdue: bool
    child_linked: bool


class ReviewDetailOut(ReviewOut):
    recommendations: list[RecommendationOut]


class OverdueOut(Schema):
    rapid_reviews: list[ReviewOut]
    reviews: list[ReviewOut]
    actions: list[ActionOut]


class ThemeOut(Schema):
    theme: str
    recommendations: int
    reviews: int
    open_actions: int
    overdue_actions: int


class ActionUpdateIn(Schema):
    status: str
    note: str = ""


def _action(a: Action, today: dt.date) -> ActionOut:
    return ActionOut(
        id=a.pk,
        reference=a.reference,
        review=a.recommendation.review.reference,
        recommendation=a.recommendation.label,
        what=a.what,
        lead_agency=a.lead_agency.code,
        lead_person=a.lead_person,
        deadline=a.deadline,
        status=a.status,
        overdue=not a.done and a.deadline < today,
        completed_on=a.completed_on,
        evidence=a.evidence,
    )


def _review(r: Review, today: dt.date) -> dict:
    stage = services.stage(r, today)
    return {
        "id": r.pk,
        "reference": r.reference,
        "title": r.title,
        "local_authority": r.local_authority.code,
        "notified_on": r.notified_on,
        "rapid_review_due": r.rapid_review_due,
        "rapid_review_completed_on": r.rapid_review_completed_on,
        "decision": r.decision,
        "decided_on": r.decided_on,
        "review_target": r.review_target,
        "published_on": r.published_on,
        "stage": stage.key,
        "overdue": stage.overdue,
        "child_linked": r.child_id is not None,
    }


def _reader(request) -> None:
    if services.partnership_id(request.user) is None:
        raise HttpError(403, "Practice reviews are run by the partnership's analyst and read by managers.")


@router.get("", response=list[ReviewOut], summary="The partnership's practice reviews, newest first")
def list_reviews(request):
    _reader(request)
    today = timezone.localdate()
    return [
        ReviewOut(**_review(r, today)) for r in services.visible_reviews(request.user).select_related("local_authority")
    ]


@router.get("/overdue", response=OverdueOut, summary="Rapid reviews, reviews and actions past their dates")
def overdue(request):
    _reader(request)
    today = timezone.localdate()
    found = services.overdue(request.user, today)
    return OverdueOut(
        rapid_reviews=[ReviewOut(**_review(r, today)) for r in found.rapid_reviews],
        reviews=[ReviewOut(**_review(r, today)) for r in found.reviews],
        actions=[_action(a, today) for a in found.actions],
    )


@router.get("/themes", response=list[ThemeOut], summary="Recommendations per theme across the partnership's reviews")
def themes(request):
    _reader(request)
    return [ThemeOut(**{**row, "theme": row["theme"].name}) for row in services.theme_counts(request.user)]


@router.get("/{review_id}", response=ReviewDetailOut, summary="A review with its recommendations and actions")
def get_review(request, review_id: int):
    _reader(request)
    review = services.visible_reviews(request.user).filter(pk=review_id).select_related("local_authority").first()
    if review is None:
        raise HttpError(404, "No practice review with that number that you can see.")
    today = timezone.localdate()
    recommendations = [
        RecommendationOut(
            label=rec.label,
            text=rec.text,
            themes=[t.name for t in rec.themes.all()],
            actions=[_action(a, today) for a in rec.actions.all()],
        )
        for rec in review.recommendations.prefetch_related(
            "themes", "actions__lead_agency", "actions__recommendation__review"
        )
    ]
    return ReviewDetailOut(**_review(review, today), recommendations=recommendations)


@actions_router.get("", response=list[ActionOut], summary="Practice review actions your agency leads")
def my_actions(request):
    if not request.user.agency_id:
        raise HttpError(403, "Actions are led by agencies.")
    today = timezone.localdate()
    found = Action.objects.filter(lead_agency_id=request.user.agency_id).select_related(
        "lead_agency", "recommendation__review"
    )
    return [_action(a, today) for a in found]


@actions_router.post("/{action_id}", response=ActionOut, summary="Record progress and evidence of embedding")
def update_action(request, action_id: int, body: ActionUpdateIn):
    action = (
        services.visible_actions(request.user)
        .filter(pk=action_id)
        .select_related("lead_agency", "recommendation__review")
        .first()
    )
    if action is None:
        raise HttpError(404, "No action with that number that you can see.")
    updated = services.update_action(request.user, action, status=body.status, note=body.note)
    return _action(
        Action.objects.select_related("lead_agency", "recommendation__review").get(pk=updated.pk),
        timezone.localdate(),
    )
