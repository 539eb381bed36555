"""The partnership's quality work in a real browser, under both settings modes: a multi-agency audit from its sample
to the learning brief (the analyst sets it up and samples, the police auditor grades, the analyst moderates, writes
the brief and closes it), and a 12Cs grading by an agency's manager compared year on year. axe-core checks the
pages, errors included."""

import datetime as dt
import types

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRITERIA = ["The child's voice is recorded", "Information was shared within a day"]


@pytest.fixture
def quality(transactional_db, make_agency, make_user):
    from macp.frameworks.services import load_shipped
    from macp.people.models import Person, Sex
    from macp.strategy.models import StrategyDiscussion

    load_shipped()  # the data migration's rows are gone after an earlier transactional test's flush
    csc = make_agency("aud-csc", "childrens_social_care", la="aud-council", name="Audshire Children's Services")
    police = make_agency("aud-police", "police", la=csc.local_authority, name="Audshire Police")
    analyst = make_user("analyst", "partnership_analyst", csc, first_name="Priya", last_name="Nair")
    manager = make_user("tm", "team_manager", csc, first_name="Sanjay", last_name="Mistry")
    detective = make_user("dc", "police_investigator", police, first_name="Mark", last_name="Jennings")
    police_lead = make_user("ptm", "team_manager", police, first_name="Tess", last_name="Lead")
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    for i, years in enumerate((3, 8, 13)):
        child = Person.objects.create(
            given_name=f"Kid{i}", family_name="Audit", sex=Sex.MALE, date_of_birth=dt.date(2026 - years, 2, 1)
        )
        sd = StrategyDiscussion.objects.create(
            reason="Concern",
            requested_by=manager,
            requesting_agency=csc,
            local_authority=csc.local_authority,
            requested_at=yesterday,
        )
        sd.children.add(child)
    return types.SimpleNamespace(analyst=analyst, detective=detective, police_lead=police_lead)


def fill_date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    for label, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        group.get_by_label(label).fill(str(value))


def sign_in_as(page, browser_sign_in, user):
    page.context.clear_cookies()
    browser_sign_in(page, user)


