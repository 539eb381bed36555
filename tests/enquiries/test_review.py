"""The review child protection conference (issue 10 item 3): booked from the child's plan by the date the last
conference set, it decides whether the plan continues or ends for each child; minutes go out as the initial
conference's do, and a plan that continues is reviewed again in 6 months."""

import datetime as dt

from django.utils import timezone

from macp.enquiries import clocks
from macp.enquiries.models import Conference, ConferenceChild


def when(moment):
    local = timezone.localtime(moment)
    return {"at-day": local.day, "at-month": local.month, "at-year": local.year, "at-time": local.strftime("%H:%M")}


def test_review_booked_from_the_plan_then_the_plan_continues_or_ends(conference_plan, investigation, signed_in, client):
    row = conference_plan
    web = signed_in(client, investigation.chair)
    page = web.get(f"/conferences/{row.conference_id}/").content.decode()
    link = f"/conferences/{row.conference_id}/children/{row.child_id}/review/"
    assert link in page and f"due by {row.review_due:%-d %B %Y}" in page

    form = web.get(link)
    assert form.status_code == 200 and "decides whether the plan continues or ends" in form.content.decode()
    # In the past: refused, with what was typed kept.
    past = web.post(link, when(timezone.now() - dt.timedelta(days=1)))
    assert past.status_code == 400 and "must be in the future" in past.content.decode()
    at = timezone.make_aware(dt.datetime.combine(row.review_due - dt.timedelta(days=2), dt.time(10)))
    booked = web.post(link, when(at))
    assert booked.status_code == 302
    review = Conference.objects.get(kind="review")
    assert booked["Location"] == f"/conferences/{review.pk}/"
    assert review.due == row.review_due and review.invitations.filter(agency__code="test-gp").exists()
    # Once only; the initial conference's page now points to it.
    assert web.post(link, when(at)).status_code == 400
    assert f"/conferences/{review.pk}/" in web.get(f"/conferences/{row.conference_id}/").content.decode()

    # The review page says which plan it reviews; the decision form asks whether it continues, filled from the plan.
    page = web.get(f"/conferences/{review.pk}/").content.decode()
    assert f"On a child protection plan since CPC-{row.conference_id}" in page
    decision_url = f"/conferences/{review.pk}/children/{row.child_id}/decision/"
    form = web.get(decision_url).content.decode()
    assert "Does the child protection plan continue?" in form and "Mother, school DSL, GP, social worker" in form
    web.post(f"/conferences/{review.pk}/children/{row.child_id}/views/", {"views": "Happier at home now"})
    web.post(f"/conferences/{review.pk}/parents-views/", {"views": "Mother says Daniel has not been back"})
    continued = web.post(
        decision_url,
        {
            "plan": "yes",
            "category": "physical",
            "rationale": "Progress, but Daniel's contact not yet assessed",
            "lead_social_worker": str(investigation.social_worker.pk),
            "core_group": "Mother, school DSL, GP, social worker",
        },
    )
    assert continued.status_code == 302
    assert web.post(f"/conferences/{review.pk}/finalise/", {}).status_code == 302
    again = ConferenceChild.objects.get(conference=review)
    held = timezone.localdate(review.scheduled_for)
    assert again.plan and again.review_due == clocks.review_due(held, "review") and again.core_group_due is None
    page = web.get(f"/conferences/{review.pk}/").content.decode()
    assert "Continues" in page and f"/conferences/{review.pk}/children/{row.child_id}/review/" in page


def test_a_review_can_end_the_plan(conference_plan, investigation, signed_in, client):
    row = conference_plan
    web = signed_in(client, investigation.chair)
    at = timezone.make_aware(dt.datetime.combine(row.review_due - dt.timedelta(days=1), dt.time(11)))
    web.post(f"/conferences/{row.conference_id}/children/{row.child_id}/review/", when(at))
    review = Conference.objects.get(kind="review")
    web.post(f"/conferences/{review.pk}/children/{row.child_id}/views/", {"views": "Wants it to stop"})
    web.post(f"/conferences/{review.pk}/parents-views/", {"views": "Agrees"})
    ended = web.post(
        f"/conferences/{review.pk}/children/{row.child_id}/decision/",
        {"plan": "no", "rationale": "Risk reduced: Daniel has left and the safety plan held"},
    )
    assert ended.status_code == 302
    web.post(f"/conferences/{review.pk}/finalise/", {})
    after = ConferenceChild.objects.get(conference=review)
    assert after.plan is False and after.review_due is None
    page = web.get(f"/conferences/{review.pk}/").content.decode()
    assert "Ended" in page and "/review/" not in page
    rows = investigation.api(investigation.social_worker).get(f"/api/v1/people/{row.child_id}/chronology").json()
    kinds = [r["summary"] for r in rows if r["type"] == "conference_decision"]
    assert any("The child protection plan ended" in k for k in kinds)
