"""Pages that know no domain: health checks, error pages, the accessibility statement."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@login_not_required
@require_GET
def readyz(request):
    """Ready when the database answers and migrations have been applied."""
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # the database is unreachable
        return JsonResponse({"status": "unavailable", "reason": str(error)[:200]}, status=503)
    if pending:
        return JsonResponse({"status": "unavailable", "reason": f"{len(pending)} migrations not applied"}, status=503)
    return JsonResponse({"status": "ok"})


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.html")


@login_not_required
def privacy(request):
    return render(request, "core/privacy.html")


def _error(request, status: int, title: str, text: str, extra: dict | None = None):
    context = {"status": status, "title": title, "text": text, **(extra or {})}
    return render(request, "core/error.html", context, status=status)


@login_not_required
def bad_request(request, exception=None):
    return _error(
        request, 400, "Sorry, there is a problem with that request", "Check the address or the form and try again."
    )


@login_not_required
def permission_denied(request, exception=None):
    return _error(
        request,
        403,
        "You do not have access to this page",
        "Your role does not include this page. If you think it should, ask your system administrator.",
    )


@login_not_required
def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "No such API endpoint: see /api/v1/openapi.json.", "errors": []}, status=404)
    return _error(
        request,
        404,
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.",
    )


@login_not_required
def server_error(request):
    return _error(
        request,
        500,
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you entered has been lost if you saw a confirmation.",
    )
