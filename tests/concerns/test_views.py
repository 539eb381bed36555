from macp.concerns.models import Alert
from tests.concerns.factories import allocate, days_ago, event
from tests.intake.factories import person, send


def test_alert_on_the_childs_page_is_acknowledged_with_a_note(
    make_agency, make_user, api_client_for, signed_in, client
):
    make_agency("svc-csc", "childrens_social_care", "svc")
    make_agency("hv-svc", "community_health", "svc")
    integration = api_client_for(make_user("integration", ["system_admin"]))
    allocate(integration, "C1", "Noah", "Begum", "2025-01-01", sex="M", nhs_number="9990000018")
    send(
        integration,
        "hv-svc",
        "h",
        [
            person("H1", "Noah", "Begum", "2025-01-01", "M", "9990000018"),
            event("W1", ["H1"], "was_not_brought", days_ago(40)),
            event("W2", ["H1"], "was_not_brought", days_ago(4)),
        ],
    )
    alert = Alert.objects.get(rule__code="was-not-brought")
    web = signed_in(client, make_user("sw", ["social_worker"], "svc-csc"))
    page = web.get(f"/people/{alert.person_id}/").content.decode()
    assert "Two or more health appointments not brought to" in page and "hv-svc W1" in page
    assert "What every agency knows" in page and "Was not brought" in page
    assert "Agencies involved now:</strong> Noah: Svc Csc (early help)" in page
    refused = web.post(f"/alerts/{alert.pk}/acknowledge/", {"note": " "})
    assert refused.status_code == 400 and "Say what you have done" in refused.content.decode()
    assert (
        web.post(f"/alerts/{alert.pk}/acknowledge/", {"note": "Health visitor to visit this week"}).status_code == 302
    )
    ack = alert.acknowledgements.get()
    assert (
        ack.agency.code == "svc-csc" and ack.user.username == "sw" and ack.note == "Health visitor to visit this week"
    )
    again = web.post(f"/alerts/{alert.pk}/acknowledge/", {"note": "Again"})
    assert again.status_code == 400 and "already acknowledged" in again.content.decode()
    outsider = signed_in(client, make_user("x", ["social_worker"], make_agency("other", "police")))
    assert outsider.post(f"/alerts/{alert.pk}/acknowledge/", {"note": "x"}).status_code == 403
