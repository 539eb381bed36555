"""The API under /api/v1: each domain's router mounted here, bearer tokens, and the error shape of CONTRACTS.md §2."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from macp.accounts import api as accounts_api
from macp.accounts.services import user_for_token
from macp.chronology import api as chronology_api
from macp.concerns import api as concerns_api
from macp.core import limits
from macp.core.problems import InvalidInput
from macp.directory import api as directory_api
from macp.enquiries import api as enquiries_api
from macp.enquiries import conference_api
from macp.escalations import api as escalations_api
from macp.frameworks import api as frameworks_api
from macp.identity import api as identity_api
from macp.notifications import api as notifications_api
from macp.outofhours import api as outofhours_api
from macp.people import api as people_api
from macp.quality import api as quality_api
from macp.referrals import api as referrals_api
from macp.reviews import api as reviews_api
from macp.strategy import api as strategy_api
from macp.tools import api as tools_api
from macp.transfers import api as transfers_api


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        # An address that keeps sending bad tokens is refused for a while, valid token or not.
        if limits.over_limit(request, "api_bad_token", "ip", increment=False):
            raise limits.RateLimited("api_bad_token")
        user = user_for_token(token)
        if user is None:
            limits.over_limit(request, "api_bad_token", "ip")
            return None
        request.user = user
        if limits.over_limit(request, "api_token", "user"):
            raise limits.RateLimited("api_token")
        return user


# Every operation may answer these, in the contract's error shape (CONTRACTS.md §2); declared so clients and
# schemathesis know them.
ERROR_RESPONSES = {
    400: "Text that cannot be stored (NUL, lone surrogates) or a body nested too deep",
    401: "No valid bearer token (or the account is locked out)",
    403: "Your role or agency may not do this",
    404: "No such record, or none you may know exists",
    409: "The record is not in a state that allows this (for example, finalising with something missing)",
    422: "The body is not valid: see errors",
    429: "Too many requests: wait for the seconds in Retry-After",
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail", "errors"],
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"loc": {"type": "array", "items": {"type": "string"}}, "msg": {"type": "string"}},
            },
        },
    },
}


class MacpAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, text in ERROR_RESPONSES.items():
                    if status not in responses and str(status) not in responses:
                        responses[status] = {
                            "description": text,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        }
        return schema


api = MacpAPI(
    title="macp API",
    version="1",
    description="Multi-agency child protection: agency records in, people, referrals, strategy discussions.",
    auth=BearerToken(),
    urls_namespace="api",
)


def error_body(detail: str, errors: list[dict] | None = None) -> dict:
    return {"detail": detail, "errors": errors or []}


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = [
        {"loc": [str(part) for part in error.get("loc", [])], "msg": error.get("msg", "Invalid value")}
        for error in exc.errors
    ]
    return api.create_response(request, error_body("The request is not valid: see errors.", errors), status=422)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    response = api.create_response(
        request,
        error_body("Send a valid token: Authorization: Bearer <token> (make one with `macp api-token USERNAME`)."),
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(InvalidInput)
def on_invalid_input(request, exc: InvalidInput):
    """Services raise InvalidInput with every problem; the API answers with all of them."""
    return api.create_response(request, error_body(exc.detail, [p.as_dict() for p in exc.problems]), status=exc.status)


@api.exception_handler(limits.RateLimited)
def on_rate_limited(request, exc: limits.RateLimited):
    response = api.create_response(request, error_body(str(exc)), status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(PermissionError)
def on_not_allowed(request, exc: PermissionError):
    return api.create_response(request, error_body(str(exc)), status=403)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, error_body(str(exc) or "Not found."), status=404)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    errors = getattr(exc, "errors", None)
    return api.create_response(request, error_body(str(exc.message), errors), status=exc.status_code)


api.add_router("/agencies", accounts_api.router)
api.add_router("/people", people_api.router)
api.add_router("/people", concerns_api.router)
api.add_router("/source-records", identity_api.router)
api.add_router("/referrals", referrals_api.router)
api.add_router("/strategy-discussions", strategy_api.router)
api.add_router("/flags", notifications_api.router)
api.add_router("/people", chronology_api.router)
api.add_router("/enquiries", enquiries_api.router)
api.add_router("/enquiries", conference_api.enquiry_router)
api.add_router("/conferences", conference_api.router)
api.add_router("/people-search", enquiries_api.search_router)
api.add_router("/recording-check", tools_api.router)
api.add_router("/agency-roles", directory_api.router)
api.add_router("/practice-reviews", reviews_api.router)
api.add_router("/practice-review-actions", reviews_api.actions_router)
api.add_router("/people", tools_api.people_router)
api.add_router("/transfers", transfers_api.router)
api.add_router("/out-of-hours", outofhours_api.router)
api.add_router("/escalations", escalations_api.router)
api.add_router("/frameworks", frameworks_api.router)
api.add_router("/quality", quality_api.router)


def api_urls():
    """The API's URL patterns, marked so that the sign-in redirect never applies: the API answers 401 itself."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False
    return (patterns, app_name, namespace)
