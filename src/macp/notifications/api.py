"""GET /api/v1/flags: record flags for the caller's agency (a strategy discussion or s47 about a child it works
with; Operation Encompass notices)."""

import datetime as dt

from ninja import Router, Schema

from macp.notifications.services import notifications_for

router = Router(tags=["flags"])


class FlagOut(Schema):
    id: int
    person_id: str
    kind: str
    message: str
    sent_at: dt.datetime
    read_at: dt.datetime | None


@router.get("", response=list[FlagOut], summary="Flags and notifications for your agency")
def flags(request):
    if not request.user.agency_id:
        return []
    return [
        FlagOut(
            id=n.pk, person_id=str(n.person_id), kind=n.kind, message=n.message, sent_at=n.sent_at, read_at=n.read_at
        )
        for n in notifications_for(request.user.agency_id)[:500]
    ]
