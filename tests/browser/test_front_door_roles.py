"""A journey per role of the front door and its oversight — referrer (start page), front-door practitioner and
manager (allocation, sign-off, MASH warning), partner (finds the MASH enquiry), DPO, partnership analyst — each run
under the test settings and under the settings `make run` serves with (settings_mode). Every page is checked with
axe-core, and no form field or page shows template text (axe_check runs no_template_text)."""

import re

import pytest
from playwright.sync_api import expect

from tests.referrals.factories import fill_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def front_door(make_agency, make_user):
    from django.test import Client

    csc = make_agency("svc-csc", "childrens_social_care", "svc", name="Severn Vale Children's Services")
    school = make_agency("sch-svc-001", "school", "svc", name="Hillside Primary")
    police = make_agency("police-vale", "police", name="Vale Police")
    return {
        "csc": csc,
        "school": school,
        "police": police,
        "referrer": make_user(
            "dsl", "referrer", school, first_name="Sam", last_name="Okafor", email="dsl@hillside.invalid"
        ),
        "manager": make_user("fdm", "front_door_manager", csc, first_name="Ana", last_name="Lopes"),
        "practitioner": make_user("fdp", "front_door_practitioner", csc, first_name="Nia", last_name="Jones"),
        "partner": make_user("pc", "partner_attendee", police, first_name="Tom", last_name="Reed"),
        "client": Client,
    }


def _send_request(people, signed_in):
    web = signed_in(people["client"](), people["referrer"])
    _, base = fill_in(web)
    web.post(
        f"{base}/adults/0/",
        {
            "given_name": "Wayne",
            "family_name": "Price",
            "lives_with_children": "yes",
            "relationship-0": "unknown",
            "relationship-1": "unknown",
            "notes": "Works nights",
        },
    )
    web.post(f"{base}/check/")
    from macp.referrals.models import Referral

    return Referral.objects.get()


def test_referrer_typing_the_start_address_gets_the_start_page(
    settings_mode, page, front_door, browser_sign_in, axe_check
):
    browser_sign_in(page, front_door["referrer"])
    page.goto("/requests/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a request for help")
    axe_check(page, f"request-start-{settings_mode}")
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")


def test_a_wrong_address_shows_the_service_404_page_not_a_debug_page(
    settings_mode, page, front_door, browser_sign_in, axe_check
):
    browser_sign_in(page, front_door["referrer"])
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    body = page.locator("body").inner_text()
    assert "URLconf" not in body and "Django" not in body and "DEBUG" not in body
    # The mode really is the demo's: its phase banner says so.
    assert ("Synthetic demonstration data only" in body) == (settings_mode == "make-run")
    axe_check(page, f"not-found-{settings_mode}")


