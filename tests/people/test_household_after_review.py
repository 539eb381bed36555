"""A household is listed once, and each person in it once, when agencies' records and rows entered by hand say the
same thing (issue 8: after identities were confirmed the same address appeared twice and each child twice — the
projection drew a second membership from the records beside the one already entered)."""

import pytest

from macp.identity import projection
from macp.identity.models import Link
from macp.intake.models import SourceRecord
from macp.people.models import HouseholdMember
from macp.people.services import family_picture


def _record_for(person, agency, source_id, address, postcode):
    record = SourceRecord.objects.create(
        agency=agency,
        kind="person",
        source_id=source_id,
        data={
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth.isoformat(),
            "address": address,
            "postcode": postcode,
        },
    )
    Link.objects.create(source_record=record, person=person, method=Link.Method.REVIEWER)
    return record


@pytest.mark.django_db
def test_records_repeating_an_entered_household_do_not_list_it_twice(family):
    # The GP's records of both children now say where they live (as after the front door confirmed them).
    _record_for(family.child, family.gp, "G1", "14 Mill Lane, Testbury", "TE1 4ML")
    _record_for(family.sibling, family.gp, "G2", "14 Mill Lane, Testbury", "TE1 4ML")
    projection.rebuild([family.child.pk, family.sibling.pk])

    assert HouseholdMember.objects.filter(person=family.child, household=family.household).count() == 1
    picture = family_picture(family.child)
    assert [h.household_id for h in picture.households_now] == [family.household.pk]
    names = [r.person.given_name for r in picture.households_now[0].members]
    assert sorted(names) == ["Daniel", "Jack", "Sarah"]


@pytest.mark.django_db
def test_a_new_address_in_the_records_is_still_drawn(family):
    _record_for(family.child, family.gp, "G1", "2 New Street", "TE2 2NS")
    projection.rebuild([family.child.pk])
    households = family_picture(family.child).households_now
    assert len(households) == 2 and any("2 New Street" in h.address for h in households)


@pytest.mark.django_db
def test_two_rows_in_one_home_show_the_home_and_each_housemate_once(family):
    # Whatever put them there, two current rows for one person in one home are one home on the page.
    HouseholdMember.objects.create(household=family.household, person=family.child, start=None)
    HouseholdMember.objects.create(household=family.household, person=family.sibling, start=None)
    picture = family_picture(family.child)
    assert len(picture.households_now) == 1
    assert sorted(r.person.given_name for r in picture.households_now[0].members) == ["Daniel", "Jack", "Sarah"]
