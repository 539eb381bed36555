"""Input no record can hold (NUL, lone surrogates, deep nesting, overlong ids): a clear 400/404, never a 500, and
the refusal audited."""

import pytest

from macp.access.models import AccessEvent


@pytest.fixture
def sender(make_agency, make_user, api_client_for):
    make_agency("gp-svc-001", "gp_practice", "svc")
    return api_client_for(make_user("gp-feed", ["referrer"], "gp-svc-001"))


def batch(given_name: str) -> dict:
    return {
        "source": "gp-svc-001",
        "batch_id": "b1",
        "records": [
            {
                "kind": "person",
                "source_id": "P1",
                "given_name": given_name,
                "family_name": "Smith",
                "date_of_birth": "2019-08-02",
            }
        ],
    }


@pytest.mark.parametrize("text,why", [("Am\ud800y", "surrogate"), ("Am\x00y", "NUL")])
def test_unstorable_text_in_a_batch_is_refused_and_audited(sender, text, why):
    import json

    response = sender.post("/api/v1/source-records", json.dumps(batch(text)), content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["errors"][0]["loc"] == ["records", "0", "given_name"] and why in body["errors"][0]["msg"]
    event = AccessEvent.objects.get()
    assert (event.username, event.allowed, event.channel) == ("gp-feed", False, "api")
    assert event.detail.startswith("refused input: records/0/given_name") and why in event.detail


def test_deeply_nested_json_is_refused(sender):
    deep = '{"source": "gp-svc-001", "batch_id": "b", "records": ' + "[" * 5000 + "]" * 5000 + "}"
    response = sender.post("/api/v1/source-records", deep, content_type="application/json")
    assert response.status_code == 400 and "Nested more than 32 levels" in response.json()["errors"][0]["msg"]


def test_a_nul_in_an_address_or_query_is_refused(sender):
    assert sender.get("/api/v1/people/abc%00def").status_code == 400
    assert sender.get("/api/v1/people", {"source": "gp\x00", "source_id": "x"}).status_code == 400
    assert AccessEvent.objects.filter(allowed=False, detail__startswith="refused input").count() == 2


def test_an_overlong_person_id_is_a_404_and_audited(sender):
    response = sender.get("/api/v1/people/" + "x" * 200)
    assert response.status_code == 404
    event = AccessEvent.objects.get()
    assert event.person_id == "x" * 64 and not event.allowed


def test_a_nul_in_a_page_form_is_a_400_page(family, make_user, signed_in, client):
    user = make_user("sw", ["social_worker"], family.csc)
    response = signed_in(client, user).post(f"/people/{family.child.pk}/break-glass/", {"break_glass_reason": "a\x00b"})
    assert response.status_code == 400
    assert AccessEvent.objects.filter(username="sw", allowed=False, channel="page").exists()


@pytest.mark.parametrize(
    "reason", ["aaaaaaaaaa", "asdf asdf asdf", "..........", "1234567890 1234", "xxxxxxxxxxxxxxxxxxxxx yyy"]
)
def test_break_glass_needs_a_reason_in_words(family, make_user, reason):
    from macp.access.services import break_glass

    with pytest.raises(ValueError, match="in words"):
        break_glass(make_user("edt", ["edt_worker"], family.csc), family.child, reason)


def test_a_real_break_glass_reason_is_accepted(family, make_user):
    from macp.access.services import break_glass

    glass = break_glass(
        make_user("edt", ["edt_worker"], family.csc), family.child, "EDT call: child reported alone at home"
    )
    assert glass.pk


def test_control_characters_in_names_are_dropped_on_intake(sender):
    from macp.people.models import Person

    response = sender.post("/api/v1/source-records", batch("Ctrl\x01Kid"), content_type="application/json")
    assert response.status_code == 201, response.json()
    assert Person.objects.get().given_name == "CtrlKid"
