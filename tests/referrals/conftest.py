"""Fixtures for the request-for-help and front-door tests."""

import pytest


@pytest.fixture
def front_door_people(make_agency, make_user):
    """A school's designated safeguarding lead (referrer), the council's front-door manager and a police officer,
    with the council's social care (csc) and the police force (police_agency)."""
    csc = make_agency("svc-csc", "childrens_social_care", "svc")
    school = make_agency("sch-svc-001", "school", "svc")
    police = make_agency("police-vale", "police")
    return {
        "referrer": make_user(
            "dsl", ["referrer"], school, email="dsl@hillside.invalid", first_name="Sam", last_name="Okafor"
        ),
        "front_door": make_user("mash", ["front_door_manager"], csc),
        "police": make_user("pc", ["partner_attendee"], police),
        "csc": csc,
        "police_agency": police,
    }
