import datetime as dt

from macp.people.models import Household, HouseholdMember, Person, Relationship
from macp.people.services import UNKNOWN_RELATIONSHIP, family_picture, relationship_label, search_people


def test_household_member_without_relationship_is_unknown_not_a_parent(two_councils):
    picture = family_picture(two_councils.child)
    labels = {m.person.given_name: m.label for h in picture.households_now for m in h.members}
    assert labels == {"Jade": "Mother", "Liam": UNKNOWN_RELATIONSHIP}


def test_relationship_labels_read_from_each_side(two_councils):
    rel = Relationship.objects.get()
    assert relationship_label(rel, two_councils.child.pk) == "Mother"
    assert relationship_label(rel, two_councils.mother.pk) == "Daughter"


def test_previous_household_is_kept_apart_from_current(two_councils):
    old = Household.objects.create(address="9 Old Lane", postcode="SV9 9ZZ")
    HouseholdMember.objects.create(
        household=old, person=two_councils.child, start=dt.date(2019, 8, 2), end=dt.date(2022, 12, 31)
    )
    picture = family_picture(two_councils.child)
    assert [h.address for h in picture.households_before] == ["9 Old Lane, SV9 9ZZ"]
    assert [h.address for h in picture.households_now] == ["1 Example Road, SV1 2AB"]


def test_school_involvement_that_ended_is_past(two_councils):
    picture = family_picture(two_councils.child)
    assert [i.agency.code for i in picture.involvements_past] == ["sch-svc-001"]
    assert [i.agency.code for i in picture.involvements_current] == ["svc-csc"]


def test_search_by_name_dob_and_nhs_number(two_councils):
    two_councils.child.set_nhs_number("999 000 0018")
    two_councils.child.save()
    people = Person.objects.all()
    assert list(search_people(people, "amelia sm")) == [two_councils.child]
    assert list(search_people(people, "02/08/2019")) == [two_councils.child]
    assert list(search_people(people, "2019-08-02")) == [two_councils.child]
    assert list(search_people(people, "9990000018")) == [two_councils.child]
    assert two_councils.child.nhs_number_valid


def test_closer_kinship_names_a_double_relationship(two_councils):
    gran = Person.objects.create(given_name="Pat", family_name="Smith", date_of_birth=dt.date(1960, 1, 1), sex="F")
    HouseholdMember.objects.create(household=two_councils.home, person=gran, start=dt.date(2024, 1, 1))
    Relationship.objects.create(from_person=gran, to_person=two_councils.child, type="carer")
    Relationship.objects.create(from_person=gran, to_person=two_councils.child, type="grandparent")
    labels = {
        m.person.given_name: m.label for h in family_picture(two_councils.child).households_now for m in h.members
    }
    assert labels["Pat"] == "Grandmother"
