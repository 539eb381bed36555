"""Think-Family invitations for a family built from agency records (POST /api/v1/source-records): two parents at
different GP practices, three children at two schools, an unborn baby and a supervised adult."""

from macp.people.models import Person


def test_every_expected_invitation_appears_with_its_reason(hart_family_manager):
    children = [str(Person.objects.get(given_name=n).pk) for n in ("Mason", "Lola", "Ivy")]
    response = hart_family_manager.post(
        "/api/v1/strategy-discussions",
        {"children": children, "reason": "Ivy disclosed being hit"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "requested"
    invitations = hart_family_manager.get(f"/api/v1/strategy-discussions/{body['id']}/invitations").json()
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


def test_only_managers_and_social_workers_request_and_unknown_children_are_refused(
    hart_family_manager, make_user, api_client_for
):
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
    bad = hart_family_manager.post(
        "/api/v1/strategy-discussions", {"children": ["nope"], "reason": ""}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert {tuple(e["loc"]) for e in bad.json()["errors"]} >= {("body", "children", "0")}


def test_invited_agency_can_open_the_children(hart_family_manager, make_user, api_client_for):
    make_api = api_client_for
    from macp.access.services import basis_for

    children = [str(Person.objects.get(given_name=n).pk) for n in ("Mason", "Lola", "Ivy")]
    body = hart_family_manager.post(
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
