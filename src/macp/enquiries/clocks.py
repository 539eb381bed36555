"""Statutory and agreed clocks, and how urgent each is today.

Statutory (Working Together to Safeguard Children 2023, ch. 4): the initial child protection conference within
15 working days of the strategy discussion that started the section 47 enquiry; the child and family assessment
within 45 working days of the referral; the first core group within 10 working days of the initial conference;
the first review conference within 3 months of the initial conference, then every 6 months.
"""

import dataclasses
import datetime as dt
from functools import lru_cache

from django.utils import timezone

from macp.core.working_days import add_working_days, working_days_between

ICPC_WORKING_DAYS = 15
ASSESSMENT_WORKING_DAYS = 45
CORE_GROUP_WORKING_DAYS = 10
FIRST_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
DUE_SOON_WORKING_DAYS = 2  # "due soon" on the worktray: within two working days


def icpc_due(strategy_held_on: dt.date) -> dt.date:
    return add_working_days(strategy_held_on, ICPC_WORKING_DAYS)


def assessment_due(referral_received_on: dt.date) -> dt.date:
    return add_working_days(referral_received_on, ASSESSMENT_WORKING_DAYS)


def core_group_due(conference_on: dt.date) -> dt.date:
    return add_working_days(conference_on, CORE_GROUP_WORKING_DAYS)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (31 August + 3 months = 30 November)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def review_due(conference_on: dt.date, kind: str) -> dt.date:
    return add_months(conference_on, FIRST_REVIEW_MONTHS if kind == "initial" else LATER_REVIEW_MONTHS)


@dataclasses.dataclass(frozen=True)
class Clock:
    due: dt.date | None
    state: str  # overdue, due_soon, due, none
    label: str

    @property
    def rank(self) -> tuple:
        order = {"overdue": 0, "due_soon": 1, "due": 2, "none": 3}[self.state]
        return (order, self.due or dt.date.max)


def clock(due: dt.date | dt.datetime | None, today: dt.date | None = None) -> Clock:
    if due is None:
        return Clock(None, "none", "No date")
    if isinstance(due, dt.datetime):
        due = timezone.localtime(due).date()
    return _clock(due, today or timezone.localdate())


@lru_cache(maxsize=4096)  # a worktray of 400 children has a few dozen distinct due dates
def _clock(due: dt.date, today: dt.date) -> Clock:
    if due < today:
        return Clock(due, "overdue", f"Overdue by {working_days_between(due, today)} working day(s)")
    if working_days_between(today, due) <= DUE_SOON_WORKING_DAYS:
        return Clock(
            due,
            "due_soon",
            "Due today" if due == today else f"Due in {working_days_between(today, due)} working day(s)",
        )
    return Clock(due, "due", f"Due in {working_days_between(today, due)} working days")
