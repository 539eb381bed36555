"""Schemathesis over the whole OpenAPI document with a valid token: no request, however strange, is a server
error (issue #14 item 4). Bounded for CI: a few examples an operation; `make bench` can run it longer with
MACP_FUZZ_EXAMPLES."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from macp.accounts.models import ApiToken

EXAMPLES = int(os.environ.get("MACP_FUZZ_EXAMPLES", "8"))


@pytest.fixture
def api_schema(db):
    from macp.config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def token(db, make_agency, make_user):
    csc = make_agency("fuzz-csc", "childrens_social_care", "FUZ")
    user = make_user("fuzz", ["social_worker", "team_manager", "front_door_manager", "strategy_coordinator"], csc)
    return ApiToken.issue(user)


schema = schemathesis.pytest.from_fixture("api_schema")


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
    return settings
