"""Cases that do not fall between the cracks, in a real browser (issue 11): a hospital takes its dissent about "no
section 47" further and children's social care moves it up a stage and resolves it; one council proposes a
transfer and another accepts it with a date (refused first without one); the EDT records a night's work and the
day team picks it up. axe-core checks each new page, errors included."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    for label, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        group.get_by_label(label).fill(str(value))


def test_disagreement_from_dissent_to_resolution(page, family, make_agency, make_user, browser_sign_in, axe_check):
    from macp.people.models import Involvement
    from macp.strategy.models import (
        ChildDecision,
        Dissent,
        Invitation,
        StrategyDiscussion,
    )

    hospital = make_agency("test-hospital", "acute_trust", la=family.la, name="Testshire General Hospital")
    Involvement.objects.create(person=family.child, agency=hospital, role="hospital_care")
    tm = make_user("tm", "team_manager", family.csc, first_name="Priya", last_name="Shah")
    nurse = make_user("nurse", "partner_attendee", hospital, first_name="Jo", last_name="Ward")
    discussion = StrategyDiscussion.objects.create(
        reason="Bruising",
        requested_by=tm,
        requesting_agency=family.csc,
        requested_at=timezone.now(),
        status="finalised",
    )
    discussion.children.add(family.child)
    Invitation.objects.create(
        discussion=discussion, agency=hospital, role="health", reason="Treating hospital", status="accepted"
    )
    from macp.strategy import grants

    grants.grant_staff(discussion)  # made directly here, so the grants a request and an invitation give are made too
    grants.grant_invited(discussion, tm)
    decision = ChildDecision.objects.create(
        discussion=discussion,
        child=family.child,
        significant_harm="not_met",
        section_47=False,
        rationale="Explanation accepted",
        recorded_by=tm,
    )
    Dissent.objects.create(
        discussion=discussion,
        agency=hospital,
        about="No s47",
        decision=decision,
        reason="Injury pattern not consistent",
        recorded_by=tm,
    )

    browser_sign_in(page, nurse)
    page.goto(f"/people/{family.child.pk}/")
    page.get_by_role("link", name=f"Take Testshire General Hospital's dissent about SD-{discussion.pk} further").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a disagreement")
    page.get_by_label("What do you disagree with, and why?").fill("The injury pattern needs a child protection medical")
    page.get_by_role("button", name="Raise the disagreement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say whether you think the child is safe now")
    expect(page.get_by_label("What do you disagree with, and why?")).to_have_value(
        "The injury pattern needs a child protection medical"
    )
    axe_check(page, "escalation-raise-error")
    page.get_by_role("group", name="Is the child safe now?").get_by_label("Not sure").check()
    page.get_by_role("button", name="Raise the disagreement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"SD-{discussion.pk}")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Stage 1: Practitioner to practitioner")
    axe_check(page, "escalation-detail")

    page.context.clear_cookies()
    browser_sign_in(page, tm)
    page.goto("/disagreements/")
    axe_check(page, "escalation-list")
    page.get_by_role("link", name=re.compile(r"RPD-\d+")).click()
    page.get_by_role("group", name="Is the child safe now?").get_by_label("Yes").check()
    page.get_by_label(re.compile("Not resolved: move to stage 2")).check()
    page.get_by_label("What was agreed, or why it needs to go further").fill("We stand by the decision")
    page.get_by_role("button", name="Record the response").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Stage 2: Managers")
    page.get_by_role("group", name="Is the child safe now?").get_by_label("Yes").check()
    page.get_by_label("Resolved: record what was agreed").check()
    page.get_by_label("What was agreed, or why it needs to go further").fill("Reconvened; s47 and CP medical agreed")
    page.get_by_label("Learning for the partnership (when resolved)").fill(
        "Invite the paediatrician to every SD about bruising"
    )
    page.get_by_role("button", name="Record the response").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Resolved")
    expect(page.locator("table")).to_contain_text("Moved to the next stage")

    page.goto(f"/people/{family.child.pk}/")
    expect(page.locator("#disagreements + p")).to_have_text("No open disagreements.")


def test_transfer_proposed_refused_without_date_then_accepted(
    page, family, make_agency, make_user, browser_sign_in, axe_check
):
    north = make_agency("north-csc", "childrens_social_care", la="north-council", name="Northshire Children's Services")
    sender = make_user("sw", "social_worker", family.csc, first_name="Priya", last_name="Shah")
    receiver = make_user("tm-north", "team_manager", north, first_name="Nia", last_name="North")

    browser_sign_in(page, sender)
    page.goto(f"/people/{family.child.pk}/")
    expect(page.locator("#case-held-by + p")).to_have_text("Test Council")
    page.get_by_role("link", name="Propose a transfer").click()
    page.get_by_role("button", name="Propose the transfer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the case should move")
    axe_check(page, "transfer-propose-error")
    page.get_by_label("Which council should hold the case?").select_option(label="North Council")
    page.get_by_label("Child protection").check()
    page.get_by_label("Why should the case move?").fill("The family moved to Northshire on 20 November")
    page.get_by_role("button", name="Propose the transfer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("TR-")
    expect(page.get_by_role("link", name="Genogram (PDF)")).to_be_visible()

    page.context.clear_cookies()
    browser_sign_in(page, receiver)
    page.goto("/transfers/")
    axe_check(page, "transfer-list")
    page.get_by_role("link", name=re.compile(r"TR-\d+")).click()
    axe_check(page, "transfer-detail")
    page.get_by_role("button", name="Accept the transfer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date your council takes responsibility")
    axe_check(page, "transfer-accept-error")
    day = timezone.localdate() + dt.timedelta(days=7)
    fill_date(page, "From what date does your council hold the case?", day)
    page.get_by_role("button", name="Accept the transfer").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Accepted")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Transfer-in conference due")
    expect(page.locator("ol.govuk-list")).to_contain_text("Accepted by Northshire Children's Services")

    from macp.transfers.services import responsible_local_authority

    assert responsible_local_authority(family.child, day).code == "north-council"
    assert responsible_local_authority(family.child, day - dt.timedelta(days=1)).code == "test-council"


def test_edt_record_goes_to_the_day_team_who_pick_it_up(
    page, family, make_agency, make_user, browser_sign_in, axe_check
):
    from macp.access.models import Assignment

    edt = make_agency("test-edt", "edt", la=family.la, name="Testshire Emergency Duty Team")
    worker = make_user("edt1", "edt_worker", edt, first_name="Sam", last_name="Night")
    day_worker = make_user("day1", "social_worker", family.csc, first_name="Dee", last_name="Day")
    # Out of hours the EDT has the child's record on its duty basis (here an assignment, as break-glass would give).
    Assignment.objects.create(person=family.child, agency=edt, reason="Duty call", starts_at=timezone.now())

    browser_sign_in(page, worker)
    page.goto(f"/people/{family.child.pk}/")
    page.get_by_role("link", name="Record out-of-hours work").click()
    expect(page.get_by_label("Amelia Hughes")).to_be_checked()
    page.get_by_label("Jack Hughes").check()
    page.get_by_label("What happened?").fill("Police called: mother's partner drunk and shouting")
    page.get_by_role("button", name="Send to the day team").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date it happened")
    expect(page.get_by_label("What happened?")).to_have_value("Police called: mother's partner drunk and shouting")
    expect(page.get_by_label("Jack Hughes")).to_be_checked()
    axe_check(page, "edt-record-error")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    fill_date(page, "When did it happen?", yesterday)
    page.get_by_label("Time (24-hour clock)").fill("23:15")
    page.get_by_label("What actions did you take?").fill("Visited with police; both children seen; partner left")
    page.get_by_label("What does the day team need to do?").fill("Strategy discussion this morning")
    page.get_by_label("Strategy discussion held by telephone (if any)").fill(
        "With PS Khan at 23:50: safety plan agreed"
    )
    page.get_by_role("button", name="Send to the day team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"EDT-\d+"))
    axe_check(page, "edt-record")

    page.context.clear_cookies()
    browser_sign_in(page, day_worker)
    page.goto("/out-of-hours/")
    axe_check(page, "edt-queue")
    page.get_by_role("link", name=re.compile(r"EDT-\d+")).click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("With PS Khan at 23:50")
    page.get_by_role("button", name="Acknowledge the handover").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what the day team is doing next")
    page.get_by_label("What is the day team doing next?").fill("Allocated to Dee; SD booked for 11:00")
    page.get_by_role("button", name="Acknowledge the handover").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Acknowledged by Dee Day")
