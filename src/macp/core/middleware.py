"""The API's errors in the contract's JSON shape (CONTRACTS.md §2) in every setting, DEBUG included.

Django answers an unknown path with its debug page under DEBUG, and an unhandled exception with a traceback; an
agency's system reading /api/v1 gets JSON instead. Pages keep their HTML error pages (core.views).
"""

import logging

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import JsonResponse

log = logging.getLogger("macp.api")

API_PREFIX = "/api/"


def _json_error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": []}, status=status)


class ApiJsonErrors:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code in (404, 500)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            if response.status_code == 404:
                return _json_error("No such API endpoint: see /api/v1/openapi.json.", 404)
            return _json_error("Something went wrong on our side; it has been logged. Try again later.", 500)
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        log.exception("API error at %s %s", request.method, request.path)
        return _json_error("Something went wrong on our side; it has been logged. Try again later.", 500)


class PermissionsPolicy:
    """The Permissions-Policy header (Django has a setting for most security headers, not this one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PageCSPMiddleware(CSPMiddleware):
    """The Content-Security-Policy on pages and SVG only: on a PDF or DOCX download it stops Chromium's PDF viewer
    from opening the file, and protects nothing (no script runs in them)."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(("text/html", "image/svg+xml")):
            return response
        return super().process_response(request, response)
