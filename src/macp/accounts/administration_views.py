"""The system administrator's pages: users, agencies, teams and roles (not the Django admin)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from macp.accounts import administration
from macp.accounts.administration_forms import AgencyForm, ChangeUserForm, NewUserForm, TeamForm
from macp.accounts.models import AdminEvent, Agency, Role, Team, User, UserRole
from macp.accounts.permissions import role_required
from macp.core.pagination import paginate

admin_only = role_required(Role.SYSTEM_ADMIN)


def _form_page(request, template: str, form, status_ok: int = 200, **context):
    return render(
        request,
        template,
        {"form": form, "error_list": form.error_list() if form.is_bound else [], **context},
        status=400 if form.is_bound and form.errors else status_ok,
    )


@admin_only
def home(request):
    return render(request, "accounts/administration/home.html", {"events": AdminEvent.objects.all()[:20]})


@admin_only
def users(request):
    query = request.GET.get("q", "").strip()
    found = User.objects.select_related("agency", "team").prefetch_related("roles").order_by("username")
    if query:
        found = found.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(agency__name__icontains=query)
        )
    page, pagination = paginate(found, request.GET, 50)
    return render(
        request, "accounts/administration/users.html", {"page": page, "pagination": pagination, "query": query}
    )


@admin_only
def new_user(request):
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = administration.do_create_user(
            request.user,
            **{
                k: form.cleaned_data[k]
                for k in ("username", "first_name", "last_name", "email", "agency", "team", "roles")
            },
        )
        messages.success(request, f"{user.username} has been created. They set a password through your usual route.")
        return redirect("administration:user", user_id=user.pk)
    return _form_page(request, "accounts/administration/user_form.html", form, new=True, **_choices())


@admin_only
def user(request, user_id: int):
    target = get_object_or_404(User, pk=user_id)
    initial = {
        "agency": target.agency.code if target.agency else "",
        "team": target.team_id,
        "roles": sorted(target.role_codes),
        "active": "yes" if target.is_active else "no",
    }
    form = ChangeUserForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if target == request.user and (
            not form.cleaned_data["active"] or Role.SYSTEM_ADMIN not in form.cleaned_data["roles"]
        ):
            form.add_error("roles", "You cannot remove your own administration role or deactivate yourself")
        else:
            administration.do_change_user(
                request.user,
                target,
                agency=form.cleaned_data["agency"],
                team=form.cleaned_data["team"],
                roles=form.cleaned_data["roles"],
                active=form.cleaned_data["active"],
            )
            messages.success(request, f"{target.username} has been changed.")
            return redirect("administration:user", user_id=target.pk)
    return _form_page(
        request,
        "accounts/administration/user_form.html",
        form,
        new=False,
        target=target,
        values=form.data if form.is_bound else initial,
        **_choices(),
    )


@admin_only
@require_POST
def reset_two_factor(request, user_id: int):
    target = get_object_or_404(User, pk=user_id)
    removed = administration.do_reset_two_factor(request.user, target)
    messages.success(
        request, f"Two-factor reset for {target.username} ({removed} device{'s' if removed != 1 else ''} removed)."
    )
    return redirect("administration:user", user_id=target.pk)


def _choices() -> dict:
    return {
        "agencies": Agency.objects.order_by("name"),
        "teams": Team.objects.select_related("agency"),
        "roles": Role.choices,
    }


@admin_only
def agencies(request):
    found = Agency.objects.select_related("local_authority").annotate(users_count=Count("users")).order_by("name")
    page, pagination = paginate(found, request.GET, 50)
    return render(request, "accounts/administration/agencies.html", {"page": page, "pagination": pagination})


@admin_only
def new_agency(request):
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency = administration.do_save_agency(request.user, Agency(**form.cleaned_data), list(form.cleaned_data))
        messages.success(request, f"{agency.name} has been added.")
        return redirect("administration:agency", code=agency.code)
    return _form_page(request, "accounts/administration/agency_form.html", form, agency=None)


@admin_only
def agency(request, code: str):
    instance = get_object_or_404(Agency, code=code)
    form = AgencyForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        for name in ("name", "type", "local_authority", "email", "active"):
            setattr(instance, name, form.cleaned_data[name])
        administration.do_save_agency(request.user, instance, form.changed_data)
        messages.success(request, f"{instance.name} has been changed.")
        return redirect("administration:agency", code=code)
    return _form_page(
        request,
        "accounts/administration/agency_form.html",
        form,
        agency=instance,
        teams=instance.teams.annotate(members_count=Count("members")),
        team_form=TeamForm(),
    )


@admin_only
@require_POST
def new_team(request, code: str):
    instance = get_object_or_404(Agency, code=code)
    form = TeamForm(request.POST)
    if form.is_valid() and instance.teams.filter(code=form.cleaned_data["code"]).exists():
        form.add_error("code", "This agency already has a team with this code")
    if form.is_valid():
        administration.do_create_team(request.user, instance, form.cleaned_data["code"], form.cleaned_data["name"])
        messages.success(request, f"Team {form.cleaned_data['name']} has been added.")
        return redirect("administration:agency", code=code)
    return render(
        request,
        "accounts/administration/agency_form.html",
        {
            "form": AgencyForm(instance=instance),
            "agency": instance,
            "team_form": form,
            "error_list": form.error_list(),
            "teams": instance.teams.annotate(members_count=Count("members")),
        },
        status=400,
    )


@admin_only
def roles(request):
    counts = dict(UserRole.objects.filter(user__is_active=True).values_list("role").annotate(n=Count("pk")))
    return render(
        request,
        "accounts/administration/roles.html",
        {"roles": [(code, label, counts.get(code, 0)) for code, label in Role.choices]},
    )
