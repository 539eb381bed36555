"""Sign-in, lockout, two-factor, idle expiry, change password and sign-out, through the pages."""

import datetime as dt
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from macp.accounts.models import AgencyType, Role, User
from tests.accounts.factories import TEST_PASSWORD

NEW_PASSWORD = "a much longer new passphrase 2026"


@pytest.fixture
def agency(make_agency):
    return make_agency("tst-csc", AgencyType.CHILDRENS_SOCIAL_CARE, la="testshire")


@pytest.fixture
def user(make_user, agency):
    return make_user("jo.bloggs", ["social_worker"], agency)


def post_sign_in(client, username, password, **extra):
    return client.post("/sign-in/", {"username": username, "password": password, **extra})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def code_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """A well-formed code that none of the accepted time steps produces."""
    accepted = {code_for(device, k) for k in range(-device.tolerance - 1, device.tolerance + 2)}
    return next(f"{n:06d}" for n in range(123456, 1_000_000) if f"{n:06d}" not in accepted)


def wait_out_the_throttle(device: TOTPDevice) -> None:
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - dt.timedelta(hours=1))


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


# ---------------------------------------------------------------------------------------------------- sign-in


def test_sign_in_page_renders(client, db):
    response = client.get("/sign-in/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in body
    assert 'name="username"' in body and 'name="password"' in body
    assert "govuk-error-summary" not in body


def test_pages_send_anonymous_people_to_sign_in(client, db):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/account/"


def test_empty_sign_in_shows_the_error_summary(client, db):
    response = client.post("/sign-in/", {"username": "", "password": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "There is a problem" in body
    assert '<a href="#username">Enter your username</a>' in body
    assert '<a href="#password">Enter your password</a>' in body
    # Each message is also shown at its field.
    assert 'id="username-error"' in body and 'id="password-error"' in body
    assert "<title>Error: Sign in" in body


def test_a_post_with_no_fields_at_all_shows_the_errors(client, db):
    response = client.post("/sign-in/", {})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter your username" in body and "Enter your password" in body


def test_missing_password_is_the_only_error_when_a_username_is_given(client, user):
    response = client.post("/sign-in/", {"username": "jo.bloggs"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter your password" in body
    assert "Enter your username" not in body
    assert 'value="jo.bloggs"' in body  # what was typed is kept


@pytest.mark.parametrize("username", ["jo.bloggs", "nobody-by-that-name"])
def test_wrong_password_or_unknown_user_gets_one_clear_error(client, user, username):
    response = post_sign_in(client, username, "not the password at all")
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter a correct username and password" in body
    assert signed_in_user_id(client) is None


def test_right_password_signs_in_and_redirects(client, user):
    response = post_sign_in(client, "jo.bloggs", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == str(user.pk)


def test_sign_in_follows_a_local_next_but_not_another_site(client, user):
    response = post_sign_in(client, "jo.bloggs", TEST_PASSWORD, next="/account/")
    assert response["Location"] == "/account/"
    client.logout()
    response = post_sign_in(client, "jo.bloggs", TEST_PASSWORD, next="https://evil.example/steal")
    assert response["Location"] == "/"


def test_signed_in_user_visiting_sign_in_is_sent_on(client, user, signed_in):
    signed_in(client, user)
    response = client.get("/sign-in/")
    assert response.status_code == 302 and response["Location"] == "/"


# ---------------------------------------------------------------------------------------------------- lockout


def test_account_locks_after_the_failure_limit_even_for_the_right_password(client, user):
    assert settings.AXES_FAILURE_LIMIT == 5
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = post_sign_in(client, "jo.bloggs", f"wrong password {attempt}")
        assert response.status_code == 400
    # The failure that reaches the limit is the one that locks.
    response = post_sign_in(client, "jo.bloggs", "wrong password again")
    assert response.status_code == 429

    response = post_sign_in(client, "jo.bloggs", TEST_PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Your account is locked" in body
    assert "30 minutes" in body
    assert signed_in_user_id(client) is None


def test_lockout_is_by_account_not_by_address(client, user, make_user, agency):
    make_user("colleague", ["referrer"], agency)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        post_sign_in(client, "jo.bloggs", f"wrong password {attempt}")
    # Same office address, another person: not locked.
    response = post_sign_in(client, "colleague", TEST_PASSWORD)
    assert response.status_code == 302


def test_unlocking_lets_the_user_sign_in_again(client, user):
    from axes.utils import reset

    for attempt in range(settings.AXES_FAILURE_LIMIT):
        post_sign_in(client, "jo.bloggs", f"wrong password {attempt}")
    assert post_sign_in(client, "jo.bloggs", TEST_PASSWORD).status_code == 429
    reset(username="jo.bloggs")
    assert post_sign_in(client, "jo.bloggs", TEST_PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, user):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        post_sign_in(client, "jo.bloggs", f"wrong password {attempt}")
    assert post_sign_in(client, "jo.bloggs", TEST_PASSWORD).status_code == 302
    client.post("/sign-out/")
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_sign_in(client, "jo.bloggs", f"wrong password {attempt}").status_code == 400
    assert post_sign_in(client, "jo.bloggs", TEST_PASSWORD).status_code == 302


# ---------------------------------------------------------------------------------------------------- two-factor


def test_two_factor_is_required_in_tests_as_in_production():
    assert settings.MACP_REQUIRE_2FA is True


def test_user_without_a_device_is_sent_to_set_up_two_factor(client, user):
    post_sign_in(client, "jo.bloggs", TEST_PASSWORD)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/two-factor/set-up/?next=/"
    assert client.get("/account/")["Location"] == "/two-factor/set-up/?next=/account/"


def test_setting_up_two_factor_with_the_right_code(client, user):
    post_sign_in(client, "jo.bloggs", TEST_PASSWORD)
    page = client.get("/two-factor/set-up/?next=/account/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "QR code for your authenticator app" in body
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    # Reloading the page keeps the same secret rather than making another device.
    client.get("/two-factor/set-up/")
    assert TOTPDevice.objects.filter(user=user).count() == 1

    response = client.post("/two-factor/set-up/", {"token": code_for(device), "next": "/account/"})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert "Set up" in client.get("/account/").content.decode()


def test_setting_up_two_factor_with_a_wrong_code(client, user):
    post_sign_in(client, "jo.bloggs", TEST_PASSWORD)
    client.get("/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/two-factor/set-up/", {"token": wrong_code_for(device)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "That code is not right" in body
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/")["Location"].startswith("/two-factor/set-up/")

    wait_out_the_throttle(device)
    assert client.post("/two-factor/set-up/", {"token": code_for(device)}).status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("token, message", [("", "Enter the 6-digit code"), ("12ab56", "The code must be 6 digits")])
def test_two_factor_code_must_be_six_digits(client, user, token, message):
    post_sign_in(client, "jo.bloggs", TEST_PASSWORD)
    response = client.post("/two-factor/set-up/", {"token": token})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_user_with_a_device_is_asked_for_a_code(client, user):
    device = confirmed_device(user)
    post_sign_in(client, "jo.bloggs", TEST_PASSWORD)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/two-factor/?next=/"

    page = client.get("/two-factor/?next=/")
    assert page.status_code == 200
    assert "Enter your security code" in page.content.decode()

    wrong = client.post("/two-factor/", {"token": wrong_code_for(device), "next": "/"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/").status_code == 302

    # django-otp throttles after a wrong code (1s, then 2s, 4s, ...): even the right code is refused meanwhile,
    # and the page says why.
    throttled = client.post("/two-factor/", {"token": code_for(device), "next": "/"})
    assert throttled.status_code == 400
    assert "You have entered a wrong code too many times" in throttled.content.decode()

    wait_out_the_throttle(device)
    right = client.post("/two-factor/", {"token": code_for(device), "next": "/"})
    assert right.status_code == 302 and right["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_page_asked_for_survives_two_factor_query_string_and_all(client, user):
    device = confirmed_device(user)
    post_sign_in(client, "jo.bloggs", TEST_PASSWORD)
    response = client.get("/account/?a=1&b=2")
    assert response["Location"] == "/two-factor/?next=/account/%3Fa%3D1%26b%3D2"
    done = client.post(response["Location"], {"token": code_for(device), "next": "/account/?a=1&b=2"})
    assert done["Location"] == "/account/?a=1&b=2"


def test_a_used_code_cannot_be_used_again(client, user):
    device = confirmed_device(user)
    post_sign_in(client, "jo.bloggs", TEST_PASSWORD)
    code = code_for(device)
    assert client.post("/two-factor/", {"token": code}).status_code == 302
    client.post("/sign-out/")
    post_sign_in(client, "jo.bloggs", TEST_PASSWORD)
    assert client.post("/two-factor/", {"token": code}).status_code == 400


def test_the_password_alone_cannot_register_a_new_device_over_an_existing_one(client, user):
    """Someone with only the password must not get past two-factor by setting up their own authenticator."""
    confirmed_device(user)
    post_sign_in(client, "jo.bloggs", TEST_PASSWORD)
    response = client.get("/two-factor/set-up/")
    assert response.status_code == 302
    assert response["Location"].startswith("/two-factor/")
    assert not response["Location"].startswith("/two-factor/set-up/")
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_no_two_factor_redirect_when_the_setting_is_off(client, user):
    post_sign_in(client, "jo.bloggs", TEST_PASSWORD)
    with override_settings(MACP_REQUIRE_2FA=False):
        assert client.get("/").status_code == 200
    assert client.get("/").status_code == 302


# ---------------------------------------------------------------------------------------------------- idle expiry


def test_idle_expiry_settings():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_idle_minutes_come_from_the_environment():
    env = {
        **os.environ,
        "MACP_TESTING": "1",
        "SESSION_IDLE_MINUTES": "7",
        "DJANGO_SETTINGS_MODULE": "macp.config.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "420"


def _session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_each_request_pushes_the_idle_expiry_on(client, user, signed_in):
    signed_in(client, user)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=1)
    )
    assert client.get("/").status_code == 200
    left = _session_row(client).expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)


def test_an_idle_session_expires_and_the_next_request_goes_to_sign_in(client, user, signed_in):
    signed_in(client, user)
    assert client.get("/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/"


# ---------------------------------------------------------------------------------------------------- change password


def change_password(client, current, new, confirm=None):
    return client.post(
        "/account/password/",
        {"current_password": current, "new_password": new, "confirm_password": new if confirm is None else confirm},
    )


def test_change_password_page(client, user, signed_in):
    signed_in(client, user)
    assert client.get("/account/password/").status_code == 200


def test_change_password_with_the_wrong_current_password(client, user, signed_in):
    signed_in(client, user)
    response = change_password(client, "not my password", NEW_PASSWORD)
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Your current password is not right" in body
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_change_password_with_mismatched_new_passwords(client, user, signed_in):
    signed_in(client, user)
    response = change_password(client, TEST_PASSWORD, NEW_PASSWORD, confirm=NEW_PASSWORD + "x")
    assert response.status_code == 400
    assert "The two new passwords do not match" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


@pytest.mark.parametrize(
    "weak, message",
    [
        ("12345", "This password is too short"),
        ("password1234", "This password is too common"),
        ("829301746521", "This password is entirely numeric"),
        ("jo.bloggs-2026", "too similar to the username"),
    ],
)
def test_change_password_to_a_weak_password(client, user, signed_in, weak, message):
    signed_in(client, user)
    response = change_password(client, TEST_PASSWORD, weak)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and '<a href="#new_password">' in body
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_change_password_with_empty_fields(client, user, signed_in):
    signed_in(client, user)
    response = client.post("/account/password/", {})
    assert response.status_code == 400
    body = response.content.decode()
    for message in ("Enter your current password", "Enter a new password", "Enter the new password again"):
        assert message in body


def test_change_password_then_sign_in_with_the_new_one(client, user, signed_in):
    signed_in(client, user)
    response = change_password(client, TEST_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/account/"
    # Still signed in on this session.
    page = client.get("/account/")
    assert page.status_code == 200
    assert "Your password has been changed" in page.content.decode()

    client.post("/sign-out/")
    assert post_sign_in(client, "jo.bloggs", TEST_PASSWORD).status_code == 400
    assert post_sign_in(client, "jo.bloggs", NEW_PASSWORD).status_code == 302
    assert User.objects.get(pk=user.pk).password.startswith("argon2")


def test_changing_the_password_signs_out_other_sessions(client, user, signed_in):
    from django.test import Client

    other = signed_in(Client(), user)
    signed_in(client, user)
    change_password(client, TEST_PASSWORD, NEW_PASSWORD)
    assert other.get("/account/")["Location"].startswith("/sign-in/")


# ---------------------------------------------------------------------------------------------------- every role


@pytest.mark.parametrize("role", Role.values)
def test_each_role_can_sign_in(client, make_user, make_agency, role):
    agency = (
        None
        if role == Role.SYSTEM_ADMIN
        else make_agency("tst-agency", AgencyType.CHILDRENS_SOCIAL_CARE, la="testshire")
    )
    person = make_user(f"demo-{role}", [role], agency)
    device = confirmed_device(person)

    response = post_sign_in(client, f"demo-{role}", TEST_PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(person.pk)
    assert client.post("/two-factor/", {"token": code_for(device), "next": "/"})["Location"] == "/"
    home = client.get("/", follow=True)  # the analyst's home is the quality dashboard
    assert home.status_code == 200
    assert "Sign out" in home.content.decode()


# ---------------------------------------------------------------------------------------------------- passwords


def test_passwords_are_hashed_with_argon2(user):
    assert user.password.startswith("argon2$")
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_an_older_hash_is_upgraded_to_argon2_at_sign_in(client, user):
    User.objects.filter(pk=user.pk).update(password=make_password(TEST_PASSWORD, hasher="pbkdf2_sha256"))
    assert post_sign_in(client, "jo.bloggs", TEST_PASSWORD).status_code == 302
    assert User.objects.get(pk=user.pk).password.startswith("argon2$")


# ---------------------------------------------------------------------------------------------------- sign-out


def test_sign_out_is_post_only(client, user, signed_in):
    signed_in(client, user)
    response = client.get("/sign-out/")
    assert response.status_code == 405
    assert client.get("/").status_code == 200


def test_sign_out_ends_the_session(client, user, signed_in):
    signed_in(client, user)
    old_key = client.session.session_key
    response = client.post("/sign-out/")
    assert response.status_code == 302 and response["Location"] == "/sign-in/"
    assert not Session.objects.filter(session_key=old_key).exists()
    assert signed_in_user_id(client) is None
    page = client.get("/sign-in/")
    assert "You have signed out" in page.content.decode()
    assert client.get("/")["Location"] == "/sign-in/?next=/"


def test_api_tokens_stop_working_while_the_account_is_locked_out(client, user, api_client_for):
    from axes.utils import reset

    api = api_client_for(user)
    assert api.get("/api/v1/agencies").status_code == 200
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        post_sign_in(client, "jo.bloggs", f"wrong password {attempt}")
    assert api.get("/api/v1/agencies").status_code == 401  # the token would otherwise bypass the lock
    reset(username="jo.bloggs")
    assert api.get("/api/v1/agencies").status_code == 200
