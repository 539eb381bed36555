"""Section 47 enquiries through the API exactly as CONTRACTS.md §8 writes them."""

import datetime as dt

from django.utils import timezone

from macp.access.models import AccessEvent
from macp.core.working_days import add_working_days
from macp.enquiries.models import Enquiry


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_finalised_discussion_opens_one_enquiry_for_each_s47_child(investigation):
    f = investigation.family
    sw = investigation.api(investigation.social_worker)
    body = sw.get(f"/api/v1/enquiries?child={f.child.pk}").json()
    assert len(body) == 1
    e = body[0]
    assert set(e) >= {
        "id",
        "child",
        "strategy_discussion",
        "lead_agency",
        "joint",
        "status",
        "icpc_due",
        "assessment_due",
        "outcome",
        "hypotheses",
        "child_seen",
        "voice",
    }
    assert (e["child"], e["strategy_discussion"], e["lead_agency"], e["joint"], e["status"], e["outcome"]) == (
        str(f.child.pk),
        investigation.discussion_id,
        "test-police",
        True,
        "open",
        None,
    )
    held = Enquiry.objects.get().strategy_held_on
    assert e["icpc_due"] == add_working_days(held, 15).isoformat()
    assert e["assessment_due"] == add_working_days(Enquiry.objects.get().referral_received_on, 45).isoformat()
    assert {t["kind"] for t in e["tasks"]} >= {
        "see_child",
        "see_child_alone",
        "joint_visit",
        "abe_interview",
        "cp_medical",
        "statement",
    }
    assert (
        e["contingency"] == "Second opinion from the paediatric lead" and e["safety_plan"] == "Daniel leaves the home"
    )
    # Jack: no section 47 decided, no enquiry
    assert sw.get(f"/api/v1/enquiries?child={f.sibling.pk}").json() == []
    assert sw.get(f"/api/v1/enquiries/{e['id']}").json()["id"] == e["id"]
    # every read is audited as a read of the child through the API
    assert (
        AccessEvent.objects.filter(person_id=str(f.child.pk), channel="api", username="sw", allowed=True).count() >= 2
    )


def test_opening_is_idempotent(investigation):
    from macp.enquiries.opening import open_enquiries
    from macp.strategy.models import StrategyDiscussion

    discussion = StrategyDiscussion.objects.get(pk=investigation.discussion_id)
    assert open_enquiries(discussion) == []
    discussion.save()  # a second post_save with the status finalised
    assert Enquiry.objects.count() == 1


def test_outcome_refused_with_all_three_reasons_then_accepted(investigation):
    f = investigation.family
    sw = investigation.api(investigation.social_worker)
    eid = sw.get(f"/api/v1/enquiries?child={f.child.pk}").json()[0]["id"]
    url = f"/api/v1/enquiries/{eid}"
    h = _post(
        sw,
        f"{url}/hypotheses",
        {
            "statement": "Daniel hit Amelia",
            "evidence_for": "Bruise; Amelia's account",
            "evidence_against": "",
            "status": "open",
        },
    )
    assert h.status_code == 201 and h.json()["status"] == "open"
    refused = _post(sw, f"{url}/outcome", {"outcome": "icpc", "rationale": "Significant harm likely"})
    assert refused.status_code == 409
    messages = [e["msg"] for e in refused.json()["errors"]]
    assert any("Daniel hit Amelia" in m and "still open" in m for m in messages)
    assert any("has not been seen" in m for m in messages)
    assert any("own voice" in m and "not recorded" in m for m in messages)
    assert len(messages) == 3
    # confirming needs evidence; excluding needs evidence against
    assert _post(sw, f"{url}/hypotheses/{h.json()['id']}", {"status": "excluded"}).status_code == 422
    changed = _post(sw, f"{url}/hypotheses/{h.json()['id']}", {"status": "confirmed"})
    assert changed.status_code == 200 and changed.json()["status"] == "confirmed"
    seen = _post(
        sw,
        f"{url}/child-seen",
        {
            "seen_at": (timezone.now() - dt.timedelta(hours=3)).isoformat(),
            "seen_alone": True,
            "by_agency": "test-csc",
            "note": "Seen alone at school",
        },
    )
    assert seen.status_code == 201 and seen.json()["seen_alone"] is True
    still = _post(sw, f"{url}/outcome", {"outcome": "icpc", "rationale": "Significant harm likely"})
    assert [e["loc"] for e in still.json()["errors"]] == [["voice"]]
    voice = _post(
        sw,
        f"{url}/voice",
        {
            "recorded_at": timezone.now().isoformat(),
            "words": "I don't want Daniel to come back",
            "method": "Seen alone at school, with her teacher nearby",
            "by_agency": "test-csc",
        },
    )
    assert voice.status_code == 201
    done = _post(sw, f"{url}/outcome", {"outcome": "icpc", "rationale": "Significant harm likely"})
    assert done.status_code == 200, done.json()
    assert (done.json()["status"], done.json()["outcome"]) == ("concluded", "icpc")
    assert {t["kind"] for t in done.json()["tasks"] if t["done_at"]} >= {"see_child", "see_child_alone"}
    # concluded: nothing more is changed
    assert _post(sw, f"{url}/hypotheses", {"statement": "x"}).status_code == 409


