import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from macp.accounts.models import AdminEvent
from macp.casework.models import Assessment, ChildRecord, CinPlan, Episode, ProtectionPlan, ProtectionPlanReview
from macp.returns.annex_a import LISTS
from macp.returns.census import la_child_id

D = dt.date


def rows(book, name):
    return list(book[name].iter_rows(values_only=True))


@pytest.fixture
def casework(family):
    ChildRecord.objects.create(person=family.child, disabilities=["HEAR"])
    old = Episode.objects.create(
        child=family.child,
        local_authority=family.la,
        referral_date=D(2026, 2, 2),
        referral_source="6",
        primary_need="N9",
        referral_nfa=True,
        closure_date=D(2026, 2, 2),
        closure_reason="RC8",
    )
    ep = Episode.objects.create(
        child=family.child,
        local_authority=family.la,
        referral_date=D(2026, 5, 4),
        referral_source="3A",
        primary_need="N4",
    )
    Assessment.objects.create(
        child=family.child,
        local_authority=family.la,
        episode=ep,
        started_on=D(2026, 5, 5),
        authorised_on=D(2026, 6, 10),
        factors=["4B"],
    )
    CinPlan.objects.create(
        child=family.child, local_authority=family.la, episode=ep, started_on=D(2026, 6, 11), ended_on=D(2026, 7, 1)
    )
    plan = ProtectionPlan.objects.create(
        child=family.child,
        local_authority=family.la,
        episode=ep,
        started_on=D(2026, 7, 1),
        initial_category="PHY",
        latest_category="MUL",
    )
    ProtectionPlanReview.objects.create(plan=plan, held_on=D(2026, 9, 23))
    return family, old, ep


def test_each_list_has_the_published_columns_in_order_and_its_rows(casework, tmp_path):
    family, _, _ = casework
    out = tmp_path / "annex.xlsx"
    call_command(
        "annex_a", local_authority="test-council", date_from="2026-04-01", date_to="2026-10-31", output=str(out)
    )
    book = load_workbook(out)
    assert book.sheetnames == ["About"] + list(LISTS)
    for name, headings in LISTS.items():
        assert list(rows(book, name)[0]) == headings
    assert list(LISTS["List 1"]) == [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Date of Contact",
        "Contact Source",
    ]
    child = la_child_id(family.child)
    common = (child, "b) Female", "a) WBRI")
    # List 3: only the referral in the period (May), with the NFA referral three months before it counted
    referrals = rows(book, "List 3")[1:]
    assert len(referrals) == 1
    assert referrals[0][:3] == common
    assert referrals[0][5:9] == (dt.datetime(2026, 5, 4), "g) 3A: Health services", "b) No", 1)
    assert referrals[0][10] == "Priya Shah"
    assessments = rows(book, "List 4")[1:]
    assert assessments[0][5:10] == ("a) Yes", dt.datetime(2026, 5, 5), "c) Unknown", dt.datetime(2026, 6, 10), "a) Yes")
    cin = rows(book, "List 6")[1:]
    assert len(cin) == 1  # the referral with no further action is not a child-in-need episode
    assert cin[0][6:8] == (dt.datetime(2026, 5, 4), "N4 - Family in acute stress")
    assert cin[0][11] == "b) Child Protection plan"
    plans = rows(book, "List 7")[1:]
    assert plans[0][6:9] == (dt.datetime(2026, 7, 1), "b) Physical abuse", "e) Multiple/not recommended")
    assert plans[0][11] == dt.datetime(2026, 9, 23) and plans[0][14] == 0
    assert rows(book, "List 5")[1:] == [] and rows(book, "List 2")[1:] == []
    assert AdminEvent.objects.filter(action="annex_a").count() == 1


def test_the_period_bounds_the_lists(casework, tmp_path):
    out = tmp_path / "annex.xlsx"
    call_command(
        "annex_a", local_authority="test-council", date_from="2026-01-01", date_to="2026-03-31", output=str(out)
    )
    book = load_workbook(out)
    assert len(rows(book, "List 3")) == 2  # the February referral only
    assert rows(book, "List 3")[1][7] == "a) Yes"
    assert len(rows(book, "List 4")) == 1 and len(rows(book, "List 7")) == 1  # headings only


def test_unknown_councils_and_bad_dates_are_refused(casework, tmp_path):
    out = tmp_path / "annex.xlsx"
    with pytest.raises(CommandError, match="No council"):
        call_command(
            "annex_a", local_authority="nowhere", date_from="2026-01-01", date_to="2026-03-31", output=str(out)
        )
    with pytest.raises(CommandError, match="not a date"):
        call_command(
            "annex_a", local_authority="test-council", date_from="1/1/26", date_to="2026-03-31", output=str(out)
        )
    with pytest.raises(CommandError, match="before"):
        call_command(
            "annex_a", local_authority="test-council", date_from="2026-03-31", date_to="2026-01-01", output=str(out)
        )
    assert not out.exists()
