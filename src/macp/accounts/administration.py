"""System administration of users, agencies, teams and roles: checks (check_*) apart from writes (do_*), every
write recorded as an AdminEvent. Guarded by the system_admin role in the views."""

from django.db import transaction
from django.utils import timezone

from macp.accounts.models import AdminEvent, Agency, Role, Team, User, UserRole
from macp.accounts.services import create_user


def record(actor, action: str, target: str, detail: str = "") -> AdminEvent:
    return AdminEvent.objects.create(
        actor=actor, actor_username=actor.username, action=action, target=target[:200], detail=detail
    )


def check_roles(roles: list[str], agency: Agency | None) -> list[str]:
    problems = []
    if not roles:
        problems.append("Choose at least one role")
    if agency is None and set(roles) - {Role.SYSTEM_ADMIN}:
        problems.append("Choose an agency: only a system administrator may have none")
    return problems


@transaction.atomic
def do_create_user(
    actor,
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    agency: Agency | None,
    team: Team | None,
    roles: list[str],
) -> User:
    user = create_user(
        username,
        roles,
        agency.code if agency else None,
        team=team,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    record(
        actor, "user created", username, f"roles {', '.join(sorted(roles))}; agency {agency.code if agency else 'none'}"
    )
    return user


@transaction.atomic
def do_change_user(
    actor, user: User, *, agency: Agency | None, team: Team | None, roles: list[str], active: bool
) -> User:
    before = f"roles {', '.join(sorted(user.role_codes))}; agency {user.agency.code if user.agency else 'none'}; active {user.is_active}"
    user.agency, user.team, user.is_active, user.is_staff = agency, team, active, Role.SYSTEM_ADMIN in roles
    user.save(update_fields=["agency", "team", "is_active", "is_staff"])
    UserRole.objects.filter(user=user).exclude(role__in=roles).delete()
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles if r not in user.role_codes])
    user._role_codes = None
    after = f"roles {', '.join(sorted(roles))}; agency {agency.code if agency else 'none'}; active {active}"
    record(actor, "user changed", user.username, f"{before} -> {after}")
    return user


@transaction.atomic
def do_reset_two_factor(actor, user: User) -> int:
    """Remove the user's authenticator devices: they set up a new one at their next sign-in."""
    from django_otp import devices_for_user

    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    record(actor, "two-factor reset", user.username, f"{removed} device(s) removed at {timezone.now():%Y-%m-%d %H:%M}")
    return removed


@transaction.atomic
def do_save_agency(actor, agency: Agency, changed: list[str]) -> Agency:
    created = agency.pk is None
    agency.save()
    record(actor, "agency created" if created else "agency changed", agency.code, ", ".join(changed))
    return agency


@transaction.atomic
def do_create_team(actor, agency: Agency, code: str, name: str) -> Team:
    team = Team.objects.create(agency=agency, code=code, name=name)
    record(actor, "team created", f"{agency.code}/{code}", name)
    return team
