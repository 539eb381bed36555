"""BRAG response targets across weekends and bank holidays (SGlos BRAG table, seed 004)."""

import datetime as dt
from zoneinfo import ZoneInfo

from macp.referrals.targets import response_due

LONDON = ZoneInfo("Europe/London")


def at(*args):
    return dt.datetime(*args, tzinfo=LONDON)


def test_red_is_four_clock_hours_even_at_the_weekend():
    assert response_due("red", at(2026, 11, 21, 22, 0)) == at(2026, 11, 22, 2, 0)


def test_amber_on_friday_afternoon_is_due_monday():
    assert response_due("amber", at(2026, 11, 20, 15, 0)) == at(2026, 11, 23, 15, 0)


def test_amber_before_a_bank_holiday_weekend_is_due_tuesday():
    # Friday 22 May 2026; Monday 25 May is the spring bank holiday
    assert response_due("amber", at(2026, 5, 22, 10, 30)) == at(2026, 5, 26, 10, 30)


def test_green_over_christmas_skips_both_bank_holidays():
    # Wed 23 Dec 2026: Thu 24 (1), Fri 25 holiday, Mon 28 holiday (Boxing Day substitute), Tue 29 (2), Wed 30 (3)
    assert response_due("green", at(2026, 12, 23, 9, 0)) == at(2026, 12, 30, 9, 0)


def test_blue_has_no_target():
    assert response_due("blue", at(2026, 12, 23, 9, 0)) is None


def test_clock_change_keeps_the_london_time():
    # Friday 23 Oct 2026 BST; due Monday 26 Oct in GMT at the same wall-clock time
    due = response_due("amber", at(2026, 10, 23, 16, 0))
    assert due.astimezone(LONDON).hour == 16 and due.astimezone(LONDON).date() == dt.date(2026, 10, 26)


def test_a_request_received_on_sunday_starts_its_clock_on_monday_morning():
    assert response_due("amber", at(2026, 11, 22, 0, 26)) == at(2026, 11, 24, 9, 0)
    # Christmas Day: the clock starts Tue 29 Dec (28th is the Boxing Day holiday); New Year's Day is skipped too
    assert response_due("green", at(2026, 12, 25, 11, 0)) == at(2027, 1, 4, 9, 0)
