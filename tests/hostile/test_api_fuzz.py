"""Schemathesis over the whole OpenAPI document with a valid token: no request, however strange, is a server
error (issue #14 item 4). Bounded for CI: a few examples an operation; `make bench` can run it longer with
MACP_FUZZ_EXAMPLES."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from macp.accounts.models import ApiToken
from macp.api import api
from macp.config.wsgi import application

EXAMPLES = int(os.environ.get("MACP_FUZZ_EXAMPLES", "5"))


@pytest.fixture
def token(db, make_agency, make_user):
    csc = make_agency("fuzz-csc", "childrens_social_care", "FUZ")
    user = make_user("fuzz", ["social_worker", "team_manager", "front_door_manager", "strategy_coordinator"], csc)
    return ApiToken.issue(user)


# pytest-django has set Django up before modules are collected; the schema is read through the app itself.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
@pytest.mark.django_db(transaction=False)
def test_no_request_is_a_server_error(case, token, settings_for_fuzz):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=[not_a_server_error])


@pytest.fixture
def settings_for_fuzz(settings):
    # The fuzzer sends hundreds of requests with one token: rate limits are tested on their own (tests/core).
    settings.RATELIMIT_ENABLE = False
    # Requests go straight to the WSGI app, not through Django's test Client, so keep the test's database
    # connection open across them as the Client does (on PostgreSQL it would otherwise close after the first).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield settings
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_fuzzer_reaches_the_api_itself():
    """A guard on the test above: its operations are the API's own paths, not pages that would 404 harmlessly."""
    paths = {operation.path for operation in (result.ok() for result in schema.get_all_operations())}
    assert "/api/v1/referrals" in paths and len(paths) >= 30
