"""The dashboards: the analyst's landing page, charts with tables, CSV, filters, and the drill-down under need-to-know
(counts always; names only of the children the user may open, each an audited read)."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from macp.access.models import AccessEvent
from macp.quality.models import FiguresRead
from tests.quality.conftest import at

PERIOD = "local_authority=qa-council&start-day=1&start-month=6&start-year=2026&end-day=30&end-month=6&end-year=2026"


@pytest.fixture
def late_referrals(world, build):
    """Two late referral decisions: one about a child social care is involved with, one about a child it is not."""
    from macp.people.models import Involvement

    known, unknown = world.person("Known", "Child"), world.person("Stranger", "Child")
    Involvement.objects.create(person=known, agency=world.csc, role="allocated_social_worker")
    build.referral(at(2026, 6, 10, 10), at(2026, 6, 12, 10), children=[known])
    build.referral(at(2026, 6, 11, 10), at(2026, 6, 15, 12), children=[unknown])
    build.referral(at(2026, 6, 16, 10), at(2026, 6, 16, 11), children=[known])  # on time
    return known, unknown


def client_for(signed_in, user):
    return signed_in(Client(), user)


def test_the_analysts_landing_page_is_the_dashboard(world, signed_in):
    client = client_for(signed_in, world.analyst)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/quality/"
    page = client.get("/quality/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Quality of practice" in text and 'href="/quality/"' in text  # in the main menu
    assert "Qashire" in text  # the analyst's own council by default
    # A social worker's landing page is still the worktray, and the figures are not theirs.
    worker = client_for(signed_in, world.worker)
    assert worker.get("/").status_code == 200
    assert worker.get("/quality/").status_code == 403


def test_dashboard_has_a_chart_and_a_table_for_every_measure(world, signed_in, late_referrals):
    from macp.quality.measures import MEASURES

    response = client_for(signed_in, world.analyst).get(f"/quality/?{PERIOD}")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count('class="macp-quality-bar"') >= 1 and "<svg" in text
    assert 'aria-hidden="true"' in text
    for m in MEASURES.values():
        assert f"/quality/measures/{m.code}/" in text
    # The referral measure: 1 of 3 on time, 33%.
    assert "33%" in text
    read = FiguresRead.objects.get()
    assert (read.channel, read.what, read.filters["from"]) == ("page", "measures", "2026-06-01")


def test_csv_download(world, signed_in, late_referrals):
    response = client_for(signed_in, world.analyst).get(f"/quality/measures.csv?{PERIOD}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert (rows["referral_decision_1wd"]["numerator"], rows["referral_decision_1wd"]["denominator"]) == ("1", "3")
    assert rows["referral_decision_1wd"]["value"] == "0.3333"
    assert rows["icpc_15wd"]["value"] == ""
    assert FiguresRead.objects.get().channel == "export"


def test_bad_filters_show_the_error_summary_and_keep_what_was_typed(world, signed_in):
    response = client_for(signed_in, world.analyst).get(
        "/quality/?start-day=31&start-month=2&start-year=2026&end-day=1&end-month=1&end-year=2026"
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and "Enter a real start of the period" in text
    assert 'value="31"' in text
    assert not FiguresRead.objects.exists()


def test_another_councils_figures_are_refused(world, signed_in):
    response = client_for(signed_in, world.other_analyst).get("/quality/?local_authority=qa-council")
    # The other council is not among the analyst's choices: the form refuses it.
    assert response.status_code == 400
    assert not FiguresRead.objects.exists()


def test_drill_down_for_the_analyst_is_counts_and_why(world, signed_in, late_referrals):
    response = client_for(signed_in, world.analyst).get(f"/quality/measures/referral_decision_1wd/?{PERIOD}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "2 records are not listed" in text and "not children" in text
    assert "Known Child" not in text and "Stranger Child" not in text
    assert 'id="records-table"' not in text
    assert not AccessEvent.objects.exists()  # nothing identifiable was read
    assert 'id="trend-table"' in text and "June 2026" in text


def test_drill_down_for_a_manager_lists_only_children_they_may_open_and_audits_them(world, signed_in, late_referrals):
    known, unknown = late_referrals
    response = client_for(signed_in, world.manager).get(f"/quality/measures/referral_decision_1wd/?{PERIOD}")
    text = response.content.decode()
    assert "Known Child" in text and "Stranger Child" not in text
    assert "1 record is not listed" in text and "no need-to-know basis" in text
    [event] = AccessEvent.objects.all()
    assert (event.person_id, event.allowed, event.basis, event.username) == (
        str(known.pk),
        True,
        "involvement",
        "manager",
    )
    assert "referral_decision_1wd" in event.detail
    # Those meeting the standard: the on-time one, about the known child.
    met = client_for(signed_in, world.manager).get(f"/quality/measures/referral_decision_1wd/?{PERIOD}&show=met")
    assert "Decided within 1 working day" in met.content.decode()


def test_trend_csv_and_unknown_measure(world, signed_in, late_referrals):
    client = client_for(signed_in, world.analyst)
    response = client.get(f"/quality/measures/referral_decision_1wd/trend.csv?{PERIOD}")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 12 and rows[-1]["month"] == "2026-06"
    assert (rows[-1]["numerator"], rows[-1]["denominator"]) == ("1", "3")
    assert client.get("/quality/measures/no_such_measure/").status_code == 404


def test_trend_months_end_with_the_periods_month(world):
    from macp.quality.measures import Filters
    from macp.quality.services import trend

    rows = trend("referral_decision_1wd", Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 15)))
    assert [r["month"] for r in rows][0] == dt.date(2025, 4, 1)
    assert [r["month"] for r in rows][-1] == dt.date(2026, 3, 1)
