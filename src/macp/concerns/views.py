"""Acknowledging an alert: by a person with a note, from the child's page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from macp.access.http import denied_response
from macp.access.services import AccessDenied, open_person
from macp.accounts.models import Role
from macp.accounts.permissions import role_required
from macp.concerns.administration import RuleVersionForm, do_new_version
from macp.concerns.models import Alert, AlertRule
from macp.concerns.services import acknowledge as acknowledge_alert


@require_POST
def acknowledge(request, alert_id: int):
    alert = get_object_or_404(Alert.objects.select_related("person", "rule"), pk=alert_id)
    try:
        opened = open_person(request.user, alert.person_id, route=request.path)
    except AccessDenied:
        return denied_response(request, alert.person)
    try:
        acknowledge_alert(alert, request.user, request.POST.get("note", ""))
    except (ValueError, PermissionError) as error:
        alert.acknowledgement, alert.status = None, Alert.Status.OPEN
        return render(
            request,
            "concerns/acknowledge.html",
            {
                "alert": alert,
                "person": opened.person,
                "error": str(error),
                "error_list": [{"text": str(error), "href": f"#note-{alert.pk}"}],
            },
            status=400,
        )
    messages.success(request, "Alert acknowledged for your agency.")
    return redirect("people:detail", person_id=alert.person_id)


@role_required(Role.SYSTEM_ADMIN)
def rules(request):
    """Every version of every alert rule, newest first within each rule."""
    return render(request, "concerns/rules.html", {"rules": AlertRule.objects.order_by("code", "-version")})


@role_required(Role.SYSTEM_ADMIN)
def new_rule_version(request, code: str):
    import json

    current = AlertRule.objects.filter(code=code).order_by("-version").first()
    if current is None:
        from django.http import Http404

        raise Http404("No such rule")
    initial = {
        "title": current.title,
        "description": current.description,
        "source": current.source,
        "params": json.dumps(current.params, indent=2, sort_keys=True),
        "active": current.active,
    }
    form = RuleVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        rule = do_new_version(request.user, current, **form.cleaned_data)
        messages.success(request, f"Version {rule.version} of {rule.code} saved; version {current.version} is kept.")
        return redirect("concerns:rules")
    values = form.data if form.is_bound else initial
    return render(
        request,
        "concerns/rule_version.html",
        {"rule": current, "form": form, "values": values, "error_list": form.error_list() if form.is_bound else []},
        status=400 if form.is_bound and form.errors else 200,
    )
