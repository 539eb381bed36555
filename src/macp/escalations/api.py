"""Resolving professional differences (CONTRACTS.md §13)."""

import datetime as dt

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from macp.access.models import AccessEvent
from macp.access.services import basis_for, record_access
from macp.escalations import services
from macp.escalations.models import Escalation

router = Router(tags=["resolving professional differences"])


class About(Schema):
    kind: str
    id: int | str  # a discussion's number or a referral's reference


class EscalationIn(Schema):
    about: About
    child: str | None = None
    raised_by_agency: str = ""
    concern: str
    child_safe_now: str
    dissent: int | None = None


class RespondIn(Schema):
    outcome: str
    note: str = ""
    child_safe_now: str = ""
    learning: str = ""


class StepOut(Schema):
    stage: int
    kind: str
    child_safe_now: str | None
    note: str
    by_agency: str | None
    at: dt.datetime


class EscalationOut(Schema):
    id: int
    reference: str
    about: About
    child: str | None
    raised_by_agency: str
    decision_agency: str | None
    concern: str
    stage: int
    stage_title: str | None
    respond_by: dt.datetime | None
    status: str
    outcome: str | None
    learning: str | None
    history: list[StepOut]


def _out(escalation: Escalation) -> EscalationOut:
    stage = services.stage(escalation.stage)
    return EscalationOut(
        id=escalation.pk,
        reference=escalation.reference,
        about=About(kind=escalation.about_kind, id=escalation.about_id),
        child=str(escalation.child_id) if escalation.child_id else None,
        raised_by_agency=escalation.raised_by_agency.code,
        decision_agency=escalation.decision_agency.code if escalation.decision_agency else None,
        concern=escalation.concern,
        stage=escalation.stage,
        stage_title=stage.title if stage else None,
        respond_by=escalation.respond_by,
        status=escalation.status,
        outcome=escalation.outcome or None,
        learning=escalation.learning or None,
        history=[
            StepOut(
                stage=s.stage,
                kind=s.kind,
                child_safe_now=s.child_safe_now or None,
                note=s.note,
                by_agency=s.by_agency.code if s.by_agency else None,
                at=s.at,
            )
            for s in escalation.steps.select_related("by_agency")
        ],
    )


def _get(request, escalation_id: int) -> Escalation:
    escalation = (
        services.visible_escalations(request.user)
        .filter(pk=escalation_id)
        .select_related("raised_by_agency", "decision_agency")
        .first()
    )
    if escalation is None:
        raise HttpError(404, "No disagreement with that id that you can see.")
    if escalation.child_id:
        record_access(
            request.user,
            escalation.child_id,
            route=request.path,
            channel=AccessEvent.Channel.API,
            basis=basis_for(request.user, escalation.child)[0],
            detail=f"escalation {escalation.reference}",
        )
    return escalation


@router.post("", response={201: EscalationOut}, summary="Raise a disagreement about a decision")
def raise_escalation(request, body: EscalationIn):
    escalation = services.raise_escalation(
        request.user,
        kind=body.about.kind,
        ident=str(body.about.id),
        child_id=body.child,
        concern=body.concern,
        child_safe_now=body.child_safe_now,
        agency_code=body.raised_by_agency,
        dissent_id=body.dissent,
        route=request.path,
    )
    return Status(201, _out(escalation))


@router.get("", response=list[EscalationOut], summary="Disagreements you can see (open ones by default)")
def list_escalations(request, status: str = "open", local_authority: str | None = None):
    found = (
        services.visible_escalations(request.user)
        .filter(status=status)
        .select_related("raised_by_agency", "decision_agency")
    )
    if local_authority:
        found = found.filter(local_authority__code=local_authority)
    return [_out(e) for e in found[:200]]


@router.get("/{escalation_id}", response=EscalationOut, summary="A disagreement with its history")
def get_escalation(request, escalation_id: int):
    return _out(_get(request, escalation_id))


@router.post("/{escalation_id}/respond", response=EscalationOut, summary="Resolve it, or move it to the next stage")
def respond(request, escalation_id: int, body: RespondIn):
    escalation = _get(request, escalation_id)
    return _out(services.respond(request.user, escalation, body.outcome, body.note, body.child_safe_now, body.learning))