def test_child_not_seen_with_a_reason_counts(investigation):
    f = investigation.family
    sw = investigation.api(investigation.social_worker)
    eid = sw.get(f"/api/v1/enquiries?child={f.child.pk}").json()[0]["id"]
    url = f"/api/v1/enquiries/{eid}"
    assert _post(sw, f"{url}/child-seen", {"by_agency": "test-csc"}).status_code == 422  # neither seen nor a reason
    assert (
        _post(sw, f"{url}/child-seen", {"by_agency": "test-csc", "not_seen_reason": "In hospital, sedated"}).status_code
        == 201
    )
    refused = _post(sw, f"{url}/outcome", {"outcome": "no_further_action", "rationale": "r"})
    assert [e["loc"] for e in refused.json()["errors"]] == [["voice"]]


def test_bad_outcome_and_empty_rationale_are_422(investigation):
    sw = investigation.api(investigation.social_worker)
    eid = Enquiry.objects.get().pk
    assert _post(sw, f"/api/v1/enquiries/{eid}/outcome", {"outcome": "maybe", "rationale": "x"}).status_code == 422
    body = _post(sw, f"/api/v1/enquiries/{eid}/outcome", {"outcome": "icpc", "rationale": " "}).json()
    assert body["errors"][0]["loc"] == ["rationale"]


def test_other_roles_agencies_and_councils_are_refused(investigation, make_user, make_agency):
    f = investigation.family
    eid = Enquiry.objects.get().pk
    # a GP practice involved with Amelia may read (need-to-know) but not write
    gp = investigation.api(make_user("gpdoc", "partner_attendee", f.gp))
    assert gp.get(f"/api/v1/enquiries/{eid}").status_code == 200
    assert _post(gp, f"/api/v1/enquiries/{eid}/hypotheses", {"statement": "x"}).status_code == 403
    # another council's social worker has no basis at all: refused and audited
    other = make_agency("other-csc", "childrens_social_care", la="other-council")
    outsider = investigation.api(make_user("sw2", "social_worker", other))
    assert outsider.get(f"/api/v1/enquiries/{eid}").status_code == 403
    assert outsider.get(f"/api/v1/enquiries?child={f.child.pk}").status_code == 403
    assert (
        _post(
            outsider,
            f"/api/v1/enquiries/{eid}/voice",
            {"recorded_at": timezone.now().isoformat(), "words": "x", "method": "y", "by_agency": "other-csc"},
        ).status_code
        == 403
    )
    assert AccessEvent.objects.filter(username="sw2", allowed=False).count() == 3
    # the police investigator of a joint enquiry works on it
    pi = investigation.api(investigation.investigator)
    assert _post(pi, f"/api/v1/enquiries/{eid}/hypotheses", {"statement": "An accident at the park"}).status_code == 201
    assert outsider.get("/api/v1/enquiries/999999").status_code == 404
