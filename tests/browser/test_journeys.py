"""Journeys in a real browser: sign in with two factors, the home page, a child's record, the 403 page.

Each page is checked with axe-core for WCAG 2.2 AA. The child's record is saved as test-results/child-record.png.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _current_totp(device) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_sign_in_with_two_factor_then_home_page(page, family, make_user, default_password, axe_check, assets_loaded):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user("test-social-worker", "social_worker", family.csc, first_name="Priya", last_name="Shah")
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assets_loaded(page)
    axe_check(page, "sign-in")

    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=True).fill(default_password)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/two-factor/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    axe_check(page, "two-factor")
    page.get_by_label("Code from your authenticator app").fill(_current_totp(device))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your worktray")  # the home page (issue 10)
    assets_loaded(page)
    axe_check(page, "home")
    page.get_by_role("link", name="Children", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children and families")
    expect(page.get_by_role("link", name="Amelia Hughes")).to_be_visible()
    axe_check(page, "children")


def test_wrong_two_factor_code_is_refused_with_an_error_summary(page, family, make_user, default_password, axe_check):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user("test-gp-referrer", "referrer", family.gp)
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=True).fill(default_password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill("12345")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("The code must be 6 digits")
    axe_check(page, "two-factor-error")


def test_child_record_shows_the_household_with_unknown_relationships(
    page, family, make_user, browser_sign_in, axe_check, assets_loaded, results_dir
):
    user = make_user("test-sw", "social_worker", family.csc)
    browser_sign_in(page, user)

    page.goto("/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Children and families")
    page.get_by_role("link", name="Amelia Hughes").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hughes")
    lives_with = page.locator("h2", has_text="Lives with now")
    expect(lives_with).to_be_visible()
    # Changed by issue 8: the household is a summary; names are links only to records the user may open.
    partner_row = page.get_by_role("row").filter(has_text="Daniel Price")
    expect(partner_row.first).to_contain_text("Relationship not known")
    mother_row = page.get_by_role("row").filter(has_text="Sarah Hughes")
    expect(mother_row.first).to_contain_text("Mother")
    expect(page.get_by_role("link", name="Sarah Hughes")).to_have_count(0)
    assets_loaded(page)
    axe_check(page, "child-record")

    page.screenshot(path=str(results_dir / "child-record.png"), full_page=True)


def test_uninvolved_agency_gets_the_403_page_and_the_refusal_is_audited(
    page, family, make_agency, make_user, browser_sign_in, axe_check, assets_loaded
):
    from macp.access.models import AccessEvent

    police = make_agency("test-police", "police", name="Testshire Police")
    user = make_user("test-officer", "police_investigator", police)
    browser_sign_in(page, user)

    response = page.goto(f"/people/{family.child.pk}/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this record")
    expect(page.get_by_text("Amelia")).to_have_count(0)
    assets_loaded(page)
    axe_check(page, "access-denied")

    event = AccessEvent.objects.filter(username=user.username, person_id=str(family.child.pk)).get()
    assert event.allowed is False
