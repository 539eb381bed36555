"""The calendar invitation (.ics, RFC 5545) sent with a booked strategy discussion.

The summary and description name no child: calendars are shared with assistants and shown on lock screens. The UID
is stable per discussion, so a re-booking (a higher SEQUENCE) moves the meeting in invitees' calendars instead of
adding a second one.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

MEETING_MINUTES = 60


def uid(discussion) -> str:
    return f"strategy-discussion-{discussion.pk}@macp"


def summary(discussion) -> str:
    return f"Strategy discussion SD-{discussion.pk}"


def invitation(discussion, *, attendee_email: str = "", respond_url: str = "", now: dt.datetime | None = None) -> bytes:
    """METHOD:REQUEST with one VEVENT, times in UTC."""
    starts = discussion.scheduled_for.astimezone(dt.UTC)
    cal = Calendar()
    cal.add("prodid", "-//macp//strategy discussions//EN")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", uid(discussion))
    event.add("sequence", discussion.invitation_sequence)
    event.add("dtstamp", (now or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", starts)
    event.add("dtend", starts + dt.timedelta(minutes=MEETING_MINUTES))
    event.add("summary", summary(discussion))
    words = [
        "A multi-agency strategy discussion your agency is invited to.",
        "Sign in to macp to read the agenda, share your agency's information and accept, decline or name a delegate.",
    ]
    if respond_url:
        words.append(respond_url)
    event.add("description", "\n".join(words))
    if discussion.meeting_link:
        event.add("location", discussion.meeting_link)
        event.add("url", discussion.meeting_link)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText("macp strategy coordinators")
    event["organizer"] = organizer
    if attendee_email:
        attendee = vCalAddress(f"mailto:{attendee_email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("FALSE")  # replies come through macp, where they are recorded
        event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    return cal.to_ical()
