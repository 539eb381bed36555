"""The directory's rules: the starting content as data, reading it, and administrators' changes."""

import tomllib
from pathlib import Path

from django.db import transaction

from macp.accounts.models import AdminEvent, Agency, AgencyType, Role
from macp.core.problems import InvalidInput, Problem
from macp.directory.models import AgencyRole

DATA = Path(__file__).with_name("data") / "agency_roles.toml"
FIELDS = ("role", "duties", "at_strategy_discussion", "contacts", "out_of_hours", "source")
REQUIRED = {"role": "Describe the agency's role", "duties": "List the agency's duties, one per line"}


class NotAllowed(PermissionError):
    pass


def starting_content() -> dict[str, dict]:
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


def ensure_entries() -> int:
    """Give every agency type with no entry its starting content (idempotent; administrators' changes are kept)."""
    have = set(AgencyRole.objects.values_list("agency_type", flat=True))
    missing = [code for code in AgencyType.values if code not in have]
    if not missing:
        return 0
    content = starting_content()
    made = 0
    for code in missing:
        entry = content.get(code)
        if entry:
            _, created = AgencyRole.objects.get_or_create(
                agency_type=code, defaults={name: entry.get(name, "").strip() for name in FIELDS}
            )
            made += created
    return made


def entries() -> list[AgencyRole]:
    """Every agency type's entry, in the order of accounts.AgencyType."""
    ensure_entries()
    found = {e.agency_type: e for e in AgencyRole.objects.all()}
    return [found[code] for code in AgencyType.values if code in found]


def entry_for(agency_type: str) -> AgencyRole | None:
    if agency_type not in AgencyType.values:
        return None
    ensure_entries()
    return AgencyRole.objects.filter(agency_type=agency_type).first()


def roles_by_type(types=None) -> dict[str, AgencyRole]:
    """{agency type: entry}, for pages that show the role beside an agency (strategy invitations)."""
    ensure_entries()
    found = AgencyRole.objects.all()
    if types is not None:
        found = found.filter(agency_type__in=list(types))
    return {e.agency_type: e for e in found}


def agencies_of_type(agency_type: str):
    return Agency.objects.filter(type=agency_type, active=True).select_related("local_authority").order_by("name")


def may_maintain(user) -> bool:
    return user.is_authenticated and user.has_role(Role.SYSTEM_ADMIN)


def check_save(user, values: dict) -> list[Problem]:
    if not may_maintain(user):
        raise NotAllowed("Only system administrators maintain the directory.")
    return [Problem([name], message) for name, message in REQUIRED.items() if not (values.get(name) or "").strip()]


@transaction.atomic
def save_entry(user, entry: AgencyRole, **values) -> AgencyRole:
    problems = check_save(user, values)
    if problems:
        raise InvalidInput("The entry could not be saved: see errors.", problems)
    changed = []
    for name in FIELDS:
        value = (values.get(name) or "").strip()
        if getattr(entry, name) != value:
            setattr(entry, name, value)
            changed.append(name)
    if changed:
        entry.updated_by = user
        entry.save()
        AdminEvent.objects.create(
            actor=user,
            actor_username=user.username,
            action="directory entry changed",
            target=entry.get_agency_type_display(),
            detail="Changed: " + ", ".join(changed),
        )
    return entry
