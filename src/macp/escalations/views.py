"""Pages for resolving professional differences: raise one (from a decision or a recorded dissent), read it with its
history, respond at each stage, and the partnership's list of open ones."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from macp.access.models import AccessEvent
from macp.access.services import basis_for, record_access
from macp.escalations import services
from macp.escalations.forms import RaiseForm, RespondForm


def index(request):
    """Open disagreements the user can see, soonest due first: for the partnership, all in its council area."""
    found = (
        services.visible_escalations(request.user)
        .filter(status="open")
        .select_related("raised_by_agency", "decision_agency")
        .order_by("respond_by")
    )
    return render(request, "escalations/index.html", {"escalations": found[:200], "stages": services.stages()})


def raise_new(request):
    if not request.user.agency_id:
        raise PermissionDenied("Disagreements are raised by a professional on behalf of their agency.")
    initial = {k: request.GET.get(k, "") for k in ("kind", "about_id", "child", "dissent")}
    form = RaiseForm(request.POST if request.method == "POST" else None, initial=initial)
    data = request.POST if request.method == "POST" else initial
    decision = services.find_decision(request.user, data.get("kind", ""), data.get("about_id", ""))
    if decision is None:
        raise Http404("No decision with that reference that you can see.")
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        escalation = form.attempt(
            lambda: services.raise_escalation(
                request.user,
                kind=c["kind"],
                ident=c["about_id"],
                child_id=c["child"] or None,
                concern=c["concern"],
                child_safe_now=c["child_safe_now"],
                dissent_id=c["dissent"],
                route=request.path,
            )
        )
        if escalation:
            return redirect("escalations:detail", escalation_id=escalation.pk)
    return render(
        request,
        "escalations/raise.html",
        {
            "form": form,
            "error_list": form.error_list(),
            "decision": decision,
            "prompts": services.PROMPTS,
            "first_stage": services.stage(1),
        },
        status=400 if form.errors else 200,
    )


def _escalation(request, escalation_id: int):
    escalation = (
        services.visible_escalations(request.user)
        .filter(pk=escalation_id)
        .select_related("raised_by_agency", "decision_agency", "child")
        .first()
    )
    if escalation is None:
        raise Http404("No disagreement with that id that you can see.")
    if escalation.child_id:
        record_access(
            request.user,
            escalation.child_id,
            route=request.path,
            channel=AccessEvent.Channel.PAGE,
            basis=basis_for(request.user, escalation.child)[0],
            detail=f"escalation {escalation.reference}",
        )
    return escalation


def _detail(request, escalation, form, status=200):
    decision = services.find_decision(request.user, escalation.about_kind, escalation.about_id)
    return render(
        request,
        "escalations/detail.html",
        {
            "e": escalation,
            "form": form,
            "error_list": form.error_list(),
            "stages": services.stages(),
            "current_stage": services.stage(escalation.stage),
            "next_stage": services.stage(escalation.stage + 1),
            "steps": escalation.steps.select_related("by_agency", "by"),
            "can_respond": services.is_party(request.user, escalation),
            "decision_url": reverse(decision.url_name, kwargs=decision.url_kwargs) if decision else None,
            "prompts": services.PROMPTS,
        },
        status=status,
    )


def detail(request, escalation_id: int):
    return _detail(request, _escalation(request, escalation_id), RespondForm())


@require_POST
def respond(request, escalation_id: int):
    escalation = _escalation(request, escalation_id)
    form = RespondForm(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        if form.attempt(
            lambda: services.respond(
                request.user, escalation, c["outcome"], c["note"], c["child_safe_now"], c["learning"]
            )
        ):
            return redirect("escalations:detail", escalation_id=escalation.pk)
    return _detail(request, escalation, form, status=400)
