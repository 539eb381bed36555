"""A strategy discussion in a real browser, the whole path: a team manager requests it; the coordinator books the
proposed time (the invitations with their reasons are on the page, and each agency is emailed an .ics); the police
accept; the chair records attendance, a decision for each child, an action and a dissent; finalising is refused
with the reasons, then accepted; the distribution table shows who the minutes went to; the police acknowledge; the
DOCX and PDF download and open. axe-core checks every new page."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def record_attendance(page, agency, name, role, attended=True):
    page.get_by_label("Agency", exact=True).select_option(label=agency)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("group", name="Role in the meeting").get_by_label(role, exact=True).check()
    page.get_by_role("group", name="Attended?").get_by_label("Yes" if attended else "No, absent").check()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Attendance recorded")


def decide(page, child, threshold, s47, rationale, **more):
    form = page.locator("form").filter(has=page.get_by_role("button", name=f"Save decision for {child}"))
    form.get_by_label("Lived experience and voice").fill(more.get("voice", ""))
    form.get_by_role("group", name="Significant harm threshold").get_by_label(threshold, exact=True).check()
    form.get_by_label("Rationale").fill(rationale)
    form.get_by_role("group", name="Section 47 enquiry?").get_by_label(s47, exact=True).check()
    if "enquiry" in more:
        form.get_by_role("group", name="Single or joint enquiry").get_by_label(more["enquiry"]).check()
    if "lead" in more:
        form.get_by_label("Lead agency").select_option(label=more["lead"])
    form.get_by_label("Safety plan").fill(more.get("safety_plan", ""))
    form.get_by_role("button", name=f"Save decision for {child}").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")


def test_strategy_discussion_from_request_to_acknowledged_minutes(page, family, make_agency, make_user, browser_sign_in, axe_check, mailoutbox):
    police = make_agency("test-police", "police", name="Testshire Police")
    health = make_agency("test-health", "community_health", family.la, name="Testshire Community Health")
    for agency in (family.csc, family.gp, police, health):
        agency.email = f"{agency.code}@secure.example.invalid"
        agency.save()
    manager = make_user("tm", "team_manager", family.csc, first_name="Priya", last_name="Shah")
    coordinator = make_user("coord", "strategy_coordinator", family.csc, first_name="Chris", last_name="Moss")
    chair = make_user("chair", ["chair"], family.csc, first_name="Ana", last_name="Lopes")
    officer = make_user("pc", "partner_attendee", police, first_name="Dev", last_name="Khan")
    nurse = make_user("nurse", "partner_attendee", health, first_name="Jo", last_name="Wells")
    from macp.strategy.models import Distribution, DutySlot, StrategyDiscussion

    # Every core agency is on duty from the next hour for the afternoon.
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    for agency in (family.csc, police, health):
        DutySlot.objects.create(agency=agency, starts_at=start, ends_at=start + dt.timedelta(hours=5))

    # 1. A team manager requests it, choosing the children from those their agency can see.
    browser_sign_in(page, manager)
    page.goto("/strategy/")
    axe_check(page, "strategy-queue-manager")
    page.get_by_role("button", name="Request a strategy discussion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request a strategy discussion")
    page.get_by_label("Find the children").fill("Hughes")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Amelia Hughes").check()
    page.get_by_label("Jack Hughes").check()
    expect(page.get_by_label("Sarah Hughes")).to_have_count(0)
    axe_check(page, "strategy-request")
    page.get_by_label("Why is a strategy discussion needed?").fill("Amelia told her teacher her mother's partner hit her; bruise on her arm")
    page.get_by_role("button", name="Request strategy discussion").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("requested")
    sd = StrategyDiscussion.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"SD-{sd.pk}")

    # 2. The coordinator sees it in the queue, with the invitations and their reasons, and books the proposed time.
    page.context.clear_cookies()
    browser_sign_in(page, coordinator)
    page.goto("/strategy/")
    row = page.get_by_role("row", name=re.compile(f"SD-{sd.pk}"))
    expect(row).to_contain_text("Jack Hughes, Amelia Hughes")  # in age order
    expect(row).to_contain_text(re.compile(r"waiting (less than a minute|\d+ minutes?)"))
    axe_check(page, "strategy-queue")
    row.get_by_role("link", name=f"SD-{sd.pk}").click()
    invitations = page.locator("#invitations + table, #invitations ~ table").first
    expect(invitations).to_contain_text("Core agency (police) for every strategy discussion")
    expect(invitations).to_contain_text("GP of Amelia Hughes")
    expect(page.locator("body")).to_contain_text("Purpose of the discussion")
    axe_check(page, "strategy-detail")
    page.get_by_role("link", name="Book the time").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book the discussion")
    expect(page.get_by_label(re.compile(r"\(proposed\)"))).to_be_checked()
    page.get_by_label("Meeting link (optional)").fill("https://meet.example.org/sd-1")
    axe_check(page, "strategy-book")
    page.get_by_role("button", name="Book and send invitations").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Calendar invitations sent to 4 agencies")
    assert {m.to[0] for m in mailoutbox} == {f"{a.code}@secure.example.invalid" for a in (family.csc, family.gp, police, health)}
    assert all(m.attachments[0][0] == f"SD-{sd.pk}.ics" for m in mailoutbox)

    # 3. The police accept on their agency's page.
    page.context.clear_cookies()
    browser_sign_in(page, officer)
    page.goto(f"/strategy/{sd.pk}/respond/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Will Testshire Police attend?")
    axe_check(page, "strategy-respond")
    page.get_by_label("We will attend").check()
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator("#invitations ~ table").first).to_contain_text("Accepted")

    # 4. The chair records the meeting in the agenda's order.
    page.context.clear_cookies()
    browser_sign_in(page, chair)
    page.goto(f"/strategy/{sd.pk}/meeting/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting record")
    expect(page.locator(".macp-genogram-figure svg")).to_be_visible()
    axe_check(page, "strategy-meeting")
    record_attendance(page, "Testshire Children's Services", "Ana Lopes", "Chair")
    record_attendance(page, "Testshire Children's Services", "Tom Reed", "Minute-taker")
    record_attendance(page, "Testshire Police", "DC Dev Khan", "Attendee")
    record_attendance(page, "Testshire Community Health", "Named nurse", "Attendee", attended=False)
    decide(page, "Amelia Hughes", "Met", "Yes", "Disclosure to a teacher and a bruise consistent with it", voice="Says she is scared of Daniel",
           enquiry="Joint enquiry", lead="Testshire Police", safety_plan="Stays with her grandmother tonight")
    decide(page, "Jack Hughes", "Unclear", "Yes", "Lives in the same household as the suspected perpetrator")
    page.locator("summary", has_text="Add an action").click()
    page.get_by_label("What is to be done").fill("Child protection medical for Amelia")
    page.get_by_label("For", exact=True).select_option(label="Amelia Hughes")
    page.get_by_label("Owner agency").select_option(label="Testshire Community Health")
    page.get_by_label("Owner (name and role)").fill("Dr Shah, paediatrician")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    due = page.get_by_role("group", name="Due date")
    due.get_by_label("Day").fill(str(tomorrow.day))
    due.get_by_label("Month").fill(str(tomorrow.month))
    due.get_by_label("Year").fill(str(tomorrow.year))
    page.get_by_role("button", name="Add action").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action recorded")
    page.locator("summary", has_text="Record dissent").click()
    page.get_by_label("Agency that disagrees").select_option(label="Testshire Police")
    page.get_by_label("The decision for Amelia Hughes").check()
    page.get_by_label("Reason for the disagreement").fill("Police view: the ABE interview should come before the medical")
    page.get_by_role("button", name="Record dissent").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Dissent recorded")

    # 5. Finalising is refused with every reason, linked to where it is put right; then accepted.
    page.get_by_role("button", name="Finalise and send the minutes").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Confirm the genogram was shown and checked, or say why not")
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page, "strategy-finalise-refused")
    summary.get_by_role("link", name="Confirm the genogram was shown and checked, or say why not").click()
    page.get_by_label("Yes, shown and confirmed").check()
    page.get_by_role("button", name="Record genogram check").click()
    page.goto(f"/strategy/{sd.pk}/minutes/edit/")
    page.get_by_label("Purpose of the discussion").fill("Decide whether Amelia and Jack are suffering or likely to suffer significant harm")
    axe_check(page, "strategy-minutes-edit")
    page.get_by_role("button", name="Save minutes").click()
    page.get_by_role("button", name="Finalise and send the minutes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Minutes finalised and sent to every invited agency")
    distribution = page.locator("#distribution ~ table").first
    expect(distribution).to_contain_text("Testshire Police")
    expect(distribution).to_contain_text("Riverside Surgery")
    expect(distribution.get_by_role("row", name=re.compile("Testshire Police"))).to_contain_text("Not yet")
    axe_check(page, "strategy-distribution")

    # 6. The police read the minutes and confirm receipt.
    page.context.clear_cookies()
    browser_sign_in(page, officer)
    page.goto(f"/strategy/{sd.pk}/minutes/")
    expect(page.locator("body")).to_contain_text("Police view: the ABE interview should come before the medical")
    axe_check(page, "strategy-minutes")
    page.get_by_role("button", name="Confirm receipt").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Receipt confirmed")
    assert Distribution.objects.get(discussion=sd, agency=police).acknowledged_by_id == officer.pk

    # 7. The DOCX and PDF download and open.
    with page.expect_download() as got:
        page.get_by_role("link", name="Download DOCX of the minutes").click()
    docx = open(got.value.path(), "rb").read()
    assert docx[:2] == b"PK"
    from docx import Document

    headings = [p.text for p in Document(io.BytesIO(docx)).paragraphs if p.style.name == "Heading 2"]
    assert any(h.startswith("Amelia Hughes") for h in headings) and any(h.startswith("Jack Hughes") for h in headings)
    with page.expect_download() as got:
        page.get_by_role("link", name="Download PDF of the minutes").click()
    assert open(got.value.path(), "rb").read().startswith(b"%PDF")

    # 8. The action is on the health agency's list.
    page.context.clear_cookies()
    browser_sign_in(page, nurse)
    page.goto("/tasks/")
    expect(page.locator("body")).to_contain_text("Child protection medical for Amelia")
    axe_check(page, "strategy-tasks")
    page.get_by_label("Feedback").fill("Medical done: findings consistent with the account")
    page.get_by_role("button", name=re.compile("Mark done")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action marked done")
    page.goto("/strategy/availability/")
    axe_check(page, "strategy-availability")


def test_side_pages_errors_and_a_conflicting_save_are_accessible(page, family, make_agency, make_user, browser_sign_in, axe_check):
    """The pages off the main path, in their error states: a request with nothing typed, removing an invitation,
    a partner adding its information, two people saving the minutes at once, and amending finalised minutes."""
    from tests.strategy.test_views import held

    police = make_agency("test-police", "police", name="Testshire Police")
    health = make_agency("test-health", "community_health", family.la, name="Testshire Community Health")
    world = type("World", (), {})()
    world.family, world.csc, world.gp, world.police, world.health = family, family.csc, family.gp, police, health
    world.tm = make_user("tm", "team_manager", family.csc)
    world.coordinator = make_user("coord", "strategy_coordinator", family.csc)
    world.chair = make_user("chair", "chair", family.csc, first_name="Ana", last_name="Lopes")
    world.pc = make_user("pc", "partner_attendee", police)
    minute_taker = make_user("mt", "minute_taker", family.csc, first_name="Tom", last_name="Reed")
    from macp.strategy import booking, meeting, minutes

    sd = booking.request(world.tm, [family.child, family.sibling], "Amelia disclosed being hit", organised_abuse_indicators=True)

    browser_sign_in(page, world.tm)
    page.goto("/strategy/request/")
    page.get_by_role("button", name="Request strategy discussion").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Name at least one child")
    axe_check(page, "strategy-request-errors")

    page.context.clear_cookies()
    browser_sign_in(page, world.pc)
    page.goto(f"/strategy/{sd.pk}/meeting/")
    page.locator("summary", has_text="Add Testshire Police's information").click()
    page.get_by_label("What Testshire Police knows, and its context").fill("Two call-outs to the address in March; the partner is on bail for assault")
    page.get_by_role("button", name="Save Testshire Police's information").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The agency's information is saved")
    expect(page.locator("p.govuk-body", has_text="Two call-outs to the address in March")).to_be_visible()
    axe_check(page, "strategy-meeting-partner")

    page.context.clear_cookies()
    browser_sign_in(page, world.coordinator)
    gp = sd.invitations.get(agency=family.gp)
    page.goto(f"/strategy/{sd.pk}/invitations/{gp.pk}/remove/")
    page.get_by_role("button", name="Remove invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why this agency is not invited")
    axe_check(page, "strategy-remove-invitation")
    page.get_by_label("Why is this agency not invited?").fill("Amelia has moved GP practice")
    page.get_by_role("button", name="Remove invitation").click()
    expect(page.locator("body")).to_contain_text("Not invited: Amelia has moved GP practice")

    held(world, sd)
    page.context.clear_cookies()
    browser_sign_in(page, minute_taker)
    page.goto(f"/strategy/{sd.pk}/minutes/edit/")
    page.get_by_label("Purpose of the discussion").fill("Minute-taker's purpose")
    minutes.save_minutes(sd, world.chair, 0, {"purpose": "Chair's purpose"})  # the chair saves first
    page.get_by_role("button", name="Save minutes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Someone else saved the minutes while you were editing")
    expect(page.locator("body")).to_contain_text("Chair's purpose")
    expect(page.get_by_label("Your version")).to_have_value("Minute-taker's purpose")
    axe_check(page, "strategy-minutes-conflict")
    page.get_by_label("Your version").fill("Chair's and minute-taker's purpose")
    page.get_by_role("button", name="Save minutes").click()
    expect(page.locator("p.govuk-body", has_text="Chair's and minute-taker's purpose")).to_be_visible()

    meeting.finalise(sd, world.chair)
    page.context.clear_cookies()
    browser_sign_in(page, world.chair)
    page.goto(f"/strategy/{sd.pk}/minutes/amend/")
    page.get_by_role("button", name="Amend and send again").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the minutes are being amended")
    axe_check(page, "strategy-amend")
    page.get_by_label("Discussion", exact=True).fill("Police will lead the ABE interview.")
    page.get_by_label("Why are the minutes being amended?").fill("Accuracy challenge from the police")
    page.get_by_role("button", name="Amend and send again").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("revision 2")
    expect(page.locator("body")).to_contain_text("Police will lead the ABE interview.")
    axe_check(page, "strategy-minutes-revisions")
