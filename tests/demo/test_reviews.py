"""The demo region's practice review: one overdue recommendation action, on the analyst's overdue list and on the
police's home page panel; adding it again changes nothing."""

import pytest

from macp.accounts.models import User
from macp.demo.reference import ensure_demo_users, ensure_reference_data
from macp.demo.reviews import add_practice_reviews
from macp.reviews import services
from macp.reviews.models import Action, Review


@pytest.mark.django_db
def test_demo_review_has_one_overdue_action():
    ensure_reference_data()
    ensure_demo_users()
    assert add_practice_reviews() == 1
    assert add_practice_reviews() == 0
    review = Review.objects.get()
    assert review.local_authority.code == "svc" and review.child is None
    assert review.recommendations.count() == 3 and Action.objects.count() == 3
    analyst = User.objects.get(username="partnership-analyst")
    found = services.overdue(analyst)
    assert len(found.actions) == 1 and found.actions[0].lead_agency.code == "police-wessex-vale"
    assert found.rapid_reviews == [] and found.reviews == []
    assert {r["theme"].name for r in services.theme_counts(analyst)} >= {"Joint investigations", "Information sharing"}
    police = User.objects.get(username="police-investigator")
    assert services.home_panel(police)["late"] == found.actions
