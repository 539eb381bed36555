"""The joint investigation in a real browser, from the strategy decision to the review date, every step through the
pages: the chair records each child's decision at the booked strategy discussion (Amelia: harm met, a joint
section 47 enquiry led by the police; Jack: not met), confirms the genogram and finalises; the enquiry appears on
the team's worktray; the manager allocates it; the social worker sees it on her worktray with its clock, records a
hypothesis, the child seen alone and the child's voice; the outcome is refused while the hypothesis is open, then
recorded; the conference is booked, the views, the decision and the core group recorded; the minutes finalised set
the review date; the chronology shows every step with its source. axe-core checks every page."""

import datetime as dt
import types

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_when(page, legend, moment):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(moment.day))
    group.get_by_label("Month").fill(str(moment.month))
    group.get_by_label("Year").fill(str(moment.year))


@pytest.fixture
def booked(family, make_agency, make_user, api_client_for):
    """The `family` with a strategy discussion about Amelia and Jack booked and held (through the API, CONTRACTS.md
    §7): every invited agency's attendance recorded; nothing decided yet. The same people as the `investigation`
    fixture (manager and social worker in team area-1, police investigator, chair)."""
    from macp.accounts.models import AgencyType, Team
    from macp.people.models import Involvement, InvolvementRole

    police = make_agency("test-police", AgencyType.POLICE, la=family.la, name="Testshire Police")
    health = make_agency("test-health", AgencyType.COMMUNITY_HEALTH, la=family.la, name="Testshire Community Health")
    team = Team.objects.create(agency=family.csc, code="area-1", name="Area team 1")
    manager = make_user("tm", "team_manager", family.csc, team=team, first_name="Tara", last_name="Manning")
    social_worker = make_user("sw", "social_worker", family.csc, team=team, first_name="Sam", last_name="Worker")
    make_user("pi", "police_investigator", police, first_name="Dee", last_name="Constable")
    chair = make_user("chair1", "chair", family.csc, first_name="Cho", last_name="Chair")
    Involvement.objects.create(
        person=family.sibling, agency=family.csc, role=InvolvementRole.OTHER, start=dt.date(2024, 1, 1)
    )

    def post(user, url, body):
        response = api_client_for(user).post(url, body, content_type="application/json")
        assert response.status_code in (200, 201), (url, response.json())
        return response.json()

    sd = post(
        manager,
        "/api/v1/strategy-discussions",
        {
            "children": [str(family.child.pk), str(family.sibling.pk)],
            "reason": "Amelia has a bruise she says Daniel caused",
        },
    )["id"]
    base = f"/api/v1/strategy-discussions/{sd}"
    post(chair, f"{base}/schedule", {"at": (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=30)).isoformat()})
    for agency, name, role in (
        (family.csc.code, "Cho Chair", "chair"),
        (family.csc.code, "Min Taker", "minute_taker"),
        (police.code, "DC Constable", "attendee"),
        (health.code, "Named nurse", "attendee"),
    ):
        post(chair, f"{base}/attendance", {"agency": agency, "name": name, "role": role, "attended": True})
    invited = {i["agency"] for i in api_client_for(chair).get(f"{base}/invitations").json()}
    for agency in invited - {family.csc.code, police.code, health.code}:
        post(
            chair,
            f"{base}/attendance",
            {"agency": agency, "name": "Not able to attend", "role": "attendee", "attended": False},
        )
    return types.SimpleNamespace(
        family=family, police=police, team=team, manager=manager, social_worker=social_worker, chair=chair, sd=sd
    )


