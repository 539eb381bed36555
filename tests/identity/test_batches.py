"""Agency batches in (CONTRACTS.md §3) and the family picture they make."""

import pytest

from macp.identity.models import Link, ReviewItem
from macp.intake.models import Batch, SourceRecord, SourceRecordVersion
from macp.people.models import Event, Person, Relationship
from tests.intake.factories import person, send


@pytest.fixture
def agencies(make_agency):
    return {
        "gp": make_agency("gp-svc-001", "gp_practice", "svc"),
        "police": make_agency("police-vale", "police"),
        "school": make_agency("sch-svc-001", "school", "svc"),
        "csc": make_agency("svc-csc", "childrens_social_care", "svc"),
    }


@pytest.fixture
def integration(make_user, api_client_for, agencies):
    return api_client_for(make_user("integration", ["system_admin"]))


GP = [
    person("G1", "Amelia", "Smith", "2019-08-02", "F", "9990000018"),
    person("G2", "Jade", "Smith", "1996-01-09", "F", "9990000026"),
    person("G3", "Oliver", "Smith", "2021-03-14", "M", "9990000034"),
    person("G4", "Olivia", "Smith", "2021-03-14", "F", "9990000042"),  # Oliver's twin
    {"kind": "relationship", "source_id": "R1", "from": "G2", "to": "G1", "type": "parent"},
    {"kind": "relationship", "source_id": "R2", "from": "G2", "to": "G3", "type": "parent"},
    {"kind": "relationship", "source_id": "R3", "from": "G2", "to": "G4", "type": "parent"},
    {
        "kind": "involvement",
        "source_id": "I1",
        "person": "G1",
        "agency": "gp-svc-001",
        "role": "registered_gp",
        "start": "2019-08-10",
    },
    {
        "kind": "event",
        "source_id": "E1",
        "persons": ["G1"],
        "type": "was_not_brought",
        "occurred_at": "2026-10-01T10:30:00+01:00",
        "summary": "Asthma review not attended",
    },
]
POLICE = [  # no NHS numbers, upper case, a nickname, and an adult man the GP doesn't know
    person("PN1", "AMELIA", "SMITH", "2019-08-02", "F"),
    person("PN2", "Jayde", "Smith", "1996-01-09", "F"),
    person("PN3", "Ollie", "Smith", "2021-03-14", "M"),
    person("PN9", "Liam", "Jones", "1990-05-05", "M"),
    {
        "kind": "event",
        "source_id": "DA1",
        "persons": ["PN2", "PN9"],
        "type": "domestic_abuse_incident",
        "occurred_at": "2026-11-01T23:10:00Z",
        "summary": "Neighbours called about shouting",
    },
]
SCHOOL = [  # day/month swapped DOB, hyphenated surname
    person("S1", "Amelia", "Smith-Jones", "2019-02-08", "F"),
    person("S2", "Jade", "Smith", "1996-01-09", "F"),
    {"kind": "relationship", "source_id": "SR1", "from": "S2", "to": "S1", "type": "parent"},
    {
        "kind": "involvement",
        "source_id": "SI1",
        "person": "S1",
        "agency": "sch-svc-001",
        "role": "school_enrolment",
        "start": "2023-09-04",
    },
]


