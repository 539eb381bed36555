"""BRAG response targets: the one place they are written.

South Gloucestershire "BRAG Rating & MASH Explained" (seed 004): Red — acute child protection, section 47,
4 hours; Amber — complex child in need, 1 working day; Green — vulnerable, early help, 3 working days;
Blue — no further action or universal services, no target. Working days exclude weekends and England and Wales
bank holidays (core.working_days).
"""

import datetime as dt

from macp.core.working_days import LONDON, add_working_days, add_working_days_at, is_working_day
from macp.referrals.models import Brag

RED_HOURS = 4
WORKING_DAYS = {Brag.AMBER: 1, Brag.GREEN: 3}


def response_due(brag: str, received_at: dt.datetime) -> dt.datetime | None:
    """Red runs on the clock, day or night. Amber and green count working days; a request received on a weekend
    or bank holiday starts its clock at 9am on the next working day."""
    if brag == Brag.RED:
        return received_at + dt.timedelta(hours=RED_HOURS)
    if brag in WORKING_DAYS:
        return add_working_days_at(clock_start(received_at), WORKING_DAYS[brag])
    return None


def next_working_day(day: dt.date) -> dt.date:
    return add_working_days(day, 1)


def clock_start(received_at: dt.datetime) -> dt.datetime:
    local = received_at.astimezone(LONDON)
    if is_working_day(local.date()):
        return received_at
    day = next_working_day(local.date())
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=LONDON).astimezone(dt.UTC)


def describe(brag: str) -> str:
    if brag == Brag.RED:
        return f"within {RED_HOURS} hours"
    if brag in WORKING_DAYS:
        days = WORKING_DAYS[brag]
        return f"within {days} working day{'s' if days != 1 else ''}"
    return "no response target"
