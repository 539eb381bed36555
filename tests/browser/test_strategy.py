"""Strategy discussions in a real browser, one journey per role, each under the test settings and under the settings
`make run` uses (MACP_DEMO=1, DEBUG=1): axe-core finds nothing on any page, and no form field ever holds template
text. The social worker requests a discussion; the coordinator adds a child, invites an agency, sets the complexity
route aside with a reason and books the proposed time; the minute-taker and chair record the meeting step by step
(typing in one step survives saving another), check the minutes before finalising, and are refused while an invited
agency's attendance is unrecorded; a partner agency answers its invitation, confirms receipt without a challenge,
then challenges, downloads the minutes and marks its action done."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from macp.strategy import booking, meeting
from macp.strategy.models import Distribution, DutySlot, StrategyDiscussion
from tests.strategy.factories import booked, held

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEMPLATE_TEXT = ("{{", "no such element", "Undefined")


def _reset_template_engines():
    """Django's Jinja2 backend picks its Undefined from DEBUG when the engine is made: make it again."""
    from django.template import engines

    engines._engines = {}
    engines.__dict__.pop("templates", None)


@pytest.fixture(params=["test-settings", "make-run-settings"])
def run_settings(request, settings):
    """Each journey runs twice: as the tests are configured, and as `make run` serves (MACP_DEMO=1, DEBUG=1)."""
    if request.param == "make-run-settings":
        settings.DEBUG, settings.DEMO_MODE = True, True
        settings.MACP_REQUIRE_2FA, settings.SESSION_COOKIE_SECURE = False, False
    _reset_template_engines()
    yield request.param
    _reset_template_engines()


@pytest.fixture
def check(axe_check):
    """check(page, name): axe-core finds no violation, and no field or text on the page shows template text."""

    def run(page, name):
        values = page.evaluate(
            "() => Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select'))"
            ".map(e => e.name + '=' + e.value)"
        )
        assert not [v for v in values if any(t in v for t in TEMPLATE_TEXT)], values
        text = page.locator("main").inner_text()
        assert not any(t in text for t in TEMPLATE_TEXT), text
        axe_check(page, name)

    return run


@pytest.fixture
def strategy_cast(family, make_agency, make_user):
    police = make_agency("test-police", "police", name="Testshire Police")
    health = make_agency("test-health", "community_health", family.la, name="Testshire Community Health")
    for agency in (family.csc, family.gp, police, health):
        agency.email = f"{agency.code}@secure.example.invalid"
        agency.save()
    world = type("World", (), {})()
    world.family, world.csc, world.gp, world.police, world.health = family, family.csc, family.gp, police, health
    world.tm = make_user("tm", "team_manager", family.csc, first_name="Priya", last_name="Shah")
    world.sw = make_user("sw", "social_worker", family.csc, first_name="Sam", last_name="Okafor")
    world.coordinator = make_user("coord", "strategy_coordinator", family.csc, first_name="Chris", last_name="Moss")
    world.chair = make_user("chair", "chair", family.csc, first_name="Ana", last_name="Lopes")
    world.minute_taker = make_user("mt", "minute_taker", family.csc, first_name="Tom", last_name="Reed")
    world.pc = make_user("pc", "partner_attendee", police, first_name="Dev", last_name="Khan")
    world.nurse = make_user("nurse", "partner_attendee", health, first_name="Jo", last_name="Wells")
    world.outsider = make_user(
        "out", "partner_attendee", make_agency("elsewhere-school", "school", name="Elsewhere School")
    )
    from macp.people.models import Involvement

    # Social care holds Jack's case too: asking about a child needs a basis for that child (issue 8).
    Involvement.objects.create(
        person=family.sibling, agency=family.csc, role="allocated_social_worker", start=dt.date(2024, 1, 1)
    )
    return world


def as_user(page, browser_sign_in, user):
    page.context.clear_cookies()
    browser_sign_in(page, user)
    return page


