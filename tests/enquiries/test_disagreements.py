"""Disagreements about plans (issue 11 item 1): any professional may dispute a conference's decision for one child,
from the decision or from a dissent recorded at the conference; open ones are shown on the conference's page and
the enquiry's page shows those about its outcome."""

from macp.enquiries.models import ConferenceDissent, Enquiry


def _raise(client, row, **extra):
    body = {
        "about": {"kind": "plan", "id": str(row.pk)},
        "child": str(row.child_id),
        "concern": "The category should be multiple: there is also emotional harm from the domestic abuse",
        "child_safe_now": "yes",
    } | extra
    return client.post("/api/v1/escalations", body, content_type="application/json")


def test_a_plan_decision_is_disputed_and_shown_on_the_conference_page(
    conference_plan, investigation, signed_in, client
):
    row = conference_plan
    created = _raise(investigation.api(investigation.investigator), row)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["about"] == {"kind": "plan", "id": str(row.pk)} and body["decision_agency"] == "test-csc"
    assert body["stage"] == 1 and body["status"] == "open"

    page = signed_in(client, investigation.social_worker).get(f"/conferences/{row.conference_id}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert f"RPD-{body['id']}" in text and "1 open disagreement about this decision" in text
    assert "Raise a disagreement" in text

    # Resolved, it leaves the page.
    investigation.api(investigation.social_worker).post(
        f"/api/v1/escalations/{body['id']}/respond",
        {"outcome": "resolved", "note": "Category changed at the review"},
        content_type="application/json",
    )
    text = signed_in(client, investigation.social_worker).get(f"/conferences/{row.conference_id}/").content.decode()
    assert f"RPD-{body['id']}" not in text and "No open disagreements" in text


def test_from_a_dissent_recorded_at_the_conference(conference_plan, investigation, make_user):
    row = conference_plan
    dissent = ConferenceDissent.objects.create(
        conference=row.conference,
        child=row.child,
        agency=investigation.police,
        reason="Police view: category should be multiple",
        recorded_by=investigation.chair,
    )
    police = investigation.api(investigation.investigator)
    assert _raise(police, row, dissent=dissent.pk).status_code == 201
    refused = _raise(police, row, dissent=dissent.pk + 999)
    assert refused.status_code == 422 and refused.json()["errors"][0]["loc"][-1] == "dissent"


def test_an_undecided_or_unseen_plan_cannot_be_disputed(conference_plan, investigation, make_user, make_agency):
    row = conference_plan
    stranger = make_user("far-sw", "social_worker", make_agency("far-csc", "childrens_social_care", la="far"))
    refused = _raise(investigation.api(stranger), row)
    assert refused.status_code in (403, 422)
    assert (
        _raise(investigation.api(investigation.investigator), row, about={"kind": "plan", "id": "999999"}).status_code
        == 422
    )


def test_the_enquiry_page_shows_open_disagreements_about_its_outcome(conference_plan, investigation, signed_in, client):
    enquiry = Enquiry.objects.get()
    created = investigation.api(investigation.investigator).post(
        "/api/v1/escalations",
        {
            "about": {"kind": "enquiry", "id": str(enquiry.pk)},
            "child": str(enquiry.child_id),
            "concern": "The police view is that the threshold was met for a joint ABE interview first",
            "child_safe_now": "unsure",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    text = signed_in(client, investigation.social_worker).get(f"/enquiries/{enquiry.pk}/").content.decode()
    assert f"RPD-{created.json()['id']}" in text and "Disagreements about the outcome" in text