def test_three_agencies_land_as_one_family_and_twins_stay_apart(integration):
    for source, batch, records in (
        ("gp-svc-001", "b1", GP),
        ("police-vale", "b1", POLICE),
        ("sch-svc-001", "b1", SCHOOL),
    ):
        response = send(integration, source, batch, records)
        assert response.status_code == 201, response.json()
    amelia = Person.objects.get(links__source_record__source_id="G1")
    assert set(Link.objects.filter(person=amelia).values_list("source_record__source_id", flat=True)) == {
        "G1",
        "PN1",
        "S1",
    }
    jade = Person.objects.get(links__source_record__source_id="G2")
    assert set(Link.objects.filter(person=jade).values_list("source_record__source_id", flat=True)) == {
        "G2",
        "PN2",
        "S2",
    }
    oliver = Person.objects.get(links__source_record__source_id="G3")
    olivia = Person.objects.get(links__source_record__source_id="G4")
    assert oliver != olivia
    assert Person.objects.get(links__source_record__source_id="PN3") == oliver  # Ollie is Oliver, not Olivia
    assert amelia.nhs_number == "9990000018" and amelia.date_of_birth.isoformat() == "2019-08-02"
    # relationships from two agencies, the mother's partner in the household with no relationship
    assert Relationship.objects.filter(from_person=jade, to_person=amelia, type="parent").count() == 2
    liam = Person.objects.get(links__source_record__source_id="PN9")
    household = set(
        amelia.household_memberships.filter(end__isnull=True).values_list("household__members__person", flat=True)
    )
    assert {jade.pk, liam.pk, oliver.pk, olivia.pk} <= household
    assert not Relationship.objects.filter(from_person=liam).exists()
    assert set(amelia.involvements.values_list("agency__code", "role")) == {
        ("gp-svc-001", "registered_gp"),
        ("sch-svc-001", "school_enrolment"),
    }
    incident = Event.objects.get(type="domestic_abuse_incident")
    assert set(incident.persons.all()) == {jade, liam}
    assert {n.family_name for n in amelia.names.all()} == {"Smith", "SMITH", "Smith-Jones"}


def test_person_api_shows_the_joined_record(integration, make_user, api_client_for):
    send(integration, "gp-svc-001", "b1", GP)
    send(integration, "sch-svc-001", "b1", SCHOOL)
    sw = make_user("sw", ["social_worker"], "sch-svc-001")
    person_id = integration.get("/api/v1/people", {"source": "sch-svc-001", "source_id": "S1"}).json()["person_id"]
    body = api_client_for(sw).get(f"/api/v1/people/{person_id}").json()
    assert {"source": "gp-svc-001", "source_id": "G1"} in body["source_records"]
    assert {"source": "sch-svc-001", "source_id": "S1"} in body["source_records"]
    assert len(body["household"]) == 3  # mother and the twins


def test_response_names_linked_people_and_resend_is_idempotent(integration):
    first = send(integration, "gp-svc-001", "batch-7", GP)
    assert first.status_code == 201
    body = first.json()
    assert body["accepted"] == len(GP) and body["batch_id"] == "batch-7"
    assert [p["source_id"] for p in body["people"]] == ["G1", "G2", "G3", "G4"]
    again = send(integration, "gp-svc-001", "batch-7", GP + [person("G5", "New", "Person", "2000-01-01", "M")])
    assert again.status_code == 201 and again.json() == body
    assert Person.objects.count() == 4 and Batch.objects.count() == 1


def test_bad_batch_lists_every_problem_and_stores_nothing(integration):
    records = [
        person("G1", "Amelia", "Smith", "2019-02-30", "F"),
        {"kind": "person", "source_id": "G2", "sex": "Q"},
        {"kind": "relationship", "source_id": "R1", "from": "G1", "to": "NOPE", "type": "cousin"},
        {"kind": "involvement", "source_id": "I1", "person": "G1", "agency": "no-such", "role": "registered_gp"},
        {"kind": "event", "source_id": "E1", "persons": ["G1"], "type": "injury", "occurred_at": "2026-10-01T10:30:00"},
        {"kind": "gossip", "source_id": "X"},
        person("G1", "Again", "Smith", "2019-01-01", "F"),
    ]
    response = send(integration, "gp-svc-001", "bad", records)
    assert response.status_code == 422
    errors = {(tuple(e["loc"]), e["msg"].split(":")[0]) for e in response.json()["errors"]}
    expected_locs = {
        ("records", "1", "sex"),
        ("records", "1", "given_name"),
        ("records", "2", "type"),
        ("records", "2", "to"),
        ("records", "3", "agency"),
        ("records", "4", "occurred_at"),
        ("records", "5", "kind"),
        ("records", "6", "source_id"),
    }
    assert expected_locs <= {loc for loc, _ in errors}
    assert ("records", "0", "date_of_birth") not in {loc for loc, _ in errors}  # garbled dates are data
    assert not SourceRecord.objects.exists() and not Batch.objects.exists() and not Person.objects.exists()


