"""Fixtures for the strategy-discussion tests.

    strategy_world      -> the shared `family` with the three core agencies, the child's GP and users of each role
    discussion          -> a discussion requested by the team manager about Amelia and Jack
    web(user)           -> a new test client signed in as the user
    hart_family_manager -> an API client for the team manager of a family built from agency records (the Harts)

Builders (booked, held) are in tests/strategy/factories.py.
"""

import datetime as dt
import types

import pytest
from django.test import Client

from macp.people.models import Involvement
from macp.strategy import booking
from tests.intake.factories import involve, person, send


@pytest.fixture
def strategy_world(family, make_agency, make_user):
    """The shared test family (Amelia 7 and Jack 12 Hughes) with the three core agencies and the child's GP."""
    police = make_agency("test-police", "police", name="Testshire Police")
    health = make_agency("test-health", "community_health", family.la, name="Testshire Community Health")
    for agency in (family.csc, family.gp, police, health):
        agency.email = f"{agency.code}@secure.example.invalid"
        agency.save()
    # Social care holds Jack's case too: requesting a discussion needs a basis for each child (issue 8).
    Involvement.objects.create(
        person=family.sibling, agency=family.csc, role="allocated_social_worker", start=dt.date(2024, 1, 1)
    )
    return types.SimpleNamespace(
        family=family,
        csc=family.csc,
        gp=family.gp,
        police=police,
        health=health,
        tm=make_user("tm", "team_manager", family.csc, first_name="Priya", last_name="Shah"),
        coordinator=make_user("coord", "strategy_coordinator", family.csc, email="coord@csc.example.invalid"),
        chair=make_user("chair", "chair", family.csc, first_name="Ana", last_name="Lopes"),
        minute_taker=make_user("mt", "minute_taker", family.csc, first_name="Tom", last_name="Reed"),
        pc=make_user("pc", "partner_attendee", police, first_name="Dev", last_name="Khan"),
        gp_user=make_user("gpu", "partner_attendee", family.gp),
        outsider=make_user(
            "out", "partner_attendee", make_agency("elsewhere-school", "school", name="Elsewhere School")
        ),
    )


@pytest.fixture
def web(signed_in):
    return lambda user: signed_in(Client(), user)


@pytest.fixture
def discussion(strategy_world):
    return booking.request(
        strategy_world.tm,
        [strategy_world.family.child, strategy_world.family.sibling],
        "Amelia disclosed being hit by her mother's partner",
    )


HOME = {"postcode": "SV4 4DD", "address": "4 Quarry Road"}


@pytest.fixture
def hart_family_manager(make_agency, make_user, api_client_for):
    """The Harts, built from agency records: two parents at different GP practices, three children at two schools, an
    unborn baby and the mother's partner supervised by probation. Returns an API client for the council's team manager
    (social care holds the children's case)."""
    for code, kind, la in (
        ("svc-csc", "childrens_social_care", "svc"),
        ("police-vale", "police", None),
        ("svc-health", "community_health", "svc"),
        ("gp-a", "gp_practice", "svc"),
        ("gp-b", "gp_practice", "svc"),
        ("sch-primary", "school", "svc"),
        ("sch-secondary", "school", "svc"),
        ("svc-midwifery", "midwifery", "svc"),
        ("probation-vale", "probation", None),
        ("svc-idva", "domestic_abuse_service", "svc"),
        ("gp-c", "gp_practice", "svc"),
    ):
        make_agency(code, kind, la)
    integration = api_client_for(make_user("integration", ["system_admin"]))
    send(
        integration,
        "gp-a",
        "g",
        [
            person("M", "Kelly", "Hart", "1992-02-02", "F", "9990000018", **HOME),
            person("C1", "Mason", "Hart", "2011-05-05", "M", "9990000026", **HOME),
            person("C2", "Lola", "Hart", "2015-06-06", "F", "9990000034", **HOME),
            person("C3", "Ivy", "Hart", "2018-07-07", "F", "9990000042", **HOME),
            {
                "kind": "person",
                "source_id": "U",
                "family_name": "Hart",
                "expected_date_of_birth": "2027-02-01",
                "sex": "U",
                **HOME,
            },
            *[
                {"kind": "relationship", "source_id": f"R{c}", "from": "M", "to": c, "type": "parent"}
                for c in ("C1", "C2", "C3", "U")
            ],
            *[involve(f"I{p}", p, "gp-a", "registered_gp") for p in ("M", "C1", "C2", "C3")],
        ],
    )
    # Father lives elsewhere, registered at another practice
    send(
        integration,
        "gp-b",
        "g",
        [
            person(
                "F", "Darren", "Hart", "1989-09-09", "M", "9990000050", postcode="SV5 5EE", address="9 Other Street"
            ),
            involve("IF", "F", "gp-b", "registered_gp"),
        ],
    )
    send(
        integration,
        "gp-a",
        "g2",
        [
            person("F2", "Darren", "Hart", "1989-09-09", "M", "9990000050", postcode="SV5 5EE"),
            *[
                {"kind": "relationship", "source_id": f"RF{c}", "from": "F2", "to": c, "type": "parent"}
                for c in ("C1", "C2", "C3")
            ],
        ],
    )
    send(
        integration,
        "sch-primary",
        "s",
        [
            person("P2", "Lola", "Hart", "2015-06-06", "F", **HOME),
            person("P3", "Ivy", "Hart", "2018-07-07", "F", **HOME),
            involve("E2", "P2", "sch-primary", "school_enrolment"),
            involve("E3", "P3", "sch-primary", "school_enrolment"),
        ],
    )
    send(
        integration,
        "sch-secondary",
        "s",
        [
            person("S1", "Mason", "Hart", "2011-05-05", "M", **HOME),
            involve("E1", "S1", "sch-secondary", "school_enrolment"),
        ],
    )
    # Mother's new partner lives in; supervised by probation; his GP is a third practice
    send(
        integration,
        "probation-vale",
        "p",
        [
            person("PB", "Jordan", "Price", "1985-03-03", "M", **HOME),
            involve("PS", "PB", "probation-vale", "probation_supervision"),
        ],
    )
    send(
        integration,
        "gp-c",
        "g",
        [person("GC", "Jordan", "Price", "1985-03-03", "M", **HOME), involve("IGC", "GC", "gp-c", "registered_gp")],
    )
    # The council's social care holds the children's case: requesting a discussion needs a basis for each child.
    send(
        integration,
        "svc-csc",
        "a",
        [
            *[
                person(f"K{c}", given, "Hart", born, sex, nhs, **HOME)
                for c, given, born, sex, nhs in (
                    ("1", "Mason", "2011-05-05", "M", "9990000026"),
                    ("2", "Lola", "2015-06-06", "F", "9990000034"),
                    ("3", "Ivy", "2018-07-07", "F", "9990000042"),
                )
            ],
            *[involve(f"A{c}", f"K{c}", "svc-csc", "allocated_social_worker") for c in "123"],
        ],
    )
    manager = make_user("tm", ["team_manager"], "svc-csc")
    return api_client_for(manager)
