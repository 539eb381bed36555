"""Requests for help through the API (CONTRACTS.md §6): submit, triage against working-day targets, decide."""

import datetime as dt

import pytest
from django.utils import timezone

from macp.access.services import basis_for
from macp.people.models import Person, Relationship
from macp.referrals.models import Referral
from macp.referrals.targets import response_due
from tests.referrals.factories import two_children

LONDON = dt.timezone(dt.timedelta(hours=0))


@pytest.fixture
def referral_clients(make_agency, make_user, api_client_for):
    csc = make_agency("svc-csc", "childrens_social_care", "svc")
    school = make_agency("sch-svc-001", "school", "svc")
    referrer = make_user("dsl", ["referrer"], school, email="dsl@hillside.invalid")
    front_door = make_user("mash", ["front_door_manager"], csc)
    return {
        "csc": csc,
        "referrer": referrer,
        "front_door": front_door,
        "as_referrer": api_client_for(referrer),
        "as_front_door": api_client_for(front_door),
    }


def test_submit_two_children_gets_a_reference_and_people(referral_clients):
    response = referral_clients["as_referrer"].post(
        "/api/v1/referrals", two_children(), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "received"
    year = timezone.localdate().year
    assert body["reference"].startswith(f"RFH-{year}-") and len(body["reference"]) == len(f"RFH-{year}-000001")
    ids = [c["person_id"] for c in body["children"]]
    ruby, leo = (Person.objects.get(pk=i) for i in ids)
    assert (ruby.given_name, leo.given_name) == ("Ruby", "Leo")
    kerry = Person.objects.get(given_name="Kerry")
    assert Relationship.objects.filter(from_person=kerry, to_person=ruby, type="parent").exists()
    wayne = Person.objects.get(given_name="Wayne")
    assert not Relationship.objects.filter(from_person=wayne).exists()  # unknown stays unknown
    # the receiving front door may now open the children's records; another agency may not
    assert basis_for(referral_clients["front_door"], ruby)[0] == "triage"
    assert basis_for(referral_clients["referrer"], ruby)[0] == "denied"


def test_a_second_request_about_the_same_child_finds_her(referral_clients):
    first = (
        referral_clients["as_referrer"]
        .post("/api/v1/referrals", two_children(), content_type="application/json")
        .json()
    )
    again = (
        referral_clients["as_referrer"]
        .post("/api/v1/referrals", two_children(), content_type="application/json")
        .json()
    )
    assert again["children"][0]["person_id"] == first["children"][0]["person_id"]
    assert again["children"][0]["match"] == "suggested"


def test_idempotency_key_returns_the_first_referral(referral_clients):
    client = referral_clients["as_referrer"]
    first = client.post(
        "/api/v1/referrals", two_children(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc-1"
    )
    second = client.post(
        "/api/v1/referrals", two_children(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc-1"
    )
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["reference"] == second.json()["reference"] and Referral.objects.count() == 1


def test_missing_answers_and_unknown_person_ids_get_clear_errors_and_nothing_is_saved(referral_clients):
    body = two_children(concerns="", consent={"parents": "not_sought"}, referrer={})
    body["children"][0].pop("worries")
    body["children"].append({"person_id": "00000000-0000-0000-0000-00000000abcd"})
    body["children"].append({"given_name": "Tom", "date_of_birth": "2030-01-01"})
    response = referral_clients["as_referrer"].post("/api/v1/referrals", body, content_type="application/json")
    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["errors"]}
    assert "Enter your name" == errors[("referrer", "name")]
    assert "No person with id" in errors[("children", "2", "person_id")]
    assert ("children", "3", "date_of_birth") in errors
    assert ("concerns",) in errors and ("consent", "reason_not_sought") in errors
    assert not Referral.objects.exists() and not Person.objects.exists()


def test_child_over_eleven_needs_their_consent_answer(referral_clients):
    body = two_children()
    body["children"][0]["date_of_birth"] = "2012-01-01"
    errors = (
        referral_clients["as_referrer"]
        .post("/api/v1/referrals", body, content_type="application/json")
        .json()["errors"]
    )
    assert {
        "loc": ["consent", "child"],
        "msg": "A child is over 11: say whether they agreed (yes, no or not_sought)",
    } in errors


def test_triage_sets_due_time_and_only_front_door_may(referral_clients):
    reference = (
        referral_clients["as_referrer"]
        .post("/api/v1/referrals", two_children(), content_type="application/json")
        .json()["reference"]
    )
    assert (
        referral_clients["as_referrer"]
        .post(
            f"/api/v1/referrals/{reference}/triage",
            {"brag": "amber", "rationale": "x"},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    missing = referral_clients["as_front_door"].post(
        f"/api/v1/referrals/{reference}/triage", {"brag": "purple"}, content_type="application/json"
    )
    assert missing.status_code == 422 and len(missing.json()["errors"]) == 2
    response = referral_clients["as_front_door"].post(
        f"/api/v1/referrals/{reference}/triage",
        {"brag": "amber", "rationale": "Neglect indicators"},
        content_type="application/json",
    )
    body = response.json()
    referral = Referral.objects.get()
    assert body["brag"] == "amber" and body["status"] == "in_triage"
    due = dt.datetime.fromisoformat(body["response_due_at"])
    assert abs(due - response_due("amber", referral.submitted_at)) < dt.timedelta(milliseconds=1)


def test_referrer_sees_outcome_and_next_step_but_not_the_reasoning(referral_clients):
    reference = (
        referral_clients["as_referrer"]
        .post("/api/v1/referrals", two_children(), content_type="application/json")
        .json()["reference"]
    )
    fd = referral_clients["as_front_door"]
    assert (
        fd.post(
            f"/api/v1/referrals/{reference}/decision",
            {"decision": "assessment", "reason": "r"},
            content_type="application/json",
        ).status_code
        == 422
    )  # not rated yet
    fd.post(
        f"/api/v1/referrals/{reference}/triage",
        {"brag": "amber", "rationale": "Neglect"},
        content_type="application/json",
    )
    fd.post(
        f"/api/v1/referrals/{reference}/decision",
        {"decision": "assessment", "reason": "Cumulative neglect; unknown adult"},
        content_type="application/json",
    )
    seen = referral_clients["as_referrer"].get(f"/api/v1/referrals/{reference}").json()
    assert seen["decision"] == "assessment" and seen["decision_reason"] is None
    assert "child and family assessment" in seen["next_step"]
    assert fd.get(f"/api/v1/referrals/{reference}").json()["decision_reason"] == "Cumulative neglect; unknown adult"


def test_someone_else_cannot_see_a_referral(referral_clients, make_user, api_client_for, make_agency):
    reference = (
        referral_clients["as_referrer"]
        .post("/api/v1/referrals", two_children(), content_type="application/json")
        .json()["reference"]
    )
    other = api_client_for(make_user("gp", ["referrer"], make_agency("gp-x", "gp_practice")))
    assert other.get(f"/api/v1/referrals/{reference}").status_code == 404


def test_requests_for_help_count_towards_cumulative_concern(referral_clients):
    client = referral_clients["as_referrer"]
    references = [
        client.post("/api/v1/referrals", two_children(), content_type="application/json").json()["reference"]
        for _ in range(3)
    ]
    ruby = Person.objects.get(given_name="Ruby")
    from macp.concerns.models import Alert

    alert = Alert.objects.get(person=ruby, rule__code="cumulative-contacts")
    assert {e["source_id"] for e in alert.evidence} == {f"{r}-E" for r in references}
    assert ruby.events.filter(type="referral").count() == 3


def test_naming_a_known_child_by_person_id_links_to_them(referral_clients):
    first = (
        referral_clients["as_referrer"]
        .post("/api/v1/referrals", two_children(), content_type="application/json")
        .json()
    )
    ruby_id = first["children"][0]["person_id"]
    body = two_children(children=[{"person_id": ruby_id, "worries": "Again hungry"}], adults=[])
    second = referral_clients["as_referrer"].post("/api/v1/referrals", body, content_type="application/json").json()
    assert second["children"][0]["person_id"] == ruby_id
    assert second["children"][0]["match_reason"] == "Named by the referrer by person id"


def test_referrer_is_emailed_the_reference_and_later_the_outcome(
    referral_clients, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reference = (
            referral_clients["as_referrer"]
            .post("/api/v1/referrals", two_children(), content_type="application/json")
            .json()["reference"]
        )
    assert mailoutbox[0].to == ["dsl@hillside.invalid"] and reference in mailoutbox[0].subject
    fd = referral_clients["as_front_door"]
    fd.post(
        f"/api/v1/referrals/{reference}/triage",
        {"brag": "green", "rationale": "Low level"},
        content_type="application/json",
    )
    with django_capture_on_commit_callbacks(execute=True):
        fd.post(
            f"/api/v1/referrals/{reference}/decision",
            {"decision": "early_help", "reason": "Needs support"},
            content_type="application/json",
        )
    assert "Early help" in mailoutbox[1].body and "Needs support" not in mailoutbox[1].body
    assert Referral.objects.get().referrer_told_at is not None


def test_a_strategy_discussion_decision_puts_a_request_in_the_strategy_queue(referral_clients):
    from macp.strategy.models import StrategyDiscussion

    reference = (
        referral_clients["as_referrer"]
        .post("/api/v1/referrals", two_children(), content_type="application/json")
        .json()["reference"]
    )
    fd = referral_clients["as_front_door"]
    fd.post(
        f"/api/v1/referrals/{reference}/triage",
        {"brag": "red", "rationale": "Disclosure of being hit"},
        content_type="application/json",
    )
    fd.post(
        f"/api/v1/referrals/{reference}/decision",
        {"decision": "strategy_discussion", "reason": "Reasonable cause to suspect significant harm"},
        content_type="application/json",
    )
    discussion = StrategyDiscussion.objects.get()
    assert discussion.status == "requested" and discussion.referral_reference == reference
    assert {p.given_name for p in discussion.children.all()} == {"Ruby", "Leo"}
    assert (discussion.target_at - discussion.requested_at).total_seconds() == 4 * 3600


def test_requests_for_help_through_the_api_are_rate_limited_per_account(referral_clients, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "request_for_help_api": "1/h"}
    first = referral_clients["as_referrer"].post("/api/v1/referrals", two_children(), content_type="application/json")
    assert first.status_code == 201
    again = referral_clients["as_referrer"].post("/api/v1/referrals", two_children(), content_type="application/json")
    assert again.status_code == 429 and again["Retry-After"] == "3600"
    assert Referral.objects.count() == 1
