"""POST /api/v1/recording-check (CONTRACTS.md §10) and the tools completed for a child (an audited read)."""

import datetime as dt

from ninja import Router, Schema
from ninja.errors import HttpError

from macp.access.http import open_for_api
from macp.accounts.models import Role
from macp.tools import services

router = Router(tags=["recording check"])
people_router = Router(tags=["practice tools"])


class CheckIn(Schema):
    text: str
    about: str | None = None


class FindingOut(Schema):
    start: int
    end: int
    text: str
    category: str
    why: str
    suggestion: str
    rule: str


class CheckOut(Schema):
    findings: list[FindingOut]


def _open(request, person_id: str):
    return open_for_api(request, person_id).person


@router.post("", response=CheckOut, summary="Check recording language about a child")
def recording_check(request, body: CheckIn):
    """Advises only. `about` (a person_id) gives the child's age; reading it is an audited read of the record."""
    about = _open(request, body.about) if body.about else None
    return CheckOut(findings=[FindingOut(**f.as_dict()) for f in services.recording_findings(body.text, about)])


class DismissalCountOut(Schema):
    rule: str
    category: str
    count: int


@router.get(
    "/dismissals", response=list[DismissalCountOut], summary="How often writers kept wording the check advised against"
)
def dismissals(request):
    """Counts only (no text, no child): for the partnership's view of which rules writers disagree with."""
    if not request.user.has_role(Role.PARTNERSHIP_ANALYST, Role.SYSTEM_ADMIN):
        raise HttpError(403, "Dismissal counts are for partnership analysts.")
    return [DismissalCountOut(**row) for row in services.dismissal_counts()]


class ScoreOut(Schema):
    domain: str
    score: int


class CompletionOut(Schema):
    id: int
    tool: str
    tool_version: int
    completed_on: dt.date
    agency: str
    overall_score: int
    band: str
    scores: list[ScoreOut]


@people_router.get(
    "/{person_id}/tool-completions",
    response=list[CompletionOut],
    summary="Practice tools completed for a child (audited)",
)
def tool_completions(request, person_id: str):
    child = _open(request, person_id)
    return [
        CompletionOut(
            id=c.pk,
            tool=c.tool.code,
            tool_version=c.tool.version,
            completed_on=c.completed_on,
            agency=c.agency.code,
            overall_score=c.overall_score,
            band=c.band,
            scores=[ScoreOut(domain=s.domain, score=s.score) for s in c.scores.all()],
        )
        for c in services.completions_for(child)
    ]
