"""Proposing a time: the earliest slot before the target when every core agency has someone on duty, and fallbacks.

Availability is kept as duty slots per agency (DutySlot). A time works when each core agency invited (social care,
police, health) has a slot covering the whole meeting. The coordinator sees the proposal and the next few; they pick one or type a time.
"""

import dataclasses
import datetime as dt

from django.utils import timezone

from macp.strategy.calendar import MEETING_MINUTES
from macp.strategy.models import DutySlot, Invitation

FALLBACKS = 3
HORIZON_DAYS = 14  # look this far ahead for fallbacks after the target
STEP = dt.timedelta(minutes=15)  # times are offered on the quarter hour


@dataclasses.dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    within_target: bool


@dataclasses.dataclass(frozen=True)
class Proposal:
    slots: list[Slot]  # the first is the proposal, the rest fallbacks
    core_agencies: list  # the agencies whose availability decided it
    without_availability: list  # core agencies with no duty slots at all in the window


Interval = tuple[dt.datetime, dt.datetime]


def _union(intervals: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _round_up(moment: dt.datetime) -> dt.datetime:
    moment = moment.replace(second=0, microsecond=0)
    extra = moment.minute % 15
    return moment + dt.timedelta(minutes=15 - extra) if extra else moment


def common_windows(availability: list[list[Interval]]) -> list[Interval]:
    """When everyone is available: the intersection of each agency's duty time."""
    if not availability:
        return []
    windows = _union(availability[0])
    for other in availability[1:]:
        windows = _intersect(windows, _union(other))
    return windows


def propose(discussion, now: dt.datetime | None = None, *, fallbacks: int = FALLBACKS) -> Proposal:
    now = now or timezone.now()
    target = discussion.target_at or now + dt.timedelta(days=1)
    horizon = max(target, now) + dt.timedelta(days=HORIZON_DAYS)
    # The core agencies (social care, police, health) decide the time; other required invitees (the named children's
    # GPs and schools) are invited to it but rarely keep duty rotas, and would otherwise block every proposal.
    core = sorted(
        {
            i.agency
            for i in discussion.invitations.filter(role="core")
            .exclude(status=Invitation.Status.REMOVED)
            .select_related("agency")
        },
        key=lambda a: a.name,
    )
    length = dt.timedelta(minutes=MEETING_MINUTES)
    slots_by_agency = {a.pk: [] for a in core}
    for slot in DutySlot.objects.filter(agency__in=core, ends_at__gt=now, starts_at__lt=horizon):
        slots_by_agency[slot.agency_id].append((max(slot.starts_at, now), slot.ends_at))
    missing = [a for a in core if not slots_by_agency[a.pk]]
    if not core or missing:
        return Proposal([], core, missing)
    found: list[Slot] = []
    for start, end in common_windows(list(slots_by_agency.values())):
        # One offer per common window, and more within a long window, an hour apart: fallbacks are real choices.
        at = _round_up(start)
        while at + length <= end and len(found) < fallbacks + 1:
            found.append(Slot(at, at + length, at <= target))
            at += max(length, STEP)
        if len(found) >= fallbacks + 1:
            break
    return Proposal(found, core, [])
