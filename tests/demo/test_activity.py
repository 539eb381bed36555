from macp.concerns.models import Alert
from macp.demo.services import build_demo_region
from macp.referrals.models import Referral


def test_a_small_demo_region_has_alerts_and_requests_waiting_at_the_front_door(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    summary = build_demo_region(families=30)
    assert summary.activity["requests"] == 3
    assert Referral.objects.filter(status="received", submitted_by__username="referrer").count() == 3
    # Every alert was raised by evaluating the rules, except the one the demo's Neglect Toolkits raise on record.
    # The alerts evaluated over the families are all there; the later activity (requests, history, tools) adds more.
    assert Alert.objects.count() >= summary.activity["alerts"] > 0
    assert summary.activity["tool_completions"] == 3 and summary.activity["rtg_meetings"] == 1
    # every referred child was already known: named by id, so no duplicate person was made
    assert all(
        c.person_id and c.match_reason == "Named by the referrer by person id"
        for r in Referral.objects.all()
        for c in r.children.all()
    )
