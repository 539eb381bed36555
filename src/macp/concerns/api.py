"""GET /api/v1/people/{person_id}/alerts (CONTRACTS.md §5): an audited read of the person's record."""

import datetime as dt

from ninja import Field, Router, Schema

from macp.access.http import open_for_api
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


@router.get(
    "/{person_id}/alerts", response=list[AlertOut], summary="Alerts about a person or their household (audited)"
)
def person_alerts(request, person_id: str):
    opened = open_for_api(request, person_id)
    return [
        AlertOut(
            id=a.pk,
            rule=a.rule.code,
            rule_version=a.rule.version,
            title=a.title,
            reason=a.reason,
            evidence=a.evidence,
            raised_at=a.raised_at,
            status=a.status,
            acknowledged_by=a.acknowledgement.user.username if a.acknowledgement else None,
            acknowledgement_note=a.acknowledgement.note if a.acknowledgement else None,
        )
        for a in alerts_for(opened.person, request.user)
    ]
