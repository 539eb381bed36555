"""The review queue: confirm, reject, unmerge; decisions respected on every later batch."""

import pytest

from macp.access.models import AccessEvent
from macp.identity.models import Link, PairDecision, ReviewItem
from macp.people.models import Person, Relationship
from tests.intake.factories import person, send


@pytest.fixture
def setup(make_agency, make_user, api_client_for, signed_in, client):
    make_agency("gp-svc-001", "gp_practice", "svc")
    make_agency("police-vale", "police")
    integration = api_client_for(make_user("integration", ["system_admin"]))
    send(
        integration,
        "gp-svc-001",
        "b1",
        [
            person("G1", "Amelia", "Smith", "2019-08-02", "F", "9990000018"),
            person("G2", "Jade", "Smith", "1996-01-09", "F", "9990000026"),
            {"kind": "relationship", "source_id": "R1", "from": "G2", "to": "G1", "type": "parent"},
        ],
    )
    send(
        integration,
        "police-vale",
        "b1",
        [
            person("PN1", "Amelia", "Smith", "2019-08-02", "F", postcode="KM1 1AA", address="2 Far Road"),
            person("PN2", "Dean", "Smith", "1993-03-03", "M", postcode="KM1 1AA", address="2 Far Road"),
            {"kind": "relationship", "source_id": "PR1", "from": "PN2", "to": "PN1", "type": "parent"},
        ],
    )
    reviewer = make_user("mash", ["front_door_practitioner"], "police-vale")
    return {
        "integration": integration,
        "item": ReviewItem.objects.get(),
        "reviewer": reviewer,
        "web": signed_in(client, reviewer),
    }


def test_queue_and_side_by_side_page_show_each_fields_contribution(setup):
    web, item = setup["web"], setup["item"]
    assert "Amelia" in web.get("/identity/review/").content.decode()
    page = web.get(f"/identity/review/{item.pk}/").content.decode()
    dob = next(row for row in item.explanation if row["field"] == "date_of_birth")
    assert dob["level"] == "Same date of birth" and dob["weight"] > 5  # the linker's model, not a hand weight
    assert "Is this the same person?" in page and "Date of birth" in page and f"+{dob['weight']:.1f}" in page
    assert "not strongly enough to link without a person" in page and item.match_probability < 0.995
    assert AccessEvent.objects.filter(username="mash", basis="identity_review").count() == 2


def test_only_front_door_may_review(setup, make_user, signed_in, client):
    other = signed_in(client, make_user("sw", ["social_worker"], "police-vale"))
    assert other.get("/identity/review/").status_code == 403


def test_confirm_joins_the_records_and_the_old_id_leads_to_the_survivor(setup):
    web, item = setup["web"], setup["item"]
    provisional, candidate = item.provisional_person, item.candidate
    response = web.post(f"/identity/review/{item.pk}/", {"decision": "same", "reason": "Same school and GP"})
    assert response.status_code == 302
    assert set(
        Link.objects.filter(person=candidate, ended_at__isnull=True).values_list("source_record__source_id", flat=True)
    ) == {"G1", "PN1"}
    assert Link.objects.filter(person=provisional, ended_at__isnull=False).count() == 1  # history kept
    # Dean's relationship from the police record now points at the joined Amelia
    assert Relationship.objects.filter(to_person=candidate, from_person__given_name="Dean").exists()
    provisional.refresh_from_db()
    assert provisional.merged_into == candidate
    body = setup["integration"].get(f"/api/v1/people/{provisional.pk}")
    assert body.status_code in (200, 403)


def test_reject_needs_a_reason_and_is_respected_on_later_batches(setup):
    web, item = setup["web"], setup["item"]
    response = web.post(f"/identity/review/{item.pk}/", {"decision": "different", "reason": ""})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    web.post(f"/identity/review/{item.pk}/", {"decision": "different", "reason": "Different mother; different area"})
    assert PairDecision.objects.filter(decision="different").count() == 1
    # The police send the same record again with an NHS-free update: still not joined, and no new review
    send(
        setup["integration"],
        "police-vale",
        "b2",
        [person("PN1", "Amelia", "Smith", "2019-08-02", "F", postcode="SV1 2AB", address="1 Example Road")],
    )
    assert Person.objects.get(links__source_record__source_id="PN1", links__ended_at__isnull=True) != item.candidate
    assert ReviewItem.objects.filter(status="pending").count() == 0


def test_unmerge_separates_a_record_with_what_it_said(setup, make_user, signed_in, client):
    web, item = setup["web"], setup["item"]
    web.post(f"/identity/review/{item.pk}/", {"decision": "same", "reason": "checked"})
    amelia = item.candidate
    police_record = Link.objects.get(person=amelia, ended_at__isnull=True, source_record__source_id="PN1").source_record
    url = f"/people/{amelia.pk}/records/{police_record.pk}/separate/"
    assert web.post(url, {"reason": ""}).status_code == 400
    response = web.post(url, {"reason": "Police record is a different Amelia (checked DOB with school)"})
    assert response.status_code == 302
    separated = Person.objects.get(links__source_record=police_record, links__ended_at__isnull=True)
    assert separated != amelia
    assert Relationship.objects.filter(to_person=separated, from_person__given_name="Dean").exists()
    assert not Relationship.objects.filter(to_person=amelia, from_person__given_name="Dean").exists()
    assert Relationship.objects.filter(to_person=amelia, from_person__given_name="Jade").exists()
    assert PairDecision.objects.filter(decision="different", superseded_at__isnull=True).exists()
    assert PairDecision.objects.filter(decision="same", superseded_at__isnull=False).exists()
