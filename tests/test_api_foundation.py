"""The API's shared behaviour: bearer tokens, the error shape, OpenAPI, health checks."""

import pytest

from macp.accounts.models import Agency, LocalAuthority
from macp.accounts.services import create_user, issue_api_token


@pytest.fixture
def token(db):
    la = LocalAuthority.objects.create(code="svc", name="Severn Vale Council")
    Agency.objects.create(
        code="svc-csc", name="Severn Vale Children's Services", type="childrens_social_care", local_authority=la
    )
    Agency.objects.create(code="police-x", name="Vale Police", type="police")
    create_user("integration", ["system_admin"], password="x", validate=False)
    return issue_api_token("integration")


def test_no_token_is_401_json_not_a_sign_in_redirect(client, token):
    response = client.get("/api/v1/agencies")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert set(response.json()) == {"detail", "errors"}


def test_agencies_list_has_contract_fields(client, token):
    response = client.get("/api/v1/agencies", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == [
        {"code": "police-x", "name": "Vale Police", "type": "police", "local_authority": None},
        {
            "code": "svc-csc",
            "name": "Severn Vale Children's Services",
            "type": "childrens_social_care",
            "local_authority": "svc",
        },
    ]


def test_validation_errors_have_loc_and_msg(client, token):
    response = client.get("/api/v1/people", {"source": "svc-csc"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and {"loc": ["query", "source_id"], "msg": "Field required"} in body["errors"]


def test_openapi_document_is_public_json(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/agencies" in paths and "/api/v1/people/{person_id}" in paths


def test_health_and_readiness(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok"}


def test_pages_need_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_unknown_page_is_govuk_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_unknown_api_path_answers_json(client, db):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and set(response.json()) == {"detail", "errors"}
