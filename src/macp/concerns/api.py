"""GET /api/v1/people/{person_id}/alerts (CONTRACTS.md §5): an audited read of the person's record."""

import datetime as dt

from ninja import Field, Router, Schema
from ninja.errors import HttpError

from macp.access.models import AccessEvent
from macp.access.services import AccessDenied, PersonNotFound, open_person
from macp.concerns.services import alerts_for

router = Router(tags=["alerts"])


class EvidenceOut(Schema):
    source: str
    source_id: str


class AlertOut(Schema):
    id: int
    rule: str
    rule_version: int
    title: str
    reason: str
    evidence: list[EvidenceOut]
    raised_at: dt.datetime
    status: str = Field(description="open or acknowledged, for the caller's agency")
    acknowledged_by: str | None
    acknowledgement_note: str | None


@router.get("/{person_id}/alerts", response=list[AlertOut], summary="Alerts about a person or their household (audited)")
def person_alerts(request, person_id: str):
    try:
        opened = open_person(request.user, person_id, route=request.path, channel=AccessEvent.Channel.API)
    except PersonNotFound:
        raise HttpError(404, "No person with that id.") from None
    except AccessDenied:
        raise HttpError(403, "No need-to-know basis for this person.") from None
    return [
        AlertOut(id=a.pk, rule=a.rule.code, rule_version=a.rule.version, title=a.title, reason=a.reason, evidence=a.evidence,
                 raised_at=a.raised_at, status=a.status,
                 acknowledged_by=a.acknowledgement.user.username if a.acknowledgement else None,
                 acknowledgement_note=a.acknowledgement.note if a.acknowledgement else None)
        for a in alerts_for(opened.person, request.user)
    ]
