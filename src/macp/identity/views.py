"""The identity review queue: doubtful pairs side by side, each field's contribution, a decision with a reason;
and separating a record from a person (unmerge). Reviewers are front-door staff; every pair they open is audited
as a read of both people."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from macp.access.models import AccessEvent, Basis
from macp.access.services import record_access
from macp.accounts.models import Role
from macp.accounts.permissions import role_required
from macp.identity import services
from macp.identity.models import LinkRun, ReviewItem
from macp.identity.relink import STAGE_NAMES
from macp.identity.tasks import run_linker
from macp.intake.models import SourceRecord
from macp.people.models import Person

REVIEWERS = (Role.FRONT_DOOR_PRACTITIONER, Role.FRONT_DOOR_MANAGER)


@role_required(*REVIEWERS)
def queue(request):
    page = Paginator(services.reviews_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "identity/queue.html", {"page": page})


# Not role_required: the refusal must be audited (services.may_review_* include the role check).
def review(request, item_id: int):
    item = get_object_or_404(
        ReviewItem.objects.select_related("record__agency", "candidate", "provisional_person"), pk=item_id
    )
    allowed = services.may_review_item(request.user, item)
    for person_id in (item.candidate_id, item.provisional_person_id):
        record_access(
            request.user,
            person_id,
            route=request.path,
            channel=AccessEvent.Channel.PAGE,
            basis=Basis.IDENTITY_REVIEW if allowed else Basis.DENIED,
            detail=f"identity review #{item.pk}",
        )
    if not allowed:
        raise PermissionDenied("Records to check are reviewed by the front door of the council whose people they are.")
    errors = {}
    if request.method == "POST" and item.status == ReviewItem.Status.PENDING:
        decision, reason = request.POST.get("decision"), request.POST.get("reason", "")
        try:
            if decision == "same":
                survivor = services.confirm(item, request.user, reason)
                messages.success(request, f"Linked: the record now belongs to {survivor.full_name}.")
                return redirect("identity:queue")
            if decision == "different":
                services.reject(item, request.user, reason)
                messages.success(request, "Recorded as different people. They will not be linked again.")
                return redirect("identity:queue")
            errors["decision"] = "Choose whether these are the same person"
        except services.ReviewError as error:
            errors["reason"] = str(error)
    candidate_records = services.source_records_for(item.candidate)
    weights = [c for c in item.explanation if c.get("field") != "guard"]
    guard = next((c["label"] for c in item.explanation if c.get("field") == "guard"), None)
    return render(
        request,
        "identity/review.html",
        {
            "item": item,
            "candidate_records": candidate_records,
            "weights": weights,
            "guard": guard,
            "errors": errors,
            "error_list": [{"text": text, "href": f"#{field}"} for field, text in errors.items()],
            "values": request.POST,
        },
        status=400 if errors else 200,
    )


# Not role_required: the refusal must be audited (services.may_review_* include the role check).
def separate(request, person_id: str, record_id: int):
    person = get_object_or_404(Person, pk=person_id)
    record = get_object_or_404(SourceRecord.objects.select_related("agency"), pk=record_id)
    allowed = services.may_review_person(request.user, person)
    record_access(
        request.user,
        person.pk,
        route=request.path,
        channel=AccessEvent.Channel.PAGE,
        basis=Basis.IDENTITY_REVIEW if allowed else Basis.DENIED,
        detail="separate a record",
    )
    if not allowed:
        raise PermissionDenied("Records are separated by the front door of the council whose people they are.")
    error = None
    if request.method == "POST":
        try:
            separated = services.unmerge(person, record, request.user, request.POST.get("reason", ""))
        except services.ReviewError as exc:
            error = str(exc)
        else:
            messages.success(request, f"The record {record.agency.code}/{record.source_id} is now a separate person.")
            return redirect("people:detail", person_id=separated.pk)
    return render(
        request,
        "identity/separate.html",
        {
            "person": person,
            "record": record,
            "error": error,
            "history": services.link_history(person),
            "error_list": [{"text": error, "href": "#reason"}] if error else [],
        },
        status=400 if error else 200,
    )


@role_required(*REVIEWERS)
def runs(request):
    if request.method == "POST":
        if LinkRun.objects.filter(status__in=[LinkRun.Status.QUEUED, LinkRun.Status.RUNNING]).exists():
            messages.success(request, "A run is already going: its progress is below.")
            return redirect(
                "identity:run",
                run_id=LinkRun.objects.filter(status__in=[LinkRun.Status.QUEUED, LinkRun.Status.RUNNING]).first().pk,
            )
        run = LinkRun.objects.create(started_by=request.user)
        run_linker.enqueue(run.pk)
        return redirect("identity:run", run_id=run.pk)
    return render(request, "identity/runs.html", {"runs": LinkRun.objects.select_related("started_by")[:20]})


@role_required(*REVIEWERS)
def run(request, run_id: int):
    run = get_object_or_404(LinkRun, pk=run_id)
    template = "identity/_run_progress.html" if request.headers.get("HX-Request") else "identity/run.html"
    return render(
        request,
        template,
        {"run": run, "stage_name": STAGE_NAMES.get(run.stage, "Starting"), "stages": list(STAGE_NAMES.items())},
    )
