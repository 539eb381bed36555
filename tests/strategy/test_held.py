"""A strategy discussion held before it was recorded (CONTRACTS.md §7; issue 11 item 4): an urgent discussion held
by telephone out of hours is recorded afterwards with `held: true` and the time it was held; the same rules apply
after that; a past time without `held` is still refused, and so is a future time with it."""

import datetime as dt

import pytest
from django.core import mail

from macp.strategy.models import StrategyDiscussion


@pytest.fixture
def requested(family, make_user, api_client_for):
    manager = make_user("tm-held", "team_manager", family.csc)
    chair = make_user("chair-held", "chair", family.csc)
    created = api_client_for(manager).post(
        "/api/v1/strategy-discussions",
        {"children": [str(family.child.pk)], "reason": "EDT: Amelia at hospital overnight with a head injury"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    return created.json()["id"], api_client_for(chair), chair


def schedule(client, sd, **body):
    return client.post(f"/api/v1/strategy-discussions/{sd}/schedule", body, content_type="application/json")


def test_a_past_time_without_held_is_refused_and_says_how_to_record_it(requested):
    sd, chair, _ = requested
    last_night = dt.datetime.now(dt.UTC) - dt.timedelta(hours=9)
    refused = schedule(chair, sd, at=last_night.isoformat())
    assert refused.status_code == 422
    [problem] = refused.json()["errors"]
    assert problem["loc"][-1] == "at" and "already been held" in problem["msg"]
    assert StrategyDiscussion.objects.get(pk=sd).status == "requested"


def test_held_with_a_future_time_is_refused(requested):
    sd, chair, _ = requested
    refused = schedule(chair, sd, at=(dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)).isoformat(), held=True)
    assert refused.status_code == 422 and "not a time in the future" in refused.json()["errors"][0]["msg"]


def test_held_by_telephone_is_recorded_with_its_time_and_says_so(requested, family, client, signed_in):
    sd, chair, chair_user = requested
    last_night = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=9)).replace(microsecond=0)
    mail.outbox.clear()
    recorded = schedule(chair, sd, at=last_night.isoformat(), held=True)
    assert recorded.status_code == 200, recorded.json()
    body = recorded.json()
    assert body["status"] == "scheduled" and body["held"] is True
    assert dt.datetime.fromisoformat(body["scheduled_for"]) == last_night
    assert mail.outbox == []  # nobody is invited to a meeting that is over
    # Invited agencies are invited (and so may open the child) as for any discussion.
    invitations = chair.get(f"/api/v1/strategy-discussions/{sd}/invitations").json()
    assert invitations and {i["status"] for i in invitations} <= {"invited", "accepted"}
    # The same rules then apply: finalising still needs decisions and attendance.
    refused = chair.post(f"/api/v1/strategy-discussions/{sd}/finalise", {}, content_type="application/json")
    assert refused.status_code == 409
    # The record and the chronology say it was held before it was recorded.
    page = signed_in(client, chair_user).get(f"/strategy/{sd}/")
    assert "held before it was recorded" in page.content.decode()
    rows = chair.get(f"/api/v1/people/{family.child.pk}/chronology").json()
    assert any(r["type"] == "strategy_discussion" for r in rows)


def test_a_held_discussion_rebooked_for_the_future_is_no_longer_marked_held(requested):
    sd, chair, _ = requested
    schedule(chair, sd, at=(dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(), held=True)
    later = schedule(chair, sd, at=(dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat())
    assert later.status_code == 200 and later.json()["held"] is False


def test_the_booking_page_records_a_discussion_already_held(requested, client, signed_in):
    from django.utils import timezone

    sd, _, chair_user = requested
    web = signed_in(client, chair_user)
    held_at = timezone.localtime() - dt.timedelta(hours=3)
    form = {
        "when": "other",
        "at-day": held_at.day,
        "at-month": held_at.month,
        "at-year": held_at.year,
        "at-time": held_at.strftime("%H:%M"),
    }
    refused = web.post(f"/strategy/{sd}/book/", form)
    assert refused.status_code == 400 and "already been held" in refused.content.decode()
    done = web.post(f"/strategy/{sd}/book/", form | {"held": "on"})
    assert done.status_code == 302, done.content.decode()[:2000]
    discussion = StrategyDiscussion.objects.get(pk=sd)
    assert discussion.held_before_recorded and discussion.status == "scheduled"
    assert timezone.localtime(discussion.scheduled_for).strftime("%H:%M") == held_at.strftime("%H:%M")
