"""The statutory returns page: the council's analyst or manager downloads Ofsted's Annex A workbook and the CIN
census for their own council (each download audited per child, as the commands are)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from macp.returns import annex_a, forms
from macp.returns.census import CensusYear, UnknownCouncil, census_xml, collect, council_for_census
from macp.returns.services import audit_return, council_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _council(request):
    council = council_of(request.user)
    if council is None:
        raise PermissionDenied("Statutory returns are for a council's analysts and managers.")
    return council


def _years() -> list[int]:
    this = CensusYear.containing(timezone.localdate()).year
    return [this, this - 1, this - 2]


def _page(request, council, annex_form=None, census_form=None, status=200):
    annex_form = annex_form or forms.AnnexAForm()
    census_form = census_form or forms.CensusForm(years=_years())
    errors = (annex_form.error_list() if annex_form.is_bound else []) + (
        census_form.error_list() if census_form.is_bound else []
    )
    return render(
        request,
        "returns/index.html",
        {"council": council, "form": None, "annex_form": annex_form, "census_form": census_form, "error_list": errors},
        status=status,
    )


def index(request):
    return _page(request, _council(request))


def annex_a_download(request):
    council = _council(request)
    form = forms.AnnexAForm(request.GET)
    if not form.is_valid():
        return _page(request, council, annex_form=form)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    annex = annex_a.collect(council, start, end)
    body = annex_a.workbook(annex)
    audit_return(
        request.user,
        action="annex_a",
        target=f"Annex A {start}..{end} for {council.code}",
        detail=", ".join(f"{k} {v}" for k, v in annex.counts().items()),
        person_ids=[str(p) for p in sorted(annex.people, key=str)],
        route=request.path,
    )
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="annex-a-{council.code}-{start}-{end}.xlsx"'
    return response


def census_download(request):
    council = _council(request)
    form = forms.CensusForm(request.GET, years=_years())
    if not form.is_valid():
        return _page(request, council, census_form=form)
    try:
        council, lea = council_for_census(council.code)
    except UnknownCouncil as exc:
        form.add_error("year", str(exc))
        return _page(request, council, census_form=form)
    year = form.cleaned_data["year"]
    census = collect(council, lea, CensusYear(year))
    body = census_xml(census)
    audit_return(
        request.user,
        action="cin_census",
        target=f"CIN census {year} for {council.code} ({lea})",
        detail=", ".join(f"{k} {v}" for k, v in census.counts().items()),
        person_ids=census.child_ids,
        route=request.path,
    )
    response = HttpResponse(body, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="cin-census-{lea}-{year}.xml"'
    return response
