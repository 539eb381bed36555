"""The partnership's measures as figures (CONTRACTS.md §14): counts only, never a child; every call logged."""

import datetime as dt

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from macp.quality import services
from macp.quality.models import FiguresRead

router = Router(tags=["quality"])


class MeasuresQuery(Schema):
    local_authority: str = ""
    agency: str = ""
    agency_type: str = ""
    # `from` is a Python keyword: the query parameter is "from", the attribute start.
    start: dt.date | None = Field(None, alias="from")
    end: dt.date | None = Field(None, alias="to")


class MeasureOut(Schema):
    code: str
    title: str
    numerator: int
    denominator: int
    value: float | None
    description: str
    source: str
    counts: str
    higher_is_better: bool
    by_agency: str | None
    statistic: str | None
    median_hours: float | None


@router.get(
    "/measures",
    response=list[MeasureOut],
    summary="The partnership's measures for a council, agency and period (counts only)",
)
def list_measures(request, query: Query[MeasuresQuery]):
    """`value` is numerator / denominator, or null when nothing was counted. `from` and `to` are dates (both
    included; the last 12 months by default). `agency` or `agency_type` narrow the measures that are by agency
    (`by_agency` says what the filter selects; null where it does not apply)."""
    if not services.may_see_figures(request.user):
        raise HttpError(403, "Your role does not include the partnership's figures.")
    filters = services.check_filters(
        request.user,
        local_authority=query.local_authority,
        agency=query.agency,
        agency_type=query.agency_type,
        start=query.start,
        end=query.end,
    )
    services.log_read(request.user, filters, what="measures", channel=FiguresRead.Channel.API, route=request.path)
    return [
        MeasureOut(
            code=r.measure.code,
            title=r.measure.title,
            numerator=r.numerator,
            denominator=r.denominator,
            value=r.value,
            description=r.measure.rule,
            source=r.measure.source,
            counts=r.measure.counts,
            higher_is_better=r.measure.higher_is_better,
            by_agency=r.measure.agency_means or None,
            statistic=r.measure.statistic or None,
            median_hours=r.median_hours,
        )
        for r in services.measures(filters)
    ]
