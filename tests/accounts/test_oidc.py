"""OpenID Connect sign-in against a fake provider: real RS256 ID tokens, the token and userinfo endpoints mocked."""

import logging
import time
from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.contrib.auth import login
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory, override_settings
from django.urls import include, path

from macp.accounts.middleware import OIDC_SESSION_FLAG
from macp.accounts.models import Agency, AgencyType, User
from macp.accounts.oidc import BACKEND_PATH, MacpOIDCBackend

# This module is the URLconf for these tests: the service's URLs plus the OIDC ones (which settings.py mounts only
# when OIDC_RP_CLIENT_ID is set at start-up).
urlpatterns = [
    path("oidc/", include("macp.accounts.oidc")),
    path("", include("macp.config.urls")),
]

CLIENT_ID = "macp-test-client"
ISSUER = "https://idp.example.test"


def _rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem_private(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _pem_public(key) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


PROVIDER_KEY = _rsa_key()
OTHER_KEY = _rsa_key()


class FakeProvider:
    """Issues ID tokens signed with its key and answers the token and userinfo endpoints."""

    def __init__(self):
        self.key = PROVIDER_KEY
        self.token_requests = []
        self.userinfo_requests = []
        self.userinfo = None  # None: the userinfo endpoint echoes the ID token's claims

    def id_token(self, claims: dict, *, nonce: str, key=None, aud=CLIENT_ID, lifetime: int = 300) -> str:
        now = int(time.time())
        body = {"iss": ISSUER, "aud": aud, "iat": now, "exp": now + lifetime, "nonce": nonce, **claims}
        return jwt.encode(body, _pem_private(key or self.key), algorithm="RS256", headers={"kid": "test"})

    def serve(self, claims: dict, *, nonce: str, **token_options):
        """Patch mozilla-django-oidc's HTTP calls to answer as this provider would for one sign-in."""
        id_token = self.id_token(claims, nonce=nonce, **token_options)
        userinfo = dict(claims) if self.userinfo is None else self.userinfo

        def post(url, data=None, **kwargs):
            assert url == settings.OIDC_OP_TOKEN_ENDPOINT
            self.token_requests.append(dict(data))
            response = mock.Mock(status_code=200, url=url, text="")
            response.json.return_value = {"id_token": id_token, "access_token": "access-123", "token_type": "Bearer"}
            return response

        def get(url, headers=None, **kwargs):
            assert url == settings.OIDC_OP_USER_ENDPOINT
            self.userinfo_requests.append(headers)
            response = mock.Mock(status_code=200, headers={"content-type": "application/json"})
            response.raise_for_status.return_value = None
            response.json.return_value = userinfo
            return response

        fake_requests = mock.Mock(post=mock.Mock(side_effect=post), get=mock.Mock(side_effect=get))
        return mock.patch("mozilla_django_oidc.auth.requests", fake_requests)


@pytest.fixture
def oidc_settings():
    with override_settings(
        ROOT_URLCONF=__name__,
        AUTHENTICATION_BACKENDS=[*settings.AUTHENTICATION_BACKENDS, BACKEND_PATH],
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET="client-secret",
        OIDC_RP_SIGN_ALGO="RS256",
        OIDC_RP_IDP_SIGN_KEY=_pem_public(PROVIDER_KEY),
        OIDC_OP_JWKS_ENDPOINT=None,
        OIDC_OP_AUTHORIZATION_ENDPOINT=f"{ISSUER}/authorize",
        OIDC_OP_TOKEN_ENDPOINT=f"{ISSUER}/token",
        OIDC_OP_USER_ENDPOINT=f"{ISSUER}/userinfo",
        OIDC_AGENCY_CLAIM="macp_agency",
        OIDC_ROLES_CLAIM="macp_roles",
    ):
        yield


@pytest.fixture
def provider(oidc_settings):
    return FakeProvider()


@pytest.fixture
def agencies(db):
    return {
        "csc": Agency.objects.create(
            code="tst-csc", name="Testshire Children's Services", type=AgencyType.CHILDRENS_SOCIAL_CARE
        ),
        "police": Agency.objects.create(code="tst-police", name="Testshire Police", type=AgencyType.POLICE),
    }


def callback_request(code="auth-code-1", state="state-1"):
    """The provider's redirect back to us, as mozilla's callback view would hand it to the backend."""
    request = RequestFactory().get("/oidc/callback/", {"code": code, "state": state})
    SessionMiddleware(lambda r: None).process_request(request)
    request.session["oidc_states"] = {
        state: {"nonce": "nonce-1", "code_verifier": "verifier-1", "added_on": time.time()}
    }
    request.session.save()
    return request


def sign_in(provider, claims, **token_options):
    """One sign-in through the backend: returns (user or None, request)."""
    request = callback_request()
    with provider.serve(claims, nonce="nonce-1", **token_options):
        user = MacpOIDCBackend().authenticate(request, nonce="nonce-1", code_verifier="verifier-1")
    return user, request


def claims(**extra):
    base = {
        "sub": "0b7e-4a1c",
        "preferred_username": "priya.shah",
        "given_name": "Priya",
        "family_name": "Shah",
        "email": "priya.shah@testshire.gov.uk",
        "macp_agency": "tst-csc",
        "macp_roles": ["social_worker"],
    }
    base.update(extra)
    return {k: v for k, v in base.items() if v is not None}


def test_first_sign_in_creates_the_user_with_agency_and_roles(provider, agencies):
    user, _ = sign_in(provider, claims(macp_roles=["social_worker", "chair"]))

    assert user is not None
    user = User.objects.get(pk=user.pk)
    assert user.username == "priya.shah"
    assert (user.first_name, user.last_name, user.email) == ("Priya", "Shah", "priya.shah@testshire.gov.uk")
    assert user.agency == agencies["csc"]
    assert user.role_codes == {"social_worker", "chair"}
    assert not user.has_usable_password()
    assert not user.is_staff
    # The code and the PKCE verifier went to the token endpoint; the access token to userinfo.
    [token_request] = provider.token_requests
    assert token_request["code"] == "auth-code-1"
    assert token_request["code_verifier"] == "verifier-1"
    assert token_request["grant_type"] == "authorization_code"
    assert provider.userinfo_requests == [{"Authorization": "Bearer access-123"}]


def test_each_sign_in_updates_the_user_to_match_the_claims(provider, agencies):
    first, _ = sign_in(provider, claims(macp_roles=["social_worker", "chair"]))
    second, _ = sign_in(
        provider,
        claims(
            macp_roles=["police_investigator"],
            macp_agency="tst-police",
            family_name="Shah-Jones",
            email="p.sj@police.test",
        ),
    )

    assert second.pk == first.pk
    assert User.objects.count() == 1
    user = User.objects.get(pk=first.pk)
    assert user.role_codes == {"police_investigator"}
    assert user.agency == agencies["police"]
    assert (user.last_name, user.email) == ("Shah-Jones", "p.sj@police.test")


def test_matches_an_existing_local_user_by_username(provider, agencies, make_user):
    existing = make_user("Priya.Shah", ["referrer"], agencies["police"])
    user, _ = sign_in(provider, claims())
    assert user.pk == existing.pk
    assert User.objects.get(pk=existing.pk).role_codes == {"social_worker"}


def test_unknown_agency_is_refused_and_no_user_is_made(provider, agencies, caplog):
    with caplog.at_level(logging.WARNING, logger="macp.accounts.oidc"):
        user, _ = sign_in(provider, claims(macp_agency="no-such-agency"))
    assert user is None
    assert not User.objects.exists()
    assert "'no-such-agency'" in caplog.text and "not a known agency" in caplog.text


def test_unknown_agency_leaves_an_existing_user_unchanged(provider, agencies):
    sign_in(provider, claims())
    user, _ = sign_in(provider, claims(macp_agency="no-such-agency", macp_roles=["chair"]))
    assert user is None
    existing = User.objects.get(username="priya.shah")
    assert existing.agency == agencies["csc"]
    assert existing.role_codes == {"social_worker"}


def test_inactive_agency_is_refused(provider, agencies):
    Agency.objects.filter(code="tst-csc").update(active=False)
    user, _ = sign_in(provider, claims())
    assert user is None
    assert not User.objects.exists()


def test_unknown_role_codes_are_ignored(provider, agencies):
    user, _ = sign_in(provider, claims(macp_roles=["social_worker", "superhero", "Admin"]))
    assert User.objects.get(pk=user.pk).role_codes == {"social_worker"}


@pytest.mark.parametrize("roles", [[], ["superhero"], None])
def test_no_known_role_is_refused(provider, agencies, roles, caplog):
    with caplog.at_level(logging.WARNING, logger="macp.accounts.oidc"):
        user, _ = sign_in(provider, claims(macp_roles=roles))
    assert user is None
    assert not User.objects.exists()
    assert "no known role" in caplog.text


def test_roles_claim_may_be_a_space_separated_string(provider, agencies):
    user, _ = sign_in(provider, claims(macp_roles="social_worker chair"))
    assert User.objects.get(pk=user.pk).role_codes == {"social_worker", "chair"}


def test_only_a_lone_system_admin_may_have_no_agency(provider, agencies, caplog):
    with caplog.at_level(logging.WARNING, logger="macp.accounts.oidc"):
        refused, _ = sign_in(provider, claims(macp_agency=None, macp_roles=["system_admin", "dpo"]))
    assert refused is None
    assert "only a user whose one role is system_admin" in caplog.text

    admin, _ = sign_in(provider, claims(macp_agency=None, macp_roles=["system_admin"]))
    admin = User.objects.get(pk=admin.pk)
    assert admin.agency is None
    assert admin.role_codes == {"system_admin"}
    assert admin.is_staff


def test_username_falls_back_to_sub(provider, agencies):
    user, _ = sign_in(provider, claims(preferred_username=None, sub="subject-42"))
    assert user.username == "subject-42"


def test_a_username_too_long_to_store_is_refused(provider, agencies, caplog):
    with caplog.at_level(logging.WARNING, logger="macp.accounts.oidc"):
        user, _ = sign_in(provider, claims(preferred_username="x" * 151))
    assert user is None
    assert "longer than a username may be" in caplog.text


def test_claims_in_the_id_token_alone_are_enough_without_a_userinfo_endpoint(provider, agencies):
    with override_settings(OIDC_OP_USER_ENDPOINT=""):
        user, _ = sign_in(provider, claims())
    assert user is not None and User.objects.get(pk=user.pk).agency == agencies["csc"]
    assert provider.userinfo_requests == []


def test_userinfo_for_another_subject_is_refused(provider, agencies):
    provider.userinfo = claims(sub="someone-else")
    user, _ = sign_in(provider, claims())
    assert user is None
    assert not User.objects.exists()


def test_token_signed_with_another_key_is_refused(provider, agencies, caplog):
    with caplog.at_level(logging.WARNING, logger="macp.accounts.oidc"):
        user, _ = sign_in(provider, claims(), key=OTHER_KEY)
    assert user is None
    assert not User.objects.exists()
    assert "refused" in caplog.text


def test_token_with_a_tampered_payload_is_refused(provider, agencies):
    request = callback_request()
    good = provider.id_token(claims(), nonce="nonce-1")
    forged = provider.id_token(claims(macp_roles=["system_admin"], macp_agency=None), nonce="nonce-1", key=OTHER_KEY)
    # The provider's header and signature around a forged payload.
    header, _, signature = good.split(".")
    tampered = ".".join([header, forged.split(".")[1], signature])
    response = mock.Mock(status_code=200)
    response.json.return_value = {"id_token": tampered, "access_token": "access-123"}
    with mock.patch("mozilla_django_oidc.auth.requests") as fake:
        fake.post.return_value = response
        user = MacpOIDCBackend().authenticate(request, nonce="nonce-1", code_verifier="verifier-1")
    assert user is None
    assert not User.objects.exists()
    fake.get.assert_not_called()


def test_wrong_nonce_is_refused(provider, agencies):
    request = callback_request()
    with provider.serve(claims(), nonce="replayed-nonce"):
        user = MacpOIDCBackend().authenticate(request, nonce="nonce-1", code_verifier="verifier-1")
    assert user is None
    assert not User.objects.exists()


def test_expired_token_is_refused(provider, agencies):
    user, _ = sign_in(provider, claims(), lifetime=-600)
    assert user is None
    assert not User.objects.exists()


def test_token_for_another_client_is_refused(provider, agencies):
    user, _ = sign_in(provider, claims(), aud="some-other-service")
    assert user is None
    assert not User.objects.exists()


def test_deactivated_user_is_refused(provider, agencies, make_user):
    existing = make_user("priya.shah", ["social_worker"], agencies["csc"])
    User.objects.filter(pk=existing.pk).update(is_active=False)
    user, _ = sign_in(provider, claims())
    assert user is None


def test_no_code_in_the_request_is_not_an_oidc_sign_in(provider, agencies):
    request = RequestFactory().post("/sign-in/", {"username": "x", "password": "y"})
    SessionMiddleware(lambda r: None).process_request(request)
    assert MacpOIDCBackend().authenticate(request, username="x", password="y") is None


def test_signing_in_flags_the_session_and_a_password_sign_in_clears_it(provider, agencies):
    user, request = sign_in(provider, claims())
    user.backend = BACKEND_PATH  # as django.contrib.auth.authenticate() marks it
    login(request, user)
    assert request.session[OIDC_SESSION_FLAG] is True

    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    assert OIDC_SESSION_FLAG not in request.session


def test_the_whole_round_trip_through_the_oidc_views(provider, agencies, client):
    """Anonymous -> /oidc/authenticate/ -> provider -> /oidc/callback/ -> signed in, past two-factor (the provider's MFA)."""
    assert settings.MACP_REQUIRE_2FA

    start = client.get("/oidc/authenticate/", {"next": "/account/"})
    assert start.status_code == 302
    target = urlparse(start["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{ISSUER}/authorize"
    params = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == "http://testserver/oidc/callback/"

    with provider.serve(claims(), nonce=params["nonce"]):
        back = client.get("/oidc/callback/", {"code": "auth-code-9", "state": params["state"]})
    assert back.status_code == 302
    assert back["Location"] == "/account/"
    assert client.session[OIDC_SESSION_FLAG] is True
    assert client.session["_auth_user_backend"] == BACKEND_PATH

    page = client.get("/account/")
    assert page.status_code == 200
    assert "priya.shah" in page.content.decode()


def test_a_refused_callback_goes_back_to_sign_in_with_a_message(provider, agencies, client):
    start = client.get("/oidc/authenticate/")
    params = {k: v[0] for k, v in parse_qs(urlparse(start["Location"]).query).items()}
    with provider.serve(claims(macp_agency="no-such-agency"), nonce=params["nonce"]):
        back = client.get("/oidc/callback/", {"code": "auth-code-9", "state": params["state"]})
    assert back.status_code == 302
    assert back["Location"] == "/sign-in/"
    assert "_auth_user_id" not in client.session
    page = client.get("/sign-in/")
    assert "could not be signed in with your organisation" in page.content.decode()


def test_the_service_mounts_oidc_views_that_need_no_sign_in(oidc_settings):
    import importlib.util

    from django.urls import resolve

    import macp.config.urls

    spec = importlib.util.spec_from_file_location("oidc_probe_urls", macp.config.urls.__file__)
    urlconf = importlib.util.module_from_spec(spec)
    with override_settings(OIDC_ENABLED=True):
        spec.loader.exec_module(urlconf)
    for url in ("/oidc/authenticate/", "/oidc/callback/"):
        assert getattr(resolve(url, urlconf=urlconf).func, "login_required", True) is False, url
