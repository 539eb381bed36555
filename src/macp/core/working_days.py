"""Working-day arithmetic: the one place that knows weekends and England and Wales bank holidays.

Statutory timescales (Working Together to Safeguard Children 2023): a referral decision within 1 working day,
an initial child protection conference within 15 working days of the strategy discussion, a child and family
assessment within 45 working days of referral. Bank holidays come from the `holidays` package (subdivision ENG;
Wales shares England's list).
"""

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def add_working_days_at(moment: dt.datetime, days: int) -> dt.datetime:
    """The same London clock time `days` working days after `moment` (a Friday 3pm referral with a 1-working-day
    target is due at 3pm on Monday, or Tuesday after a bank holiday)."""
    local = moment.astimezone(LONDON)
    day = add_working_days(local.date(), days)
    return dt.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=LONDON).astimezone(dt.UTC)
