"""Out-of-hours (EDT) records and handover (CONTRACTS.md §12)."""

import datetime as dt

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from macp.access.models import AccessEvent
from macp.outofhours import services
from macp.outofhours.models import OutOfHoursRecord

router = Router(tags=["out of hours"])


class RecordIn(Schema):
    children: list[str]
    local_authority: str
    occurred_at: dt.datetime
    summary: str = ""
    actions_taken: str = ""
    follow_up: str = ""
    telephone_strategy: str = ""


class AcknowledgeIn(Schema):
    note: str = ""


class RecordOut(Schema):
    id: int
    reference: str
    children: list[str]
    local_authority: str
    occurred_at: dt.datetime
    summary: str
    actions_taken: str
    follow_up: str
    telephone_strategy: str | None
    recorded_by: str
    recorded_at: dt.datetime
    handover_due: dt.datetime
    status: str
    acknowledged_by: str | None
    acknowledged_at: dt.datetime | None
    note: str | None


def _out(item: OutOfHoursRecord) -> RecordOut:
    return RecordOut(
        id=item.pk,
        reference=item.reference,
        children=[str(c.pk) for c in item.children.all()],
        local_authority=item.local_authority.code,
        occurred_at=item.occurred_at,
        summary=item.summary,
        actions_taken=item.actions_taken,
        follow_up=item.follow_up,
        telephone_strategy=item.telephone_strategy or None,
        recorded_by=item.recorded_by.display_name,
        recorded_at=item.recorded_at,
        handover_due=item.handover_due,
        status=item.status,
        acknowledged_by=item.acknowledged_by.display_name if item.acknowledged_by else None,
        acknowledged_at=item.acknowledged_at,
        note=item.acknowledgement_note or None,
    )


def _get(request, record_id: int) -> OutOfHoursRecord:
    item = services.visible_records(request.user).filter(pk=record_id).first()
    if item is None:
        raise HttpError(404, "No out-of-hours record with that id that you can see.")
    services.audit_children(request.user, item, route=request.path, channel=AccessEvent.Channel.API)
    return item


@router.post("", response={201: RecordOut}, summary="Record out-of-hours work (EDT) for the day team")
def create_record(request, body: RecordIn):
    item = services.record(
        request.user,
        children=body.children,
        local_authority=body.local_authority,
        occurred_at=body.occurred_at,
        summary=body.summary,
        actions_taken=body.actions_taken,
        follow_up=body.follow_up,
        telephone_strategy=body.telephone_strategy,
        route=request.path,
    )
    return Status(201, _out(item))


@router.get("", response=list[RecordOut], summary="The day team's queue (or the EDT's own records)")
def list_records(request, local_authority: str | None = None, status: str | None = None):
    items = list(services.queue(request.user, local_authority, status)[:200])
    for item in items:
        services.audit_children(request.user, item, route=request.get_full_path(), channel=AccessEvent.Channel.API)
    return [_out(item) for item in items]


@router.get("/{record_id}", response=RecordOut, summary="One out-of-hours record")
def get_record(request, record_id: int):
    return _out(_get(request, record_id))


@router.post("/{record_id}/acknowledge", response=RecordOut, summary="The day team picks the handover up")
def acknowledge(request, record_id: int, body: AcknowledgeIn):
    return _out(services.acknowledge(request.user, _get(request, record_id), body.note))
