"""The records-to-check queue in a real browser: a doubtful pair side by side with each field's weight, confirmed
as the same person; another rejected with a reason; a record separated again (unmerge)."""

import re

import pytest
from playwright.sync_api import expect

from tests.intake.factories import person, send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_confirm_reject_and_separate_in_the_browser(
    page, make_agency, make_user, api_client_for, browser_sign_in, axe_check
):
    from macp.identity.models import ReviewItem

    make_agency("gp-svc-001", "gp_practice", "svc", name="Riverside Surgery")
    make_agency("police-vale", "police", name="Vale Police")
    integration = api_client_for(make_user("integration", ["system_admin"]))
    send(
        integration,
        "gp-svc-001",
        "b1",
        [
            person("G1", "Amelia", "Smith", "2019-08-02", "F", "9990000018"),
            person("G2", "Noah", "Brown", "2015-02-02", "M", "9990000026"),
        ],
    )
    send(
        integration,
        "police-vale",
        "b1",
        [
            person("P1", "Amelia", "Smith", "2019-08-02", "F", postcode="KM1 1AA", address="2 Far Road"),
            person("P2", "Noah", "Brown", "2015-02-02", "M", postcode="KM2 2BB", address="5 Near Road"),
            {
                "kind": "involvement",
                "source_id": "PI1",
                "person": "P1",
                "agency": "police-vale",
                "role": "police_investigation",
            },
        ],
    )
    assert ReviewItem.objects.filter(status="pending").count() == 2
    browser_sign_in(page, make_user("mash", ["front_door_practitioner"], "police-vale"))

    page.goto("/identity/review/")
    axe_check(page, "records-to-check")
    page.get_by_role("link", name=re.compile("AMELIA|Amelia")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Is this the same person?")
    expect(page.get_by_role("table")).to_contain_text("Date of birth")
    axe_check(page, "review-pair")
    page.get_by_label("Same person: join the records").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Linked")

    page.get_by_role("link", name=re.compile("Noah")).click()
    page.get_by_label("Different people: keep them apart").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why")
    page.get_by_label("Reason").fill("Different mother and school")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("different people")

    amelia = ReviewItem.objects.get(status="confirmed").candidate
    page.goto(f"/people/{amelia.pk}/")
    page.get_by_role("link", name=re.compile("Separate.*Vale Police")).click()
    axe_check(page, "separate-record")
    page.get_by_label("Why is this record not this person?").fill("Police record is a different Amelia")
    page.get_by_role("button", name="Separate the record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is now a separate person")
    assert ReviewItem.objects.filter(status="pending").count() == 0