def test_strategy_decision_to_plan_and_review(settings_mode, page, booked, browser_sign_in, axe_check):
    from macp.enquiries.models import ConferenceChild, Enquiry

    investigation = booked
    child = "Amelia Hughes"
    banner = page.locator(".govuk-notification-banner")

    # The strategy decision, through the meeting pages: the genogram confirmed, then each child in age order.
    browser_sign_in(page, investigation.chair)
    page.goto(f"/strategy/{booked.sd}/meeting/genogram/")
    page.get_by_label("Yes, shown and confirmed").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(banner).to_contain_text("Genogram check recorded")
    expect(page.get_by_role("heading", level=1)).to_have_text("Each child: Jack Hughes")
    page.get_by_role("group", name="Significant harm threshold").get_by_label("Not met", exact=True).check()
    page.get_by_label("Rationale").fill("No concerns about Jack")
    page.get_by_role("group", name="Section 47 enquiry?").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Each child: {child}")
    page.get_by_role("group", name="Significant harm threshold").get_by_label("Met", exact=True).check()
    page.get_by_label("Rationale").fill("Bruise and disclosure")
    page.get_by_role("group", name="Section 47 enquiry?").get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name="Single or joint enquiry").get_by_label(
        "Joint enquiry (social care and police)"
    ).check()
    page.get_by_label("Lead agency").select_option(label="Testshire Police")
    page.get_by_label("Safety plan").fill("Daniel leaves the home")
    axe_check(page, "strategy-decision")
    page.get_by_role("button", name="Save and continue").click()
    expect(banner).to_contain_text("Decision recorded")
    assert not Enquiry.objects.exists()  # not before the minutes are finalised
    page.goto(f"/strategy/{booked.sd}/meeting/finalise/")
    expect(page.locator("main")).to_contain_text("Nothing required is missing")
    page.get_by_role("button", name="Finalise and send the minutes").click()
    expect(banner).to_contain_text("Minutes finalised and sent to every invited agency")
    enquiry = Enquiry.objects.get()
    assert (enquiry.child, enquiry.joint, enquiry.lead_agency) == (booked.family.child, True, booked.police)

    # The team manager's worktray: the enquiry, its clock, not allocated.
    page.context.clear_cookies()
    browser_sign_in(page, investigation.manager)
    page.goto("/")
    expect(page.get_by_role("heading", name="Your team's worktray")).to_be_visible()
    row = page.locator("#enquiries + table tr", has_text="conference due")
    expect(row).to_contain_text(child)
    expect(row).to_contain_text("Not allocated")
    axe_check(page, "worktray-team")
    row.get_by_role("link").click()
    page.get_by_role("link", name="Allocate").click()
    axe_check(page, "allocate")
    page.get_by_label("Social worker").select_option(label="Sam Worker")
    page.get_by_role("button", name="Save allocation").click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Sam Worker")

    # The social worker's own worktray has it, with the statutory clock.
    page.context.clear_cookies()
    browser_sign_in(page, investigation.social_worker)
    page.goto("/")
    row = page.locator("#enquiries + table tr", has_text="conference due")
    expect(row).to_contain_text(enquiry.icpc_due.strftime("%-d %B %Y"))
    expect(row.locator(".govuk-tag")).to_have_text("Due")
    axe_check(page, "worktray-social-worker")
    row.get_by_role("link").click()
    axe_check(page, "enquiry")

    # A hypothesis, with an error first: what was typed stays.
    page.get_by_role("link", name="Add a hypothesis").click()
    page.get_by_label("Hypothesis").fill("Daniel hit Amelia")
    page.get_by_role("group", name="Status").get_by_label("Confirmed").check()
    page.get_by_role("button", name="Save hypothesis").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the evidence that confirms it")
    expect(page.get_by_label("Hypothesis")).to_have_value("Daniel hit Amelia")
    axe_check(page, "hypothesis-error")
    page.get_by_role("group", name="Status").get_by_label("Open").check()
    page.get_by_label("Evidence for").fill("Bruise on the upper arm; Amelia's account")
    page.get_by_role("button", name="Save hypothesis").click()

    # The outcome is refused while the hypothesis is open, the child unseen and her voice missing.
    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_role("group", name="Outcome").get_by_label("Initial child protection conference").check()
    page.get_by_label("Rationale").fill("Likely significant harm")
    page.get_by_role("button", name="Record outcome").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("is still open")
    expect(summary).to_contain_text("has not been seen")
    expect(summary).to_contain_text("own voice")
    axe_check(page, "outcome-refused")
    page.get_by_role("link", name="Cancel").click()

    # Seen alone, then her own words.
    seen = timezone.localtime() - dt.timedelta(hours=2)
    page.get_by_role("link", name="Record the child seen, or why not").click()
    fill_when(page, "When the child was seen", seen)
    page.get_by_label("Time (24-hour clock, like 14:30)").fill(seen.strftime("%H:%M"))
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes").check()
    page.get_by_label("What was seen").fill("Seen alone in the school's quiet room")
    axe_check(page, "child-seen")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#seen ~ p").first).to_contain_text("Seen alone")
    page.get_by_role("link", name="Record the child's voice").click()
    fill_when(page, "When", seen)
    page.get_by_label("Time (24-hour clock, like 14:30)").fill(seen.strftime("%H:%M"))
    page.get_by_label("The child's own words, wishes and feelings").fill("I don't want Daniel to come back")
    page.get_by_label("How it was obtained").fill("Seen alone at school")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("blockquote")).to_contain_text("I don't want Daniel to come back")
    page.get_by_role("link", name="Daniel hit Amelia").click()
    page.get_by_role("group", name="Status").get_by_label("Confirmed").check()
    page.get_by_role("button", name="Save hypothesis").click()
    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_role("group", name="Outcome").get_by_label("Initial child protection conference").check()
    page.get_by_label("Rationale").fill("Likely significant harm: confirmed hypothesis and Amelia's account")
    page.get_by_role("button", name="Record outcome").click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text(
        "Initial child protection conference: Likely significant harm"
    )

    # The conference, inside the clock.
    page.get_by_role("link", name="Book the initial child protection conference").click()
    when = timezone.localtime() + dt.timedelta(days=1)
    fill_when(page, "Date and time of the conference", when)
    page.get_by_label("Time (24-hour clock, like 14:30)").fill("10:00")
    axe_check(page, "book-conference")
    page.get_by_role("button", name="Book conference").click()
    expect(page.get_by_role("heading", name="Initial child protection conference")).to_be_visible()
    expect(page.locator("#invitations + ul")).to_contain_text("Riverside Surgery")
    page.get_by_role("link", name=f"Record {child}'s views").click()
    page.get_by_label("Views").fill("Wants to stay with mum and see her brother every day")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record the parents' views").click()
    page.get_by_label("Views").fill("Mother accepts Daniel must not return")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name=f"Record the decision for {child}").click()
    page.get_by_role("group", name="Child protection plan").get_by_label("Yes").check()
    page.get_by_role("group", name="Category").get_by_label("Physical abuse").check()
    page.get_by_label("Reason for the decision").fill("Risk of further physical harm")
    page.get_by_label("Lead social worker").select_option(label="Sam Worker")
    page.get_by_label("Core group").fill("Mother, school DSL, GP, health visitor, Sam Worker")
    axe_check(page, "conference-decision")
    page.get_by_role("button", name="Save decision").click()
    page.get_by_role("link", name="Finalise and send the minutes").click()
    page.get_by_role("button", name="Finalise and send").click()
    row = ConferenceChild.objects.get()
    assert row.plan and row.review_due is not None and row.core_group_due is not None
    expect(page.locator("#decisions ~ dl").first).to_contain_text(row.review_due.strftime("%-d %B %Y"))
    axe_check(page, "conference")

    # The chronology shows each step with its source.
    page.goto(f"/people/{investigation.family.child.pk}/chronology/")
    table = page.locator("table.macp-chronology")
    for step in (
        "Strategy discussion",
        "Strategy decision",
        "Section 47 enquiry opened",
        "Hypothesis",
        "Child seen",
        "The child's voice",
        "Section 47 outcome",
        "Initial child protection conference",
        "Conference decision",
        "Review conference due",
    ):
        expect(table.locator("tr", has_text=step).first).to_contain_text("Testshire Children's Services")
    expect(table).to_contain_text("Outstanding")  # the review, not yet held
    axe_check(page, "chronology")
    page.goto(f"/people/{investigation.family.child.pk}/chronology/timeline/")
    axe_check(page, "timeline")
    page.goto("/search/?name=Amelia+Hughes")
    expect(page.locator("table")).to_contain_text("TE1 4ML")
    axe_check(page, "search")
