"""The one need-to-know check's refusals answered over HTTP: opening a person's record from an API call
(access.services.open_person, refusals in the API's error shape), and the 403 page any domain's view shows when a
record may not be opened."""

from django.shortcuts import render
from ninja.errors import HttpError

from macp.access.models import AccessEvent, AccessRequest
from macp.access.services import AccessDenied, Opened, PersonNotFound, open_person
from macp.people.models import Person


def open_for_api(request, person_id) -> Opened:
    try:
        return open_person(request.user, person_id, route=request.path, channel=AccessEvent.Channel.API)
    except PersonNotFound:
        raise HttpError(404, "No person with that id.") from None
    except AccessDenied:
        raise HttpError(
            403, "No need-to-know basis for this person: ask for access or use break-glass in the web service."
        ) from None


def denied_response(request, person: Person, errors: dict | None = None, status: int = 403):
    """The 403 page for a person's record. It names no details of the person beyond what the user asked for."""
    pending = AccessRequest.objects.filter(
        user=request.user, person=person, status=AccessRequest.Status.PENDING
    ).first()
    errors = errors or {}
    error_list = [{"text": text, "href": f"#{field}"} for field, text in errors.items()]
    return render(
        request,
        "access/denied.html",
        {
            "person_id": person.pk,
            "pending": pending,
            "errors": errors,
            "error_list": error_list,
            "values": request.POST,
        },
        status=status,
    )
