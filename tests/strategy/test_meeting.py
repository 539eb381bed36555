"""A strategy discussion through the API: booked, run, decided per child with dissent and actions, refused
finalising until complete, finalised, distributed and acknowledged (CONTRACTS.md §7)."""

import datetime as dt

import pytest
from django.utils import timezone

from macp.people.models import Person


@pytest.fixture
def meeting(hart_family_manager, make_user, api_client_for):
    children = [str(Person.objects.get(given_name=n).pk) for n in ("Mason", "Lola", "Ivy")]
    body = hart_family_manager.post(
        "/api/v1/strategy-discussions",
        {"children": children, "reason": "Ivy disclosed being hit"},
        content_type="application/json",
    ).json()
    chair = api_client_for(make_user("chair", ["chair"], "svc-csc"))
    police = api_client_for(make_user("pc", ["partner_attendee"], "police-vale"))
    school = api_client_for(make_user("dsl", ["referrer"], "sch-primary"))
    return {
        "id": body["id"],
        "children": children,
        "chair": chair,
        "police": police,
        "requester": hart_family_manager,
        "school": school,
    }


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_whole_meeting_through_the_api(meeting, mailoutbox, django_capture_on_commit_callbacks):
    sd, chair, police = f"/api/v1/strategy-discussions/{meeting['id']}", meeting["chair"], meeting["police"]
    mason, lola, ivy = meeting["children"]
    # nothing can be decided before it is booked
    assert (
        post(chair, f"{sd}/decisions", {"child": ivy, "significant_harm": "met", "section_47": True}).status_code == 409
    )
    when = (timezone.now() + dt.timedelta(hours=2)).isoformat()
    assert (
        post(chair, f"{sd}/schedule", {"at": when, "link": "https://meet.example/sd"}).json()["status"] == "scheduled"
    )
    for agency, name, role in (
        ("svc-csc", "Ana Lopes", "chair"),
        ("svc-csc", "Tom Reed", "minute_taker"),
        ("police-vale", "DC Khan", "attendee"),
    ):
        assert (
            post(
                chair, f"{sd}/attendance", {"agency": agency, "name": name, "role": role, "attended": True}
            ).status_code
            == 201
        )
    post(
        chair,
        f"{sd}/decisions",
        {
            "child": ivy,
            "significant_harm": "met",
            "section_47": True,
            "rationale": "Disclosure and bruising",
            "safety_plan": "Stays with grandmother",
            "enquiry": "joint",
            "lead_agency": "police-vale",
            "abe_interview": True,
            "lived_experience": "Ivy says she is frightened of Jordan",
        },
    )
    from macp.strategy.models import ChildDecision

    ivy_decision = ChildDecision.objects.get(child_id=ivy)
    assert (ivy_decision.enquiry, ivy_decision.lead_agency.code, ivy_decision.abe_interview) == (
        "joint",
        "police-vale",
        True,
    )
    post(chair, f"{sd}/decisions", {"child": lola, "significant_harm": "unclear", "section_47": True, "rationale": ""})
    post(chair, f"{sd}/actions", {"child": ivy, "what": "Child protection medical", "owner": "", "owner_agency": None})
    assert (
        post(
            police,
            f"{sd}/dissent",
            {"agency": "police-vale", "about": ivy, "reason": "Police view: joint enquiry should lead"},
        ).status_code
        == 201
    )
    assert post(police, f"{sd}/dissent", {"agency": "svc-csc", "about": ivy, "reason": "x"}).status_code == 403

    refused = post(chair, f"{sd}/finalise", {})
    assert refused.status_code == 409
    messages = " | ".join(e["msg"] for e in refused.json()["errors"])
    assert "No decision for Mason Hart" in messages
    assert "The decision for Lola Hart has no rationale" in messages
    assert "has no owner and agency" in messages and "has no due date" in messages
    assert "Confirm the genogram" in messages
    assert "Record whether" in messages and "(core) attended" in messages  # the health core agency was not recorded

    post(
        chair,
        f"{sd}/decisions",
        {"child": mason, "significant_harm": "not_met", "section_47": False, "rationale": "Older, no concerns raised"},
    )
    post(
        chair,
        f"{sd}/decisions",
        {"child": lola, "significant_harm": "unclear", "section_47": True, "rationale": "Lives with Ivy; same risk"},
    )
    action_id = post(
        chair,
        f"{sd}/actions",
        {
            "child": ivy,
            "what": "CP medical",
            "owner": "Dr Shah",
            "owner_agency": "svc-health",
            "due": (timezone.now() + dt.timedelta(days=1)).isoformat(),
        },
    ).json()["id"]
    from macp.strategy.models import Action

    Action.objects.exclude(pk=action_id).delete()
    post(
        chair,
        f"{sd}/attendance",
        {"agency": "svc-health", "name": "Named nurse", "role": "attendee", "attended": False},
    )
    post(chair, f"{sd}/genogram", {"confirmed": True})
    # Every invited agency's attendance is recorded before finalising, present or not (issue 8: IDVA went unrecorded).
    still = post(chair, f"{sd}/finalise", {})
    assert still.status_code == 409
    unrecorded = [e["loc"][1] for e in still.json()["errors"]]
    assert {"gp-a", "gp-b", "sch-primary", "probation-vale"} <= set(unrecorded) and all(
        e["loc"][0] == "attendance" for e in still.json()["errors"]
    )
    for code in unrecorded:
        post(chair, f"{sd}/attendance", {"agency": code, "name": "No one", "role": "attendee", "attended": False})
    from macp.accounts.models import Agency

    for agency in Agency.objects.all():
        agency.email = f"{agency.code}@secure.example.invalid"
        agency.save()
    with django_capture_on_commit_callbacks(execute=True):
        done = post(chair, f"{sd}/finalise", {})
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["status"] == "finalised" and body["dissent"][0]["agency"] == "police-vale"
    assert body["icpc_due"] is not None
    distribution = chair.get(f"{sd}/distribution").json()
    assert {d["agency"] for d in distribution} >= {
        "svc-csc",
        "police-vale",
        "svc-health",
        "gp-a",
        "gp-b",
        "sch-primary",
        "probation-vale",
    }
    assert all(d["sent_at"] for d in distribution)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(f"{d['agency']}@secure.example.invalid" for d in distribution)
    ack = post(
        police, f"{sd}/distribution/acknowledge", {"challenge": "Minutes omit that police will lead the ABE interview"}
    )
    assert ack.json()["acknowledged_at"] and ack.json()["challenge"].startswith("Minutes omit")
    # finalised minutes are not edited
    assert (
        post(chair, f"{sd}/decisions", {"child": ivy, "significant_harm": "met", "section_47": True}).status_code == 409
    )
    # involved agencies are flagged
    school = meeting["school"].get("/api/v1/flags").json()
    assert {f["message"] for f in school} >= {
        f"A strategy discussion about Ivy Hart took place on {timezone.localtime(dt.datetime.fromisoformat(when)):%-d %B %Y}; a section 47 enquiry has started.",
    }
    assert not any("Mason" in f["message"] for f in school)  # Mason is at the secondary school


def test_icpc_is_fifteen_working_days_after_the_discussion(meeting):
    from macp.strategy.meeting import icpc_due
    from macp.strategy.models import StrategyDiscussion

    discussion = StrategyDiscussion.objects.get(pk=meeting["id"])
    discussion.scheduled_for = dt.datetime(2026, 12, 18, 10, 0, tzinfo=dt.UTC)
    discussion.save()
    discussion.decisions.create(
        child=discussion.children.first(),
        significant_harm="met",
        section_47=True,
        rationale="r",
        recorded_by=discussion.requested_by,
    )
    # Fri 18 Dec 2026 + 15 working days, skipping Christmas, Boxing Day (28th) and New Year's Day
    assert icpc_due(discussion) == dt.date(2027, 1, 13)
