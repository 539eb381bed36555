"""The chronology through the API exactly as CONTRACTS.md §9 writes it."""

import datetime as dt

from django.utils import timezone

from macp.access.models import AccessEvent
from macp.people.models import Event


def _event(agency, people, type_, days_ago, summary):
    e = Event.objects.create(
        agency=agency, type=type_, occurred_at=timezone.now() - dt.timedelta(days=days_ago), summary=summary
    )
    e.persons.set(people)
    return e


def test_every_step_with_its_source_oldest_first(investigation):
    f = investigation.family
    _event(f.gp, [f.child], "was_not_brought", 90, "8-year check not attended")
    _event(investigation.police, [f.mother, f.partner], "domestic_abuse_incident", 30, "Police called to the home")
    _event(f.gp, [f.mother], "other", 20, "Routine blood test")  # a household member's insignificant event: left out
    sw = investigation.api(investigation.social_worker)
    rows = sw.get(f"/api/v1/people/{f.child.pk}/chronology").json()
    for row in rows:
        assert set(row) >= {"id", "occurred_at", "source", "type", "summary", "significance", "recorded_by", "status"}
        assert row["significance"] in ("high", "medium", "low", None) and row["status"] in (
            "confirmed",
            "unclear",
            "outstanding",
        )
    assert [r["occurred_at"] for r in rows] == sorted(r["occurred_at"] for r in rows)
    types = {r["type"]: r for r in rows}
    assert types["was_not_brought"]["source"] == "test-gp"
    assert types["domestic_abuse_incident"]["source"] == "test-police"
    assert "other" not in types
    assert types["strategy_discussion"]["source"] == "test-csc"
    decision = next(r for r in rows if r["type"] == "strategy_decision")
    assert "section 47 enquiry: yes" in decision["summary"] and decision["recorded_by"]
    assert types["s47_enquiry"]["significance"] == "high"
    assert AccessEvent.objects.filter(
        person_id=str(f.child.pk), channel="api", route=f"/api/v1/people/{f.child.pk}/chronology"
    ).exists()


def test_entry_added_in_the_system_with_the_callers_agency_as_source(investigation):
    f = investigation.family
    pi = investigation.api(investigation.investigator)
    body = {
        "occurred_at": (timezone.now() - dt.timedelta(days=2)).isoformat(),
        "type": "home_visit",
        "summary": "Door not answered; a man's voice heard inside",
        "significance": "medium",
        "status": "unclear",
    }
    added = pi.post(f"/api/v1/people/{f.child.pk}/chronology", body, content_type="application/json")
    assert added.status_code == 201, added.json()
    assert (added.json()["source"], added.json()["status"], added.json()["recorded_by"]) == (
        "test-police",
        "unclear",
        "Dee Constable",
    )
    rows = investigation.api(investigation.social_worker).get(f"/api/v1/people/{f.child.pk}/chronology").json()
    assert any(r["id"] == added.json()["id"] and r["status"] == "unclear" for r in rows)
    bad = pi.post(
        f"/api/v1/people/{f.child.pk}/chronology", {**body, "significance": "huge"}, content_type="application/json"
    )
    assert bad.status_code == 422
    empty = pi.post(
        f"/api/v1/people/{f.child.pk}/chronology", {**body, "summary": " "}, content_type="application/json"
    )
    assert empty.status_code == 422 and empty.json()["errors"][0]["loc"] == ["summary"]


def test_no_basis_no_chronology(investigation, make_user, make_agency):
    f = investigation.family
    other = make_agency("far-school", "school", la="other-council")
    client = investigation.api(make_user("dsl2", "referrer", other))
    assert client.get(f"/api/v1/people/{f.child.pk}/chronology").status_code == 403
    assert (
        client.post(
            f"/api/v1/people/{f.child.pk}/chronology",
            {"occurred_at": timezone.now().isoformat(), "type": "x", "summary": "y"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert AccessEvent.objects.filter(username="dsl2", allowed=False).count() == 2
    assert client.get("/api/v1/people/not-a-person/chronology").status_code == 404


def test_mash_answers_and_outstanding_questions(investigation, make_user):
    from macp.referrals.models import MashEnquiry, Referral, ReferralChild

    f = investigation.family
    referral = Referral.objects.create(
        reference="RFH-2026-000777",
        status="decided",
        referrer_name="Ms Teach",
        receiving_agency=f.csc,
        submitted_at=timezone.now() - dt.timedelta(days=5),
        decision="strategy_discussion",
        decision_reason="Disclosure",
        decided_at=timezone.now() - dt.timedelta(days=4),
    )
    ReferralChild.objects.create(referral=referral, person=f.child, given_name="Amelia")
    asker = make_user("fdp", "front_door_practitioner", f.csc)
    MashEnquiry.objects.create(
        referral=referral,
        agency=f.gp,
        question="Any injuries seen?",
        asked_by=asker,
        due_at=timezone.now(),
        response="Bruise on arm in May",
        responded_at=timezone.now() - dt.timedelta(days=4, hours=2),
    )
    MashEnquiry.objects.create(
        referral=referral, agency=investigation.police, question="Any call-outs?", asked_by=asker, due_at=timezone.now()
    )
    rows = investigation.api(investigation.social_worker).get(f"/api/v1/people/{f.child.pk}/chronology").json()
    mash = [r for r in rows if r["type"] == "mash_answer"]
    assert {(r["source"], r["status"]) for r in mash} == {("test-gp", "confirmed"), ("test-police", "outstanding")}
    assert any(r["type"] == "referral_decision" and "RFH-2026-000777" in r["summary"] for r in rows)
