"""Out-of-hours records through the API (CONTRACTS.md §12)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from macp.access.models import AccessEvent
from macp.outofhours import services
from macp.outofhours.models import OutOfHoursRecord

LONDON = ZoneInfo("Europe/London")


def body(family, **overrides):
    data = {
        "children": [str(family.child.pk)],
        "local_authority": family.la.code,
        "occurred_at": "2026-11-21T23:10:00+00:00",
        "summary": "Police called to the home: mother's partner drunk, shouting",
        "actions_taken": "Visited with police; Amelia seen, no injuries; partner left for the night",
        "follow_up": "Strategy discussion today; check Amelia's school attendance",
        "telephone_strategy": "Held with police sergeant at 23:40: no s47 tonight, safety plan agreed",
    }
    data.update(overrides)
    return data


def test_edt_records_and_day_team_acknowledges(family, edt):
    response = edt.as_worker.post("/api/v1/out-of-hours", body(family), content_type="application/json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "awaiting"
    due = dt.datetime.fromisoformat(created["handover_due"])
    assert due == services.handover_due(OutOfHoursRecord.objects.get(pk=created["id"]).recorded_at)
    assert due.astimezone(LONDON).time() == dt.time(9, 0)

    queue = edt.as_day.get(f"/api/v1/out-of-hours?local_authority={family.la.code}&status=awaiting").json()
    assert [r["id"] for r in queue] == [created["id"]]
    assert queue[0]["telephone_strategy"].startswith("Held with police")
    assert AccessEvent.objects.filter(username="day1", person_id=str(family.child.pk), allowed=True).exists()

    refused = edt.as_day.post(
        f"/api/v1/out-of-hours/{created['id']}/acknowledge", {"note": ""}, content_type="application/json"
    )
    assert refused.status_code == 422
    done = edt.as_day.post(
        f"/api/v1/out-of-hours/{created['id']}/acknowledge",
        {"note": "Allocated to Dee; SD booked 11:00"},
        content_type="application/json",
    )
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "acknowledged" and done.json()["acknowledged_by"] == "Dee Day"
    again = edt.as_day.post(
        f"/api/v1/out-of-hours/{created['id']}/acknowledge", {"note": "x"}, content_type="application/json"
    )
    assert again.status_code == 409
    assert edt.as_day.get(f"/api/v1/out-of-hours?local_authority={family.la.code}&status=awaiting").json() == []


def test_only_edt_records_and_every_field_is_checked(family, edt):
    assert edt.as_day.post("/api/v1/out-of-hours", body(family), content_type="application/json").status_code == 403
    response = edt.as_worker.post(
        "/api/v1/out-of-hours", body(family, summary="", children=["not-a-person"]), content_type="application/json"
    )
    assert response.status_code == 422
    locs = {tuple(e["loc"]) for e in response.json()["errors"]}
    assert ("summary",) in locs and ("children", "0") in locs
    other = edt.as_worker.post(
        "/api/v1/out-of-hours", body(family, local_authority="other-council"), content_type="application/json"
    )
    assert other.status_code == 422  # this EDT does not cover that council


def test_another_council_cannot_see_or_acknowledge(family, edt):
    created = edt.as_worker.post("/api/v1/out-of-hours", body(family), content_type="application/json").json()
    assert edt.as_outsider.get("/api/v1/out-of-hours").json() == []
    assert edt.as_outsider.get(f"/api/v1/out-of-hours/{created['id']}").status_code == 404
    assert (
        edt.as_outsider.post(
            f"/api/v1/out-of-hours/{created['id']}/acknowledge", {"note": "x"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_unacknowledged_at_due_time_alerts_team_manager_once(family, edt, django_capture_on_commit_callbacks):
    created = edt.as_worker.post("/api/v1/out-of-hours", body(family), content_type="application/json").json()
    due = dt.datetime.fromisoformat(created["handover_due"])
    assert services.alert_overdue_handovers(now=due - dt.timedelta(minutes=1)) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        alerted = services.alert_overdue_handovers(now=due)
    assert [a.pk for a in alerted] == [created["id"]]
    assert [m.to for m in mail.outbox] == [["tm1@testshire.invalid"]]
    assert "not yet picked up" in mail.outbox[0].subject
    assert services.alert_overdue_handovers(now=due + dt.timedelta(hours=1)) == []


def test_chronology_entry_as_written(family, edt):
    edt.as_worker.post("/api/v1/out-of-hours", body(family), content_type="application/json")
    [entry] = services.chronology_entries(family.child)
    assert entry["type"] == "out_of_hours" and entry["source"] == "test-edt"
    assert "Police called to the home" in entry["summary"] and "Held with police sergeant" in entry["summary"]
    assert entry["occurred_at"] == dt.datetime(2026, 11, 21, 23, 10, tzinfo=dt.UTC)
    assert timezone.is_aware(entry["occurred_at"])


@pytest.mark.parametrize("command", ["alert_overdue_handovers"])
def test_management_command_runs(command, family, edt):
    from django.core.management import call_command

    call_command(command)


def test_the_childs_chronology_shows_the_record_outstanding_until_acknowledged(family, edt):
    created = edt.as_worker.post("/api/v1/out-of-hours", body(family), content_type="application/json").json()
    rows = edt.as_day.get(f"/api/v1/people/{family.child.pk}/chronology").json()
    [entry] = [r for r in rows if r["type"] == "out_of_hours"]
    assert entry["id"] == f"edt:{created['id']}" and entry["source"] == "test-edt"
    assert entry["status"] == "outstanding" and "Held with police sergeant" in entry["summary"]
    assert entry["recorded_by"] == "Sam Night"
    edt.as_day.post(
        f"/api/v1/out-of-hours/{created['id']}/acknowledge", {"note": "Picked up"}, content_type="application/json"
    )
    rows = edt.as_day.get(f"/api/v1/people/{family.child.pk}/chronology").json()
    assert [r["status"] for r in rows if r["type"] == "out_of_hours"] == ["confirmed"]
