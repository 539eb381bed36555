"""Writing a statutory return is an export of children's records: every child in it is audited (access), and the
run itself is an administrative event (who, which council, which period, how many children)."""

import getpass

from django.utils import timezone

from macp.access.models import AccessEvent, Basis
from macp.access.services import storable
from macp.accounts.models import AdminEvent


def operator_name(actor=None) -> str:
    if actor is not None:
        return actor.username
    try:
        return f"operator:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in some containers
        return "operator"


def audit_return(actor, *, action: str, target: str, detail: str, person_ids: list[str], route: str) -> None:
    """One AdminEvent for the run and one AccessEvent (channel export) per child in the return: the council's own
    records, exported for the statutory return."""
    now = timezone.now()
    username = operator_name(actor)
    AdminEvent.objects.create(
        actor=actor, actor_username=username, action=action, target=target[:200], detail=storable(detail)
    )
    agency_code = actor.agency.code if getattr(actor, "agency_id", None) else ""
    AccessEvent.objects.bulk_create(
        [
            AccessEvent(
                at=now,
                user=actor,
                username=username,
                agency_code=agency_code,
                person_id=person_id,
                route=route[:300],
                channel=AccessEvent.Channel.EXPORT,
                basis=Basis.OWN_RECORD,
                allowed=True,
                detail=f"Statutory return: {target}"[:300],
            )
            for person_id in person_ids
        ],
        batch_size=1000,
    )


def council_or_refuse(code: str):
    """The council by its short code or DfE code (Annex A does not need the DfE code)."""
    from macp.accounts.models import LocalAuthority
    from macp.casework.services import council_by_code
    from macp.returns.census import UnknownCouncil

    council = council_by_code(code)
    if council is None:
        known = ", ".join(sorted(LocalAuthority.objects.values_list("code", flat=True))) or "none"
        raise UnknownCouncil(f"No council with the code {code!r} (councils: {known}).")
    return council


RETURN_ROLES = ("partnership_analyst", "team_manager", "front_door_manager")


def council_of(user):
    """The council whose returns this user may download: analysts and managers of its children's social care."""
    from macp.accounts.models import AgencyType

    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.has_role(*RETURN_ROLES):
        return None
    agency = user.agency if user.agency_id else None
    if agency is None or agency.type != AgencyType.CHILDRENS_SOCIAL_CARE or agency.local_authority_id is None:
        return None
    return agency.local_authority