def banner(page):
    return page.locator(".govuk-notification-banner")


def test_social_worker_requests_a_discussion(run_settings, page, strategy_cast, browser_sign_in, check):
    as_user(page, browser_sign_in, strategy_cast.sw)
    page.goto("/strategy/")
    check(page, "strategy-queue-social-worker")
    page.get_by_role("button", name="Request a strategy discussion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request a strategy discussion")
    page.get_by_role("button", name="Request strategy discussion").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Name at least one child")
    check(page, "strategy-request-errors")
    page.get_by_label("Find the children").fill("Hughes")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Amelia Hughes").check()
    expect(page.get_by_label("Sarah Hughes")).to_have_count(0)  # adults are not offered
    page.get_by_label("Why is a strategy discussion needed?").fill(
        "Amelia told me at a home visit that Daniel hits her"
    )
    check(page, "strategy-request")
    page.get_by_role("button", name="Request strategy discussion").click()
    expect(banner(page)).to_contain_text("requested")
    sd = StrategyDiscussion.objects.get()
    assert sd.requested_by == strategy_cast.sw and not sd.out_of_hours  # typed in office hours or not, EDT did nothing
    check(page, "strategy-detail-social-worker")


def test_coordinator_adds_a_child_invites_sets_aside_the_complexity_route_and_books(
    run_settings, page, strategy_cast, browser_sign_in, check, mailoutbox
):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    for agency in (strategy_cast.csc, strategy_cast.police, strategy_cast.health):
        DutySlot.objects.create(agency=agency, starts_at=start, ends_at=start + dt.timedelta(hours=5))
    sd = booking.request(
        strategy_cast.tm, [strategy_cast.family.child], "Amelia disclosed being hit", organised_abuse_indicators=True
    )
    as_user(page, browser_sign_in, strategy_cast.coordinator)
    page.goto(f"/strategy/{sd.pk}/")
    check(page, "strategy-detail-coordinator")
    # One row per agency, its reasons together.
    table = page.locator("#invitations ~ .macp-table-scroll table").first
    expect(table.get_by_role("row", name=re.compile("Testshire Police"))).to_have_count(1)
    expect(table).to_contain_text("Core agency (police) for every strategy discussion")

    page.get_by_role("link", name="Add another child").click()
    page.get_by_label("Find the child").fill("Jack")
    page.get_by_role("button", name="Search").click()
    check(page, "strategy-add-child")
    page.get_by_label("Jack Hughes").check()
    page.get_by_role("button", name="Add child").click()
    expect(banner(page)).to_contain_text("Jack Hughes added")
    assert set(sd.children.all()) == {strategy_cast.family.child, strategy_cast.family.sibling}

    page.locator("summary", has_text="Invite another agency").click()
    page.get_by_role("button", name="Invite agency").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why this agency is invited")
    check(page, "strategy-invite-errors")
    page.get_by_label("Agency", exact=True).select_option(label="Elsewhere School")
    page.get_by_label("Why is this agency invited?").fill("Jack's new school")
    page.get_by_role("button", name="Invite agency").click()
    expect(banner(page)).to_contain_text("Elsewhere School invited")

    expect(page.locator("body")).to_contain_text("Indicators of organised or complex abuse")
    page.get_by_role("link", name="Set the complexity route aside").click()
    page.get_by_role("button", name="Set aside the complexity route").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the complexity route is not needed")
    check(page, "strategy-set-aside-errors")
    page.get_by_label("Why is the complexity route not needed?").fill("Police checks found no link to other children")
    page.get_by_role("button", name="Set aside the complexity route").click()
    expect(banner(page)).to_contain_text("set aside")
    expect(page.locator("body")).to_contain_text("set aside by Chris Moss")
    expect(page.locator("body")).not_to_contain_text("Evidence preservation")
    sd.refresh_from_db()
    assert sd.complexity_set_aside_reason == "Police checks found no link to other children"

    # On a 375px screen the page does not scroll sideways: the tables scroll in their own box.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check(page, "strategy-detail-narrow")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Book the time").click()
    expect(page.get_by_label(re.compile(r"\(proposed\)"))).to_be_checked()
    page.get_by_label("Meeting link (optional)").fill("https://meet.example.org/sd-1")
    check(page, "strategy-book")
    page.get_by_role("button", name="Book and send invitations").click()
    expect(banner(page)).to_contain_text("Calendar invitations sent to")
    assert "test-police@secure.example.invalid" in {m.to[0] for m in mailoutbox}


