import datetime as dt

import pytest

from macp.core import formats, nhs_number, working_days


def test_working_days_skip_weekends_and_bank_holidays():
    # Thursday 24 December 2026: Christmas Day (Fri) and Boxing Day substitute (Mon 28th) are bank holidays.
    assert working_days.add_working_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 29)
    # Friday 1 May 2026 + 1 working day skips the weekend and the early May bank holiday (Mon 4 May).
    assert working_days.add_working_days(dt.date(2026, 5, 1), 1) == dt.date(2026, 5, 5)
    assert working_days.working_days_between(dt.date(2026, 12, 24), dt.date(2026, 12, 29)) == 1
    assert not working_days.is_working_day(dt.date(2026, 8, 31))  # summer bank holiday (England and Wales)


def test_icpc_fifteen_working_days():
    assert working_days.add_working_days(dt.date(2026, 11, 20), 15) == dt.date(2026, 12, 11)


def test_negative_days_refused():
    with pytest.raises(ValueError):
        working_days.add_working_days(dt.date(2026, 1, 1), -1)


@pytest.mark.parametrize(
    "value,valid",
    [
        ("9434765919", True),
        ("943 476 5919", True),
        ("943-476-5919", True),
        ("9434765918", False),
        ("123", False),
        ("", False),
        (None, False),
        ("abcdefghij", False),
    ],
)
def test_nhs_number_checksum(value, valid):
    assert nhs_number.is_valid(value) is valid


def test_nhs_number_with_no_possible_check_digit():
    # digits whose weighted sum leaves remainder 1 cannot be valid whatever the tenth digit
    nine = next(f"{n:09d}" for n in range(100000000, 100001000) if nhs_number.check_digit(f"{n:09d}") is None)
    assert not any(nhs_number.is_valid(nine + str(d)) for d in range(10))


def test_dates_shown_in_govuk_style_and_london_time():
    assert formats.date_uk(dt.date(2026, 8, 2)) == "2 August 2026"
    assert formats.date_uk(None) == "Not known"
    summer = dt.datetime(2026, 7, 1, 13, 5, tzinfo=dt.UTC)
    assert formats.datetime_uk(summer) == "1 July 2026 at 2:05pm"


def test_age_text():
    today = dt.date(2026, 11, 21)
    assert formats.age_text(dt.date(2020, 11, 22), today) == "5 years"
    assert formats.age_text(dt.date(2026, 8, 2), today) == "3 months"
    assert formats.age_text(dt.date(2026, 11, 7), today) == "2 weeks"
    assert formats.age_text(dt.date(2027, 1, 1), today) == "Unborn"
