"""The partnership analyst's dashboard in a real browser (issue 13): the analyst lands on it, reads the charts and
the tables behind them, downloads the figures, opens a measure with its 12-month trend and is told why the records
behind it are not listed; a bad period gets the error summary; a team manager opens the same measure and sees the
one child they may open. Run under the test settings and the settings `make run` serves with; axe-core checks each
page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from macp.core.working_days import add_working_days, is_working_day
from tests.quality import conftest as quality_fixtures
from tests.quality.conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The hand-built council and records of the measure tests.
world, build = quality_fixtures.world, quality_fixtures.build


def working_day_before(days: int) -> dt.date:
    day = timezone.localdate() - dt.timedelta(days=days)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def test_analyst_dashboard_charts_csv_and_drill_down(
    settings_mode,
    page,
    world,
    build,
    browser_sign_in,
    axe_check,
    tmp_path,
):
    from macp.people.models import Involvement

    known, stranger = world.person("Known", "Child"), world.person("Stranger", "Child")
    Involvement.objects.create(person=known, agency=world.csc, role="allocated_social_worker")
    first, second = working_day_before(30), working_day_before(20)
    late = add_working_days(first, 3)
    build.referral(
        at(first.year, first.month, first.day, 10), at(late.year, late.month, late.day, 10), children=[known]
    )
    build.referral(
        at(second.year, second.month, second.day, 10),
        at(second.year, second.month, second.day, 16),
        children=[stranger],
    )
    late = add_working_days(second, 2)
    build.referral(
        at(second.year, second.month, second.day, 11), at(late.year, late.month, late.day, 12), children=[stranger]
    )

    browser_sign_in(page, world.analyst)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/quality/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality of practice")
    expect(page.locator("svg.macp-quality-chart").first).to_be_visible()
    table = page.get_by_role("table", name="Measures: numerator, denominator and value")
    row = table.get_by_role("row").filter(has_text="Referral decisions within 1 working day")
    expect(row).to_contain_text("33%")
    expect(page.get_by_role("link", name="Quality", exact=True)).to_be_visible()
    axe_check(page, f"quality-dashboard-{settings_mode}")

    with page.expect_download() as got:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    saved = tmp_path / "figures.csv"
    got.value.save_as(saved)
    text = saved.read_text()
    assert text.startswith("code,title,numerator,denominator,value")
    assert "referral_decision_1wd,Referral decisions within 1 working day,1,3,0.3333" in text

    # A period that ends before it starts: the error summary, and what was typed is kept.
    page.get_by_text("Council, agency and period").click()
    start = page.get_by_role("group", name="From")
    for label, value in (("Day", "1"), ("Month", "6"), ("Year", "2026")):
        start.get_by_label(label).fill(value)
    end = page.get_by_role("group", name="To")
    for label, value in (("Day", "1"), ("Month", "5"), ("Year", "2026")):
        end.get_by_label(label).fill(value)
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The end of the period must be on or after its start")
    expect(page.get_by_role("group", name="To").get_by_label("Month")).to_have_value("5")
    axe_check(page, f"quality-dashboard-errors-{settings_mode}")

    page.goto("/quality/")
    page.get_by_role("link", name="Referral decisions within 1 working day").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral decisions within 1 working day")
    expect(page.locator("svg.macp-quality-trend")).to_be_visible()
    expect(page.get_by_role("table", name="Referral decisions within 1 working day by month")).to_be_visible()
    expect(page.locator("#records-hidden")).to_contain_text("2 records are not listed")
    expect(page.locator("#records-hidden")).to_contain_text("not children's records")
    expect(page.get_by_text("Known Child")).to_have_count(0)
    axe_check(page, f"quality-measure-analyst-{settings_mode}")

    # A team manager sees the one late referral about a child social care is involved with, and not the other.
    browser_sign_in(page, world.manager)
    page.goto("/quality/measures/referral_decision_1wd/")
    records = page.get_by_role("table", name="Not meeting the standard: records you may open")
    expect(records).to_contain_text("Known Child")
    expect(page.get_by_text("Stranger Child")).to_have_count(0)
    expect(page.locator("#records-hidden")).to_contain_text("1 record is not listed")
    axe_check(page, f"quality-measure-manager-{settings_mode}")
    page.get_by_role("link", name="Meeting the standard").click()
    expect(page.locator("#records-hidden")).to_contain_text("1 record is not listed")
