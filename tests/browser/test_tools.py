"""Practice tools in a real browser: the Neglect Toolkit completed twice with its chart; a ROTH tool, a place linked
to two children and a ROTH Tactical Group meeting held with attendance, minutes and actions, then a link ended with
its history; the recording-language check shown while typing the triage notes (announced politely, dismissed with
the keyboard) and a chronology entry. Each journey runs under both settings modes; axe-core checks every new page."""

import datetime as dt
import importlib
import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("tools_reference_data"),
]


@pytest.fixture
def tools_reference_data(transactional_db):
    """The tools, the continuum and the band-change rule are loaded by a data migration, which an earlier
    transactional test's flush removes: load them again the way the migration does (it is idempotent)."""
    from django.apps import apps

    importlib.import_module("macp.tools.migrations.0002_seed_tools").seed(apps, None)


def complete_neglect(page, child, on, score_label, worries):
    page.goto(f"/children/{child.pk}/tools/")
    page.get_by_role("button", name="Complete the Neglect Toolkit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neglect Toolkit")
    page.get_by_label("Date completed").fill(on)
    page.get_by_label("Who took part").fill("Sarah Hughes (mum), Amelia, Priya Shah")
    page.get_by_label("The child's views").fill("Amelia said she is sometimes hungry at breakfast")
    page.get_by_label("The parents' or carers' views").fill("Mum says money is short this month")
    for i, title in enumerate(
        [
            "Physical care",
            "Health",
            "Safety and supervision",
            "Emotional care",
            "Stimulation and education",
            "Home environment",
        ],
        1,
    ):
        page.get_by_role("group", name=f"{i}. {title}").get_by_label(score_label, exact=True).check()
    page.get_by_label("Strengths and safety").fill("Nan visits every day")
    page.get_by_label("Worries", exact=True).fill(worries)
    return page


def test_neglect_toolkit_completed_twice_shows_a_chart(
    settings_mode, page, family, make_user, browser_sign_in, axe_check
):
    worker = make_user("sw", "social_worker", family.csc, first_name="Priya", last_name="Shah")
    browser_sign_in(page, worker)
    page.goto(f"/people/{family.child.pk}/")
    # The person's page loads the tools panel, which asks who the unknown adult is.
    expect(page.locator(".macp-tools-panel")).to_contain_text("Who are they?")
    expect(page.locator(".macp-tools-panel")).to_contain_text("Daniel Price")
    axe_check(page, f"person-with-tools-panel-{settings_mode}")

    complete_neglect(
        page,
        family.child,
        (dt.date.today() - dt.timedelta(days=40)).strftime("%d/%m/%Y"),
        "Some needs met",
        "Fridge empty on one visit",
    )
    axe_check(page, f"neglect-form-{settings_mode}")
    page.get_by_role("button", name="Save Neglect Toolkit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Neglect Toolkit saved")

    # Second time, with a mistake first: the error summary links to the field and nothing typed is lost.
    complete_neglect(
        page, family.child, dt.date.today().strftime("%d/%m/%Y"), "Many needs unmet", "Fridge empty on three visits"
    )
    page.get_by_label("The child's views").fill("")
    page.get_by_role("button", name="Save Neglect Toolkit").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Record the child's views")
    expect(page.get_by_label("Strengths and safety")).to_have_value("Nan visits every day")
    axe_check(page, f"neglect-form-errors-{settings_mode}")
    page.get_by_label("The child's views").fill("Amelia said she is hungry most mornings")
    page.get_by_role("button", name="Save Neglect Toolkit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Neglect Toolkit saved")

    page.goto(f"/children/{family.child.pk}/tools/")
    expect(page.locator("svg.macp-tool-chart")).to_have_count(6)
    expect(page.get_by_role("table", name="Neglect Toolkit: Physical care scores over time")).to_contain_text(
        "Many needs unmet"
    )
    axe_check(page, f"child-tools-with-chart-{settings_mode}")
    # The change of band raised an alert with its evidence on the child's record.
    page.goto(f"/people/{family.child.pk}/")
    expect(page.get_by_text("band changed from Some needs met to Many needs unmet").first).to_be_visible()


