"""GET /api/v1/quality/measures (CONTRACTS.md §14): the shape, who may ask, other councils, bad input, the log."""

from macp.quality.measures import MEASURES
from macp.quality.models import FiguresRead
from tests.quality.conftest import at

URL = "/api/v1/quality/measures"
CONTRACT_CODES = {
    "referral_decision_1wd",
    "sd_minutes_24h",
    "sd_decision_per_child",
    "sd_genogram_confirmed",
    "sd_gp_invited",
    "icpc_15wd",
    "assessment_45wd",
    "repeat_referral_12m",
}


def test_shape_and_values(world, build, api_client_for):
    build.referral(at(2026, 6, 10, 10), at(2026, 6, 10, 12))
    build.referral(at(2026, 6, 11, 10), at(2026, 6, 15, 12))  # late
    response = api_client_for(world.analyst).get(f"{URL}?local_authority=qa-council&from=2026-06-01&to=2026-06-30")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [m["code"] for m in body] == list(MEASURES)
    assert CONTRACT_CODES <= {m["code"] for m in body}
    for m in body:
        assert {"code", "title", "numerator", "denominator", "value"} <= set(m)
    by_code = {m["code"]: m for m in body}
    assert (by_code["referral_decision_1wd"]["numerator"], by_code["referral_decision_1wd"]["denominator"]) == (1, 2)
    assert by_code["referral_decision_1wd"]["value"] == 0.5
    assert by_code["icpc_15wd"]["denominator"] == 0 and by_code["icpc_15wd"]["value"] is None
    # Counts only: no person id or name anywhere in the answer.
    assert "person" not in response.content.decode()
    read = FiguresRead.objects.get()
    assert (read.username, read.channel, read.what) == ("analyst", "api", "measures")
    assert read.filters == {
        "local_authority": "qa-council",
        "agency": "",
        "agency_type": "",
        "from": "2026-06-01",
        "to": "2026-06-30",
    }


def test_defaults_to_the_users_council_and_the_last_12_months(world, build, api_client_for):
    response = api_client_for(world.manager).get(URL)
    assert response.status_code == 200
    read = FiguresRead.objects.get()
    assert read.filters["local_authority"] == "qa-council"
    assert read.filters["from"] < read.filters["to"]


def test_roles(world, api_client_for):
    assert api_client_for(world.worker).get(URL).status_code == 403  # a practitioner: the worktray, not figures
    assert api_client_for(world.manager).get(URL).status_code == 200
    assert not FiguresRead.objects.filter(username="worker").exists()
    from django.test import Client

    assert Client().get(URL).status_code == 401


def test_another_council(world, api_client_for):
    refused = api_client_for(world.other_analyst).get(f"{URL}?local_authority=qa-council")
    assert refused.status_code == 403
    assert set(refused.json()) == {"detail", "errors"}
    # An agency serving several councils (the police force) may ask for any of them.
    assert api_client_for(world.police_manager).get(f"{URL}?local_authority=qa-council").status_code == 200
    assert api_client_for(world.police_manager).get(f"{URL}?local_authority=other-council").status_code == 200


def test_bad_input_is_422_in_the_contract_shape(world, api_client_for):
    client = api_client_for(world.analyst)
    bad_date = client.get(f"{URL}?from=2026-02-30")
    assert bad_date.status_code == 422
    body = bad_date.json()
    assert set(body) == {"detail", "errors"} and body["errors"][0]["loc"][-1] == "from"
    backwards = client.get(f"{URL}?from=2026-06-30&to=2026-06-01")
    assert backwards.status_code == 422
    assert backwards.json()["errors"] == [
        {"loc": ["query", "to"], "msg": "The end of the period must be on or after its start"}
    ]
    unknown = client.get(f"{URL}?local_authority=nowhere&agency_type=spaceship")
    assert unknown.status_code == 422
    assert {tuple(e["loc"]) for e in unknown.json()["errors"]} == {
        ("query", "local_authority"),
        ("query", "agency_type"),
    }
    assert not FiguresRead.objects.exists()


def test_openapi_documents_the_endpoint(world, api_client_for):
    schema = api_client_for(world.analyst).get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"local_authority", "from", "to"}