def test_an_audit_from_sample_to_learning_brief(settings_mode, page, quality, browser_sign_in, axe_check):
    today = dt.date.today()
    sign_in_as(page, browser_sign_in, quality.analyst)
    page.goto("/")
    page.get_by_role("link", name="Audits and self-assessment").click()
    page.get_by_role("button", name="Set up an audit").click()
    page.get_by_label("Theme").fill("Strategy discussions: the child's voice")
    page.get_by_role("button", name="Set up the audit").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the aim of the audit")
    expect(page.get_by_label("Theme")).to_have_value("Strategy discussions: the child's voice")
    axe_check(page, f"audit-new-error-{settings_mode}")
    page.get_by_label("Aim of the audit").fill("to see whether each child was heard")
    page.get_by_label("Which children").fill("children with a strategy discussion this month")
    fill_date(page, "Start of the period", today - dt.timedelta(days=30))
    fill_date(page, "End of the period", today)
    page.get_by_label("Criteria").fill("\n".join(CRITERIA))
    page.get_by_role("button", name="Set up the audit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Strategy discussions: the child's voice")

    page.get_by_role("link", name="Draw the sample at random").click()
    expect(page.locator("main")).to_contain_text("3 children had a strategy discussion")
    page.get_by_label("How many children").fill("2")
    page.get_by_label("Random seed").fill("7")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 children drawn at random (seed 7)")
    expect(page.locator("main")).not_to_contain_text("Kid")
    page.get_by_role("link", name="Add an agency's auditor").click()
    page.get_by_label("Auditor").select_option(label="Mark Jennings, Audshire Police")
    page.get_by_role("button", name="Add the agency").click()
    page.get_by_role("button", name="Start grading").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Grading has started")
    axe_check(page, f"audit-grading-{settings_mode}")
    audit_url = page.url

    # The police auditor grades their part for each child; the child's name shows only to them.
    sign_in_as(page, browser_sign_in, quality.detective)
    page.goto("/audits/")
    page.get_by_role("link", name="Strategy discussions: the child's voice").click()
    page.get_by_role("link", name="Grade Child A").click()
    expect(page.locator("main")).to_contain_text("Audit")  # the child's family name
    page.get_by_role("group", name=f"1. {CRITERIA[0]}").get_by_label("Inadequate", exact=True).check()
    page.get_by_role("group", name=f"2. {CRITERIA[1]}").get_by_label("Good", exact=True).check()
    page.get_by_label("Comment on criterion 2").fill("Shared the same day")
    page.get_by_role("button", name="Save the grades").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why criterion 1 is graded inadequate")
    expect(page.get_by_label("Comment on criterion 2")).to_have_value("Shared the same day")
    axe_check(page, f"audit-grade-error-{settings_mode}")
    page.get_by_label("Comment on criterion 1").fill("No record of the child's words")
    page.get_by_role("button", name="Save the grades").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Grades for Child A saved")
    page.get_by_role("link", name="Grade Child B").click()
    for criterion in CRITERIA:
        page.get_by_role("group", name=criterion).get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Save the grades").click()
    expect(page.locator("main")).to_contain_text("4 of 4")

    # The analyst moderates, writes the brief and closes the audit.
    sign_in_as(page, browser_sign_in, quality.analyst)
    page.goto(audit_url)
    page.get_by_role("button", name="Close grading and start moderation").click()
    page.get_by_role("link", name="Record the moderation meeting").click()
    fill_date(page, "Date of the moderation meeting", today)
    page.get_by_label("Who attended").fill("Priya Nair, partnership analyst\nMark Jennings, Audshire Police")
    page.get_by_role("button", name="Save the meeting").click()
    page.get_by_role("link", name="Moderate Child A").click()
    page.get_by_label("Outstanding").check()
    page.get_by_role("button", name="Save the moderated grade").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the moderated grade differs")
    axe_check(page, f"audit-moderate-error-{settings_mode}")
    page.get_by_label("Requires improvement").check()
    page.get_by_label("Rationale").fill("Good information sharing, but the child was not heard")
    page.get_by_role("button", name="Save the moderated grade").click()
    page.get_by_role("link", name="Moderate Child B").click()
    page.get_by_role("button", name="Save the moderated grade").click()  # the proposed grade, good, stands
    page.get_by_role("link", name="Write the learning brief").click()
    page.get_by_label("What we are worried about?").fill("Voice of the child missing for one child")
    page.get_by_label("What good practice did we see?").fill("Same-day information sharing by the police")
    page.get_by_label("What needs to happen?").fill("Record the child's own words at each discussion")
    page.get_by_role("button", name="Save the learning brief").click()
    page.get_by_role("button", name="Close the audit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The audit is closed")
    axe_check(page, f"audit-closed-{settings_mode}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the learning brief (Word)").click()
    assert download.value.suggested_filename.endswith(".docx")

    # The auditor's access to the children has ended with the audit.
    sign_in_as(page, browser_sign_in, quality.detective)
    page.goto(audit_url)
    expect(page.get_by_role("link", name="Grade Child A")).to_have_count(0)


def test_a_12cs_grading_compared_year_on_year(settings_mode, page, quality, browser_sign_in, axe_check):
    from macp.frameworks import services
    from macp.frameworks.models import Framework

    framework = Framework.objects.get(code="12cs")
    year = services.assessment_year()
    services.record_grading(
        quality.police_lead,
        framework,
        services.Holder(agency=quality.police_lead.agency),
        year - 1,
        {c.pk: {"level": 2, "evidence": "Plan agreed", "actions": ""} for c in framework.components.all()},
    )
    sign_in_as(page, browser_sign_in, quality.police_lead)
    page.goto("/frameworks/")
    page.get_by_role("link", name=f"Grade {services.year_label(year)} for Audshire Police").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Last year's evidence")
    axe_check(page, f"twelve-cs-grade-{settings_mode}")
    for c in framework.components.all():
        page.get_by_role("group", name=f"{c.number}. {c.title}").get_by_label("In place", exact=True).check()
    page.get_by_label("Evidence for Clarity").fill("")
    page.get_by_label("Actions for Clarity").fill("Publish the threshold guidance")
    page.get_by_role("button", name="Save the grading").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the evidence for Clarity")
    expect(page.get_by_label("Actions for Clarity")).to_have_value("Publish the threshold guidance")
    axe_check(page, f"twelve-cs-error-{settings_mode}")
    page.get_by_label("Evidence for Clarity").fill("Threshold guidance agreed across the region")
    page.get_by_role("button", name="Save the grading").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{framework.name}: year on year")
    expect(page.locator("figure svg[role=img]")).to_be_visible()
    expect(page.locator("figure rect")).to_have_count(24 + 2)  # two years of bars and two legend keys
    row = page.get_by_role("row", name="1. Clarity")
    expect(row).to_contain_text("2 Planned or developing")
    expect(row).to_contain_text("3 In place")
    axe_check(page, f"twelve-cs-compare-{settings_mode}")
