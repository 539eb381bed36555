"""`macp create-user` and `macp api-token` (CONTRACTS.md §2)."""

import io
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from macp.accounts.models import AgencyType, User
from macp.accounts.services import user_for_token
from macp.cli import main as macp

STRONG = "a perfectly good passphrase 77"


@pytest.fixture
def agency(make_agency):
    return make_agency("tst-csc", AgencyType.CHILDRENS_SOCIAL_CARE, la="testshire")


def run(*args, stdin: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_user(agency):
    out = run(
        "create_user",
        "amy.lee",
        "--agency",
        "tst-csc",
        "--role",
        "social_worker",
        "--role",
        "chair",
        "--first-name",
        "Amy",
        "--last-name",
        "Lee",
        "--email",
        "amy@csc.test",
    )
    assert out.strip() == "Created amy.lee (chair, social_worker)"
    user = User.objects.get(username="amy.lee")
    assert user.agency == agency
    assert user.role_codes == {"social_worker", "chair"}
    assert (user.first_name, user.last_name, user.email) == ("Amy", "Lee", "amy@csc.test")
    assert not user.has_usable_password()


def test_create_a_system_admin_without_an_agency(db):
    run("create_user", "integration", "--role", "system_admin")
    assert User.objects.get(username="integration").agency is None


def test_password_from_stdin(agency, monkeypatch):
    run(
        "create_user",
        "amy.lee",
        "--agency",
        "tst-csc",
        "--role",
        "referrer",
        "--password-stdin",
        stdin=STRONG + "\n",
        monkeypatch=monkeypatch,
    )
    user = User.objects.get(username="amy.lee")
    assert user.check_password(STRONG)
    assert user.password.startswith("argon2$")


def test_password_from_stdin_keeps_spaces_but_not_the_newline(agency, monkeypatch):
    run(
        "create_user",
        "amy.lee",
        "--agency",
        "tst-csc",
        "--role",
        "referrer",
        "--password-stdin",
        stdin="  spaced out passphrase  \n",
        monkeypatch=monkeypatch,
    )
    assert User.objects.get(username="amy.lee").check_password("  spaced out passphrase  ")


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["--agency", "tst-csc", "--role", "wizard"], None, "argument --role: invalid choice: 'wizard'"),
        (["--agency", "tst-csc"], None, "the following arguments are required: --role"),
        (["--agency", "nowhere", "--role", "social_worker"], None, "No agency with code 'nowhere'."),
        (["--role", "social_worker"], None, "Give an agency (--agency CODE): only a system_admin may have none."),
        (
            ["--agency", "tst-csc", "--role", "referrer", "--password-stdin"],
            "",
            "No password was given on standard input.",
        ),
        (["--agency", "tst-csc", "--role", "referrer", "--password-stdin"], "short\n", "This password is too short."),
        (
            ["--agency", "tst-csc", "--role", "referrer", "--password-stdin"],
            "amy.lee.2026\n",
            "too similar to the username",
        ),
    ],
)
def test_create_user_errors_are_clear(agency, monkeypatch, args, stdin, message):
    with pytest.raises(CommandError) as error:
        run("create_user", "amy.lee", *args, stdin=stdin, monkeypatch=monkeypatch)
    assert message in str(error.value)
    assert not User.objects.filter(username="amy.lee").exists()


def test_the_unknown_role_error_lists_the_codes(agency):
    with pytest.raises(CommandError) as error:
        run("create_user", "amy.lee", "--agency", "tst-csc", "--role", "wizard")
    assert "front_door_practitioner" in str(error.value) and "system_admin" in str(error.value)


def test_duplicate_username(agency):
    run("create_user", "amy.lee", "--agency", "tst-csc", "--role", "referrer")
    with pytest.raises(CommandError, match="A user called 'AMY.LEE' already exists."):
        run("create_user", "AMY.LEE", "--agency", "tst-csc", "--role", "chair")


@pytest.mark.parametrize("spelt, name", [("create-user", "create_user"), ("api-token", "api_token")])
def test_the_macp_command_spells_them_with_a_hyphen(monkeypatch, spelt, name):
    # (run_from_argv closes the database connections, so the real thing cannot run inside a test transaction.)
    from django.core import management

    seen = []
    monkeypatch.setattr(management, "execute_from_command_line", seen.append)
    macp(["macp", spelt, "amy.lee", "--role", "referrer-with-hyphen"])
    assert seen == [["macp", name, "amy.lee", "--role", "referrer-with-hyphen"]]


def test_api_token_prints_the_token_and_nothing_else(agency, make_user):
    user = make_user("amy.lee", ["referrer"], agency)
    out = run("api_token", "amy.lee")
    token = out.strip()
    assert out == token + "\n"
    assert token.startswith("macp_") and " " not in token
    assert user_for_token(token) == user


def test_api_token_for_an_unknown_user(db):
    with pytest.raises(CommandError, match="No active user called 'ghost'."):
        run("api_token", "ghost")


def test_api_token_token_works_against_the_api(agency, make_user, client):
    make_user("amy.lee", ["referrer"], agency)
    token = run("api_token", "amy.lee").strip()
    response = client.get("/api/v1/agencies", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == [
        {"code": "tst-csc", "name": agency.name, "type": "childrens_social_care", "local_authority": "testshire"}
    ]
