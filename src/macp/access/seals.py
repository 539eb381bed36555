"""Sealing and verifying the read audit (issue #14 item 5): a hash chain over the access events.

Each seal covers the events after the previous seal, in id order, up to those written a minute ago (a younger
event may still belong to a transaction that has not committed, and PostgreSQL hands out ids before commit).
The digest is SHA-256 over the previous seal's digest and one canonical line per event, so changing, removing or
inserting an event inside a sealed run, or removing a seal, shows up in `verify`.
"""

import dataclasses
import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone

from macp.access.models import AccessEvent, AuditSeal

GENESIS = "0" * 64
SETTLE = dt.timedelta(minutes=1)
BATCH = 50_000
FIELDS = (
    "id",
    "at",
    "username",
    "agency_code",
    "person_id",
    "route",
    "channel",
    "basis",
    "allowed",
    "detail",
    "grant_id",
)


def _line(row: tuple) -> bytes:
    values = list(row)
    values[1] = values[1].astimezone(dt.UTC).isoformat(timespec="microseconds")
    return ("\x1f".join("" if v is None else str(v) for v in values) + "\n").encode()


def _digest(previous: str, rows) -> tuple[str, int]:
    hasher = hashlib.sha256(previous.encode())
    count = 0
    for row in rows:
        hasher.update(_line(row))
        count += 1
    return hasher.hexdigest(), count


def seal(now: dt.datetime | None = None, batch: int = BATCH) -> list[AuditSeal]:
    """Seal every settled event not yet sealed, `batch` events a seal. Returns the seals written."""
    now = now or timezone.now()
    written = []
    while True:
        with transaction.atomic():
            last = AuditSeal.objects.select_for_update().order_by("-last_event_id").first()
            after = last.last_event_id if last else 0
            previous = last.digest if last else GENESIS
            ids = list(
                AccessEvent.objects.filter(id__gt=after, at__lte=now - SETTLE)
                .order_by("id")
                .values_list("id", flat=True)[:batch]
            )
            if not ids:
                return written
            rows = AccessEvent.objects.filter(id__gt=after, id__lte=ids[-1]).order_by("id").values_list(*FIELDS)
            digest, count = _digest(previous, rows.iterator(chunk_size=5000))
            written.append(
                AuditSeal.objects.create(
                    sealed_at=now,
                    first_event_id=ids[0],
                    last_event_id=ids[-1],
                    count=count,
                    previous_digest=previous,
                    digest=digest,
                )
            )


@dataclasses.dataclass
class Verification:
    seals: int = 0
    events: int = 0
    unsealed: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify() -> Verification:
    """Recompute every seal from the events as they are now."""
    result = Verification()
    previous, after = GENESIS, 0
    for s in AuditSeal.objects.order_by("last_event_id").iterator():
        result.seals += 1
        if s.previous_digest != previous:
            result.problems.append(f"Seal {s.pk} does not follow the seal before it: a seal was removed or changed.")
        if s.first_event_id <= after:
            result.problems.append(f"Seal {s.pk} overlaps the seal before it.")
        rows = AccessEvent.objects.filter(id__gt=after, id__lte=s.last_event_id).order_by("id").values_list(*FIELDS)
        digest, count = _digest(s.previous_digest, rows.iterator(chunk_size=5000))
        result.events += count
        if digest != s.digest:
            what = f"{s.count - count} removed" if count < s.count else ("added" if count > s.count else "changed")
            result.problems.append(
                f"Seal {s.pk} (events {s.first_event_id}–{s.last_event_id}, sealed "
                f"{s.sealed_at:%Y-%m-%d %H:%M} UTC): the events do not match their seal ({what})."
            )
        previous, after = s.digest, s.last_event_id
    result.unsealed = AccessEvent.objects.filter(id__gt=after).count()
    return result
