"""GET and POST /api/v1/people/{person_id}/chronology (CONTRACTS.md §9). Both open the person through access (checked
and audited)."""

import datetime as dt
from typing import Literal

from ninja import Router, Schema, Status

from macp.access.http import open_for_api
from macp.chronology import services

router = Router(tags=["chronology"])


class EntryOut(Schema):
    id: str
    occurred_at: dt.datetime
    source: str
    type: str
    summary: str
    significance: Literal["high", "medium", "low"] | None
    recorded_by: str
    status: Literal["confirmed", "unclear", "outstanding"]
    analysis: str
    about: list[str]


class EntryIn(Schema):
    occurred_at: dt.datetime
    type: str
    summary: str
    significance: Literal["high", "medium", "low"] | None = None
    status: Literal["confirmed", "unclear", "outstanding"] = "confirmed"


def _open(request, person_id: str):
    return open_for_api(request, person_id).person


def _out(e) -> EntryOut:
    return EntryOut(
        id=e.key,
        occurred_at=e.occurred_at,
        source=e.source,
        type=e.type,
        summary=e.summary,
        significance=e.significance,
        recorded_by=e.recorded_by,
        status=e.status,
        analysis=e.analysis,
        about=[str(p) for p in e.about],
    )


@router.get("/{person_id}/chronology", response=list[EntryOut], summary="A child's chronology, oldest first (audited)")
def get_chronology(request, person_id: str, family: bool = False):
    person = _open(request, person_id)
    return [_out(e) for e in services.entries(services.scope_for(person, family=family))]


@router.post(
    "/{person_id}/chronology", response={201: EntryOut}, summary="Add an entry (the caller's agency is its source)"
)
def add_entry(request, person_id: str, body: EntryIn):
    person = _open(request, person_id)
    entry = services.add_entry(
        person, request.user, body.occurred_at, body.type, body.summary, body.significance, body.status
    )
    added = next(e for e in services.entries(services.scope_for(person)) if e.key == f"entry:{entry.pk}")
    return Status(201, _out(added))
