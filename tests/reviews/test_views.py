"""The tracker's pages: the analyst records a review through the forms (errors keep what was typed), agencies see
and update only the actions they lead, the overdue list and themes, and the home page's panel."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from macp.access.models import AccessEvent
from macp.reviews import services
from macp.reviews.models import ActionStatus, Review

D = dt.date


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def test_the_analyst_records_a_review_and_its_key_dates(partnership, signed_in):
    analyst = signed_in(Client(), partnership.analyst)
    assert analyst.get("/practice-reviews/").status_code == 200
    bad = analyst.post(
        "/practice-reviews/new/",
        {
            "title": "Child A",
            "summary": "A baby was injured",
            "notified_on-day": "31",
            "notified_on-month": "2",
            "notified_on-year": "2027",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 400 and "There is a problem" in body
    assert "Enter a real date the serious incident was notified" in body and "A baby was injured" in body
    done = analyst.post("/practice-reviews/new/", {"title": "Child A", **_date("notified_on", D(2025, 12, 17))})
    review = Review.objects.get()
    assert done.status_code == 302 and done.url == f"/practice-reviews/{review.pk}/"
    page = analyst.get(done.url).content.decode()
    assert "12 January 2026" in page and "15 working days" in page

    refused = analyst.post(
        f"/practice-reviews/{review.pk}/rapid-review/",
        {**_date("completed_on", D(2026, 1, 9)), "decision": "lcspr"},
    )
    assert refused.status_code == 400 and "Say why the partnership decided this" in refused.content.decode()
    analyst.post(
        f"/practice-reviews/{review.pk}/rapid-review/",
        {
            **_date("completed_on", D(2026, 1, 9)),
            "decision": "lcspr",
            **_date("decided_on", D(2026, 1, 13)),
            "rationale": "Joint working",
        },
    )
    review.refresh_from_db()
    assert review.review_target == D(2026, 7, 13)
    page = analyst.get(f"/practice-reviews/{review.pk}/").content.decode()
    assert "13 July 2026" in page and "six months after the decision" in page


def test_recommendation_action_and_the_lead_agency_updates_it(partnership, signed_in):
    review = partnership.review()
    analyst = signed_in(Client(), partnership.analyst)
    analyst.post(
        f"/practice-reviews/{review.pk}/recommendations/new/",
        {"label": "h)", "text": "A resource explaining agency roles", "themes": "Roles, information sharing"},
    )
    rec = review.recommendations.get()
    assert sorted(t.name for t in rec.themes.all()) == ["Roles", "information sharing"]
    form = analyst.get(f"/practice-reviews/{review.pk}/recommendations/{rec.pk}/actions/new/").content.decode()
    assert "Testshire Police" in form and "Otherham Children" not in form  # only the partnership's agencies
    bad = analyst.post(
        f"/practice-reviews/{review.pk}/recommendations/{rec.pk}/actions/new/",
        {"what": "Publish the directory", "lead_agency": "other-csc", **_date("deadline", D(2027, 3, 1))},
    )
    assert bad.status_code == 400 and "Publish the directory" in bad.content.decode()
    analyst.post(
        f"/practice-reviews/{review.pk}/recommendations/{rec.pk}/actions/new/",
        {
            "what": "Publish the directory",
            "lead_agency": "test-police",
            "lead_person": "DI Shah",
            **_date("deadline", D(2027, 3, 1)),
        },
    )
    action = rec.actions.get()
    assert action.lead_agency == partnership.police and action.lead_person == "DI Shah"

    officer = signed_in(Client(), partnership.officer)
    assert officer.get("/practice-reviews/").status_code == 403  # agencies do not read the reviews
    assert officer.get(f"/practice-reviews/{review.pk}/").status_code == 403
    mine = officer.get("/practice-reviews/actions/").content.decode()
    assert action.reference in mine and "Publish the directory" in mine
    refused = officer.post(f"/practice-reviews/actions/{action.pk}/", {"status": "embedded", "note": ""})
    assert refused.status_code == 400 and "Give the evidence" in refused.content.decode()
    officer.post(f"/practice-reviews/actions/{action.pk}/", {"status": "embedded", "note": "Used in 9 of 9 audits"})
    action.refresh_from_db()
    assert action.status == ActionStatus.EMBEDDED and "9 of 9" in action.evidence

    nurse = signed_in(Client(), partnership.nurse)
    assert nurse.get(f"/practice-reviews/actions/{action.pk}/").status_code == 404
    assert (
        nurse.post(f"/practice-reviews/actions/{action.pk}/", {"status": "in_progress", "note": "x"}).status_code == 404
    )
    # A manager reads the action but may not change it.
    manager = signed_in(Client(), partnership.manager)
    page = manager.get(f"/practice-reviews/actions/{action.pk}/").content.decode()
    assert "Used in 9 of 9 audits" in page and "Save update" not in page
    assert (
        manager.post(f"/practice-reviews/actions/{action.pk}/", {"status": "in_progress", "note": "x"}).status_code
        == 403
    )


def test_only_the_analyst_changes_reviews(partnership, signed_in):
    review = partnership.review()
    manager = signed_in(Client(), partnership.manager)
    assert manager.get(f"/practice-reviews/{review.pk}/").status_code == 200
    for url in (
        "/practice-reviews/new/",
        f"/practice-reviews/{review.pk}/rapid-review/",
        f"/practice-reviews/{review.pk}/child/",
    ):
        assert manager.get(url).status_code == 403, url
    other = signed_in(Client(), partnership.other_analyst)
    assert other.get(f"/practice-reviews/{review.pk}/").status_code == 404


def test_overdue_themes_and_the_home_panel(partnership, signed_in):
    today = timezone.localdate()
    review = partnership.review(notified_on=today - dt.timedelta(days=60), today=today)
    rec = services.add_recommendation(
        partnership.analyst, review, label="1", text="Joint plans", themes="Joint working"
    )
    late = services.add_action(
        partnership.analyst,
        rec,
        what="Joint plan template",
        lead_agency=partnership.police,
        deadline=today - dt.timedelta(days=1),
    )
    analyst = signed_in(Client(), partnership.analyst)
    overdue = analyst.get("/practice-reviews/overdue/").content.decode()
    assert late.reference in overdue and "Joint plan template" in overdue
    assert "rapid review due by" in overdue  # the rapid review is past its 15 working days too
    themes = analyst.get("/practice-reviews/themes/").content.decode()
    assert "Joint working" in themes
    home = analyst.get("/", follow=True).content.decode()  # the analyst lands on the quality dashboard
    assert "macp-reviews-panel" in home and "1 action past the deadline" in home and "1 review past a key date" in home
    officer_home = signed_in(Client(), partnership.officer).get("/").content.decode()
    assert "Practice review actions your agency leads" in officer_home and late.reference in officer_home
    assert "macp-reviews-panel" not in signed_in(Client(), partnership.nurse).get("/").content.decode()


def test_the_child_link_page_audits_and_hides_the_name(partnership, family, signed_in, make_user):
    review = partnership.review()
    analyst = signed_in(Client(), partnership.analyst)
    bad = analyst.post(f"/practice-reviews/{review.pk}/child/", {"person_id": "nobody", "reason": "Named in report"})
    assert bad.status_code == 400 and "No child with that id" in bad.content.decode()
    analyst.post(
        f"/practice-reviews/{review.pk}/child/", {"person_id": str(family.child.pk), "reason": "Named in report"}
    )
    page = analyst.get(f"/practice-reviews/{review.pk}/").content.decode()
    assert "A child is linked to this review" in page and family.child.full_name not in page
    reads = AccessEvent.objects.filter(person_id=str(family.child.pk), route=f"/practice-reviews/{review.pk}/")
    assert reads.filter(username="analyst", allowed=False).count() == 1