def test_invalid_nhs_number_is_kept_flagged_and_never_matched(integration):
    records = [person("G1", "Ava", "Khan", "2018-04-04", "F", "9990000019", postcode="SV2 1AA")]
    body = send(integration, "gp-svc-001", "b1", records).json()
    assert body["warnings"][0]["loc"] == ["records", "0", "nhs_number"]
    ava = Person.objects.get()
    assert ava.nhs_number == "9990000019" and not ava.nhs_number_valid
    other = [person("PN1", "Zara", "Ali", "2012-12-12", "F", "9990000019", postcode="KM9 9ZZ")]
    send(integration, "police-vale", "b1", other)
    assert Person.objects.count() == 2


def test_agency_may_send_only_for_itself(make_user, api_client_for, agencies):
    gp_user = make_user("gp", ["partner_attendee"], "gp-svc-001")
    client = api_client_for(gp_user)
    assert send(client, "police-vale", "b1", POLICE).status_code == 403
    # Changed by issue 8: involvements are a basis, sent only by integration accounts and managers who allocate work.
    refused = send(client, "gp-svc-001", "b1", GP)
    assert refused.status_code == 403 and "Involvements" in refused.json()["detail"]
    assert send(client, "gp-svc-001", "b1", [r for r in GP if r["kind"] != "involvement"]).status_code == 201
    assert send(client, "nowhere", "b1", GP).status_code == 422


def test_a_changed_record_is_a_new_version_and_the_picture_follows(integration):
    send(integration, "gp-svc-001", "b1", GP)
    moved = [person("G2", "Jade", "Smith", "1996-01-09", "F", "9990000026", postcode="SV4 4DD", address="7 New Street")]
    body = send(integration, "gp-svc-001", "b2", moved + [GP[0]]).json()
    assert body["unchanged"] == 1
    record = SourceRecord.objects.get(source_id="G2")
    assert record.version == 2 and SourceRecordVersion.objects.filter(record=record).count() == 2
    jade = Person.objects.get(links__source_record=record)
    now = jade.household_memberships.get(end__isnull=True)
    assert now.household.postcode == "SV4 4DD"
    assert jade.household_memberships.filter(end__isnull=False, household__postcode="SV1 2AB").exists()


def test_later_record_references_earlier_batch(integration):
    send(integration, "gp-svc-001", "b1", GP[:4])
    response = send(
        integration,
        "gp-svc-001",
        "b2",
        [{"kind": "involvement", "source_id": "I9", "person": "G3", "agency": "gp-svc-001", "role": "registered_gp"}],
    )
    assert response.status_code == 201
    assert Person.objects.get(links__source_record__source_id="G3").involvements.count() == 1


def test_doubtful_match_goes_to_review_with_a_provisional_person(integration):
    send(integration, "gp-svc-001", "b1", GP[:1])
    # same name and date of birth, nothing else: could be a namesake
    body = send(
        integration,
        "police-vale",
        "b1",
        [person("PN1", "Amelia", "Smith", "2019-08-02", "F", postcode="KM1 1AA", address="Elsewhere")],
    ).json()
    assert body["people"][0]["review"] == "pending"
    item = ReviewItem.objects.get()
    assert str(item.provisional_person.pk) == body["people"][0]["person_id"]
    assert item.candidate == Person.objects.get(links__source_record__source_id="G1")
    assert any(c["field"] == "date_of_birth" and c["weight"] > 0 for c in item.explanation)


