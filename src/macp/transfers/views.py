"""Pages for transfers: propose from the child's page, the councils' list, a transfer with the whole picture and
its history, and accepting (with the date) or declining (with the reason)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from macp.access.models import AccessEvent
from macp.access.services import (
    AccessDenied,
    PersonNotFound,
    basis_for,
    open_person,
    record_access,
)
from macp.accounts.models import AgencyType, LocalAuthority, Team
from macp.transfers import services
from macp.transfers.forms import AcceptForm, DeclineForm, ProposeForm


def index(request):
    return render(request, "transfers/index.html", {"transfers": services.visible_transfers(request.user)[:200]})


def propose(request, person_id: str):
    try:
        child = open_person(request.user, person_id, route=request.path).person
    except (PersonNotFound, AccessDenied):
        raise Http404("No such child that you can see") from None
    form = ProposeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        transfer = form.attempt(
            lambda: services.propose(
                request.user,
                child_id=str(child.pk),
                to_local_authority=c["to_local_authority"],
                kind=c["kind"],
                reason=c["reason"],
                to_team=c["to_team"],
                route=request.path,
            )
        )
        if transfer:
            return redirect("transfers:detail", transfer_id=transfer.pk)
    council = request.user.agency.local_authority if request.user.agency_id else None
    return render(
        request,
        "transfers/propose.html",
        {
            "form": form,
            "error_list": form.error_list(),
            "child": child,
            "councils": LocalAuthority.objects.order_by("name"),
            "teams": Team.objects.filter(agency__local_authority=council, agency__type=AgencyType.CHILDRENS_SOCIAL_CARE)
            if council
            else [],
        },
        status=400 if form.errors else 200,
    )


def _transfer(request, transfer_id: int):
    transfer = services.visible_transfers(request.user).filter(pk=transfer_id).first()
    if transfer is None:
        raise Http404("No transfer with that id that you can see")
    record_access(
        request.user,
        transfer.child_id,
        route=request.path,
        channel=AccessEvent.Channel.PAGE,
        basis=basis_for(request.user, transfer.child)[0],
        detail=f"transfer {transfer.reference}",
    )
    return transfer


def _detail(request, transfer, accept_form=None, decline_form=None, status=200):
    forms = [f for f in (accept_form, decline_form) if f is not None and f.errors]
    return render(
        request,
        "transfers/detail.html",
        {
            "t": transfer,
            "accept_form": accept_form or AcceptForm(),
            "decline_form": decline_form or DeclineForm(),
            "error_list": forms[0].error_list() if forms else [],
            "form": forms[0] if forms else None,
            "picture": services.picture_for(transfer),
            "steps": transfer.steps.select_related("by_agency"),
            "can_decide": services.can_decide(request.user, transfer) and transfer.status == "proposed",
        },
        status=status,
    )


def detail(request, transfer_id: int):
    return _detail(request, _transfer(request, transfer_id))


def _decide(request, transfer_id: int, form_class, action):
    transfer = _transfer(request, transfer_id)
    form = form_class(request.POST)
    if form.is_valid() and form.attempt(lambda: action(transfer, form.cleaned_data)):
        return redirect("transfers:detail", transfer_id=transfer.pk)
    key = "accept_form" if form_class is AcceptForm else "decline_form"
    return _detail(request, transfer, status=400, **{key: form})


@require_POST
def accept(request, transfer_id: int):
    return _decide(
        request, transfer_id, AcceptForm, lambda t, c: services.accept(request.user, t, c["responsibility_from"])
    )


@require_POST
def decline(request, transfer_id: int):
    return _decide(request, transfer_id, DeclineForm, lambda t, c: services.decline(request.user, t, c["reason"]))
