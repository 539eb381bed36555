"""Acknowledging an alert: by a person with a note, from the child's page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from macp.access.services import AccessDenied, open_person
from macp.access.views import denied_response
from macp.concerns.models import Alert
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
        return render(request, "concerns/acknowledge.html",
                      {"alert": alert, "person": opened.person, "error": str(error),
                       "error_list": [{"text": str(error), "href": f"#note-{alert.pk}"}]}, status=400)
    messages.success(request, "Alert acknowledged for your agency.")
    return redirect("people:detail", person_id=alert.person_id)
