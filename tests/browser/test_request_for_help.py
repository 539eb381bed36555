"""The front door in a real browser: a school sends a request for help about two children and sees the reference;
a front-door manager rates it (the due time crosses a weekend and a bank holiday) and decides; the school sees the
outcome. axe-core checks each new kind of page."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_child(page, given, family, day, month, year, worries):
    page.get_by_role("link", name=re.compile(r"Add (a|another) child")).click()
    page.get_by_label("First name").fill(given)
    page.get_by_label("Last name").fill(family)
    dob = page.get_by_role("group", name="Date of birth", exact=True)
    dob.get_by_label("Day").fill(day)
    dob.get_by_label("Month").fill(month)
    dob.get_by_label("Year").fill(year)
    page.get_by_label("What are you worried about for this child?").fill(worries)
    page.get_by_role("button", name="Save child").click()


def test_request_for_help_from_school_to_front_door_decision(
    settings_mode, page, make_agency, make_user, browser_sign_in, axe_check
):
    csc = make_agency("svc-csc", "childrens_social_care", "svc", name="Severn Vale Children's Services")
    school = make_agency("sch-svc-001", "school", "svc", name="Hillside Primary")
    referrer = make_user("dsl", "referrer", school, first_name="Sam", last_name="Okafor", email="dsl@hillside.invalid")
    manager = make_user("mash", "front_door_manager", csc, first_name="Ana", last_name="Lopes")

    browser_sign_in(page, referrer)
    page.goto("/requests/")
    page.get_by_role("button", name="Start a request for help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    axe_check(page, "request-about-you")
    page.get_by_label("Which council's front door should receive this?").select_option("svc-csc")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The children")
    page.get_by_role("link", name=re.compile(r"Add (a|another) child")).click()
    axe_check(page, "request-child-empty")  # an empty form: every box empty, whatever the settings
    page.go_back()
    add_child(page, "Ruby", "Clarke", "12", "4", "2016", "Arrives hungry; bruise on her arm")
    axe_check(page, "request-children")
    add_child(page, "Leo", "Clarke", "1", "10", "2019", "Not brought to nursery for two weeks")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parents, carers and other adults")
    page.get_by_role("link", name=re.compile(r"Add (an|another) adult")).click()
    axe_check(page, "request-adult-empty")
    page.go_back()
    page.get_by_role("button", name="Continue").click()
    axe_check(page, "request-consent-empty")
    page.get_by_role("group", name="Have the parents agreed to this request?").get_by_label("Yes").check()
    page.get_by_label("No child is over 11").check()
    page.get_by_role("button", name="Save and continue").click()
    axe_check(page, "request-concerns-empty")
    page.get_by_label("What are you worried about for the family?").fill("Possible neglect of both children")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents (optional)")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending")
    axe_check(page, "request-check-answers")
    page.get_by_role("button", name="Send request for help").click()
    panel = page.locator(".govuk-panel")
    expect(panel).to_contain_text("Request for help sent")
    reference = re.search(r"RFH-\d{4}-\d{6}", panel.inner_text()).group(0)
    axe_check(page, "request-sent")

    # Received at 3pm on the Friday before the spring bank holiday: amber (1 working day) is due Tuesday at 3pm.
    from macp.referrals.models import Referral

    friday = dt.datetime(2026, 5, 22, 15, 0, tzinfo=ZoneInfo("Europe/London"))
    Referral.objects.filter(reference=reference).update(submitted_at=friday)

    page.context.clear_cookies()
    browser_sign_in(page, manager)
    page.goto("/front-door/")
    axe_check(page, "front-door-queue")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(reference)
    expect(page.get_by_role("heading", name=re.compile("Ruby Clarke"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Leo Clarke"))).to_be_visible()
    axe_check(page, "front-door-triage")
    page.get_by_label("Amber: complex, child in need").check()
    page.get_by_label("Why this rating?").fill("Neglect indicators for both children")
    page.get_by_role("button", name="Save rating").click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("due 26 May 2026 at 3:00pm")
    page.get_by_label("Child and family assessment (section 17)").check()
    page.get_by_label("Reason for the decision").fill("Cumulative neglect; assess both children")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")

    page.context.clear_cookies()
    browser_sign_in(page, referrer)
    page.goto("/requests/")
    row = page.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("Child and family assessment")
    row.get_by_role("link", name=reference).click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text(
        "A social worker will carry out a child and family assessment"
    )
    expect(page.locator("body")).not_to_contain_text("Cumulative neglect")
    axe_check(page, "request-status")
