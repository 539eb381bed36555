"""Who may see the partnership's figures and for which councils; the figures for a choice of council, agency and
period; the drill-down from a measure to its records under need-to-know; the log of who looked; CSV.

Need-to-know (PRODUCT.md; decision 0006): everybody allowed here sees counts. A row naming a record about a child is
listed only when macp.access says the user may open every child on it, and each child on a listed row is an audited
read. Analysts, the DPO and administrators do no casework, so they see counts and a sentence saying why the list is
empty (issue 13: "the analyst sees counts, and the list only of what they may open")."""

import csv
import dataclasses
import datetime as dt
import io

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from macp.access.models import AccessEvent
from macp.access.services import decide, does_casework, record_access
from macp.accounts.models import Agency, AgencyType, LocalAuthority, Role
from macp.core.problems import InvalidInput, Problem
from macp.people.models import Person
from macp.quality.measures import MEASURES, Filters, Result, compute, monthly
from macp.quality.models import FiguresRead

# Who sees the figures: the partnership's analysts and auditors, the DPO (counts only, as for the audit), and the
# managers and chairs who answer for practice. Practitioners see their own work in their worktray instead.
QUALITY_ROLES = (
    Role.PARTNERSHIP_ANALYST,
    Role.DPO,
    Role.TEAM_MANAGER,
    Role.FRONT_DOOR_MANAGER,
    Role.STRATEGY_COORDINATOR,
    Role.CHAIR,
)
TREND_MONTHS = 12
DRILL_LIMIT = 500


def may_see_figures(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_role(*QUALITY_ROLES))


def councils_for(user):
    """The councils whose figures the user may see: their agency's council; every council for an agency that serves
    several (a police force, an NHS trust) or for an account without an agency."""
    agency = user.agency if user.agency_id else None
    if agency is not None and agency.local_authority_id:
        return LocalAuthority.objects.filter(pk=agency.local_authority_id)
    return LocalAuthority.objects.all()


def default_council(user) -> str:
    agency = user.agency if user.agency_id else None
    return agency.local_authority.code if agency is not None and agency.local_authority_id else ""


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last 12 months up to today."""
    today = today or timezone.localdate()
    return _months_back(today.replace(day=1), TREND_MONTHS - 1), today


def _months_back(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def check_filters(
    user, *, local_authority: str = "", agency: str = "", agency_type: str = "", start=None, end=None
) -> Filters:
    """The filters as asked for, checked: InvalidInput (422) for a council, agency or type that does not exist or
    a period that ends before it starts; PermissionError (403) for a council the user may not see."""
    problems = []
    local_authority, agency, agency_type = (local_authority or "").strip(), (agency or "").strip(), agency_type or ""
    default_start, default_end = default_period()
    start, end = start or default_start, end or default_end
    if local_authority and not LocalAuthority.objects.filter(code=local_authority).exists():
        problems.append(Problem(["query", "local_authority"], "No council with that code"))
    if agency and not Agency.objects.filter(code=agency).exists():
        problems.append(Problem(["query", "agency"], "No agency with that code"))
    if agency_type and agency_type not in AgencyType.values:
        problems.append(Problem(["query", "agency_type"], "No agency type with that code"))
    if end < start:
        problems.append(Problem(["query", "to"], "The end of the period must be on or after its start"))
    if problems:
        raise InvalidInput("The figures cannot be given for that choice: see errors.", problems)
    allowed = councils_for(user)
    if local_authority and not allowed.filter(code=local_authority).exists():
        raise PermissionError("You may see the figures of your own council only.")
    if not local_authority and allowed.count() == 1:
        local_authority = allowed.get().code  # a council's staff see their council's figures
    return Filters(start=start, end=end, local_authority=local_authority, agency=agency, agency_type=agency_type)


def log_read(user, filters: Filters, *, what: str, channel: str, route: str) -> FiguresRead:
    return FiguresRead.objects.create(
        at=timezone.now(),
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "anonymous",
        channel=channel,
        route=route[:300],
        what=what[:100],
        filters=filters.as_dict(),
    )


def measures(filters: Filters) -> list[Result]:
    return [compute(code, filters) for code in MEASURES]


def trend(code: str, filters: Filters) -> list[dict]:
    """The measure month by month over the 12 months ending with the period's last month (same council and agency)."""
    last = filters.end.replace(day=1)
    months = [_months_back(last, n) for n in range(TREND_MONTHS - 1, -1, -1)]
    month_end = _months_back(last, -1) - dt.timedelta(days=1)
    window = dataclasses.replace(filters, start=months[0], end=month_end)
    return monthly(compute(code, window), months)


