"""Disagreement pages: who may raise, see and respond; the child's page shows open ones."""

from django.test import Client

from macp.escalations.models import Escalation
from tests.escalations.factories import raise_body


def test_pages_raise_and_show_on_the_childs_record(family, dispute, signed_in):
    nurse = signed_in(Client(), dispute.nurse)
    url = f"/disagreements/new/?kind=strategy_discussion&about_id={dispute.discussion.pk}&child={family.child.pk}&dissent={dispute.dissent.pk}"
    assert nurse.get(url).status_code == 200
    bad = nurse.post(
        "/disagreements/new/",
        {"kind": "strategy_discussion", "about_id": dispute.discussion.pk, "concern": "Too hasty"},
    )
    assert bad.status_code == 400 and "Say whether you think the child is safe now" in bad.content.decode()
    assert "Too hasty" in bad.content.decode()
    done = nurse.post(
        "/disagreements/new/",
        {
            "kind": "strategy_discussion",
            "about_id": dispute.discussion.pk,
            "child": family.child.pk,
            "dissent": dispute.dissent.pk,
            "concern": "Too hasty",
            "child_safe_now": "no",
        },
    )
    escalation = Escalation.objects.get()
    assert done.status_code == 302 and done.url == f"/disagreements/{escalation.pk}/"
    assert escalation.dissent_id == dispute.dissent.pk
    page = signed_in(Client(), dispute.tm).get(f"/people/{family.child.pk}/").content.decode()
    assert escalation.reference in page and "Testshire General Hospital disagrees" in page


def test_others_cannot_raise_see_or_respond(family, dispute, signed_in):
    outsider = signed_in(Client(), dispute.outsider)
    assert (
        outsider.get(f"/disagreements/new/?kind=strategy_discussion&about_id={dispute.discussion.pk}").status_code
        == 404
    )
    nurse = signed_in(Client(), dispute.nurse)
    nurse.post(
        "/disagreements/new/",
        {"kind": "strategy_discussion", "about_id": dispute.discussion.pk, "concern": "x", "child_safe_now": "no"},
    )
    escalation = Escalation.objects.get()
    assert outsider.get(f"/disagreements/{escalation.pk}/").status_code == 404
    assert (
        outsider.post(
            f"/disagreements/{escalation.pk}/respond/", {"outcome": "resolved", "note": "x", "child_safe_now": "yes"}
        ).status_code
        == 404
    )
    analyst = signed_in(Client(), dispute.analyst)
    assert escalation.reference in analyst.get("/disagreements/").content.decode()
    assert (
        analyst.post(
            f"/disagreements/{escalation.pk}/respond/", {"outcome": "resolved", "note": "x", "child_safe_now": "yes"}
        ).status_code
        == 403
    )


def test_open_disagreements_are_shown_on_the_discussion_and_its_minutes(family, dispute, signed_in, client):
    created = dispute.as_nurse.post(
        "/api/v1/escalations", raise_body(family, dispute), content_type="application/json"
    ).json()
    web = signed_in(client, dispute.tm)
    for url in (f"/strategy/{dispute.discussion.pk}/", f"/strategy/{dispute.discussion.pk}/minutes/"):
        text = web.get(url).content.decode()
        assert f"RPD-{created['id']}" in text, url
        assert "1 open disagreement about this decision" in text and "Raise a disagreement" in text
