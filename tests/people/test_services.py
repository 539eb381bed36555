import datetime as dt

from macp.people.models import Household, HouseholdMember, Person, Relationship
from macp.people.services import UNKNOWN_RELATIONSHIP, family_picture, relationship_label, search_people


def test_household_member_without_relationship_is_unknown_not_a_parent(world):
    picture = family_picture(world.child)
    labels = {m.person.given_name: m.label for h in picture.households_now for m in h.members}
    assert labels == {"Jade": "Mother", "Liam": UNKNOWN_RELATIONSHIP}


def test_relationship_labels_read_from_each_side(world):
    rel = Relationship.objects.get()
    assert relationship_label(rel, world.child.pk) == "Mother"
    assert relationship_label(rel, world.mother.pk) == "Daughter"


def test_previous_household_is_kept_apart_from_current(world):
    old = Household.objects.create(address="9 Old Lane", postcode="SV9 9ZZ")
    HouseholdMember.objects.create(
        household=old, person=world.child, start=dt.date(2019, 8, 2), end=dt.date(2022, 12, 31)
    )
    picture = family_picture(world.child)
    assert [h.address for h in picture.households_before] == ["9 Old Lane, SV9 9ZZ"]
    assert [h.address for h in picture.households_now] == ["1 Example Road, SV1 2AB"]


def test_school_involvement_that_ended_is_past(world):
    picture = family_picture(world.child)
    assert [i.agency.code for i in picture.involvements_past] == ["sch-svc-001"]
    assert [i.agency.code for i in picture.involvements_current] == ["svc-csc"]


def test_search_by_name_dob_and_nhs_number(world):
    world.child.set_nhs_number("999 000 0018")
    world.child.save()
    people = Person.objects.all()
    assert list(search_people(people, "amelia sm")) == [world.child]
    assert list(search_people(people, "02/08/2019")) == [world.child]
    assert list(search_people(people, "2019-08-02")) == [world.child]
    assert list(search_people(people, "9990000018")) == [world.child]
    assert world.child.nhs_number_valid


def test_closer_kinship_names_a_double_relationship(world):
    gran = Person.objects.create(given_name="Pat", family_name="Smith", date_of_birth=dt.date(1960, 1, 1), sex="F")
    HouseholdMember.objects.create(household=world.home, person=gran, start=dt.date(2024, 1, 1))
    Relationship.objects.create(from_person=gran, to_person=world.child, type="carer")
    Relationship.objects.create(from_person=gran, to_person=world.child, type="grandparent")
    labels = {m.person.given_name: m.label for h in family_picture(world.child).households_now for m in h.members}
    assert labels["Pat"] == "Grandmother"
