"""A partner agency's notifications about children it works with; opening one records that it was read."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from macp.access.http import denied_response
from macp.access.services import AccessDenied, open_person
from macp.notifications.models import RecordNotification
from macp.notifications.services import mark_read, notifications_for


def index(request):
    if not request.user.agency_id:
        raise Http404("Notifications go to agencies")
    return render(
        request, "notifications/index.html", {"notifications": notifications_for(request.user.agency_id)[:200]}
    )


def detail(request, notification_id: int):
    notification = get_object_or_404(
        RecordNotification.objects.select_related("person", "event__agency"),
        pk=notification_id,
        agency_id=request.user.agency_id,
    )
    try:
        open_person(request.user, notification.person_id, route=request.path)
    except AccessDenied:
        return denied_response(request, notification.person)
    mark_read(notification, request.user)
    return render(request, "notifications/detail.html", {"notification": notification})
