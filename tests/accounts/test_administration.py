"""The system administrator's pages: users, agencies, teams, roles and alert rules, guarded by the role and
recorded in the administration log (issue 8: not a blank Django admin)."""

import pytest

from macp.accounts.models import AdminEvent, Agency, Team, User


@pytest.fixture
def admin_web(make_user, make_agency, signed_in, client):
    make_agency("svc-csc", "childrens_social_care", "svc", name="Severn Vale Children's Services")
    make_agency("sch-svc-001", "school", "svc", name="Hillside Primary")
    admin = make_user("root", "system_admin")
    return signed_in(client, admin)


def test_only_a_system_administrator_reaches_the_pages(make_user, make_agency, signed_in, client):
    worker = make_user("sw", "social_worker", make_agency("svc-csc", "childrens_social_care", "svc"))
    web = signed_in(client, worker)
    for address in (
        "/administration/",
        "/administration/users/",
        "/administration/users/new/",
        "/administration/agencies/",
        "/administration/roles/",
        "/administration/alert-rules/",
    ):
        assert web.get(address).status_code == 403, address
    assert (
        web.post(f"/administration/users/{worker.pk}/", {"roles": ["system_admin"], "active": "yes"}).status_code == 403
    )


def test_create_a_user_with_errors_first_then_change_and_deactivate(admin_web):
    bad = admin_web.post("/administration/users/new/", {"username": "", "roles": ["referrer"]})
    page = bad.content.decode()
    assert bad.status_code == 400 and "<title>Error:" in page and "Enter a username" in page
    assert "Choose an agency" in page
    response = admin_web.post(
        "/administration/users/new/",
        {
            "username": "dsl2",
            "first_name": "Sam",
            "last_name": "Lee",
            "email": "sam@hillside.invalid",
            "agency": "sch-svc-001",
            "roles": ["referrer"],
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="dsl2")
    assert user.agency.code == "sch-svc-001" and user.has_role("referrer")
    response = admin_web.post(
        f"/administration/users/{user.pk}/",
        {"agency": "sch-svc-001", "roles": ["referrer", "partner_attendee"], "active": "no"},
    )
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert not user.is_active and user.role_codes == {"referrer", "partner_attendee"}
    actions = list(AdminEvent.objects.values_list("action", "target", "actor_username"))
    assert ("user created", "dsl2", "root") in actions and ("user changed", "dsl2", "root") in actions
    assert "dsl2" in admin_web.get("/administration/users/", {"q": "Lee"}).content.decode()


def test_reset_two_factor_removes_the_devices(admin_web, make_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user("pc", "partner_attendee", "svc-csc")
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    assert admin_web.post(f"/administration/users/{user.pk}/reset-two-factor/").status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AdminEvent.objects.filter(action="two-factor reset", target="pc").exists()


def test_agencies_and_teams(admin_web):
    assert admin_web.post("/administration/agencies/new/", {"code": "Bad Code", "name": ""}).status_code == 400
    response = admin_web.post(
        "/administration/agencies/new/",
        {
            "code": "gp-svc-014",
            "name": "Brook Surgery",
            "type": "gp_practice",
            "local_authority": "svc",
            "email": "",
            "active": "on",
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(code="gp-svc-014")
    assert agency.local_authority.code == "svc" and agency.active
    admin_web.post(
        "/administration/agencies/gp-svc-014/",
        {"name": "Brook Surgery", "type": "gp_practice", "local_authority": "svc"},
    )
    assert not Agency.objects.get(code="gp-svc-014").active
    assert (
        admin_web.post(
            "/administration/agencies/gp-svc-014/teams/new/", {"code": "duty", "name": "Duty GPs"}
        ).status_code
        == 302
    )
    assert Team.objects.filter(agency=agency, code="duty").exists()
    assert (
        admin_web.post("/administration/agencies/gp-svc-014/teams/new/", {"code": "duty", "name": "Again"}).status_code
        == 400
    )
    assert "Duty GPs" in admin_web.get("/administration/agencies/gp-svc-014/").content.decode()
    assert AdminEvent.objects.filter(action="team created", target="gp-svc-014/duty").exists()


def test_an_alert_rule_change_is_a_new_version(admin_web):
    from macp.concerns.models import AlertRule
    from macp.concerns.services import active_rules

    current = [r for r in active_rules()][0]  # a seeded rule
    code, version = current.code, current.version
    address = f"/administration/alert-rules/{code}/new-version/"
    bad = admin_web.post(address, {"title": "x", "description": "y", "source": "z", "params": "[1"})
    assert bad.status_code == 400 and "must be JSON" in bad.content.decode()
    response = admin_web.post(
        address,
        {
            "title": current.title,
            "description": "Tuned",
            "source": current.source,
            "params": '{"count": 2}',
            "active": "on",
        },
    )
    assert response.status_code == 302
    versions = list(AlertRule.objects.filter(code=code).order_by("-version").values_list("version", "params"))
    assert versions[0] == (version + 1, {"count": 2}) and versions[1][0] == version  # the old version is kept
    assert [r.version for r in active_rules() if r.code == code] == [version + 1]
    admin_web.post(address, {"title": current.title, "description": "Off", "source": current.source, "params": "{}"})
    assert [r for r in active_rules() if r.code == code] == []  # switched off, not back to the version before
    assert AdminEvent.objects.filter(action="alert rule version", target=f"{code} v{version + 2}").exists()
