"""POST /api/v1/recording-check (CONTRACTS §10) and GET /api/v1/people/{id}/tool-completions."""

import datetime as dt

from macp.access.models import AccessEvent
from macp.people.models import Involvement
from macp.tools import services


def test_recording_check_returns_findings_in_the_contract_shape(workers, api_client_for):
    response = api_client_for(workers["sw"]).post(
        "/api/v1/recording-check",
        {"text": "It was just pushing and shoving.", "about": None},
        content_type="application/json",
    )
    assert response.status_code == 200
    (finding,) = response.json()["findings"]
    assert set(finding) >= {"start", "end", "text", "category", "why", "suggestion"}
    assert (finding["start"], finding["end"], finding["category"]) == (7, 31, "minimising")
    assert finding["text"] == "just pushing and shoving"


def test_about_gives_the_childs_age_and_is_an_audited_read(family, workers, api_client_for):
    client = api_client_for(workers["sw"])
    text = "She is seeing a 23-year-old man."
    # Social care works with the mother too (issue 8: living with the child no longer opens her record).
    Involvement.objects.create(person=family.mother, agency=family.csc, role="other", start=dt.date(2024, 1, 1))
    about_child = client.post(
        "/api/v1/recording-check", {"text": text, "about": str(family.child.pk)}, content_type="application/json"
    )
    about_mother = client.post(
        "/api/v1/recording-check", {"text": text, "about": str(family.mother.pk)}, content_type="application/json"
    )
    assert [f["category"] for f in about_child.json()["findings"]] == ["adultification"]
    assert about_mother.json()["findings"] == []
    assert AccessEvent.objects.filter(
        username="sw", person_id=str(family.child.pk), channel="api", allowed=True
    ).exists()


def test_about_a_child_the_caller_may_not_see_is_refused(family, workers, api_client_for):
    response = api_client_for(workers["stranger"]).post(
        "/api/v1/recording-check", {"text": "x", "about": str(family.child.pk)}, content_type="application/json"
    )
    assert response.status_code == 403 and response.json()["detail"]
    assert (
        api_client_for(workers["sw"])
        .post("/api/v1/recording-check", {"text": "x", "about": "nobody"}, content_type="application/json")
        .status_code
        == 404
    )


def test_recording_check_needs_a_token_and_text(client, workers, api_client_for):
    assert client.post("/api/v1/recording-check", {"text": "x"}, content_type="application/json").status_code == 401
    bad = api_client_for(workers["sw"]).post(
        "/api/v1/recording-check", {"about": None}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"][-1] == "text"


def test_tool_completions_for_a_child(family, workers, api_client_for, make_tool_data):
    tool = services.active_tool("neglect")
    services.do_complete_tool(tool, workers["sw"], family.child, make_tool_data(tool, 3))
    response = api_client_for(workers["gp"]).get(f"/api/v1/people/{family.child.pk}/tool-completions")
    (c,) = response.json()
    assert (c["tool"], c["band"], c["overall_score"], len(c["scores"])) == ("neglect", "some_met", 3, 6)
    assert (
        api_client_for(workers["stranger"]).get(f"/api/v1/people/{family.child.pk}/tool-completions").status_code == 403
    )


def test_dismissal_counts_are_for_analysts(workers, make_user, api_client_for):
    services.do_dismiss_finding(
        workers["sw"], where="tool:worries", rule="catfished", text="catfished", reason="The child's own word"
    )
    analyst = make_user("analyst", "partnership_analyst", workers["sw"].agency)
    assert api_client_for(analyst).get("/api/v1/recording-check/dismissals").json() == [
        {"rule": "catfished", "category": "minimising", "count": 1}
    ]
    assert api_client_for(workers["sw"]).get("/api/v1/recording-check/dismissals").status_code == 403
