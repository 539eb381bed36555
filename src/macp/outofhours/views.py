"""Pages for out-of-hours work: the EDT's record (started from the child's page), the day team's queue, a record as
the EDT wrote it, and the day team's acknowledgement by a named worker."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from macp.access.models import AccessEvent
from macp.access.services import AccessDenied, PersonNotFound, open_person
from macp.accounts.models import LocalAuthority
from macp.core.formats import is_under_18
from macp.outofhours import services
from macp.outofhours.forms import AcknowledgeForm, RecordForm
from macp.people.models import Person
from macp.people.services import household_ids
from macp.transfers.services import responsible_local_authority


def index(request):
    council = services.day_team_council(request.user)
    items = services.queue(request.user, status=request.GET.get("status") or None)[:200]
    for item in items:
        services.audit_children(request.user, item, route=request.get_full_path(), channel=AccessEvent.Channel.PAGE)
    return render(request, "outofhours/index.html", {"items": items, "council": council})


def _children_of_household(child: Person) -> list[Person]:
    people = Person.objects.filter(pk__in=household_ids(child.pk)).order_by("date_of_birth")
    return [p for p in people if p.pk == child.pk or is_under_18(p.date_of_birth, unborn=p.is_unborn)]


def new(request, person_id: str):
    if not request.user.has_role("edt_worker"):
        raise PermissionDenied("Out-of-hours records are made by the emergency duty team.")
    try:
        child = open_person(request.user, person_id, route=request.path).person
    except (PersonNotFound, AccessDenied):
        raise Http404("No such child that you can see") from None
    children = _children_of_household(child)
    form = RecordForm(
        request.POST if request.method == "POST" else None, children=children, initial={"children": [str(child.pk)]}
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        item = form.attempt(
            lambda: services.record(
                request.user,
                children=c["children"],
                local_authority=c["local_authority"],
                occurred_at=form.occurred_at(),
                summary=c["summary"],
                actions_taken=c["actions_taken"],
                follow_up=c["follow_up"],
                telephone_strategy=c["telephone_strategy"],
                route=request.path,
            )
        )
        if item:
            return redirect("outofhours:detail", record_id=item.pk)
    holder = responsible_local_authority(child)
    chosen = form["local_authority"].value() or (
        holder.code
        if holder
        else (request.user.agency.local_authority.code if request.user.agency.local_authority_id else "")
    )
    return render(
        request,
        "outofhours/new.html",
        {
            "form": form,
            "error_list": form.error_list(),
            "child": child,
            "children": children,
            "chosen_children": form["children"].value() or [str(child.pk)],
            "councils": LocalAuthority.objects.order_by("name"),
            "chosen_council": chosen,
        },
        status=400 if form.errors else 200,
    )


def _record(request, record_id: int):
    item = services.visible_records(request.user).filter(pk=record_id).first()
    if item is None:
        raise Http404("No out-of-hours record with that id that you can see")
    try:
        services.audit_children(request.user, item, route=request.path, channel=AccessEvent.Channel.PAGE)
    except services.NotAllowed as refused:
        raise PermissionDenied(str(refused)) from None
    return item


def _detail(request, item, form, status=200):
    council = services.day_team_council(request.user)
    return render(
        request,
        "outofhours/detail.html",
        {
            "item": item,
            "form": form,
            "error_list": form.error_list(),
            "can_acknowledge": council is not None
            and council.pk == item.local_authority_id
            and item.status == "awaiting",
        },
        status=status,
    )


def detail(request, record_id: int):
    return _detail(request, _record(request, record_id), AcknowledgeForm())


@require_POST
def acknowledge(request, record_id: int):
    item = _record(request, record_id)
    form = AcknowledgeForm(request.POST)
    if form.is_valid() and form.attempt(lambda: services.acknowledge(request.user, item, form.cleaned_data["note"])):
        return redirect("outofhours:detail", record_id=item.pk)
    return _detail(request, item, form, status=400)
