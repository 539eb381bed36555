"""The chronology pages: a child's or a family's chronology as a table with filters, as a timeline, exported as DOCX
or CSV (exports are audited as exports), an entry added, and the analysis of an entry. Each opens the person through
access first (checked and audited)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from macp import documents
from macp.access.models import AccessEvent
from macp.access.services import AccessDenied, PersonNotFound, open_person
from macp.chronology import forms, services
from macp.core.problems import InvalidInput


def _open(request, person_id: str, channel=AccessEvent.Channel.PAGE):
    try:
        return open_person(request.user, person_id, route=request.path, channel=channel).person
    except PersonNotFound:
        raise Http404("No such person") from None
    except AccessDenied:
        raise PermissionDenied(
            "You do not have a need-to-know basis for this child. Ask for access from the child's page."
        ) from None


def _rows(request, person, family: bool):
    rows = services.entries(services.scope_for(person, family=family))
    form = forms.FilterForm(request.GET or None, facets=services.facets(rows))
    filters = services.Filters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = services.Filters(
            agency=d["agency"], type=d["type"], significance=d["significance"], start=d["start"], end=d["end"]
        )
    return services.apply(rows, filters), form, filters


def chronology(request, person_id: str, family: bool = False, timeline: bool = False):
    person = _open(request, person_id)
    rows, form, filters = _rows(request, person, family)
    return render(
        request,
        "chronology/timeline.html" if timeline else "chronology/chronology.html",
        {
            "person": person,
            "rows": rows,
            "form": form,
            "error_list": form.error_list() if form.is_bound else [],
            "family": family,
            "filters": filters,
            "query": request.GET.urlencode(),
            "unclear": sum(e.status != "confirmed" for e in rows),
        },
    )


def family(request, person_id: str):
    return chronology(request, person_id, family=True)


def timeline(request, person_id: str):
    return chronology(request, person_id, family=request.GET.get("family") == "1", timeline=True)


def _export(request, person_id: str, kind: str):
    person = _open(request, person_id, channel=AccessEvent.Channel.EXPORT)
    family_view = request.GET.get("family") == "1"
    rows, _, _ = _rows(request, person, family_view)
    # No name in the file name: download lists and attachments are seen by others.
    name = f"chronology-{timezone.localdate():%Y-%m-%d}-{str(person.pk)[:8]}.{kind}"
    if kind == "csv":
        response = HttpResponse(services.to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            documents.to_docx(services.document(person, rows, family=family_view, user=request.user)),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def export_csv(request, person_id: str):
    return _export(request, person_id, "csv")


def export_docx(request, person_id: str):
    return _export(request, person_id, "docx")


def add_entry(request, person_id: str):
    person = _open(request, person_id)
    form = forms.EntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.add_entry(
                person, request.user, d["occurred_at"], d["type"], d["summary"], d["significance"], d["status"]
            )
            return redirect("chronology:child", person_id=person.pk)
        except InvalidInput as refused:
            form.add_problems(refused.problems)
    return render(
        request,
        "chronology/form.html",
        {
            "person": person,
            "form": form,
            "error_list": form.error_list(),
            "title": "Add an entry to the chronology",
            "button": "Add entry",
        },
        status=400 if form.errors else 200,
    )


def analysis(request, person_id: str, entry_key: str):
    person = _open(request, person_id)
    entry = next((e for e in services.entries(services.scope_for(person)) if e.key == entry_key), None)
    if entry is None:
        raise Http404("No such entry in this chronology")
    form = forms.AnalysisForm(request.POST if request.method == "POST" else None, initial={"text": entry.analysis})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.write_analysis(person, request.user, entry_key, d["text"], d["significance"], d["status"])
            return redirect(
                reverse("chronology:child", kwargs={"person_id": person.pk}) + f"#entry-{entry_key.replace(':', '-')}"
            )
        except InvalidInput as refused:
            form.add_problems(refused.problems)
    return render(
        request,
        "chronology/form.html",
        {
            "person": person,
            "form": form,
            "error_list": form.error_list(),
            "entry": entry,
            "title": "Analysis of an entry",
            "button": "Save analysis",
        },
        status=400 if form.errors else 200,
    )
