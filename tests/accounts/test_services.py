"""accounts.services: creating users, issuing and checking API tokens."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from macp.accounts.models import AgencyType, ApiToken, Role, User
from macp.accounts.services import AccountError, create_user, issue_api_token, user_for_token

STRONG = "a perfectly good passphrase 77"


@pytest.fixture
def agency(make_agency):
    return make_agency("tst-police", AgencyType.POLICE, name="Testshire Police")


def test_create_user_with_agency_and_roles(agency):
    user = create_user(
        "dc.jones",
        ["police_investigator", "partner_attendee"],
        "tst-police",
        password=STRONG,
        first_name="Dana",
        last_name="Jones",
        email="dana.jones@police.test",
    )
    user = User.objects.get(pk=user.pk)
    assert user.agency == agency
    assert user.role_codes == {"police_investigator", "partner_attendee"}
    assert user.has_role("police_investigator") and not user.has_role("dpo")
    assert (user.display_name, user.email) == ("Dana Jones", "dana.jones@police.test")
    assert user.check_password(STRONG)
    assert user.password.startswith("argon2$")
    assert not user.is_staff


def test_system_admin_needs_no_agency_and_gets_the_admin_site(db):
    user = create_user("integration", ["system_admin"])
    assert user.agency is None
    assert user.is_staff
    assert user.role_codes == {"system_admin"}


def test_without_a_password_the_user_cannot_sign_in_with_one(agency):
    user = create_user("no.password", ["referrer"], "tst-police")
    assert not user.has_usable_password()


def test_repeated_roles_are_stored_once(agency):
    user = create_user("twice", ["chair", "chair"], "tst-police")
    assert list(user.roles.values_list("role", flat=True)) == ["chair"]


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        (("x", ["wizard"], "tst-police"), {}, "Unknown role wizard: use one of referrer,"),
        (("x", ["chair", "wizard", "elf"]), {}, "Unknown role elf, wizard"),
        (("x", ["social_worker"], "no-such-agency"), {}, "No agency with code 'no-such-agency'."),
        (("x", ["social_worker"]), {}, "Give an agency (--agency CODE): only a system_admin may have none."),
        (("x", ["system_admin", "dpo"]), {}, "only a system_admin may have none"),
        (("x", []), {}, "Give the user at least one role."),
        (("  ", ["chair"], "tst-police"), {}, "Enter a username."),
    ],
)
def test_create_user_refuses_bad_input_with_a_clear_message(agency, args, kwargs, message):
    with pytest.raises(AccountError) as error:
        create_user(*args, **kwargs)
    assert message in str(error.value)
    assert not User.objects.exists()


def test_duplicate_username_is_refused_whatever_its_case(agency):
    create_user("sam.taylor", ["referrer"], "tst-police")
    with pytest.raises(AccountError, match="A user called 'Sam.Taylor' already exists."):
        create_user("Sam.Taylor", ["chair"], "tst-police")
    assert User.objects.count() == 1


def test_weak_password_is_refused_and_nothing_is_made(agency):
    with pytest.raises(ValidationError) as error:
        create_user("weak", ["referrer"], "tst-police", password="short")
    assert any("too short" in m for m in error.value.messages)
    assert not User.objects.exists()


def test_validation_may_be_skipped_for_fixtures(agency):
    user = create_user("weak", ["referrer"], "tst-police", password="short", validate=False)
    assert user.check_password("short")


def test_issue_and_use_an_api_token(agency):
    user = create_user("api.user", ["referrer"], "tst-police")
    token = issue_api_token("api.user")
    assert token.startswith("macp_") and len(token) > 40
    assert user_for_token(token) == user
    record = ApiToken.objects.get(user=user)
    assert record.digest == ApiToken.hash(token) and token not in record.digest  # only the hash is kept
    assert record.last_used_at is not None
    # Each call makes a new token; both work.
    second = issue_api_token("api.user")
    assert second != token and user_for_token(second) == user


@pytest.mark.parametrize("token", ["", "macp_not-a-real-token", None])
def test_unknown_tokens_give_no_user(db, token):
    assert user_for_token(token) is None


def test_revoked_token_and_deactivated_user_give_no_user(agency):
    user = create_user("api.user", ["referrer"], "tst-police")
    revoked = issue_api_token("api.user")
    ApiToken.objects.filter(user=user).update(revoked_at=timezone.now())
    assert user_for_token(revoked) is None

    live = issue_api_token("api.user")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert user_for_token(live) is None


def test_tokens_only_for_active_users_that_exist(agency):
    with pytest.raises(AccountError, match="No active user called 'ghost'."):
        issue_api_token("ghost")
    create_user("gone", ["referrer"], "tst-police")
    User.objects.filter(username="gone").update(is_active=False)
    with pytest.raises(AccountError, match="No active user called 'gone'."):
        issue_api_token("gone")


def test_every_role_code_in_the_contract_exists():
    assert set(Role.values) == {
        "referrer",
        "front_door_practitioner",
        "front_door_manager",
        "team_manager",
        "strategy_coordinator",
        "chair",
        "minute_taker",
        "partner_attendee",
        "social_worker",
        "police_investigator",
        "edt_worker",
        "partnership_analyst",
        "dpo",
        "system_admin",
    }
