"""Resolving professional differences through the API (CONTRACTS.md §13)."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from macp.core.working_days import add_working_days_at
from macp.escalations import services
from macp.escalations.models import Escalation
from tests.escalations.factories import raise_body


def same_moment(text: str, moment: dt.datetime) -> bool:
    return abs(dt.datetime.fromisoformat(text) - moment) < dt.timedelta(milliseconds=1)  # JSON carries milliseconds


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_raise_respond_escalate_and_resolve(family, dispute, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        created = post(dispute.as_nurse, "/api/v1/escalations", raise_body(family, dispute, dissent=dispute.dissent.pk))
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["stage"], body["status"]) == (1, "open")
    raised_at = Escalation.objects.get(pk=body["id"]).raised_at
    assert same_moment(body["respond_by"], add_working_days_at(raised_at, 2))
    assert {m.to[0] for m in mail.outbox} == {"test-hospital@secure.example.invalid", "test-csc@secure.example.invalid"}
    assert body["history"][0]["child_safe_now"] == "unsure"

    # Either side responds; "escalate" moves it to stage 2 with a new respond-by (2 working days), then stage 3 (5).
    up = post(
        dispute.as_tm,
        f"/api/v1/escalations/{body['id']}/respond",
        {"outcome": "escalate", "note": "We stand by the decision", "child_safe_now": "yes"},
    )
    assert up.status_code == 200, up.json()
    assert up.json()["stage"] == 2 and up.json()["stage_title"] == "Managers"
    up3 = post(
        dispute.as_nurse, f"/api/v1/escalations/{body['id']}/respond", {"outcome": "escalate", "note": "Still disagree"}
    )
    assert up3.json()["stage"] == 3
    moved_at = Escalation.objects.get(pk=body["id"]).steps.filter(kind="escalated").last().at
    assert same_moment(up3.json()["respond_by"], add_working_days_at(moved_at, 5))
    done = post(
        dispute.as_tm,
        f"/api/v1/escalations/{body['id']}/respond",
        {
            "outcome": "resolved",
            "note": "Strategy discussion reconvened; s47 started",
            "learning": "Invite the paediatrician",
        },
    )
    assert done.json()["status"] == "resolved" and done.json()["learning"] == "Invite the paediatrician"
    assert (
        post(
            dispute.as_tm, f"/api/v1/escalations/{body['id']}/respond", {"outcome": "resolved", "note": "x"}
        ).status_code
        == 409
    )

    history = dispute.as_nurse.get(f"/api/v1/escalations/{body['id']}").json()["history"]
    assert [h["kind"] for h in history] == [
        "raised",
        "response",
        "escalated",
        "response",
        "escalated",
        "response",
        "resolved",
    ]


def test_the_last_stage_cannot_move_up(family, dispute):
    # The contract's body, with the discussion's id as a number.
    created = post(
        dispute.as_nurse,
        "/api/v1/escalations",
        raise_body(family, dispute, about={"kind": "strategy_discussion", "id": dispute.discussion.pk}),
    ).json()
    for _ in range(3):
        post(dispute.as_tm, f"/api/v1/escalations/{created['id']}/respond", {"outcome": "escalate", "note": "Further"})
    stage4 = dispute.as_tm.get(f"/api/v1/escalations/{created['id']}").json()
    assert stage4["stage"] == 4 and stage4["respond_by"] is None
    refused = post(
        dispute.as_tm, f"/api/v1/escalations/{created['id']}/respond", {"outcome": "escalate", "note": "Further"}
    )
    assert refused.status_code == 422 and "last stage" in refused.json()["errors"][0]["msg"]


def test_the_decision_must_exist_and_be_visible(family, dispute):
    missing = post(
        dispute.as_nurse,
        "/api/v1/escalations",
        raise_body(family, dispute, about={"kind": "strategy_discussion", "id": "999"}),
    )
    assert missing.status_code == 422 and missing.json()["errors"][0]["loc"] == ["about", "id"]
    hidden = post(
        dispute.as_outsider,
        "/api/v1/escalations",
        raise_body(family, dispute, child=None, raised_by_agency="far-school"),
    )
    assert hidden.status_code == 422 and hidden.json()["errors"][0]["loc"] == ["about", "id"]
    bad = post(
        dispute.as_nurse,
        "/api/v1/escalations",
        raise_body(family, dispute, concern="", child_safe_now="maybe", raised_by_agency="test-csc"),
    )
    assert {tuple(e["loc"]) for e in bad.json()["errors"]} == {("concern",), ("child_safe_now",), ("raised_by_agency",)}
    not_about = post(dispute.as_nurse, "/api/v1/escalations", raise_body(family, dispute, child=str(family.mother.pk)))
    assert not_about.status_code == 422


def test_only_the_two_sides_and_the_partnership_see_it(family, dispute):
    created = post(dispute.as_nurse, "/api/v1/escalations", raise_body(family, dispute)).json()
    assert dispute.as_outsider.get(f"/api/v1/escalations/{created['id']}").status_code == 404
    assert (
        post(
            dispute.as_outsider, f"/api/v1/escalations/{created['id']}/respond", {"outcome": "resolved", "note": "x"}
        ).status_code
        == 404
    )
    listed = dispute.as_analyst.get(f"/api/v1/escalations?local_authority={family.la.code}").json()
    assert [e["id"] for e in listed] == [created["id"]]
    # The partnership sees it but is not a side: it cannot respond for either agency.
    assert (
        post(
            dispute.as_analyst, f"/api/v1/escalations/{created['id']}/respond", {"outcome": "resolved", "note": "x"}
        ).status_code
        == 403
    )


def test_referral_decisions_can_be_disputed_by_their_referrer(family, dispute, make_user, api_client_for):
    from macp.referrals.models import Referral

    referral = Referral.objects.create(
        reference="RFH-2026-000777",
        status="decided",
        submitted_by=dispute.nurse,
        submitted_at=timezone.now(),
        receiving_agency=family.csc,
        referrer_name="Jo Ward",
    )
    created = post(
        dispute.as_nurse,
        "/api/v1/escalations",
        raise_body(family, dispute, child=None, about={"kind": "referral", "id": referral.reference}),
    )
    assert created.status_code == 201, created.json()
    assert Escalation.objects.get(pk=created.json()["id"]).decision_agency == family.csc
    enquiry = post(
        dispute.as_nurse, "/api/v1/escalations", raise_body(family, dispute, about={"kind": "enquiry", "id": "1"})
    )
    assert enquiry.status_code == 422


def test_overdue_stage_prompts_both_sides_once(family, dispute, django_capture_on_commit_callbacks):
    created = post(dispute.as_nurse, "/api/v1/escalations", raise_body(family, dispute)).json()
    respond_by = dt.datetime.fromisoformat(created["respond_by"])
    assert services.prompt_overdue(respond_by - dt.timedelta(minutes=1)) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert len(services.prompt_overdue(respond_by + dt.timedelta(minutes=1))) == 1
    assert len(mail.outbox) == 2 and all("overdue" in m.subject for m in mail.outbox)
    assert services.prompt_overdue(respond_by + dt.timedelta(hours=2)) == []
    assert Escalation.objects.get(pk=created["id"]).stage == 1  # it moves up only on request
    kinds = [h["kind"] for h in dispute.as_nurse.get(f"/api/v1/escalations/{created['id']}").json()["history"]]
    assert kinds == ["raised", "prompted"]


def test_stages_are_the_partnerships_data(family, dispute):
    from macp.escalations.models import Stage

    Stage.objects.filter(number=1).update(working_days=4, title="Talk first")
    created = post(dispute.as_nurse, "/api/v1/escalations", raise_body(family, dispute)).json()
    raised_at = Escalation.objects.get(pk=created["id"]).raised_at
    assert (
        same_moment(created["respond_by"], add_working_days_at(raised_at, 4)) and created["stage_title"] == "Talk first"
    )


def test_prompt_command_runs(dispute):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("prompt_overdue_escalations", stdout=out)
    assert out.getvalue().strip() == "0 overdue disagreement(s) prompted"


def test_an_enquiry_outcome_can_be_disputed_by_an_agency_working_on_it(
    investigation, make_user, make_agency, api_client_for
):
    from macp.enquiries.models import Enquiry

    enquiry = Enquiry.objects.get(strategy_discussion_id=investigation.discussion_id)
    body = {
        "about": {"kind": "enquiry", "id": str(enquiry.pk)},
        "child": str(investigation.family.child.pk),
        "raised_by_agency": investigation.police.code,
        "concern": "The outcome does not weigh the second bruise",
        "child_safe_now": "unsure",
    }
    created = post(investigation.api(investigation.investigator), "/api/v1/escalations", body)
    assert created.status_code == 201, created.json()
    assert Escalation.objects.get(pk=created.json()["id"]).about_id == str(enquiry.pk)
    # An agency with no part in the enquiry cannot see it, so cannot dispute it.
    stranger = make_user("far", "partner_attendee", make_agency("far-gp", "gp_practice", la="far-council"))
    refused = post(api_client_for(stranger), "/api/v1/escalations", dict(body, raised_by_agency="far-gp"))
    assert refused.status_code == 422 and refused.json()["errors"][0]["loc"][-1] == "id"


def test_the_disagreement_is_in_the_childs_chronology_unclear_until_resolved(family, dispute):
    created = post(dispute.as_nurse, "/api/v1/escalations", raise_body(family, dispute)).json()
    rows = dispute.as_tm.get(f"/api/v1/people/{family.child.pk}/chronology").json()
    [raised] = [r for r in rows if r["type"] == "escalation_raised"]
    assert raised["source"] == "test-hospital" and raised["status"] == "unclear"
    assert "Is the child safe now: unsure" in raised["summary"]
    post(dispute.as_tm, f"/api/v1/escalations/{created['id']}/respond", {"outcome": "escalate", "note": "Managers"})
    post(dispute.as_tm, f"/api/v1/escalations/{created['id']}/respond", {"outcome": "resolved", "note": "Agreed"})
    rows = dispute.as_tm.get(f"/api/v1/people/{family.child.pk}/chronology").json()
    kinds = [(r["type"], r["status"]) for r in rows if r["type"].startswith("escalation_")]
    assert kinds == [
        ("escalation_raised", "confirmed"),
        ("escalation_escalated", "confirmed"),
        ("escalation_resolved", "confirmed"),
    ]
