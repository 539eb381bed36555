"""Refuse input no record can hold — NUL characters, lone UTF-16 surrogates, JSON nested beyond reason — before
any view sees it, with a clear 400, and audit the refusal (a probe is as much a security event as a refused read).

PostgreSQL cannot store NUL in text, and no database can encode a lone surrogate as UTF-8: left to the views, both
ended in a 500 (issue 14). The rules are in macp.core.text.
"""

import json

from django.core.exceptions import SuspiciousOperation
from django.http import JsonResponse

from macp.access.models import AccessEvent, Basis
from macp.access.services import record_access, storable
from macp.core.text import MAX_JSON_DEPTH, json_problems, unstorable


def request_problems(request) -> list[dict]:
    problems = []
    if why := unstorable(request.path):
        problems.append({"loc": ["path"], "msg": f"The address {why}"})
    for key, values in request.GET.lists():
        for value in [key, *values]:
            if why := unstorable(value):
                problems.append({"loc": ["query", key], "msg": f"The value {why}"})
    content_type = request.content_type or ""
    if request.method in ("POST", "PUT", "PATCH"):
        if content_type == "application/json" and request.body:
            try:
                problems += json_problems(json.loads(request.body))
            except RecursionError:
                problems.append({"loc": ["body"], "msg": f"Nested more than {MAX_JSON_DEPTH} levels deep"})
            except ValueError:
                pass  # not JSON at all: the API answers that itself
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key, values in request.POST.lists():
                for value in [key, *values]:
                    if why := unstorable(value):
                        problems.append({"loc": ["form", key], "msg": f"The value {why}"})
    return problems


class RefuseUnstorableInput:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problems = request_problems(request)
        if not problems:
            return self.get_response(request)
        api = request.path.startswith("/api/")
        user = request.user if getattr(request, "user", None) is not None and request.user.is_authenticated else None
        if user is None and api:
            from macp.accounts.services import user_for_token

            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        record_access(
            user,
            "",
            route=storable(f"{request.method} {request.path}"),
            channel=AccessEvent.Channel.API if api else AccessEvent.Channel.PAGE,
            basis=Basis.DENIED,
            detail=storable("refused input: " + "; ".join(f"{'/'.join(p['loc'])}: {p['msg']}" for p in problems)),
        )
        if api:
            for problem in problems:
                problem["loc"] = [storable(part) for part in problem["loc"]]
            return JsonResponse(
                {"detail": "The request has text that cannot be stored: see errors.", "errors": problems}, status=400
            )
        raise SuspiciousOperation("Refused input: " + "; ".join(p["msg"] for p in problems))
