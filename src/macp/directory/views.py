"""The directory's pages: every agency type's role, one type with its agencies, the administrators' change form,
and each agency's own page with the role of its type beside it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from macp.accounts.models import Agency
from macp.directory import services
from macp.directory.forms import EntryForm


def index(request):
    return render(
        request,
        "directory/index.html",
        {"entries": services.entries(), "can_maintain": services.may_maintain(request.user)},
    )


def _entry(agency_type: str):
    entry = services.entry_for(agency_type)
    if entry is None:
        raise Http404("No such agency type.")
    return entry


def entry(request, agency_type: str):
    found = _entry(agency_type)
    return render(
        request,
        "directory/entry.html",
        {
            "entry": found,
            "agencies": services.agencies_of_type(agency_type),
            "can_maintain": services.may_maintain(request.user),
        },
    )


def change(request, agency_type: str):
    if not services.may_maintain(request.user):
        raise PermissionDenied("Only system administrators maintain the directory.")
    found = _entry(agency_type)
    initial = {name: getattr(found, name) for name in services.FIELDS}
    form = EntryForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.attempt(lambda: services.save_entry(request.user, found, **form.cleaned_data)):
            messages.success(request, f"The entry for {found.get_agency_type_display()} has been saved.")
            return redirect("directory:entry", agency_type=agency_type)
    return render(
        request,
        "directory/change.html",
        {
            "form": form,
            "error_list": form.error_list(),
            "entry": found,
            "back": reverse("directory:entry", kwargs={"agency_type": agency_type}),
        },
        status=400 if form.errors else 200,
    )


def agency(request, code: str):
    found = get_object_or_404(Agency.objects.select_related("local_authority"), code=code)
    return render(
        request,
        "directory/agency.html",
        {
            "agency": found,
            "entry": services.entry_for(found.type),
            "teams": list(found.teams.all()),
            "can_administer": services.may_maintain(request.user),
        },
    )
