"""Accounts: creating users with their roles, API tokens."""

import datetime as dt

from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from macp.accounts.models import AdminEvent, Agency, ApiToken, Role, User, UserRole


class AccountError(ValueError):
    pass


@transaction.atomic
def create_user(
    username: str,
    roles: list[str],
    agency_code: str | None = None,
    *,
    password: str | None = None,
    validate: bool = True,
    team=None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    job_title: str = "",
) -> User:
    """Make a user with roles. Only a system administrator may have no agency (CONTRACTS.md §2)."""
    username = (username or "").strip()
    if not username:
        raise AccountError("Enter a username.")
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"A user called {username!r} already exists.")
    unknown = sorted(set(roles) - set(Role.values))
    if unknown:
        raise AccountError(f"Unknown role {', '.join(unknown)}: use one of {', '.join(Role.values)}.")
    if not roles:
        raise AccountError("Give the user at least one role.")
    agency = None
    if agency_code:
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None:
            raise AccountError(f"No agency with code {agency_code!r}.")
    elif set(roles) != {Role.SYSTEM_ADMIN}:
        raise AccountError("Give an agency (--agency CODE): only a system_admin may have none.")
    user = User(
        username=username,
        agency=agency,
        team=team,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
        is_staff=Role.SYSTEM_ADMIN in roles,
    )
    if password:
        if validate:
            validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in dict.fromkeys(roles)])
    return user


def issue_api_token(username: str) -> str:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise AccountError(f"No active user called {username!r}.")
    return ApiToken.issue(user)


def is_locked_out(user: User) -> bool:
    """Locked out by django-axes after repeated failed sign-ins: a token must not outlive the lock it would bypass."""
    cool_off = timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    return AccessAttempt.objects.filter(
        username=user.username, failures_since_start__gte=get_failure_limit(None, None), attempt_time__gte=cool_off
    ).exists()


def user_for_token(token: str) -> User | None:
    if not token:
        return None
    record = (
        ApiToken.objects.select_related("user", "user__agency")
        .filter(
            digest=ApiToken.hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
        )
        .first()
    )
    if record is None or is_locked_out(record.user):
        return None
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.user


def revoke_api_token(token_id: int, by: User) -> ApiToken:
    """The owner revokes their own token; a system administrator any. Recorded as an AdminEvent either way."""
    record = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if record is None or (record.user_id != by.pk and not by.has_role(Role.SYSTEM_ADMIN)):
        raise PermissionError("You can only revoke your own API tokens.")
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.revoked_by = by.username
        record.save(update_fields=["revoked_at", "revoked_by"])
        AdminEvent.objects.create(
            actor=by,
            actor_username=by.username,
            action="api_token_revoked",
            target=record.user.username,
            detail=f"Token {record.prefix}… revoked",
        )
    return record
