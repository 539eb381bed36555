"""The partnership's dashboards: every measure as a bar with its table, attendance by agency type, CSV downloads,
and each measure's page with its monthly trend and the records behind it (under need-to-know)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from macp.access.models import AccessEvent
from macp.accounts.models import LocalAuthority
from macp.core.problems import InvalidInput
from macp.quality import charts, services
from macp.quality.forms import FiltersForm
from macp.quality.measures import MEASURES, attendance_by_agency_type, compute
from macp.quality.models import FiguresRead

FILTER_KEYS = ("local_authority", "agency", "agency_type", "start-day", "start-month", "start-year", "end-day")
SHOW = {"not_met": "Not meeting the standard", "met": "Meeting the standard", "all": "All"}


def _require(request) -> None:
    if not services.may_see_figures(request.user):
        raise PermissionDenied("Your role does not include the partnership's figures.")


def _filters(request):
    """The filter form and the checked filters (None when the form has errors: the page shows them)."""
    user = request.user
    start, end = services.default_period()
    councils = services.councils_for(user)
    asked = any(key in request.GET for key in FILTER_KEYS)
    form = FiltersForm(
        request.GET if asked else None,
        councils=councils,
        initial={"local_authority": services.default_council(user), "start": start, "end": end},
    )
    if not asked:
        return form, services.check_filters(user, local_authority=services.default_council(user))
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        return form, services.check_filters(
            user,
            local_authority=data["local_authority"],
            agency=data["agency"],
            agency_type=data["agency_type"],
            start=data["start"],
            end=data["end"],
        )
    except InvalidInput as invalid:
        form.add_problems(invalid.problems, aliases={"from": "start", "to": "end"})
    except PermissionError as refused:
        raise PermissionDenied(str(refused)) from None
    return form, None


def _query(request) -> str:
    text = request.GET.copy()
    text.pop("show", None)
    encoded = text.urlencode()
    return f"?{encoded}" if encoded else ""


def dashboard(request):
    _require(request)
    form, filters = _filters(request)
    context = {"form": form, "error_list": form.error_list(), "filters": filters, "query": _query(request)}
    if filters is not None:
        services.log_read(request.user, filters, what="measures", channel=FiguresRead.Channel.PAGE, route=request.path)
        results = services.measures(filters)
        attendance = attendance_by_agency_type(filters)
        context.update(
            results=results,
            chart=charts.bars([{"label": r.measure.title, "value": r.value} for r in results]),
            attendance=attendance,
            attendance_chart=charts.bars(
                [{"label": row["label"], "value": row["value"]} for row in attendance],
                css="macp-quality-chart macp-quality-attendance",
            )
            if attendance
            else "",
            council_name=_council_name(filters),
        )
    return render(request, "quality/dashboard.html", context, status=400 if form.errors else 200)


def _council_name(filters) -> str:
    if not filters.local_authority:
        return "all councils"
    return LocalAuthority.objects.get(code=filters.local_authority).name


def dashboard_csv(request):
    _require(request)
    form, filters = _filters(request)
    if filters is None:
        raise Http404("Choose a council and period the figures can be given for.")
    services.log_read(request.user, filters, what="measures", channel=FiguresRead.Channel.EXPORT, route=request.path)
    response = HttpResponse(services.figures_csv(filters, services.measures(filters)), content_type="text/csv")
    name = f"measures-{filters.local_authority or 'all'}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _measure(code: str):
    if code not in MEASURES:
        raise Http404("No measure with that code.")
    return MEASURES[code]


def measure(request, code: str):
    _require(request)
    m = _measure(code)
    form, filters = _filters(request)
    show = request.GET.get("show", "not_met")
    if show not in SHOW:
        show = "not_met"
    context = {
        "measure": m,
        "form": form,
        "error_list": form.error_list(),
        "filters": filters,
        "query": _query(request),
        "show": show,
        "show_choices": SHOW,
    }
    if filters is not None:
        services.log_read(request.user, filters, what=code, channel=FiguresRead.Channel.PAGE, route=request.path)
        result = compute(code, filters)
        trend = services.trend(code, filters)
        context.update(
            result=result,
            trend=trend,
            trend_chart=charts.line([(row["month"], row["value"]) for row in trend]),
            drill=services.drill_down(
                request.user, result, show=show, route=request.path, channel=AccessEvent.Channel.PAGE
            ),
            council_name=_council_name(filters),
            dashboard_url=reverse("quality:dashboard") + _query(request),
        )
    return render(request, "quality/measure.html", context, status=400 if form.errors else 200)


def trend_csv(request, code: str):
    _require(request)
    _measure(code)
    form, filters = _filters(request)
    if filters is None:
        raise Http404("Choose a council and period the figures can be given for.")
    services.log_read(request.user, filters, what=code, channel=FiguresRead.Channel.EXPORT, route=request.path)
    response = HttpResponse(services.trend_csv(code, services.trend(code, filters)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{code}-by-month-{filters.end:%Y%m}.csv"'
    return response
