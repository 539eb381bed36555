"""Handover due times (CONTRACTS.md §12): 09:00 Europe/London on the next working day, across weekends, England
and Wales bank holidays and both clock changes; and the alert to team managers when nobody picks one up."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from macp.outofhours.services import handover_due

LONDON = ZoneInfo("Europe/London")


def at(*args):
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("recorded", "due"),
    [
        (at(2026, 11, 24, 2, 0), at(2026, 11, 24, 9, 0)),  # Tuesday night shift: the same morning
        (at(2026, 11, 24, 9, 0), at(2026, 11, 25, 9, 0)),  # exactly 09:00: the day team has started, so tomorrow
        (at(2026, 11, 24, 19, 30), at(2026, 11, 25, 9, 0)),  # Tuesday evening: Wednesday
        (at(2026, 11, 27, 17, 30), at(2026, 11, 30, 9, 0)),  # Friday evening: Monday
        (at(2026, 11, 28, 23, 59), at(2026, 11, 30, 9, 0)),  # Saturday night: Monday
        (at(2026, 5, 22, 18, 0), at(2026, 5, 26, 9, 0)),  # Friday before the spring bank holiday: Tuesday
        (
            at(2026, 12, 24, 20, 0),
            at(2026, 12, 29, 9, 0),
        ),  # Christmas Eve: Christmas, Boxing Day (Sat, so Mon 28 substitute)
        (at(2026, 4, 2, 22, 0), at(2026, 4, 7, 9, 0)),  # Thursday before Easter: Good Friday, weekend, Easter Monday
    ],
)
def test_due_next_working_day_at_nine_london(recorded, due):
    assert handover_due(recorded) == due
    assert handover_due(recorded).astimezone(LONDON).time() == dt.time(9, 0)


def test_spring_clock_change_due_at_nine_bst():
    # Clocks go forward at 01:00 GMT on Sunday 29 March 2026: Friday night's record is due 09:00 BST = 08:00 UTC.
    due = handover_due(at(2026, 3, 27, 22, 0))
    assert due == dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC)
    assert due.astimezone(LONDON).utcoffset() == dt.timedelta(hours=1)


def test_autumn_clock_change_due_at_nine_gmt():
    # Clocks go back at 02:00 BST on Sunday 25 October 2026; a record in the repeated hour is due 09:00 GMT Monday.
    repeated_hour = dt.datetime(2026, 10, 25, 1, 30, tzinfo=LONDON, fold=1)
    due = handover_due(repeated_hour)
    assert due == dt.datetime(2026, 10, 26, 9, 0, tzinfo=dt.UTC)
    friday = handover_due(at(2026, 10, 23, 23, 0))
    assert friday == dt.datetime(2026, 10, 26, 9, 0, tzinfo=dt.UTC)


def test_utc_input_is_read_in_london_time():
    # 08:30 UTC on a summer Monday is 09:30 BST: the day team has started, so it is due on Tuesday.
    assert handover_due(dt.datetime(2026, 7, 6, 8, 30, tzinfo=dt.UTC)) == at(2026, 7, 7, 9, 0)
    # 07:30 UTC is 08:30 BST: still due that Monday.
    assert handover_due(dt.datetime(2026, 7, 6, 7, 30, tzinfo=dt.UTC)) == at(2026, 7, 6, 9, 0)
