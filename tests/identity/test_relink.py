"""The whole-population linker run in the app: suggestions only, human decisions respected, progress shown."""

import pytest

from macp.identity.models import Link, LinkRun, PairDecision, ReviewItem
from macp.intake.models import SourceRecord
from macp.people.models import Person


def held_apart(agency, sid, **data):
    """A person made without in-app matching, as a data migration or a past mistake might leave them."""
    record = SourceRecord.objects.create(agency=agency, kind="person", source_id=sid, data=data)
    person = Person.objects.create(given_name=data.get("given_name", ""), family_name=data.get("family_name", ""))
    Link.objects.create(source_record=record, person=person, method="new_person")
    return record, person


@pytest.fixture
def split_people(make_agency):
    gp, police = make_agency("gp-1", "gp_practice", "svc"), make_agency("police-1", "police")
    a = held_apart(
        gp,
        "G1",
        given_name="Amelia",
        family_name="Smith",
        date_of_birth="2019-08-02",
        sex="F",
        nhs_number="9990000018",
        postcode="SV1 2AB",
    )
    b = held_apart(
        police,
        "P1",
        given_name="Amelia",
        family_name="Smith",
        date_of_birth="2019-08-02",
        sex="F",
        nhs_number="9990000018",
        postcode="SV1 2AB",
    )
    other = held_apart(
        police, "P2", given_name="Noah", family_name="Jones", date_of_birth="2012-01-01", sex="M", postcode="KM1 1AA"
    )
    return a, b, other


def test_run_suggests_joins_for_review_and_shows_progress(split_people, make_user, signed_in, client):
    web = signed_in(client, make_user("mash", ["front_door_practitioner"], "gp-1"))
    response = web.post("/identity/runs/")
    run = LinkRun.objects.get()
    assert response["Location"] == f"/identity/runs/{run.pk}/"
    assert run.status == "done" and run.records == 3 and run.suggestions == 1  # the immediate backend ran it
    item = ReviewItem.objects.get()
    assert {item.provisional_person_id, item.candidate_id} == {split_people[0][1].pk, split_people[1][1].pk}
    page = web.get(f"/identity/runs/{run.pk}/").content.decode()
    assert "1 possible match to check" in page
    # a second run suggests nothing new
    web.post("/identity/runs/")
    assert ReviewItem.objects.count() == 1


def test_a_rejected_pair_is_not_suggested_again(split_people, make_user, signed_in, client):
    (ra, _), (rb, _), _ = split_people
    PairDecision.objects.create(record_a=ra, record_b=rb, decision="different", reason="Different children, checked")
    signed_in(client, make_user("mash", ["front_door_practitioner"], "gp-1")).post("/identity/runs/")
    assert LinkRun.objects.get().status == "done" and not ReviewItem.objects.exists()


def test_runs_are_for_reviewers(split_people, make_user, signed_in, client):
    assert signed_in(client, make_user("sw", ["social_worker"], "gp-1")).post("/identity/runs/").status_code == 403