def test_roth_tool_place_two_children_and_rtg_meeting_with_actions(
    settings_mode, page, family, make_agency, make_user, browser_sign_in, axe_check
):
    from macp.people.models import Involvement, Person

    make_agency("test-police", "police", name="Testshire Police")
    worker = make_user("sw", "social_worker", family.csc, first_name="Priya", last_name="Shah")
    manager = make_user("tm", "team_manager", family.csc, first_name="Ana", last_name="Lopes")
    teen = Person.objects.create(
        given_name="Kai",
        family_name="Lane",
        date_of_birth=dt.date.today().replace(year=dt.date.today().year - 15, day=1),
    )
    Involvement.objects.create(person=teen, agency=family.csc, role="allocated_social_worker")
    browser_sign_in(page, worker)

    # The ROTH tool.
    page.goto(f"/children/{teen.pk}/tools/")
    page.get_by_role("button", name="Complete the Risk Outside The Home (ROTH) Tool").click()
    page.get_by_label("Date completed").fill(dt.date.today().strftime("%d/%m/%Y"))
    page.get_by_label("Who took part").fill("Kai, his mum, Priya Shah")
    page.get_by_label("The child's views").fill("Kai said the older boys are his mates")
    page.get_by_label("The parents' or carers' views").fill("Mum is worried about new trainers")
    for i in range(1, 11):
        page.get_by_role("group", name=re.compile(rf"^{i}\. ")).get_by_label("6", exact=True).check()
    page.get_by_role("group", name="4. Going Missing").get_by_label("2", exact=True).check()
    page.get_by_label("Strengths and safety").fill("Kai goes to boxing club twice a week")
    page.get_by_label("Worries", exact=True).fill("Missing twice, found at a flat on Mead Road; car AB12 CDE seen")
    page.get_by_role("group", name="Your overall judgement").get_by_label("3", exact=True).check()
    page.get_by_label("Why this overall judgement").fill(
        "Found within hours both times; boxing coach is a protective adult"
    )
    axe_check(page, f"roth-form-{settings_mode}")
    page.get_by_role("button", name="Save Risk Outside The Home (ROTH) Tool").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("High risk (3)")

    # A place, linked to two children.
    for child in (teen, family.child):
        page.goto(f"/children/{child.pk}/contexts/link/")
        if child == teen:
            page.get_by_role("link", name="Record a new place, group or person").click()
            page.get_by_label("Place", exact=True).check()
            page.get_by_label("Name", exact=True).fill("Page Park")
            page.get_by_label("Where (optional)").fill("Staple Hill")
            axe_check(page, f"context-new-{settings_mode}")
            page.get_by_role("button", name="Save").click()
        else:
            page.get_by_label("Place, group or person").select_option(label="Page Park (Place)")
        page.get_by_label("Date known").fill(dt.date.today().strftime("%d/%m/%Y"))
        page.get_by_label("How this is known").fill("Police intelligence log 4471")
        axe_check(page, f"context-link-{settings_mode}")
        page.get_by_role("button", name="Link").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("linked to Page Park")
    expect(page.get_by_role("table", name="Places, groups and people around Amelia")).to_contain_text("Kai Lane")
    axe_check(page, f"child-contexts-{settings_mode}")

    # Any professional refers; a manager arranges the meeting with the referral on the agenda and records actions.
    page.goto(f"/children/{teen.pk}/tools/")
    page.get_by_role("button", name="Refer to the ROTH Tactical Group").click()
    page.get_by_label("Place, group or person (optional)").select_option(label="Page Park (Place)")
    page.get_by_label("Why should the group consider this?").fill(
        "Two children linked to the park; adults in a car AB12 CDE"
    )
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Referral sent")

    page.context.clear_cookies()
    browser_sign_in(page, manager)
    page.goto("/rtg/")
    axe_check(page, f"rtg-list-{settings_mode}")
    page.get_by_role("button", name="Arrange a meeting").click()
    page.get_by_label("Date and time").fill((dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y") + " 14:00")
    page.get_by_label("Chair").fill("DI Brown")
    page.get_by_label("Kai Lane; Page Park", exact=False).check()
    axe_check(page, f"rtg-new-{settings_mode}")
    page.get_by_role("button", name="Arrange meeting").click()
    expect(page.get_by_role("heading", level=2, name="Agenda")).to_be_visible()
    page.get_by_role("link", name="Record the discussion of item 1").click()
    page.get_by_label("What was discussed and decided").fill("Patrols at the park; licensing check on the flat")
    page.get_by_role("button", name="Save").click()
    for what, agency in (
        ("Patrol Page Park on Friday evenings", "Testshire Police"),
        ("Return-home interview with Kai", "Testshire Children's Services"),
    ):
        page.get_by_role("button", name="Add an action").click()
        page.get_by_label("Agenda item").select_option(index=1)
        page.get_by_label("Agency").select_option(label=agency)
        page.get_by_label("Who").fill("PC Ash" if "Police" in agency else "Priya Shah")
        page.get_by_label("What will be done").fill(what)
        page.get_by_label("Due").fill((dt.date.today() + dt.timedelta(days=10)).strftime("%d/%m/%Y"))
        axe_check(page, f"rtg-action-{settings_mode}")
        page.get_by_role("button", name="Add action").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Action added")
    expect(page.get_by_role("table", name="Actions agreed")).to_contain_text("Patrol Page Park")
    expect(page.get_by_role("table", name="Actions agreed")).to_contain_text("Return-home interview")

    # The meeting is held: who attended, then the minutes (a meeting nobody attended cannot be recorded as held).
    page.get_by_role("button", name="Record the meeting as held").click()
    page.get_by_label("Held on").fill(dt.datetime.now().strftime("%d/%m/%Y %H:%M"))
    page.get_by_label("Minutes").fill("Two children linked to the park; police and social care actions agreed")
    page.get_by_role("button", name="Save minutes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Record who attended")
    expect(page.get_by_label("Minutes")).to_have_value(
        "Two children linked to the park; police and social care actions agreed"
    )
    page.goto(page.url.replace("/held/", "/"))
    for name, agency in (("DI Brown", "Testshire Police"), ("Ana Lopes", "Testshire Children's Services")):
        page.get_by_role("button", name="Add an attendee").click()
        page.get_by_label("Name").fill(name)
        page.get_by_label("Agency").select_option(label=agency)
        axe_check(page, f"rtg-attendee-{settings_mode}")
        page.get_by_role("button", name="Add attendee").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{name} added")
    page.get_by_role("button", name="Record the meeting as held").click()
    page.get_by_label("Held on").fill(dt.datetime.now().strftime("%d/%m/%Y %H:%M"))
    page.get_by_label("Minutes").fill("Two children linked to the park; police and social care actions agreed")
    axe_check(page, f"rtg-held-{settings_mode}")
    page.get_by_role("button", name="Save minutes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded as held")
    expect(page.locator("main")).to_contain_text("police and social care actions agreed")
    expect(page.get_by_role("table", name="Attendance")).to_contain_text("DI Brown")
    axe_check(page, f"rtg-meeting-{settings_mode}")

    # The social worker ends Amelia's link to the park, with a reason; the context keeps it in its history.
    page.context.clear_cookies()
    browser_sign_in(page, worker)
    page.goto("/contexts/")
    page.get_by_role("link", name="Page Park").click()
    page.get_by_role("link", name="End link for Amelia Hughes").click()
    page.get_by_label("Date the link ended").fill(dt.date.today().strftime("%d/%m/%Y"))
    page.get_by_label("Why is the link ending?").fill("The log was about another girl")
    axe_check(page, f"context-unlink-{settings_mode}")
    page.get_by_role("button", name="End link").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("no longer linked to Page Park")
    expect(page.get_by_role("table", name="Children linked")).not_to_contain_text("Amelia")
    expect(page.get_by_role("table", name=re.compile("^Changes to Page Park"))).to_contain_text(
        "The log was about another girl"
    )
    axe_check(page, f"context-history-{settings_mode}")


def test_language_check_while_typing_the_triage_notes(
    settings_mode, page, make_agency, make_user, browser_sign_in, axe_check
):
    from macp.referrals import services as referral_services
    from macp.tools.models import LanguageDismissal

    make_agency("svc-csc", "childrens_social_care", "svc")
    school = make_agency("sch-svc-001", "school", "svc")
    referrer = make_user("dsl", ["referrer"], school, email="dsl@hillside.invalid")
    front_door = make_user("mash", ["front_door_manager"], "svc-csc")
    body = {
        "referrer": {"name": "Sam Okafor", "email": "dsl@hillside.invalid"},
        "receiving_agency": "svc-csc",
        "children": [
            {
                "given_name": "Ruby",
                "family_name": "Clarke",
                "date_of_birth": dt.date.today().replace(year=dt.date.today().year - 14, day=1).isoformat(),
                "sex": "F",
                "address": "4 Mill Lane",
                "postcode": "SV2 3CD",
                "worries": "Seen with an older man",
            }
        ],
        "concerns": "Possible exploitation",
        "consent": {"parents": "yes", "child": "yes"},
    }
    referral, _ = referral_services.submit(body, referrer)

    browser_sign_in(page, front_door)
    page.goto(f"/front-door/{referral.reference}/")
    notes = page.get_by_label("Why this rating?")
    notes.press_sequentially(
        "Ruby is in a relationship with a 23-year-old man and keeps putting herself at risk.", delay=5
    )
    findings = page.locator("#rationale-language-check")
    expect(findings).to_contain_text("Describes a child as an adult")
    expect(findings).to_contain_text("Blames the child")
    expect(page.locator("#rationale-language-status")).to_contain_text("2 suggestions")
    expect(page.locator("#rationale-language-status")).to_have_attribute("aria-live", "polite")
    # The threshold guidance sits beside the decision.
    expect(page.get_by_role("group", name="Which indicators does this decision rest on?")).to_contain_text(
        "Criminal exploitation"
    )
    axe_check(page, f"triage-with-findings-{settings_mode}")

    # Keep one wording, by keyboard only, with a reason: it is counted and disappears.
    summary = findings.locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("Quoting the police log")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#rationale-language-status")).to_contain_text("Wording kept")
    expect(findings.locator(".macp-language-finding")).to_have_count(1)
    assert LanguageDismissal.objects.get().reason == "Quoting the police log"

    # Rewriting the sentence clears the advice.
    notes.fill("")
    notes.press_sequentially("Ruby is being sexually exploited by a 23-year-old man.", delay=5)
    expect(page.locator("#rationale-language-status")).to_contain_text("no suggestions")
    expect(findings.locator(".macp-language-finding")).to_have_count(0)


def test_language_check_while_typing_a_chronology_entry(
    settings_mode, page, family, make_user, browser_sign_in, axe_check
):
    """The language_check macro opts the chronology form's textareas in, with the child's age from the record."""
    worker = make_user("sw", "social_worker", family.csc, first_name="Priya", last_name="Shah")
    browser_sign_in(page, worker)
    page.goto(f"/people/{family.child.pk}/chronology/new/")
    field = page.get_by_label("What happened")
    field.press_sequentially("Amelia keeps putting herself at risk by going to the park.", delay=5)
    expect(page.locator("#summary-language-check")).to_contain_text("Blames the child")
    expect(page.locator("#summary-language-status")).to_contain_text("1 suggestion")
    expect(field).to_be_focused()
    axe_check(page, f"chronology-entry-with-findings-{settings_mode}")
