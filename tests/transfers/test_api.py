"""Transfers between councils through the API (CONTRACTS.md §11)."""

import datetime as dt

from django.core import mail

from macp.access.models import AccessEvent
from macp.core.working_days import add_working_days
from macp.notifications.models import RecordNotification
from macp.transfers.models import Responsibility
from tests.transfers.factories import propose_body


def test_propose_accept_and_the_person_shows_the_new_council(family, councils, django_capture_on_commit_callbacks):
    created = councils.as_sender.post("/api/v1/transfers", propose_body(family), content_type="application/json")
    assert created.status_code == 201, created.json()
    transfer = created.json()
    assert transfer["status"] == "proposed"
    titles = [item["title"] for item in transfer["picture"]]
    assert any("Genogram" in t for t in titles) and any("record" in t for t in titles)

    # The receiving council can see the child while it decides; another council cannot see the transfer.
    person = councils.as_north_tm.get(f"/api/v1/people/{family.child.pk}")
    assert person.status_code == 200 and person.json()["responsible_local_authority"] == "test-council"
    assert councils.as_south_tm.get(f"/api/v1/transfers/{transfer['id']}").status_code == 404

    no_date = councils.as_north_tm.post(
        f"/api/v1/transfers/{transfer['id']}/accept", {}, content_type="application/json"
    )
    assert no_date.status_code == 422
    assert no_date.json()["errors"][0]["loc"][-1] == "responsibility_from"
    assert (
        councils.as_north_sw.post(
            f"/api/v1/transfers/{transfer['id']}/accept",
            {"responsibility_from": "2026-12-01"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert (
        councils.as_sender.post(
            f"/api/v1/transfers/{transfer['id']}/accept",
            {"responsibility_from": "2026-12-01"},
            content_type="application/json",
        ).status_code
        == 403
    )

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = councils.as_north_tm.post(
            f"/api/v1/transfers/{transfer['id']}/accept",
            {"responsibility_from": "2026-12-01"},
            content_type="application/json",
        )
    assert accepted.status_code == 200, accepted.json()
    body = accepted.json()
    assert body["status"] == "accepted" and body["responsibility_from"] == "2026-12-01"
    assert body["conference_due"] == add_working_days(dt.date(2026, 12, 1), 15).isoformat()
    assert [h["by_agency"] for h in body["history"]] == ["test-csc", "north-csc"]

    # Both councils see the history; the involved agencies are told who holds the case now.
    assert councils.as_sender.get(f"/api/v1/transfers/{transfer['id']}").json()["history"] == body["history"]
    told = set(
        RecordNotification.objects.filter(kind="case_transfer", person=family.child).values_list(
            "agency__code", flat=True
        )
    )
    assert told == {"test-gp", "test-school", "test-hv"}
    assert "Northshire" in RecordNotification.objects.filter(agency=councils.school).get().message
    assert {m.to[0] for m in mail.outbox} == {
        "test-gp@example.invalid",
        "test-school@example.invalid",
        "test-hv@example.invalid",
    }

    periods = list(
        Responsibility.objects.filter(child=family.child).values_list("local_authority__code", "valid_from", "valid_to")
    )
    assert periods[-1] == ("north-council", dt.date(2026, 12, 1), None)
    assert periods[0][0] == "test-council" and periods[0][2] == dt.date(2026, 12, 1)

    from macp.transfers.services import responsible_local_authority

    assert responsible_local_authority(family.child, dt.date(2026, 11, 30)).code == "test-council"
    assert responsible_local_authority(family.child, dt.date(2026, 12, 1)).code == "north-council"
    assert AccessEvent.objects.filter(username="tm-north", person_id=str(family.child.pk), channel="api").exists()

    again = councils.as_north_tm.post(
        f"/api/v1/transfers/{transfer['id']}/accept",
        {"responsibility_from": "2026-12-02"},
        content_type="application/json",
    )
    assert again.status_code == 409


def test_decline_needs_a_reason_and_ends_the_receivers_access(family, councils):
    transfer = councils.as_sender.post(
        "/api/v1/transfers", propose_body(family), content_type="application/json"
    ).json()
    assert (
        councils.as_north_tm.post(
            f"/api/v1/transfers/{transfer['id']}/decline", {"reason": ""}, content_type="application/json"
        ).status_code
        == 422
    )
    declined = councils.as_north_tm.post(
        f"/api/v1/transfers/{transfer['id']}/decline",
        {"reason": "The family have not moved: tenancy is in Testshire"},
        content_type="application/json",
    )
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert councils.as_north_tm.get(f"/api/v1/people/{family.child.pk}").status_code == 403
    assert (
        councils.as_sender.get(f"/api/v1/people/{family.child.pk}").json()["responsible_local_authority"]
        == "test-council"
    )


def test_only_the_holding_council_may_propose(family, councils):
    refused = councils.as_north_sw.post(
        "/api/v1/transfers", propose_body(family, to="south-council"), content_type="application/json"
    )
    assert refused.status_code == 422  # Northshire cannot see the child, and does not hold the case
    bad = councils.as_sender.post(
        "/api/v1/transfers", propose_body(family, kind="adopted", reason=""), content_type="application/json"
    )
    assert bad.status_code == 422
    assert {e["loc"][-1] for e in bad.json()["errors"]} == {"kind", "reason"}
    school_user_refused = councils.as_north_tm.post(
        "/api/v1/transfers", propose_body(family), content_type="application/json"
    )
    assert school_user_refused.status_code == 422  # not theirs to give away


def test_a_move_between_teams_names_the_team(family, councils):
    from macp.accounts.models import Team

    team = Team.objects.create(agency=family.csc, code="east", name="East Locality Team")
    missing = councils.as_sender.post(
        "/api/v1/transfers", propose_body(family, to="test-council"), content_type="application/json"
    )
    assert missing.status_code == 422 and missing.json()["errors"][0]["loc"][-1] == "to_team"
    body = {**propose_body(family, to="test-council", kind="child_in_need"), "to_team": team.pk}
    transfer = councils.as_sender.post("/api/v1/transfers", body, content_type="application/json").json()
    assert transfer["to_team"] == "east"
    from macp.transfers import services
    from macp.transfers.models import Transfer

    manager = councils.north_tm.__class__.objects.get(username="tm-north")
    manager.agency, manager.team = family.csc, team
    manager.save()
    accepted = services.accept(manager, Transfer.objects.get(pk=transfer["id"]), dt.date(2026, 12, 7))
    assert accepted.conference_due is None
    period = services.responsibility_on(family.child, dt.date(2026, 12, 7))
    assert (period.local_authority.code, period.team.code) == ("test-council", "east")


def test_each_step_of_a_transfer_is_in_the_childs_chronology(family, councils):
    transfer = councils.as_sender.post(
        "/api/v1/transfers", propose_body(family), content_type="application/json"
    ).json()
    rows = councils.as_sender.get(f"/api/v1/people/{family.child.pk}/chronology").json()
    [proposed] = [r for r in rows if r["type"] == "case_transfer"]
    assert proposed["status"] == "outstanding" and proposed["source"] == "test-csc"
    councils.as_north_tm.post(
        f"/api/v1/transfers/{transfer['id']}/accept",
        {"responsibility_from": "2026-12-01"},
        content_type="application/json",
    )
    rows = councils.as_sender.get(f"/api/v1/people/{family.child.pk}/chronology").json()
    steps = [r for r in rows if r["type"] == "case_transfer"]
    assert [r["source"] for r in steps] == ["test-csc", "north-csc"]
    assert {r["status"] for r in steps} == {"confirmed"}