def test_chair_and_minute_taker_record_the_meeting_step_by_step(
    run_settings, page, strategy_cast, browser_sign_in, check
):
    sd = booked(
        strategy_cast,
        booking.request(
            strategy_cast.tm, [strategy_cast.family.child, strategy_cast.family.sibling], "Amelia disclosed being hit"
        ),
    )
    as_user(page, browser_sign_in, strategy_cast.minute_taker)
    page.goto(f"/strategy/{sd.pk}/meeting/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting record")
    check(page, "strategy-meeting-overview")
    page.get_by_role("link", name="Purpose of the discussion").first.click()
    page.get_by_label("Purpose of the discussion").fill("Decide whether Amelia and Jack are suffering significant harm")
    check(page, "strategy-meeting-purpose")
    # Leave without saving, save another step, come back: the typing is still there.
    page.get_by_role("navigation", name="Meeting record steps").get_by_role("link", name="Attendees and roles").click()
    for agency, name, role in (
        ("Testshire Children's Services", "Ana Lopes", "Chair"),
        ("Testshire Children's Services", "Tom Reed", "Minute-taker"),
    ):
        page.get_by_label("Agency", exact=True).select_option(label=agency)
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_role("group", name="Role in the meeting").get_by_label(role, exact=True).check()
        page.get_by_role("button", name="Record attendance").click()
        expect(banner(page)).to_contain_text("Attendance recorded")
    check(page, "strategy-meeting-attendance")
    page.get_by_role("navigation", name="Meeting record steps").get_by_role(
        "link", name="Purpose of the discussion"
    ).click()
    expect(page.get_by_label("Purpose of the discussion")).to_have_value(
        "Decide whether Amelia and Jack are suffering significant harm"
    )
    expect(page.locator("[data-macp-draft-note]")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()
    expect(banner(page)).to_contain_text("Purpose of the discussion saved")
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendees and roles")
    sd.refresh_from_db()
    assert sd.minutes_sections["purpose"].startswith("Decide whether Amelia and Jack")

    as_user(page, browser_sign_in, strategy_cast.chair)
    page.goto(f"/strategy/{sd.pk}/meeting/attendance/")
    page.get_by_label("Agency", exact=True).select_option(label="Testshire Police")
    page.get_by_label("Name", exact=True).fill("DC Dev Khan")
    page.get_by_role("button", name="Record attendance").click()
    expect(banner(page)).to_contain_text("Attendance recorded")
    page.get_by_label("Agency", exact=True).select_option(label="Testshire Community Health")
    page.get_by_label("Name", exact=True).fill("Named nurse")
    page.get_by_role("group", name="Attended?").get_by_label("No, absent").check()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("Riverside Surgery")

    page.goto(f"/strategy/{sd.pk}/meeting/genogram/")
    expect(page.locator(".macp-genogram-figure svg")).to_be_visible()
    page.get_by_label("Yes, shown and confirmed").check()
    check(page, "strategy-meeting-genogram")
    page.get_by_role("button", name="Save and continue").click()
    expect(banner(page)).to_contain_text("Genogram check recorded")
    # Children in age order: Jack first. A decision with no threshold is refused and keeps what was typed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Each child: Jack Hughes")
    page.get_by_label("Rationale").fill("Lives in the same household as the suspected perpetrator")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Use met, not_met or unclear")
    expect(page.get_by_label("Rationale")).to_have_value("Lives in the same household as the suspected perpetrator")
    check(page, "strategy-meeting-child-errors")
    page.get_by_role("group", name="Significant harm threshold").get_by_label("Unclear", exact=True).check()
    page.get_by_role("group", name="Section 47 enquiry?").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Each child: Amelia Hughes")
    lead = page.get_by_label("Lead agency")
    assert sorted(lead.locator("option").all_inner_texts()) == [
        "Not decided",
        "Testshire Children's Services",
        "Testshire Community Health",
        "Testshire Police",
    ]  # the core agencies only
    page.get_by_role("group", name="Significant harm threshold").get_by_label("Met", exact=True).check()
    page.get_by_label("Rationale").fill("Disclosure to a teacher and a bruise consistent with it")
    page.get_by_role("group", name="Section 47 enquiry?").get_by_label("Yes", exact=True).check()
    lead.select_option(label="Testshire Police")
    check(page, "strategy-meeting-child")
    page.get_by_role("button", name="Save and continue").click()
    expect(banner(page)).to_contain_text("Decision recorded")

    page.goto(f"/strategy/{sd.pk}/meeting/finalise/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the minutes before finalising")
    expect(page.locator("#missing ~ ul").first).to_contain_text("Record whether Riverside Surgery attended")
    expect(page.locator("main")).to_contain_text(
        "Disclosure to a teacher and a bruise consistent with it"
    )  # the minutes as they go
    check(page, "strategy-meeting-confirm")
    page.get_by_role("button", name="Finalise and send the minutes").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Record whether Riverside Surgery attended")
    expect(page).to_have_title(re.compile(r"^Error: "))
    check(page, "strategy-meeting-finalise-refused")
    assert StrategyDiscussion.objects.get(pk=sd.pk).status == "scheduled"
    summary.get_by_role("link", name="Record whether Riverside Surgery attended").click()
    page.get_by_label("Agency", exact=True).select_option(label="Riverside Surgery")
    page.get_by_label("Name", exact=True).fill("No one")
    page.get_by_role("group", name="Attended?").get_by_label("No, absent").check()
    page.get_by_role("button", name="Record attendance").click()
    page.goto(f"/strategy/{sd.pk}/meeting/finalise/")
    expect(page.locator("main")).to_contain_text("Nothing required is missing")
    page.get_by_role("button", name="Finalise and send the minutes").click()
    expect(banner(page)).to_contain_text("Minutes finalised and sent to every invited agency")
    distribution = page.locator("#distribution ~ .macp-table-scroll table").first
    expect(distribution.get_by_role("row", name=re.compile("Testshire Police"))).to_contain_text("Not yet")
    check(page, "strategy-distribution")


def test_partner_answers_confirms_receipt_without_a_challenge_then_challenges(
    run_settings, page, strategy_cast, browser_sign_in, check
):
    sd = booked(
        strategy_cast,
        booking.request(
            strategy_cast.tm, [strategy_cast.family.child, strategy_cast.family.sibling], "Amelia disclosed being hit"
        ),
    )
    as_user(page, browser_sign_in, strategy_cast.pc)
    page.goto(f"/strategy/{sd.pk}/respond/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Will Testshire Police attend?")
    check(page, "strategy-respond")
    page.get_by_label("We will attend").check()
    page.get_by_role("button", name="Send answer").click()
    expect(banner(page)).to_contain_text("Your agency's answer is recorded")
    page.goto(f"/strategy/{sd.pk}/meeting/information/")
    page.get_by_role("link", name="Add Testshire Police's information").click()
    page.get_by_label("What Testshire Police knows, and its context").fill(
        "Two call-outs to the address in March; the partner is on bail"
    )
    check(page, "strategy-meeting-contribution")
    page.get_by_role("button", name="Save Testshire Police's information").click()
    expect(page.locator("main")).to_contain_text("Two call-outs to the address in March")

    held(strategy_cast, sd)
    meeting.finalise(sd, strategy_cast.chair)
    page.goto(f"/strategy/{sd.pk}/minutes/")
    check(page, "strategy-minutes")
    page.get_by_role("button", name="Confirm receipt").click()
    expect(banner(page)).to_contain_text("Receipt confirmed")
    copy = Distribution.objects.get(discussion=sd, agency=strategy_cast.police)
    assert copy.acknowledged_by == strategy_cast.pc and copy.challenge == ""  # confirming receipt files no challenge

    page.locator("summary", has_text="Raise an accuracy challenge").click()
    page.get_by_role("button", name="Send accuracy challenge").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what in the minutes is not accurate")
    check(page, "strategy-challenge-errors")
    page.get_by_label("What is not accurate?").fill("The minutes omit that police will lead the ABE interview")
    page.get_by_role("button", name="Send accuracy challenge").click()
    expect(banner(page)).to_contain_text("Your accuracy challenge has gone to the chair")
    copy.refresh_from_db()
    assert copy.challenge == "The minutes omit that police will lead the ABE interview"

    with page.expect_download() as got:
        page.get_by_role("link", name="Download DOCX of the minutes").click()
    from docx import Document

    headings = [
        p.text
        for p in Document(io.BytesIO(open(got.value.path(), "rb").read())).paragraphs
        if p.style.name == "Heading 2"
    ]
    assert any(h.startswith("Amelia Hughes") for h in headings)

    as_user(page, browser_sign_in, strategy_cast.nurse)
    page.goto("/tasks/")
    expect(page.locator("main")).not_to_contain_text("<span")
    page.get_by_label("Feedback").fill("Medical done: findings consistent with the account")
    check(page, "strategy-tasks")
    page.get_by_role("button", name=re.compile(r"^Mark done\s*: Child protection medical$")).click()
    expect(banner(page)).to_contain_text("Action marked done")


def test_two_people_saving_the_minutes_at_once_and_amending_them(page, strategy_cast, browser_sign_in, check):
    """The side pages in their error states: two people saving the minutes at once, and amending finalised minutes."""
    from macp.strategy import minutes

    sd = held(
        strategy_cast,
        booking.request(
            strategy_cast.tm, [strategy_cast.family.child, strategy_cast.family.sibling], "Amelia disclosed being hit"
        ),
    )
    as_user(page, browser_sign_in, strategy_cast.minute_taker)
    page.goto(f"/strategy/{sd.pk}/minutes/edit/")
    page.get_by_label("Purpose of the discussion").fill("Minute-taker's purpose")
    minutes.save_minutes(sd, strategy_cast.chair, 0, {"purpose": "Chair's purpose"})  # the chair saves first
    page.get_by_role("button", name="Save minutes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Someone else saved the minutes while you were editing"
    )
    expect(page.get_by_label("Your version")).to_have_value("Minute-taker's purpose")
    check(page, "strategy-minutes-conflict")
    page.get_by_label("Your version").fill("Chair's and minute-taker's purpose")
    page.get_by_role("button", name="Save minutes").click()
    expect(banner(page)).to_contain_text("Minutes saved")

    meeting.finalise(sd, strategy_cast.chair)
    as_user(page, browser_sign_in, strategy_cast.chair)
    page.goto(f"/strategy/{sd.pk}/minutes/amend/")
    page.get_by_role("button", name="Amend and send again").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the minutes are being amended")
    check(page, "strategy-amend")
    page.get_by_label("Discussion", exact=True).fill("Police will lead the ABE interview.")
    page.get_by_label("Why are the minutes being amended?").fill("Accuracy challenge from the police")
    page.get_by_role("button", name="Amend and send again").click()
    expect(banner(page)).to_contain_text("revision 2")
    check(page, "strategy-minutes-revisions")
    page.goto("/strategy/availability/")
    check(page, "strategy-availability")
