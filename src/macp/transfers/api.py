"""Transfers between councils and teams (CONTRACTS.md §11)."""

import datetime as dt

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from macp.access.models import AccessEvent
from macp.access.services import basis_for, record_access
from macp.core.problems import InvalidInput, Problem
from macp.transfers import services
from macp.transfers.models import Transfer

router = Router(tags=["transfers"])


class TransferIn(Schema):
    child: str
    to_local_authority: str
    kind: str
    reason: str = ""
    to_team: int | None = None


class AcceptIn(Schema):
    responsibility_from: dt.date | None = None


class DeclineIn(Schema):
    reason: str = ""


class StepOut(Schema):
    what: str
    by_agency: str | None
    at: dt.datetime


class LinkOut(Schema):
    title: str
    url: str


class TransferOut(Schema):
    id: int
    reference: str
    child: str
    kind: str
    from_local_authority: str
    to_local_authority: str
    to_team: str | None
    reason: str
    status: str
    responsibility_from: dt.date | None
    decline_reason: str | None
    conference_due: dt.date | None
    picture: list[LinkOut]
    history: list[StepOut]


def _out(transfer: Transfer) -> TransferOut:
    return TransferOut(
        id=transfer.pk,
        reference=transfer.reference,
        child=str(transfer.child_id),
        kind=transfer.kind,
        from_local_authority=transfer.from_local_authority.code,
        to_local_authority=transfer.to_local_authority.code,
        to_team=transfer.to_team.code if transfer.to_team_id else None,
        reason=transfer.reason,
        status=transfer.status,
        responsibility_from=transfer.responsibility_from,
        decline_reason=transfer.decline_reason or None,
        conference_due=transfer.conference_due,
        picture=[LinkOut(**item) for item in services.picture_for(transfer)],
        history=[
            StepOut(what=s.what, by_agency=s.by_agency.code if s.by_agency else None, at=s.at)
            for s in transfer.steps.select_related("by_agency")
        ],
    )


def _get(request, transfer_id: int) -> Transfer:
    transfer = services.visible_transfers(request.user).filter(pk=transfer_id).first()
    if transfer is None:
        raise HttpError(404, "No transfer with that id that you can see.")
    record_access(
        request.user,
        transfer.child_id,
        route=request.path,
        channel=AccessEvent.Channel.API,
        basis=basis_for(request.user, transfer.child)[0],
        detail=f"transfer {transfer.reference}",
    )
    return transfer


@router.post("", response={201: TransferOut}, summary="Propose a transfer (the sending council)")
def propose(request, body: TransferIn):
    transfer = services.propose(
        request.user,
        child_id=body.child,
        to_local_authority=body.to_local_authority,
        kind=body.kind,
        reason=body.reason,
        to_team=body.to_team,
        route=request.path,
    )
    return Status(201, _out(transfer))


@router.get("", response=list[TransferOut], summary="Transfers to or from your council")
def list_transfers(request, status: str | None = None):
    found = services.visible_transfers(request.user)
    if status:
        found = found.filter(status=status)
    return [_out(t) for t in found[:200]]


@router.get("/{transfer_id}", response=TransferOut, summary="A transfer with its history")
def get_transfer(request, transfer_id: int):
    return _out(_get(request, transfer_id))


@router.post("/{transfer_id}/accept", response=TransferOut, summary="Accept, with the date responsibility passes")
def accept(request, transfer_id: int, body: AcceptIn):
    transfer = _get(request, transfer_id)
    if body.responsibility_from is None:  # checked here too so that the refusal is 422 even before the role check
        raise InvalidInput(
            "Give the date your council takes responsibility.",
            [Problem(["body", "responsibility_from"], "Enter the date your council takes responsibility")],
        )
    return _out(services.accept(request.user, transfer, body.responsibility_from))


@router.post("/{transfer_id}/decline", response=TransferOut, summary="Decline, with the reason")
def decline(request, transfer_id: int, body: DeclineIn):
    return _out(services.decline(request.user, _get(request, transfer_id), body.reason))
