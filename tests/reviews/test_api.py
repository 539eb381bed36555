"""The tracker over the API: typed reads for the partnership (never the child's identity), the lead agency's
update of its action, and the contract's error shape for refusals."""

import datetime as dt

from django.utils import timezone

from macp.reviews import services
from macp.reviews.models import Decision


def test_partnership_reads_reviews_overdue_and_themes(partnership, family, api_client_for):
    today = timezone.localdate()
    review = partnership.review(notified_on=today - dt.timedelta(days=100), today=today)
    services.record_rapid_review(
        partnership.analyst,
        review,
        completed_on=today - dt.timedelta(days=90),
        decision=Decision.LCSPR,
        decided_on=today - dt.timedelta(days=89),
        rationale="Joint working",
    )
    rec = services.add_recommendation(partnership.analyst, review, label="1", text="Plans", themes="Joint working")
    late = services.add_action(
        partnership.analyst, rec, what="Template", lead_agency=partnership.police, deadline=today - dt.timedelta(days=1)
    )
    services.link_child(partnership.analyst, review, person_id=str(family.child.pk), reason="Named", route="/t")
    api = api_client_for(partnership.analyst)

    listed = api.get("/api/v1/practice-reviews").json()
    assert [r["reference"] for r in listed] == [review.reference]
    assert listed[0]["stage"] == "review" and listed[0]["overdue"] is False and listed[0]["child_linked"] is True
    detail = api.get(f"/api/v1/practice-reviews/{review.pk}").json()
    assert "child" not in detail and family.child.full_name not in str(detail)
    assert detail["recommendations"][0]["themes"] == ["Joint working"]
    assert detail["recommendations"][0]["actions"][0] | {"evidence": ""} == {
        "id": late.pk,
        "reference": late.reference,
        "review": review.reference,
        "recommendation": "1",
        "what": "Template",
        "lead_agency": "test-police",
        "lead_person": "",
        "deadline": str(late.deadline),
        "status": "not_started",
        "overdue": True,
        "completed_on": None,
        "evidence": "",
    }
    overdue = api.get("/api/v1/practice-reviews/overdue").json()
    assert [a["reference"] for a in overdue["actions"]] == [late.reference] and overdue["reviews"] == []
    assert api.get("/api/v1/practice-reviews/themes").json() == [
        {"theme": "Joint working", "recommendations": 1, "reviews": 1, "open_actions": 1, "overdue_actions": 1}
    ]
    assert api_client_for(partnership.other_analyst).get(f"/api/v1/practice-reviews/{review.pk}").status_code == 404
    refused = api_client_for(partnership.officer).get("/api/v1/practice-reviews")
    assert refused.status_code == 403 and set(refused.json()) == {"detail", "errors"}


def test_the_lead_agency_updates_its_action(partnership, api_client_for):
    review = partnership.review()
    rec = services.add_recommendation(partnership.analyst, review, label="1", text="Plans")
    action = services.add_action(
        partnership.analyst, rec, what="Template", lead_agency=partnership.police, deadline=dt.date(2027, 3, 1)
    )
    police = api_client_for(partnership.officer)
    assert [a["reference"] for a in police.get("/api/v1/practice-review-actions").json()] == [action.reference]
    bad = police.post(
        f"/api/v1/practice-review-actions/{action.pk}", {"status": "embedded"}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["note"]
    done = police.post(
        f"/api/v1/practice-review-actions/{action.pk}",
        {"status": "completed", "note": "Template agreed"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "completed" and done.json()["completed_on"]
    nurse = api_client_for(partnership.nurse)
    assert (
        nurse.post(
            f"/api/v1/practice-review-actions/{action.pk}",
            {"status": "in_progress", "note": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    manager = api_client_for(partnership.manager)
    assert (
        manager.post(
            f"/api/v1/practice-review-actions/{action.pk}",
            {"status": "in_progress", "note": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
