"""Requests for help (CONTRACTS.md §6)."""

import datetime as dt

from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from macp.access.models import AccessEvent
from macp.core import limits
from macp.referrals import services
from macp.referrals.models import Referral

router = Router(tags=["referrals"])


# The request's shape is typed here; what is required, and what a value may be, is services.validate's (the question
# pages use the same rules), so answers are optional strings and a wrong one is reported with the other problems.


class ReferrerIn(Schema):
    name: str = ""
    role: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""


class ChildIn(Schema):
    person_id: str | None = Field(None, description="A person already known (then the name and date may be left out)")
    given_name: str = ""
    family_name: str = ""
    date_of_birth: str | None = Field(None, description="YYYY-MM-DD")
    expected_date_of_birth: str | None = Field(None, description="YYYY-MM-DD, for an unborn baby")
    sex: str = Field("", description="F, M, X or U")
    nhs_number: str = ""
    address: str = ""
    postcode: str = ""
    school: str = ""
    gp: str = ""
    worries: str = ""
    working_well: str = ""
    needs_to_happen: str = ""
    child_words: str = ""


class AdultIn(Schema):
    given_name: str = ""
    family_name: str = ""
    date_of_birth: str | None = Field(None, description="YYYY-MM-DD")
    lives_with_children: bool | None = None
    relationships: dict[str, str] = Field({}, description="Child number (from 0) to relationship type, or unknown")
    notes: str = ""


class ConsentIn(Schema):
    parents: str = Field("", description="yes, no or not_sought")
    child: str = Field("", description="yes, no or not_sought; needed when a child is over 11")
    reason_not_sought: str = ""


class ReferralIn(Schema):
    referrer: ReferrerIn
    children: list[ChildIn]
    concerns: str = ""
    consent: ConsentIn = ConsentIn()
    adults: list[AdultIn] = []
    immediate_safety: str = ""
    tried_universal: str = ""
    early_help_plan: bool | None = None
    receiving_agency: str | None = None
    idempotency_key: str | None = None


class ChildRef(Schema):
    person_id: str | None
    match: str
    match_reason: str


class ReferralCreated(Schema):
    reference: str
    status: str
    children: list[ChildRef]


class ReferralOut(Schema):
    reference: str
    status: str
    brag: str | None
    response_due_at: dt.datetime | None
    decision: str | None
    decision_reason: str | None
    next_step: str | None
    submitted_at: dt.datetime
    children: list[ChildRef]


class TriageIn(Schema):
    brag: str
    rationale: str = ""


class DecisionIn(Schema):
    decision: str
    reason: str = ""
    next_step: str = ""


def _children(referral: Referral) -> list[ChildRef]:
    return [
        ChildRef(person_id=str(c.person_id) if c.person_id else None, match=c.match_status, match_reason=c.match_reason)
        for c in referral.children.all()
    ]


def _get(request, reference: str) -> Referral:
    referral = Referral.objects.filter(reference=reference).select_related("receiving_agency").first()
    allowed = referral is not None and services.can_view(request.user, referral)
    # The answer names the children: every call is audited against each child, allowed or refused.
    services.audit_children(
        referral,
        request.user,
        route=request.path,
        channel=AccessEvent.Channel.API,
        allowed=allowed,
        reference=reference,
    )
    if not allowed:
        raise HttpError(404, f"No request for help {reference!r} that you can see.")
    return referral


def _out(referral: Referral, request) -> ReferralOut:
    front_door = services.can_view(request.user, referral) and request.user.agency_id == referral.receiving_agency_id
    return ReferralOut(
        reference=referral.reference,
        status=referral.status,
        brag=referral.brag or None,
        response_due_at=referral.response_due_at,
        decision=referral.decision or None,
        # The referrer hears the outcome and next step; the reasoning stays with the front door.
        decision_reason=(referral.decision_reason or None) if front_door else None,
        next_step=referral.next_step_for_referrer or None,
        submitted_at=referral.submitted_at,
        children=_children(referral),
    )


@router.post("", response={200: ReferralCreated, 201: ReferralCreated}, summary="Send a request for help")
def create_referral(request, body: ReferralIn):
    if not request.user.agency_id:
        raise HttpError(403, "Requests for help come from a professional's agency account.")
    if limits.over_limit(request, "request_for_help_api", "user"):
        raise limits.RateLimited("request_for_help_api")
    key = request.headers.get("Idempotency-Key") or body.idempotency_key or ""
    referral, created = services.submit(body.dict(), request.user, idempotency_key=key)
    return Status(
        201 if created else 200,
        ReferralCreated(reference=referral.reference, status=referral.status, children=_children(referral)),
    )


@router.get("/{reference}", response=ReferralOut, summary="A request for help: status, rating, decision")
def get_referral(request, reference: str):
    return _out(_get(request, reference), request)


@router.post("/{reference}/triage", response=ReferralOut, summary="Rate a request (BRAG) with a rationale")
def triage_referral(request, reference: str, body: TriageIn):
    referral = _get(request, reference)
    services.triage(referral, request.user, body.brag, body.rationale)
    return _out(referral, request)


@router.post("/{reference}/decision", response=ReferralOut, summary="Decide a request, with the reason")
def decide_referral(request, reference: str, body: DecisionIn):
    referral = _get(request, reference)
    services.decide(referral, request.user, body.decision, body.reason, body.next_step)
    return _out(referral, request)
