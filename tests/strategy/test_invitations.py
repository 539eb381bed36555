"""Think-Family invitations for a family built from agency records (POST /api/v1/source-records): two parents at
different GP practices, three children at two schools, an unborn baby and a supervised adult."""

import pytest

from macp.people.models import Person
from tests.identity.test_batches import person, send

HOME = {"postcode": "SV4 4DD", "address": "4 Quarry Road"}


def involve(sid, who, agency, role):
    return {
        "kind": "involvement",
        "source_id": sid,
        "person": who,
        "agency": agency,
        "role": role,
        "start": "2024-01-01",
    }


@pytest.fixture
def family(make_agency, make_user, api_client_for):
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


def test_every_expected_invitation_appears_with_its_reason(family):
    children = [str(Person.objects.get(given_name=n).pk) for n in ("Mason", "Lola", "Ivy")]
    response = family.post(
        "/api/v1/strategy-discussions",
        {"children": children, "reason": "Ivy disclosed being hit"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "requested"
    invitations = family.get(f"/api/v1/strategy-discussions/{body['id']}/invitations").json()
    got = {(i["agency"], i["role"]) for i in invitations}
    expected = {
        ("svc-csc", "core"),
        ("police-vale", "core"),
        ("svc-health", "core"),
        ("gp-a", "gp_of_child"),
        ("gp-a", "gp_of_parent"),
        ("gp-b", "gp_of_parent"),
        ("gp-c", "gp_of_parent"),
        ("sch-primary", "education"),
        ("sch-secondary", "education"),
        ("svc-midwifery", "midwifery"),
        ("probation-vale", "probation"),
    }
    assert expected <= got
    reasons = {(i["agency"], i["role"], i["for_person"]): i["reason"] for i in invitations}
    darren = str(Person.objects.get(given_name="Darren").pk)
    assert reasons[("gp-b", "gp_of_parent", darren)] == "GP of Darren Hart (parent)"
    jordan = str(Person.objects.get(given_name="Jordan").pk)
    assert (
        reasons[("gp-c", "gp_of_parent", jordan)]
        == "GP of Jordan Price (adult in the household, relationship not known)"
    )
    assert reasons[("probation-vale", "probation", jordan)] == "Supervises Jordan Price"
    assert all(i["required"] for i in invitations if i["role"] == "core")
    assert {i["reason"] for i in invitations if i["agency"] == "sch-primary"} == {
        "School of Lola Hart",
        "School of Ivy Hart",
    }
    assert body["complexity"]["complex"] and "3 children" in body["complexity"]["reasons"]


def test_only_managers_and_social_workers_request_and_unknown_children_are_refused(family, make_user, api_client_for):
    partner = api_client_for(make_user("pa", ["partner_attendee"], "svc-csc"))
    assert (
        partner.post(
            "/api/v1/strategy-discussions", {"children": [], "reason": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    # issue 8: the social worker can request a strategy discussion (refused here only for naming no child)
    sw = api_client_for(make_user("sw", ["social_worker"], "svc-csc"))
    assert (
        sw.post(
            "/api/v1/strategy-discussions", {"children": [], "reason": "x"}, content_type="application/json"
        ).status_code
        == 422
    )
    bad = family.post(
        "/api/v1/strategy-discussions", {"children": ["nope"], "reason": ""}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert {tuple(e["loc"]) for e in bad.json()["errors"]} >= {("body", "children", "0")}


def test_invited_agency_can_open_the_children(family, make_user, api_client_for):
    make_api = api_client_for
    from macp.access.services import basis_for

    children = [str(Person.objects.get(given_name=n).pk) for n in ("Mason", "Lola", "Ivy")]
    body = family.post(
        "/api/v1/strategy-discussions", {"children": children, "reason": "r"}, content_type="application/json"
    ).json()
    midwife = make_user("mw", ["partner_attendee"], "svc-midwifery")
    mason, mother = Person.objects.get(given_name="Mason"), Person.objects.get(given_name="Kelly")
    # Changed by issue 8: a proposed agency opens nothing until the coordinator invites it (books the discussion).
    assert basis_for(midwife, mason)[0] == "denied"
    assert make_api(midwife).get(f"/api/v1/strategy-discussions/{body['id']}").status_code == 404
    coordinator = make_user("coord", ["strategy_coordinator"], "svc-csc")
    assert (
        make_api(coordinator)
        .post(
            f"/api/v1/strategy-discussions/{body['id']}/schedule",
            {"at": "2099-01-01T10:00:00+00:00"},
            content_type="application/json",
        )
        .status_code
        == 200
    )
    assert basis_for(midwife, mason)[0] == "invitation"
    assert basis_for(midwife, mother)[0] == "invitation"  # the household, for the discussion's life
    assert make_api(midwife).get(f"/api/v1/strategy-discussions/{body['id']}").status_code == 200