# ---- the drill-down ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Row:
    ref: str
    on: dt.date
    met: bool
    detail: str
    children: list[dict]  # {"id", "name"}
    link: str


@dataclasses.dataclass
class DrillDown:
    rows: list[Row]
    hidden: int  # cases not listed because the user may not open a child on them
    why_hidden: str


def _link(case) -> str:
    if not case.link:
        return ""
    try:
        return reverse(case.link[0], kwargs=case.link[1])
    except NoReverseMatch:
        return ""


def drill_down(user, result: Result, *, show: str, route: str, channel: str = AccessEvent.Channel.PAGE) -> DrillDown:
    """The cases of a result the user may see as rows (`show`: "not_met", "met" or "all"), with the children's
    names. A case is listed only when the user may open every child on it (macp.access.decide); each child on a
    listed row is audited as a read. Nothing about the cases that are not listed is shown but their number."""
    wanted = [c for c in result.cases if show == "all" or c.met == (show == "met")]
    if not does_casework(user):
        return DrillDown(
            [],
            len(wanted),
            "Your role sees the partnership's figures, not children's records: the records behind a figure are listed "
            "only for people with a need to know about those children.",
        )
    ids = {pk for case in wanted for pk in case.children}
    people = {str(p.pk): p for p in Person.objects.filter(pk__in=ids)}
    decisions = {pk: decide(user, person) for pk, person in people.items()}
    rows, hidden = [], 0
    for case in wanted:
        if len(rows) >= DRILL_LIMIT or not all(pk in decisions and decisions[pk].allowed for pk in case.children):
            hidden += 1
            continue
        for pk in case.children:
            decision = decisions[pk]
            record_access(
                user,
                pk,
                route=route,
                channel=channel,
                basis=decision.basis,
                detail=f"quality drill-down {result.measure.code} {case.ref}"[:300],
                grant_id=decision.grant.pk if decision.grant else None,
            )
        rows.append(
            Row(
                ref=case.ref,
                on=case.on,
                met=case.met,
                detail=case.detail,
                children=[{"id": pk, "name": people[pk].full_name} for pk in case.children],
                link=_link(case),
            )
        )
    why = (
        "They are about children you have no need-to-know basis for, so only their number is shown."
        if hidden and len(rows) < DRILL_LIMIT
        else f"Only the first {DRILL_LIMIT} are listed."
        if hidden
        else ""
    )
    return DrillDown(rows, hidden, why)


# ---- CSV ------------------------------------------------------------------------------------------------------------


def _cell(value) -> str:
    """A spreadsheet never runs a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def figures_csv(filters: Filters, results: list[Result]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "code",
            "title",
            "numerator",
            "denominator",
            "value",
            "median_hours",
            "higher_is_better",
            "local_authority",
            "agency",
            "agency_type",
            "from",
            "to",
        ]
    )
    for r in results:
        applies = not filters.by_agency or bool(r.measure.agency_means)
        writer.writerow(
            [
                _cell(v)
                for v in (
                    r.measure.code,
                    r.measure.title,
                    r.numerator,
                    r.denominator,
                    "" if r.value is None else f"{r.value:.4f}",
                    "" if r.median_hours is None else r.median_hours,
                    "yes" if r.measure.higher_is_better else "no",
                    filters.local_authority or "all",
                    (filters.agency or "all") if applies else "not by agency",
                    (filters.agency_type or "all") if applies else "not by agency",
                    filters.start.isoformat(),
                    filters.end.isoformat(),
                )
            ]
        )
    return out.getvalue()


def trend_csv(code: str, rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "month", "numerator", "denominator", "value"])
    for row in rows:
        value = "" if row["value"] is None else f"{row['value']:.4f}"
        writer.writerow([code, row["month"].strftime("%Y-%m"), row["numerator"], row["denominator"], value])
    return out.getvalue()
