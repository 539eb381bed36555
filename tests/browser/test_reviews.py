"""The practice-review tracker in a real browser, under both settings modes: the partnership analyst records a
serious incident, the rapid review and the decision to hold a local review, a recommendation with its themes and an
action whose deadline has passed; the overdue list, the themes page and the home page show it; the lead agency (the
police) finds it on its home page and records progress with evidence. axe-core checks every page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from macp.accounts.models import AgencyType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, legend, day: dt.date):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_review_with_an_overdue_recommendation(settings_mode, page, make_agency, make_user, browser_sign_in, axe_check):
    csc = make_agency(
        "test-csc", AgencyType.CHILDRENS_SOCIAL_CARE, la="test-council", name="Testshire Children's Services"
    )
    police = make_agency("test-police", AgencyType.POLICE, la=csc.local_authority, name="Testshire Police")
    analyst = make_user("analyst", "partnership_analyst", csc, first_name="Priya", last_name="Nair")
    officer = make_user("officer", "police_investigator", police, first_name="Dee", last_name="Constable")
    today = timezone.localdate()
    notified = today - dt.timedelta(days=70)

    browser_sign_in(page, analyst)
    page.goto("/practice-reviews/")
    axe_check(page, f"reviews-index-{settings_mode}")
    page.get_by_role("button", name="Record a serious incident").click()
    # A mistake first: the error summary links to the field and what was typed is kept.
    page.get_by_label("How the review is known").fill("Child A")
    page.get_by_label("What happened (optional)").fill("A baby was seriously injured")
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the serious incident was notified")
    expect(page.get_by_label("What happened (optional)")).to_have_value("A baby was seriously injured")
    axe_check(page, f"reviews-new-error-{settings_mode}")
    fill_date(page, "Date the serious incident was notified", notified)
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The rapid review is due by")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Child A")
    axe_check(page, f"review-detail-{settings_mode}")

    page.get_by_role("link", name="Change the rapid review and decision").first.click()
    fill_date(page, "Rapid review completed", notified + dt.timedelta(days=10))
    page.get_by_label("A local child safeguarding practice review").check()
    fill_date(page, "Date of the decision", notified + dt.timedelta(days=12))
    page.get_by_label("Why").fill("Joint working between police and social care needs review")
    axe_check(page, f"rapid-review-form-{settings_mode}")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("six months after the decision")

    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Number").fill("g)")
    page.get_by_label("Recommendation").fill("A standard agenda and joint investigation template")
    page.get_by_label("Themes").fill("Strategy discussions, Joint investigations")
    page.get_by_role("button", name="Add recommendation").click()
    page.get_by_role("link", name="Add an action to recommendation g)").click()
    page.get_by_label("What will be done").fill("Agree the joint investigation plan template")
    page.get_by_label("Lead agency").select_option(label="Testshire Police")
    page.get_by_label("Lead person (optional)").fill("DI Mendes")
    fill_date(page, "Deadline", today - dt.timedelta(days=7))
    axe_check(page, f"action-form-{settings_mode}")
    page.get_by_role("button", name="Add action").click()
    card = page.locator(".govuk-summary-card", has_text="Recommendation g)")
    expect(card).to_contain_text("Testshire Police")
    expect(card.locator(".govuk-tag--red")).to_have_text("Overdue")
    axe_check(page, f"review-with-action-{settings_mode}")

    page.goto("/practice-reviews/overdue/")
    expect(page.locator("#main-content")).to_contain_text("Agree the joint investigation plan template")
    axe_check(page, f"reviews-overdue-{settings_mode}")
    page.goto("/practice-reviews/themes/")
    expect(page.get_by_role("row", name="Joint investigations")).to_contain_text("1")
    axe_check(page, f"reviews-themes-{settings_mode}")
    page.goto("/")
    expect(page.locator(".macp-reviews-panel")).to_contain_text("1 action past the deadline")

    # The police lead the action: it is on their home page, and they record progress with evidence.
    page.context.clear_cookies()
    browser_sign_in(page, officer)
    page.goto("/")
    panel = page.locator(".macp-reviews-panel")
    expect(panel).to_contain_text("1 overdue")
    axe_check(page, f"police-home-with-action-{settings_mode}")
    panel.get_by_role("link", name="PRA-").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overdue")
    page.get_by_label("Completed and embedded (evidence seen)").check()
    page.get_by_role("button", name="Save update").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the evidence")
    page.get_by_label("Progress and evidence").fill("Template used at all 12 strategy discussions in October")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action updated")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Overdue")
    expect(page.locator("#history")).to_be_visible()
    axe_check(page, f"action-updated-{settings_mode}")
    page.goto("/practice-reviews/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")


def test_roles_directory_maintained_and_shown_on_the_agency_page(
    settings_mode, page, make_agency, make_user, browser_sign_in, axe_check
):
    gp = make_agency("test-gp", AgencyType.GP_PRACTICE, la="test-council", name="Riverside Surgery")
    admin = make_user("admin", "system_admin")
    browser_sign_in(page, admin)
    page.goto("/administration/")
    page.locator("#main-content").get_by_role("link", name="Agency roles and responsibilities").click()
    axe_check(page, f"directory-index-{settings_mode}")
    page.get_by_role("link", name="GP practice").click()
    page.get_by_role("link", name="Change this entry").click()
    page.get_by_label("Role", exact=True).fill("")
    page.get_by_label("Out of hours").fill("NHS 111, then the Emergency Duty Team: 01632 960199")
    page.get_by_role("button", name="Save entry").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Describe the agency's role")
    expect(page.get_by_label("Out of hours")).to_have_value("NHS 111, then the Emergency Duty Team: 01632 960199")
    axe_check(page, f"directory-change-error-{settings_mode}")
    page.get_by_label("Role", exact=True).fill("GP practices know the whole family's health.")
    page.get_by_role("button", name="Save entry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been saved")
    page.get_by_role("link", name="Riverside Surgery").click()
    expect(page.locator("#role")).to_have_text("Role of this agency")
    expect(page.locator("#main-content")).to_contain_text("NHS 111, then the Emergency Duty Team")
    axe_check(page, f"agency-page-{settings_mode}")
    assert gp.code in page.url
