"""Self-assessment pages: the frameworks and the gradings a user can see, one year's grading (one form), and the
year-on-year comparison (table and chart)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from macp.frameworks import services
from macp.frameworks.forms import GradingForm
from macp.frameworks.models import Assessment, Framework


def _framework(code: str) -> Framework:
    framework = Framework.objects.filter(code=code).first()
    if framework is None:
        raise Http404("No such framework.")
    return framework


def _holder(request, key: str, *, grade: bool = False) -> services.Holder:
    holder = services.holder_from_key(key)
    if holder is None:
        raise Http404("No such agency or partnership.")
    allowed = services.may_grade(request.user, holder) if grade else services.may_view(request.user, holder)
    if not allowed:
        raise PermissionDenied("This self-assessment is not yours to see or grade.")
    return holder


def index(request):
    frameworks = list(Framework.objects.prefetch_related("components"))
    holders = services.holders_for(request.user)
    years = {
        (a.framework_id, a.agency_id, a.local_authority_id): a
        for a in Assessment.objects.filter(year=services.assessment_year())
    }
    rows = [
        {
            "framework": f,
            "holder": h,
            "may_grade": services.may_grade(request.user, h),
            "this_year": years.get(
                (f.pk, h.agency.pk if h.agency else None, h.local_authority.pk if h.local_authority else None)
            ),
        }
        for f in frameworks
        for h in holders
    ]
    return render(
        request,
        "frameworks/index.html",
        {"frameworks": frameworks, "rows": rows, "year": services.assessment_year(), "year_label": services.year_label},
    )


def grade(request, code: str, holder: str, year: int):
    framework = _framework(code)
    who = _holder(request, holder, grade=True)
    components = list(framework.components.all())
    existing = Assessment.objects.filter(framework=framework, year=year, **who.filter()).first()
    initial = {}
    if existing:
        for r in existing.ratings.all():
            initial |= {
                f"level_{r.component_id}": str(r.level),
                f"evidence_{r.component_id}": r.evidence,
                f"actions_{r.component_id}": r.actions,
            }
    else:
        # Start from last year's evidence and actions, to be brought up to date (grades are chosen afresh).
        last = Assessment.objects.filter(framework=framework, year=year - 1, **who.filter()).first()
        for r in last.ratings.all() if last else ():
            initial |= {f"evidence_{r.component_id}": r.evidence, f"actions_{r.component_id}": r.actions}
    form = GradingForm(
        request.POST if request.method == "POST" else None, framework=framework, components=components, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = form.attempt(lambda: services.record_grading(request.user, framework, who, year, form.ratings()))
        if saved:
            messages.success(request, f"{framework.name}: {who.name}'s grading for {services.year_label(year)} saved.")
            return redirect("frameworks:compare", code=framework.code, holder=who.key)
    groups = []
    for c in components:
        if not groups or groups[-1]["name"] != c.group:
            groups.append({"name": c.group, "components": []})
        groups[-1]["components"].append(c)
    return render(
        request,
        "frameworks/grade.html",
        {
            "form": form,
            "error_list": form.error_list(),
            "framework": framework,
            "holder": who,
            "year": year,
            "year_label": services.year_label(year),
            "groups": groups,
            "carried": existing is None and bool(initial),
            "level_items": [{"value": str(x["value"]), "text": x["label"]} for x in framework.levels],
        },
        status=400 if form.errors else 200,
    )


def compare(request, code: str, holder: str):
    framework = _framework(code)
    who = _holder(request, holder)
    by_year = services.ratings_by_year(framework, who)
    components = list(framework.components.all())
    rows = [{"component": c, "cells": [by_year[y].get(c.pk) for y in by_year]} for c in components]
    return render(
        request,
        "frameworks/compare.html",
        {
            "framework": framework,
            "holder": who,
            "years": [services.year_label(y) for y in by_year],
            "rows": rows,
            "chart": services.comparison_chart(framework, by_year) if by_year else None,
            "may_grade": services.may_grade(request.user, who),
            "this_year": services.assessment_year(),
            "this_year_label": services.year_label(services.assessment_year()),
            "latest": by_year[list(by_year)[-1]] if by_year else {},
        },
    )
