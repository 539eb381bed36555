"""Opening a person's record from an API call: the one need-to-know check and audit (access.services.open_person),
its refusals answered in the API's error shape."""

from ninja.errors import HttpError

from macp.access.models import AccessEvent
from macp.access.services import AccessDenied, Opened, PersonNotFound, open_person


def open_for_api(request, person_id) -> Opened:
    try:
        return open_person(request.user, person_id, route=request.path, channel=AccessEvent.Channel.API)
    except PersonNotFound:
        raise HttpError(404, "No person with that id.") from None
    except AccessDenied:
        raise HttpError(
            403, "No need-to-know basis for this person: ask for access or use break-glass in the web service."
        ) from None