def test_practitioner_proposes_manager_allocates_and_signs_off(
    settings_mode, page, front_door, signed_in, browser_sign_in, axe_check
):
    referral = _send_request(front_door, signed_in)
    browser_sign_in(page, front_door["manager"])
    page.goto("/front-door/")
    axe_check(page, f"front-door-queue-{settings_mode}")
    page.get_by_role("link", name=referral.reference).click()
    expect(page.get_by_role("heading", name="Adults named by the referrer")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Wayne Price"))).to_contain_text("Works nights")
    page.get_by_label("Allocate to").select_option(label="Nia Jones")
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Allocated to Nia Jones")
    axe_check(page, f"triage-manager-{settings_mode}")

    page.context.clear_cookies()
    browser_sign_in(page, front_door["practitioner"])
    page.goto(f"/front-door/{referral.reference}/")
    axe_check(page, f"triage-practitioner-{settings_mode}")
    page.get_by_label("Red: acute child protection").check()
    page.get_by_label("Why this rating?").fill("Unexplained bruising")
    page.get_by_role("button", name="Save rating").click()
    page.get_by_label("Strategy discussion (section 47)").check()
    page.get_by_label("Reason for the decision").fill("Reasonable cause to suspect significant harm")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("A front-door manager will sign it off")
    axe_check(page, f"triage-awaiting-sign-off-{settings_mode}")

    page.context.clear_cookies()
    browser_sign_in(page, front_door["manager"])
    page.goto(f"/front-door/{referral.reference}/")
    page.get_by_role("button", name="Save sign-off").click()  # nothing chosen: an error summary, "Error:" in the title
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    axe_check(page, f"sign-off-error-{settings_mode}")
    page.get_by_label("Yes, sign it off").check()
    page.get_by_role("button", name="Save sign-off").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision signed off")
    page.goto("/front-door/decided/")
    expect(page.get_by_role("link", name=referral.reference)).to_be_visible()
    axe_check(page, f"decided-{settings_mode}")


def test_partner_follows_the_navigation_to_the_mash_enquiry_and_the_front_door_is_warned(
    settings_mode, page, front_door, signed_in, browser_sign_in, axe_check
):
    from macp.referrals import services

    referral = _send_request(front_door, signed_in)
    services.triage(referral, front_door["manager"], "amber", "Neglect")
    services.ask_partner(referral, front_door["manager"], "police-vale", "Any call-outs to 4 Mill Lane?", 24)

    browser_sign_in(page, front_door["manager"])
    page.goto(f"/front-door/{referral.reference}/")
    expect(page.locator(".govuk-warning-text", has_text="has not answered the MASH enquiry yet")).to_be_visible()

    page.context.clear_cookies()
    browser_sign_in(page, front_door["partner"])
    page.goto("/")
    page.get_by_role("link", name="MASH enquiries (1 waiting)").click()
    axe_check(page, f"mash-list-{settings_mode}")
    page.get_by_role("link", name=referral.reference).click()
    axe_check(page, f"mash-answer-empty-{settings_mode}")
    page.get_by_label("Your agency's answer").fill("No call-outs in the last year")
    page.get_by_role("button", name=re.compile("Send")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your answer has been sent")


def test_dpo_finds_a_child_by_name_and_sees_visits(
    settings_mode, page, front_door, signed_in, browser_sign_in, axe_check, make_user
):
    referral = _send_request(front_door, signed_in)
    signed_in(front_door["client"](), front_door["manager"]).get(f"/front-door/{referral.reference}/")
    dpo = make_user("dpo", "dpo", front_door["csc"])
    browser_sign_in(page, dpo)
    page.goto("/dpo/")
    axe_check(page, f"dpo-home-{settings_mode}")
    page.get_by_label("Name").fill("Ruby Clarke")
    page.get_by_role("button", name="Find the person").click()
    axe_check(page, f"dpo-find-{settings_mode}")
    page.get_by_role("link", name="Ruby Clarke").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has looked at Ruby Clarke")
    expect(page.get_by_role("link", name="fdm")).to_be_visible()
    axe_check(page, f"dpo-person-{settings_mode}")


def test_partnership_analyst_reaches_no_identifiable_record(
    settings_mode, page, front_door, signed_in, browser_sign_in, axe_check, make_user, family
):
    analyst = make_user("analyst", "partnership_analyst", front_door["csc"])
    browser_sign_in(page, analyst)
    page.goto("/")
    axe_check(page, f"analyst-home-{settings_mode}")
    response = page.goto(f"/people/{family.child.pk}/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("do not have access")
    assert "Amelia" not in page.locator("main").inner_text()
    axe_check(page, f"analyst-refused-{settings_mode}")
    for address in ("/front-door/", "/dpo/"):
        assert page.goto(address).status == 403


def test_system_administrator_adds_a_user_and_a_new_alert_rule_version(
    settings_mode, page, front_door, browser_sign_in, axe_check, make_user
):
    from macp.concerns.models import AlertRule

    # Seeded by a migration, but a transactional test before this one may have flushed it.
    AlertRule.objects.get_or_create(
        code="was-not-brought-test",
        version=1,
        defaults={
            "kind": "event_count",
            "title": "Missed appointments",
            "description": "Three or more",
            "source": "Wales 2023",
            "params": {"count": 3},
        },
    )
    admin = make_user("root", "system_admin", first_name="Ada", last_name="Admin")
    browser_sign_in(page, admin)
    page.goto("/")
    page.get_by_role("link", name="Administration").click()
    axe_check(page, f"admin-home-{settings_mode}")
    page.get_by_role("link", name="Users").first.click()
    page.get_by_role("button", name="Add a user").click()
    axe_check(page, f"admin-new-user-empty-{settings_mode}")
    page.get_by_role("button", name="Create user").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a username")
    assert page.title().startswith("Error: ")
    axe_check(page, f"admin-new-user-errors-{settings_mode}")
    page.get_by_label("Username").fill("new-dsl")
    page.get_by_label("First name").fill("Kim")
    page.get_by_label("Last name").fill("Ward")
    page.get_by_label("Agency").select_option("sch-svc-001")
    page.get_by_label("Referrer", exact=True).check()
    page.get_by_role("button", name="Create user").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("new-dsl has been created")
    axe_check(page, f"admin-user-{settings_mode}")
    page.goto("/administration/alert-rules/")
    axe_check(page, f"admin-rules-{settings_mode}")
    page.get_by_role("link", name=re.compile("New version")).first.click()
    axe_check(page, f"admin-rule-version-{settings_mode}")
    page.get_by_role("button", name="Save new version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is kept")
