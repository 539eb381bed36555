"""The data protection officer's view of the audit: find a person by name or date of birth, filter reads, group
the reads of one visit, and export them as CSV. Reading the audit is itself not a read of a child's record, but
names are shown only to the DPO role (views check it)."""

import csv
import dataclasses
import datetime as dt
import io

from django.utils import timezone

from macp.core.ids import is_uuid
from macp.people.models import Person
from macp.people.services import search_people

# Reads of one person by one user closer together than this are one visit (opening a record fires several reads:
# the page, its genogram, its chronology).
VISIT_GAP = dt.timedelta(minutes=10)
OUTCOMES = {"allowed": True, "refused": False}


@dataclasses.dataclass
class Visit:
    first: dt.datetime
    last: dt.datetime
    reads: int
    username: str
    agency_code: str
    person_id: str
    person_name: str
    allowed: bool
    basis: str
    channels: list[str]
    detail: str


def find_people(text: str, date_of_birth: dt.date | None, limit: int = 50) -> list[Person]:
    """People by name (any recorded name) and/or date of birth."""
    found = Person.objects.filter(merged_into__isnull=True)
    if date_of_birth:
        found = found.filter(date_of_birth=date_of_birth)
    if text:
        found = search_people(found, text)
    elif not date_of_birth:
        return []
    return list(found.order_by("family_name", "given_name")[:limit])


def filtered(events, *, since: dt.date | None = None, until: dt.date | None = None, outcome: str = ""):
    if since:
        events = events.filter(at__gte=_start_of(since))
    if until:
        events = events.filter(at__lt=_start_of(until + dt.timedelta(days=1)))
    if outcome in OUTCOMES:
        events = events.filter(allowed=OUTCOMES[outcome])
    return events.order_by("-at")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def names_for(person_ids) -> dict[str, str]:
    ids = {str(p) for p in person_ids if p}
    people = Person.objects.filter(pk__in=[p for p in ids if is_uuid(p)])
    return {str(p.pk): p.full_name or "Name not known" for p in people}


def visits(events) -> list[Visit]:
    """Events (newest first) grouped: consecutive reads of the same person by the same user, each within VISIT_GAP
    of the next, with the same outcome, are one visit with a count."""
    events = list(events)
    names = names_for(e.person_id for e in events)
    grouped: list[Visit] = []
    for event in events:
        last = grouped[-1] if grouped else None
        if (
            last
            and last.username == event.username
            and last.person_id == event.person_id
            and last.allowed == event.allowed
            and last.first - event.at <= VISIT_GAP
        ):
            last.first, last.reads = event.at, last.reads + 1
            if event.get_channel_display() not in last.channels:
                last.channels.append(event.get_channel_display())
            continue
        grouped.append(
            Visit(
                first=event.at,
                last=event.at,
                reads=1,
                username=event.username,
                agency_code=event.agency_code,
                person_id=event.person_id,
                person_name=names.get(event.person_id, "Not a known person"),
                allowed=event.allowed,
                basis=event.get_basis_display(),
                channels=[event.get_channel_display()],
                detail=event.detail,
            )
        )
    return grouped


CSV_COLUMNS = ["at", "username", "agency", "person_id", "person_name", "allowed", "basis", "channel", "route", "detail"]


def as_csv(events) -> str:
    """Every read (not grouped), oldest first, for the DPO's own records or a subject access request."""
    events = list(events)
    names = names_for(e.person_id for e in events)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in reversed(events):
        writer.writerow(
            [
                timezone.localtime(e.at).isoformat(),
                e.username,
                e.agency_code,
                e.person_id,
                names.get(e.person_id, ""),
                "yes" if e.allowed else "no",
                e.basis,
                e.channel,
                e.route,
                _safe(e.detail),
            ]
        )
    return out.getvalue()


def _safe(text: str) -> str:
    """No spreadsheet formula injection from free text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
