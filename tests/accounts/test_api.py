"""The API's bearer tokens and its error shape (CONTRACTS.md §2): {"detail": "...", "errors": [{"loc", "msg"}]}."""

import datetime as dt

import pytest
from django.utils import timezone

from macp.accounts.models import AgencyType, ApiToken, User


@pytest.fixture
def agencies(make_agency):
    return [
        make_agency("tst-csc", AgencyType.CHILDRENS_SOCIAL_CARE, la="testshire", name="Testshire Children's Services"),
        make_agency("tst-police", AgencyType.POLICE, name="Testshire Police"),
    ]


@pytest.fixture
def api(api_client_for, make_user, agencies):
    return api_client_for(make_user("amy.lee", ["referrer"], agencies[0]))


def assert_error_shape(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], list)
    for error in body["errors"]:
        assert isinstance(error["loc"], list) and isinstance(error["msg"], str)
    return body


def test_agencies_lists_code_name_type_and_local_authority(api, agencies, make_agency):
    from macp.accounts.models import Agency

    make_agency("tst-closed", AgencyType.HOUSING)
    Agency.objects.filter(code="tst-closed").update(active=False)
    response = api.get("/api/v1/agencies")
    assert response.status_code == 200
    assert response.json() == [
        {
            "code": "tst-csc",
            "name": "Testshire Children's Services",
            "type": "childrens_social_care",
            "local_authority": "testshire",
        },
        {"code": "tst-police", "name": "Testshire Police", "type": "police", "local_authority": None},
    ]


def test_the_api_never_redirects_to_sign_in_nor_asks_for_two_factor(api):
    # A token user has no TOTP device: the two-factor middleware must leave the API alone.
    assert api.get("/api/v1/agencies").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_AUTHORIZATION": "Bearer macp_not-a-real-token"},
        {"HTTP_AUTHORIZATION": "Bearer "},
        {"HTTP_AUTHORIZATION": "Token something"},
        {"HTTP_AUTHORIZATION": "macp_no-scheme"},
    ],
)
def test_no_token_or_a_bad_token_is_401_with_the_error_shape(client, db, headers):
    response = client.get("/api/v1/agencies", **headers)
    body = assert_error_shape(response, 401)
    assert "Bearer" in body["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_signed_in_browser_session_is_not_an_api_credential(client, make_user, agencies, signed_in):
    signed_in(client, make_user("amy.lee", ["referrer"], agencies[0]))
    assert_error_shape(client.get("/api/v1/agencies"), 401)


def test_revoked_token_is_401(api):
    assert api.get("/api/v1/agencies").status_code == 200
    ApiToken.objects.update(revoked_at=timezone.now())
    assert_error_shape(api.get("/api/v1/agencies"), 401)


def test_deactivated_user_token_is_401(api):
    User.objects.update(is_active=False)
    assert_error_shape(api.get("/api/v1/agencies"), 401)


def test_person_that_is_not_a_uuid_is_404_with_detail(api):
    body = assert_error_shape(api.get("/api/v1/people/not-a-uuid"), 404)
    assert body["detail"] == "No person with that id."


def test_person_that_does_not_exist_is_404(api):
    assert_error_shape(api.get("/api/v1/people/00000000-0000-4000-8000-000000000000"), 404)


def test_missing_query_parameters_are_422_with_loc_and_msg(api):
    body = assert_error_shape(api.get("/api/v1/people"), 422)
    locs = {tuple(error["loc"]) for error in body["errors"]}
    assert ("query", "source") in locs and ("query", "source_id") in locs
    assert all(error["msg"] for error in body["errors"])


def test_one_missing_query_parameter_names_just_that_one(api):
    body = assert_error_shape(api.get("/api/v1/people", {"source": "tst-csc"}), 422)
    assert [error["loc"] for error in body["errors"]] == [["query", "source_id"]]


def test_unauthenticated_bad_input_is_401_before_422(client, db):
    assert_error_shape(client.get("/api/v1/people"), 401)


def test_wrong_method_is_405(api):
    assert api.post("/api/v1/agencies", {}, content_type="application/json").status_code == 405


def test_openapi_document_is_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert "/api/v1/agencies" in document["paths"]


def test_tokens_expire_and_are_listed_and_revoked_on_the_account_page(client, make_user, make_agency, signed_in):
    from django.utils import timezone

    from macp.accounts.models import AdminEvent, ApiToken

    csc = make_agency("tok-csc", "childrens_social_care", "TOK")
    owner = make_user("feed", ["social_worker"], csc)
    other = make_user("other", ["social_worker"], csc)
    token = ApiToken.issue(owner)
    record = ApiToken.objects.get(user=owner)
    assert record.expires_at > timezone.now() + dt.timedelta(days=89)
    api = lambda: client.get("/api/v1/people/nobody", HTTP_AUTHORIZATION=f"Bearer {token}").status_code  # noqa: E731
    assert api() == 404

    # Expired: refused like an unknown token.
    ApiToken.objects.filter(pk=record.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api() == 401
    ApiToken.objects.filter(pk=record.pk).update(expires_at=timezone.now() + dt.timedelta(days=1))

    # Someone else cannot revoke it, and cannot even tell it exists.
    signed_in(client, other)
    assert client.post(f"/account/tokens/{record.pk}/revoke/").status_code == 404
    client.logout()
    assert api() == 404

    # The owner sees it on the account page and revokes it.
    signed_in(client, owner)
    page = client.get("/account/").content.decode()
    assert f"macp_{record.prefix}" in page and "Active" in page
    assert client.post(f"/account/tokens/{record.pk}/revoke/").status_code == 302
    page = client.get("/account/").content.decode()
    assert "Revoked by feed" in page
    assert AdminEvent.objects.filter(action="api_token_revoked", target="feed").exists()
    client.logout()
    assert api() == 401