def test_a_garbled_date_of_birth_is_kept_reported_and_compared_as_text(integration):
    body = send(integration, "gp-svc-001", "b1", [person("G1", "Amelia", "Smith", "2019-02-30", "F")]).json()
    assert body["accepted"] == 1
    assert (
        body["warnings"][0]["loc"] == ["records", "0", "date_of_birth"] and "2019-02-30" in body["warnings"][0]["msg"]
    )
    record = SourceRecord.objects.get(source_id="G1")
    assert record.data["date_of_birth"] is None and record.data["date_of_birth_as_sent"] == "2019-02-30"
    assert Person.objects.get().date_of_birth is None
    # The same garbled date from another agency at the same address is the same child.
    body = send(integration, "sch-svc-001", "b1", [person("S1", "Amelia", "Smith", "2019-02-30", "F")]).json()
    assert body["people"][0]["person_id"] == str(Person.objects.get(links__source_record__source_id="G1").pk)


def test_two_boys_with_different_surnames_are_never_silently_merged(integration):
    """Issue 15: same given name, date of birth, sex and postcode, different surnames, no NHS number, from a GP
    and a school: two people, or one plus a review item; never one silent merge."""
    send(integration, "gp-svc-001", "b1", [person("G1", "Jayden", "Brown", "2016-05-11", "M")])
    body = send(integration, "sch-svc-001", "b1", [person("S1", "Jayden", "Okafor", "2016-05-11", "M")]).json()
    gp_boy = Person.objects.get(links__source_record__source_id="G1")
    school_boy = Person.objects.get(links__source_record__source_id="S1")
    assert gp_boy != school_boy and body["people"][0]["link"] == "new_person"
    item = ReviewItem.objects.get(record__source_id="S1")
    assert item.candidate == gp_boy and item.match_probability >= 0.995  # the score alone would have merged them
    guard = next(row["label"] for row in item.explanation if row["field"] == "guard")
    assert "family names differ" in guard and "surname changed" in guard
    family = next(row for row in item.explanation if row["field"] == "family_name")
    assert (family["left"], family["right"]) == ("Okafor", "Brown") and family["weight"] < 0


def test_a_surname_change_goes_to_review_with_the_reason_and_then_links(integration, make_user, api_client_for):
    """A child who took a parent's new partner's surname: review first; once a person confirms it, the new
    surname is known for that child and a later record under it links by itself."""
    from macp.identity import services

    send(integration, "gp-svc-001", "b1", [person("G1", "Kacper", "Nowak", "2014-09-30", "M", "9990000050")])
    send(integration, "sch-svc-001", "b1", [person("S1", "Kacper", "Taylor", "2014-09-30", "M")])
    item = ReviewItem.objects.get(record__source_id="S1")
    assert "could be one person whose surname changed" in next(
        row["label"] for row in item.explanation if row["field"] == "guard"
    )
    kacper = services.confirm(
        item, make_user("mash", ["front_door_practitioner"], "police-vale"), "Mother's new partner"
    )
    body = send(integration, "police-vale", "b1", [person("PN1", "Kacper", "Taylor", "2014-09-30", "M")]).json()
    assert body["people"][0]["person_id"] == str(kacper.pk) and body["people"][0]["link"] == "linker"
    assert body["people"][0].get("review") is None


def test_twins_and_namesakes_stay_apart_without_nhs_numbers(integration):
    send(
        integration,
        "gp-svc-001",
        "b1",
        [person("G1", "Ella", "Hughes", "2018-01-20", "F"), person("G2", "Ellie", "Hughes", "2018-01-20", "F")],
    )
    send(
        integration,
        "sch-svc-001",
        "b1",
        [person("S1", "Ella", "Hughes", "2018-01-20", "F"), person("S2", "Ellie", "Hughes", "2018-01-20", "F")],
    )
    ella, ellie = (Person.objects.get(links__source_record__source_id=s) for s in ("G1", "G2"))
    assert ella != ellie
    assert Person.objects.get(links__source_record__source_id="S1") == ella
    assert Person.objects.get(links__source_record__source_id="S2") == ellie
    # a namesake at the other end of the region with the same birthday is held for review, not merged
    send(integration, "police-vale", "b1", [person("PN1", "Ella", "Hughes", "2018-01-20", "F", postcode="KM9 9ZZ")])
    assert Person.objects.get(links__source_record__source_id="PN1") not in (ella, ellie)
