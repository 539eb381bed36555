"""Rate limits on sign-in, bearer tokens and requests for help (issue #14 item 5).

Rates here are per hour: a per-minute window could turn over in the middle of a test."""

import pytest

from macp.accounts.models import ApiToken
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(make_agency):
    return make_agency("test-csc", "childrens_social_care", "TST")


def test_sign_in_is_limited_per_account_and_says_so(client, make_user, agency, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in_account": "3/h"}
    make_user("alice", ["social_worker"], agency)
    for _ in range(3):
        assert client.post("/sign-in/", {"username": "alice", "password": "wrong"}).status_code == 400
    refused = client.post("/sign-in/", {"username": "alice", "password": TEST_PASSWORD})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "Too many attempts" in refused.content.decode()
    # Another account from the same office address is not held up by Alice's attempts.
    make_user("bob", ["social_worker"], agency)
    assert client.post("/sign-in/", {"username": "bob", "password": TEST_PASSWORD}).status_code == 302


def test_sign_in_is_limited_per_address(client, make_user, agency, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in_address": "4/h"}
    for name in ("a1", "a2", "a3", "a4"):
        client.post("/sign-in/", {"username": name, "password": "wrong"})
    assert client.post("/sign-in/", {"username": "a5", "password": "wrong"}).status_code == 429


def test_bad_tokens_from_one_address_are_refused_for_a_while_then_any_token(client, make_user, agency, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_bad_token": "3/h"}
    user = make_user("feed", ["social_worker"], agency)
    good = ApiToken.issue(user)
    for i in range(3):
        answer = client.get("/api/v1/people/x", HTTP_AUTHORIZATION=f"Bearer macp_guess{i}")
        assert answer.status_code == 401
    refused = client.get("/api/v1/people/x", HTTP_AUTHORIZATION=f"Bearer {good}")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Too many requests") and refused.json()["errors"] == []
    assert refused["Retry-After"] == "3600"


def test_a_token_is_limited_per_account(client, make_user, agency, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_token": "2/h"}
    token = ApiToken.issue(make_user("feed", ["social_worker"], agency))
    statuses = [client.get("/api/v1/people/x", HTTP_AUTHORIZATION=f"Bearer {token}").status_code for _ in range(3)]
    assert statuses[:2] == [404, 404] and statuses[2] == 429


def test_the_openapi_document_declares_429(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/referrals"]["post"]
    assert "429" in {str(code) for code in operation["responses"]}


def test_sending_requests_for_help_from_the_pages_is_limited_and_the_draft_is_kept(
    client, make_user, make_agency, signed_in, settings
):
    from macp.referrals.models import Draft

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "request_for_help": "1/h"}
    school = make_agency("sch-lim-001", "school", "TST")
    referrer = make_user("dsl", ["referrer"], school)
    web = signed_in(client, referrer)
    draft = Draft.objects.create(owner=referrer)
    url = f"/requests/draft/{draft.pk}/check/"
    web.post(url, {})
    refused = web.post(url, {})
    assert refused.status_code == 429 and "Anything you have already saved is kept" in refused.content.decode()
    assert Draft.objects.filter(pk=draft.pk).exists()
    assert web.get(url).status_code != 429  # looking at the answers is never limited
