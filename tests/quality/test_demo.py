"""The demo region's year of history gives the analyst's dashboard figures and trends to show."""

from macp.demo.services import build_demo_region
from macp.quality.measures import Filters, compute
from macp.quality.services import default_period, trend


def test_demo_region_has_figures_for_the_dashboard(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    summary = build_demo_region(families=30)
    history = summary.activity["history"]
    assert history["requests"] == 22 and history["discussions"] == 11 and history["conferences"] >= 9
    start, end = default_period()
    filters = Filters(start=start, end=end, local_authority="svc")
    for code in (
        "referral_decision_1wd",
        "sd_minutes_24h",
        "sd_genogram_confirmed",
        "sd_decision_per_child",
        "sd_core_attendance",
        "sd_minutes_acknowledged",
        "icpc_15wd",
        "edt_handover_on_time",
    ):
        result = compute(code, filters)
        assert result.denominator >= 5, code
        assert 0 < result.numerator <= result.denominator, code
    months = [row for row in trend("referral_decision_1wd", filters) if row["denominator"]]
    assert len(months) >= 10
    # Made once: a second start adds nothing.
    assert build_demo_region(families=0).activity == {}
