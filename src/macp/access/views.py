"""Refused access with its two routes (ask for access, break glass) and the DPO's audit pages."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from macp.access import dpo, services
from macp.access.http import denied_response
from macp.access.models import AccessRequest, BreakGlass
from macp.accounts.models import Role
from macp.accounts.permissions import role_required
from macp.core.formats import parse_date
from macp.core.ids import is_uuid
from macp.people.models import Person

AUDIT_PAGE = 500
AUDIT_CSV_LIMIT = 50_000


def _get_person(person_id: str) -> Person:
    from django.core.exceptions import ValidationError

    try:
        return Person.objects.get(pk=person_id)
    except (Person.DoesNotExist, ValidationError, ValueError):
        raise Http404("No such person") from None


@require_POST
def break_glass(request, person_id: str):
    person = _get_person(person_id)
    try:
        services.break_glass(request.user, person, request.POST.get("break_glass_reason", ""))
    except ValueError as error:
        return denied_response(request, person, {"break_glass_reason": str(error)}, status=400)
    messages.success(request, "Break-glass access is on. The data protection officer will review it.")
    return redirect("people:detail", person_id=person.pk)


@require_POST
def request_access(request, person_id: str):
    person = _get_person(person_id)
    try:
        services.request_access(request.user, person, request.POST.get("request_reason", ""))
    except ValueError as error:
        return denied_response(request, person, {"request_reason": str(error)}, status=400)
    messages.success(request, "Your request for access has been sent to the data protection officer.")
    return redirect("people:index")


@role_required(Role.DPO)
def dpo_home(request):
    return render(
        request,
        "access/dpo_home.html",
        {
            "unreviewed": BreakGlass.objects.filter(reviewed_at__isnull=True).select_related(
                "user", "person", "user__agency"
            )[:100],
            "requests": AccessRequest.objects.filter(status=AccessRequest.Status.PENDING).select_related(
                "user", "person", "user__agency"
            )[:100],
        },
    )


def _dpo_filters(request) -> tuple[dict, dict]:
    """The filters of the audit pages (dates and outcome), and their errors."""
    values, errors = {}, {}
    for name in ("since", "until"):
        text = request.GET.get(name, "").strip()
        values[name] = parse_date(text) if text else None
        if text and values[name] is None:
            errors[name] = "Enter a real date, like 28/02/2026"
    values["outcome"] = request.GET.get("outcome", "")
    return values, errors


def _audit_page(request, template: str, events, context: dict, filename: str):
    filters, errors = _dpo_filters(request)
    events = dpo.filtered(events, **filters) if events is not None else None
    if events is not None and request.GET.get("format") == "csv" and not errors:
        response = HttpResponse(dpo.as_csv(events[:AUDIT_CSV_LIMIT]), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        template,
        {
            **context,
            "visits": dpo.visits(events[:AUDIT_PAGE]) if events is not None else [],
            "values": request.GET,
            "errors": errors,
            "error_list": [{"text": m, "href": f"#{f}"} for f, m in errors.items()],
            "csv_query": query.urlencode(),
            "searched": events is not None,
        },
        status=400 if errors else 200,
    )


@role_required(Role.DPO)
def dpo_person(request):
    """Who has looked at a person's record: the person found by name and/or date of birth (or their id)."""
    person_id = request.GET.get("person_id", "").strip()
    name = request.GET.get("name", "").strip()
    dob_text = request.GET.get("date_of_birth", "").strip()
    dob = parse_date(dob_text) if dob_text else None
    people = [] if person_id else dpo.find_people(name, dob)
    person = Person.objects.filter(pk=person_id).first() if person_id and is_uuid(person_id) else None
    context = {
        "person_id": person_id,
        "person": person,
        "people": people,
        "name": name,
        "date_of_birth": dob_text,
        "dob_error": "Enter a real date of birth, like 02/08/2019" if dob_text and dob is None else None,
    }
    events = services.reads_of_person(person_id) if person_id else None
    return _audit_page(request, "access/dpo_person.html", events, context, f"reads-of-{person_id}")


@role_required(Role.DPO)
def dpo_user(request):
    username = request.GET.get("username", "").strip()
    events = services.reads_by_user(username) if username else None
    return _audit_page(request, "access/dpo_user.html", events, {"username": username}, f"reads-by-{username}")


@role_required(Role.DPO)
def dpo_review_break_glass(request, glass_id: int):
    glass = get_object_or_404(BreakGlass.objects.select_related("user", "person"), pk=glass_id)
    error = None
    if request.method == "POST":
        try:
            services.review_break_glass(
                glass, request.user, request.POST.get("outcome", ""), request.POST.get("note", "")
            )
        except ValueError as exc:
            error = str(exc)
        else:
            messages.success(request, "Review recorded.")
            return redirect("access:dpo")
    reads = services.reads_of_person(glass.person_id).filter(
        username=glass.user.username, at__gte=glass.started_at, at__lte=glass.expires_at
    )
    return render(
        request,
        "access/dpo_review.html",
        {
            "glass": glass,
            "reads": reads,
            "error": error,
            "error_list": [{"text": error, "href": "#outcome"}] if error else [],
        },
        status=400 if error else 200,
    )


@role_required(Role.DPO)
def dpo_decide_request(request, request_id: int):
    access_request = get_object_or_404(AccessRequest.objects.select_related("user", "person"), pk=request_id)
    error = None
    if request.method == "POST":
        try:
            services.decide_access_request(
                access_request, request.user, request.POST.get("decision") == "grant", request.POST.get("note", "")
            )
        except ValueError as exc:
            error = str(exc)
        else:
            messages.success(request, "Decision recorded.")
            return redirect("access:dpo")
    return render(
        request,
        "access/dpo_request.html",
        {
            "access_request": access_request,
            "error": error,
            "error_list": [{"text": error, "href": "#decision"}] if error else [],
        },
        status=400 if error else 200,
    )
