"""Each alert rule driven by agency records sent through POST /api/v1/source-records, with the same people spelt
differently by different agencies, and the alert shown with its evidence (GET /api/v1/people/{id}/alerts)."""

import datetime as dt

import pytest

from macp.accounts.models import User
from macp.concerns.models import Alert
from macp.concerns.services import acknowledge
from macp.people.models import Person
from tests.concerns.factories import TODAY, allocate, days_ago, event, involve
from tests.intake.factories import person, send


def born(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


@pytest.fixture
def alert_clients(make_agency, make_user, api_client_for):
    for code, kind in (
        ("gp-svc-001", "gp_practice"),
        ("police-vale", "police"),
        ("sch-svc-001", "school"),
        ("hv-svc", "community_health"),
        ("svc-csc", "childrens_social_care"),
        ("amh-svc", "adult_mental_health"),
        ("acute-svc", "acute_trust"),
        ("yj-svc", "youth_justice"),
    ):
        make_agency(code, kind, "svc" if kind != "police" else None)
    integration = api_client_for(make_user("integration", ["system_admin"]))
    viewer = api_client_for(make_user("sw", ["social_worker"], "svc-csc"))
    return integration, viewer


def alerts(viewer, person_obj, rule=None):
    body = viewer.get(f"/api/v1/people/{person_obj.pk}/alerts").json()
    return [a for a in body if rule is None or a["rule"] == rule]


def test_three_contacts_in_a_year_across_agencies_and_spellings(alert_clients):
    integration, viewer = alert_clients
    allocate(integration, "C1", "Mia", "Hughes", "2015-06-01", postcode="SV1 1AA", address="1 Oak Road")
    send(
        integration,
        "sch-svc-001",
        "s1",
        [
            person("S1", "MIA", "HUGHES", "2015-06-01", "F", postcode="SV1 1AA", address="1 Oak Road"),
            event("SE1", ["S1"], "referral_nfa", days_ago(300), "Bruising; NFA after strategy check"),
        ],
    )
    send(
        integration,
        "gp-svc-001",
        "g1",
        [
            person("G1", "Mya", "Hughes", "2015-06-01", "F", postcode="SV1 1AA", address="1 Oak Road"),
            event("GE1", ["G1"], "referral", days_ago(120), "Weight loss"),
        ],
    )
    mia = Person.objects.get(links__source_record__source_id="C1")
    assert not alerts(viewer, mia, "cumulative-contacts")
    send(
        integration,
        "police-vale",
        "p1",
        [
            person("P1", "Mia", "Hughes", "2015-01-06", "F", postcode="SV1 1AA", address="1 Oak Road"),
            event("PE1", ["P1"], "referral_nfa", days_ago(10), "Found out late at night"),
        ],
    )
    [alert] = alerts(viewer, mia, "cumulative-contacts")
    assert {(e["source"], e["source_id"]) for e in alert["evidence"]} == {
        ("sch-svc-001", "SE1"),
        ("gp-svc-001", "GE1"),
        ("police-vale", "PE1"),
    }
    assert "3 requests for help or referrals" in alert["reason"] and alert["status"] == "open"


def test_contacts_spread_over_more_than_a_year_do_not_fire(alert_clients):
    integration, viewer = alert_clients
    allocate(integration, "C1", "Ava", "Reid", "2014-02-02")
    send(
        integration,
        "gp-svc-001",
        "g",
        [
            person("G1", "Ava", "Reid", "2014-02-02", "F", postcode="SV1 2AB"),
            event("E1", ["G1"], "referral", days_ago(700)),
            event("E2", ["G1"], "referral", days_ago(400)),
            event("E3", ["G1"], "referral", days_ago(20)),
        ],
    )
    assert not alerts(viewer, Person.objects.get(links__source_record__source_id="C1"), "cumulative-contacts")


def test_two_was_not_brought_in_six_months(alert_clients):
    integration, viewer = alert_clients
    allocate(integration, "C1", "Noah", "Begum", born(400), sex="M", nhs_number="9990000018")
    send(
        integration,
        "hv-svc",
        "h",
        [
            person("H1", "Noah", "Begum", born(400), "M", "9990000018"),
            event("W1", ["H1"], "was_not_brought", days_ago(100), "12-month review"),
        ],
    )
    send(
        integration,
        "gp-svc-001",
        "g",
        [
            person("G1", "Nooh", "Begum", born(400), "M", "999 000 0018"),
            event("W2", ["G1"], "was_not_brought", days_ago(5), "Immunisations"),
        ],
    )
    [alert] = alerts(viewer, Person.objects.get(links__source_record__source_id="C1"), "was-not-brought")
    assert len(alert["evidence"]) == 2


def test_two_domestic_abuse_incidents_at_the_household_alert_the_children(alert_clients):
    integration, viewer = alert_clients
    allocate(integration, "C1", "Lily", "Shah", "2018-03-03", postcode="SV3 3CC", address="3 Elm Close")
    send(
        integration,
        "police-vale",
        "p",
        [
            person("P1", "Sana", "Shah", "1992-01-01", "F", postcode="SV3 3CC", address="3 Elm Close"),
            person("P2", "Imran", "Shah", "1990-01-01", "M", postcode="SV3 3CC", address="3 Elm Close"),
            event("DA1", ["P1", "P2"], "domestic_abuse_incident", days_ago(200)),
            event("DA2", ["P1", "P2"], "domestic_abuse_incident", days_ago(3)),
        ],
    )
    lily = Person.objects.get(links__source_record__source_id="C1")
    [alert] = alerts(viewer, lily, "domestic-abuse-household")
    assert {e["source_id"] for e in alert["evidence"]} == {"DA1", "DA2"}


def test_injury_to_a_non_mobile_baby(alert_clients):
    integration, viewer = alert_clients
    allocate(integration, "C1", "Theo", "Ward", born(70), sex="M", nhs_number="9990000026")
    send(
        integration,
        "acute-svc",
        "a",
        [
            person("A1", "Baby", "Ward", born(70), "M", "9990000026"),
            event("INJ", ["A1"], "injury", days_ago(1), "Bruise to cheek, 10 weeks old"),
        ],
    )
    [alert] = alerts(viewer, Person.objects.get(links__source_record__source_id="C1"), "non-mobile-injury")
    assert "strategy discussion" in alert["reason"] and alert["evidence"] == [
        {"source": "acute-svc", "source_id": "INJ"}
    ]


def test_injury_to_a_toddler_is_not_a_non_mobile_alert(alert_clients):
    integration, viewer = alert_clients
    allocate(integration, "C1", "Theo", "Ward", born(800), sex="M", nhs_number="9990000026")
    send(
        integration,
        "acute-svc",
        "a",
        [person("A1", "Theo", "Ward", born(800), "M", "9990000026"), event("INJ", ["A1"], "injury", days_ago(1))],
    )
    assert not alerts(viewer, Person.objects.get(links__source_record__source_id="C1"), "non-mobile-injury")


def test_pregnancy_with_a_young_parent_with_mental_health_history(alert_clients):
    integration, viewer = alert_clients
    allocate(integration, "C1", "Chloe", "Evans", born(19 * 365), postcode="SV5 5EE", address="5 Birch Way")
    send(
        integration,
        "amh-svc",
        "m",
        [
            person("M1", "Chloe", "Evans", born(19 * 365), "F", postcode="SV5 5EE"),
            involve("MI1", "M1", "amh-svc", "adult_mental_health", "2024-01-01"),
        ],
    )
    send(
        integration,
        "gp-svc-001",
        "g",
        [
            person("G1", "Chloé", "Evans", born(19 * 365), "F", postcode="SV5 5EE"),
            event("PB", ["G1"], "pregnancy_booked", days_ago(2), "Booked at 10 weeks"),
        ],
    )
    [alert] = alerts(viewer, Person.objects.get(links__source_record__source_id="C1"), "pre-birth")
    assert "under 21" in alert["reason"] and "mental illness" in alert["reason"]


def test_incident_about_one_child_lists_the_other_children(alert_clients):
    integration, viewer = alert_clients
    allocate(integration, "C2", "Jack", "Moore", "2017-07-07", sex="M", postcode="SV6 6FF", address="6 Ash Row")
    send(
        integration,
        "sch-svc-001",
        "s",
        [
            person("S1", "Ella", "Moore", "2012-02-02", "F", postcode="SV6 6FF", address="6 Ash Row"),
            person("S2", "Jack", "Moore", "2017-07-07", "M", postcode="SV6 6FF", address="6 Ash Row"),
            event("MISS", ["S1"], "missing_episode", days_ago(4), "Ella missing overnight"),
        ],
    )
    jack = Person.objects.get(links__source_record__source_id="C2")
    [alert] = alerts(viewer, jack, "other-children-in-household")
    assert "Ella Moore" in alert["reason"]


def test_referral_while_allocated_tells_the_worker(alert_clients):
    integration, viewer = alert_clients
    send(
        integration,
        "yj-svc",
        "y",
        [
            person("Y1", "Kai", "Thomas", "2010-10-10", "M", postcode="SV7 7GG"),
            {**involve("YI", "Y1", "yj-svc", "youth_justice", "2025-01-01"), "worker_name": "Dee Patel"},
        ],
    )
    allocate(integration, "C1", "Kai", "Thomas", "2010-10-10", sex="M", postcode="SV7 7GG")
    send(
        integration,
        "police-vale",
        "p",
        [
            person("P1", "KAI", "THOMAS", "2010-10-10", "M", postcode="SV7 7GG"),
            event("REF", ["P1"], "referral", days_ago(1), "Found with cannabis"),
        ],
    )
    found = alerts(viewer, Person.objects.get(links__source_record__source_id="C1"), "already-allocated")
    assert any("Dee Patel (Yj Svc)" in a["reason"] for a in found)  # the youth justice worker
    assert any("Svc Csc" in a["reason"] for a in found)  # and the council's early help


def test_alerts_are_acknowledged_with_a_note_not_dismissed_and_not_raised_twice(alert_clients, make_user):
    integration, viewer = alert_clients
    allocate(integration, "C1", "Noah", "Begum", born(400), sex="M", nhs_number="9990000018")
    records = [
        person("H1", "Noah", "Begum", born(400), "M", "9990000018"),
        event("W1", ["H1"], "was_not_brought", days_ago(50)),
        event("W2", ["H1"], "was_not_brought", days_ago(5)),
    ]
    send(integration, "hv-svc", "h", records)
    send(integration, "hv-svc", "h2", records + [person("H9", "Other", "Person", "2000-01-01", "M")])
    alert = Alert.objects.get(rule__code="was-not-brought")
    with pytest.raises(ValueError):
        acknowledge(alert, make_user("hv", ["partner_attendee"], "hv-svc"), "")
    acknowledge(
        alert,
        alert.person.involvements.first() and make_user("hv2", ["partner_attendee"], "hv-svc"),
        "Discussed with GP; home visit booked",
    )
    # Changed by issue 8: acknowledgement is per agency. The health visitors acknowledged; the viewer's agency has not.
    body = alerts(viewer, alert.person, "was-not-brought")
    assert body[0]["status"] == "open" and body[0]["acknowledgement_note"] is None
    acknowledge(alert, User.objects.get(username="sw"), "Allocated worker told")
    body = alerts(viewer, alert.person, "was-not-brought")
    assert body[0]["status"] == "acknowledged" and body[0]["acknowledgement_note"] == "Allocated worker told"


def test_alerts_api_refuses_uninvolved_agency(alert_clients, make_user, api_client_for):
    integration, _ = alert_clients
    allocate(integration, "C1", "Noah", "Begum", born(400), sex="M")
    outsider = api_client_for(make_user("kbc", ["social_worker"], "police-vale"))
    assert outsider.get(f"/api/v1/people/{Person.objects.get().pk}/alerts").status_code == 403


def test_pregnancy_where_a_parent_is_a_care_leaver_who_has_had_a_child_removed(alert_clients, make_agency):
    integration, viewer = alert_clients
    send(
        integration,
        "svc-csc",
        "lc",
        [
            person("C1", "Keira", "Lane", born(24 * 365), "F", postcode="SV9 9JJ"),
            person("LC2", "Skye", "Lane", born(3 * 365), "F", postcode="SV1 1ZZ"),
            {"kind": "relationship", "source_id": "LR", "from": "C1", "to": "LC2", "type": "parent"},
            involve("LI1", "C1", "svc-csc", "leaving_care", "2020-01-01"),
            involve("LI2", "LC2", "svc-csc", "looked_after", "2024-01-01"),
        ],
    )
    send(
        integration,
        "gp-svc-001",
        "g",
        [
            person("G1", "Keira", "Lane", born(24 * 365), "F", postcode="SV9 9JJ"),
            event("PB", ["G1"], "pregnancy_booked", days_ago(2)),
        ],
    )
    [alert] = alerts(viewer, Person.objects.get(links__source_record__source_id="C1"), "pre-birth")
    assert "is a care leaver" in alert["reason"] and "has had a child removed into care" in alert["reason"]
