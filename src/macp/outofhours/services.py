"""Out-of-hours (EDT) records and their handover to the day team (CONTRACTS.md §12; seed 000 Bristol CSPR: the
weekend death of Child A was handed from EDT to a day team who "started again").

The EDT records on one structured record (children, what happened, actions taken, follow-up needed, any strategy
discussion held by telephone); it goes to the responsible council's day-team queue, due at 09:00 London time on
the next working day, and a named worker acknowledges it. Unacknowledged at the due time, the team managers are
alerted (alert_overdue_handovers, for the scheduler).
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from macp.access import services as access
from macp.access.models import AccessEvent, Basis, GrantKind
from macp.access.services import basis_for, record_access
from macp.accounts.models import Agency, AgencyType, LocalAuthority, Role, User
from macp.core.problems import InvalidInput, Problem, refuse_if
from macp.core.working_days import LONDON, is_working_day
from macp.notifications.services import email
from macp.outofhours.models import OutOfHoursRecord
from macp.people.models import Person

DAY_TEAM_STARTS = dt.time(9, 0)
ASSIGNMENT_DAYS = 30  # long enough for the day team's follow-up; a later allocation gives lasting access
DAY_TEAM_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR_PRACTITIONER, Role.FRONT_DOOR_MANAGER)


class NotAllowed(PermissionError):
    pass


def handover_due(recorded_at: dt.datetime) -> dt.datetime:
    """09:00 Europe/London on the first working day whose 09:00 is after the record (weekends and England and Wales
    bank holidays skipped). A record made at 02:00 on a Tuesday is due at 09:00 that Tuesday; one made on Friday
    evening is due on Monday, or Tuesday after a bank holiday. The wall-clock time is 09:00 whatever the offset, so
    the clock changes move the UTC instant, not the day team's start."""
    local = recorded_at.astimezone(LONDON)
    day = local.date()
    while True:
        due = dt.datetime.combine(day, DAY_TEAM_STARTS, tzinfo=LONDON)
        if is_working_day(day) and due > local:
            return due.astimezone(dt.UTC)
        day += dt.timedelta(days=1)


def _is_edt(user) -> bool:
    return user.has_role(Role.EDT_WORKER) and bool(user.agency_id)


def day_team_council(user) -> LocalAuthority | None:
    agency = user.agency if user.agency_id else None
    if agency and agency.type == AgencyType.CHILDRENS_SOCIAL_CARE and user.has_role(*DAY_TEAM_ROLES):
        return agency.local_authority
    return None


def check_record(
    user,
    *,
    children: list[str],
    local_authority: str,
    occurred_at: dt.datetime | None,
    summary: str,
    actions_taken: str,
    follow_up: str,
    now: dt.datetime | None = None,
) -> tuple[list[Problem], dict]:
    if not _is_edt(user):
        raise NotAllowed("Out-of-hours records are made by the emergency duty team.")
    problems, found = [], {}
    council = LocalAuthority.objects.filter(code=local_authority or "").first()
    served = user.agency.local_authority_id
    if council is None:
        problems.append(Problem(["local_authority"], "Choose the council whose day team continues the work"))
    elif served and served != council.pk:
        problems.append(Problem(["local_authority"], "Your team does not cover that council"))
    found["council"] = council
    people = []
    if not children:
        problems.append(Problem(["children"], "Add at least one child"))
    for index, pid in enumerate(children or []):
        person = Person.objects.filter(pk=pid).first() if _uuid(pid) else None
        if person is None:
            problems.append(Problem(["children", index], "No child with that id"))
        else:
            people.append(person)
    found["children"] = people
    now = now or timezone.now()
    if occurred_at is None:
        problems.append(Problem(["occurred_at"], "Enter when it happened"))
    elif occurred_at > now + dt.timedelta(minutes=5):
        problems.append(Problem(["occurred_at"], "When it happened must be in the past"))
    for field, value, msg in (
        ("summary", summary, "Say what happened"),
        ("actions_taken", actions_taken, "Say what actions you took"),
        ("follow_up", follow_up, "Say what the day team needs to do"),
    ):
        if not (value or "").strip():
            problems.append(Problem([field], msg))
    return problems, found


def _uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def record(
    user,
    *,
    children,
    local_authority,
    occurred_at,
    summary,
    actions_taken,
    follow_up,
    telephone_strategy="",
    route: str = "",
    now: dt.datetime | None = None,
) -> OutOfHoursRecord:
    problems, found = check_record(
        user,
        children=children,
        local_authority=local_authority,
        occurred_at=occurred_at,
        summary=summary,
        actions_taken=actions_taken,
        follow_up=follow_up,
        now=now,
    )
    refuse_if(problems, "The out-of-hours record could not be saved: see errors.")
    return do_record(
        user,
        found["children"],
        found["council"],
        occurred_at,
        summary.strip(),
        actions_taken.strip(),
        follow_up.strip(),
        (telephone_strategy or "").strip(),
        route=route,
        now=now,
    )


@transaction.atomic
def do_record(
    user, children, council, occurred_at, summary, actions_taken, follow_up, telephone_strategy="", route="", now=None
) -> OutOfHoursRecord:
    now = now or timezone.now()
    item = OutOfHoursRecord.objects.create(
        local_authority=council,
        occurred_at=occurred_at,
        summary=summary,
        actions_taken=actions_taken,
        follow_up=follow_up,
        telephone_strategy=telephone_strategy,
        recorded_by=user,
        recorded_by_agency=user.agency,
        recorded_at=now,
        handover_due=handover_due(now),
    )
    item.children.set(children)
    # The day team that continues the work and the EDT that wrote it may open the children's records (need to know).
    holders = list(Agency.objects.filter(type=AgencyType.CHILDRENS_SOCIAL_CARE, local_authority=council)) + [
        user.agency
    ]
    for child in children:
        record_access(
            user,
            child.pk,
            route=route or "outofhours:record",
            channel=AccessEvent.Channel.API,
            basis=basis_for(user, child)[0],
            detail=f"out-of-hours duty: wrote {item.reference}",
        )
    for agency in holders:
        access.grant_access(
            children,
            kind=GrantKind.OUT_OF_HOURS,
            source=item,
            agency=agency,
            granted_by=user,
            starts_at=now,
            ends_at=now + dt.timedelta(days=ASSIGNMENT_DAYS),
            reason=f"Out-of-hours handover {item.reference}",
        )
    return item


def visible_records(user):
    """The day team of the council (children's social care) and the EDT that wrote them."""
    if not user.is_authenticated or not user.agency_id:
        return OutOfHoursRecord.objects.none()
    council = day_team_council(user)
    mine = Q(recorded_by_agency_id=user.agency_id) if _is_edt(user) else Q(pk__in=[])
    if council is not None:
        mine |= Q(local_authority=council)
    return OutOfHoursRecord.objects.filter(mine).select_related("local_authority", "recorded_by", "acknowledged_by")


def queue(user, local_authority: str | None = None, status: str | None = None):
    records = visible_records(user)
    if local_authority:
        records = records.filter(local_authority__code=local_authority)
    if status:
        records = records.filter(status=status)
    return records.prefetch_related("children")


def audit_children(user, item: OutOfHoursRecord, *, route: str, channel: str) -> None:
    """Reading a handover reads the children named in it: each read is checked and audited with its basis."""
    for child in item.children.all():
        basis, _ = basis_for(user, child)
        record_access(
            user, child.pk, route=route, channel=channel, basis=basis, detail=f"out-of-hours record {item.reference}"
        )
        if basis == Basis.DENIED:
            raise NotAllowed("You have no need-to-know basis for a child named in this record.")


def check_acknowledge(user, item: OutOfHoursRecord, note: str) -> list[Problem]:
    council = day_team_council(user)
    if council is None or council.pk != item.local_authority_id:
        raise NotAllowed("Only the council's day team can acknowledge its handovers.")
    problems = []
    if item.status != OutOfHoursRecord.Status.AWAITING:
        problems.append(Problem(["status"], "This handover has already been acknowledged"))
    if not (note or "").strip():
        problems.append(Problem(["note"], "Say what the day team is doing next"))
    return problems


def acknowledge(user, item: OutOfHoursRecord, note: str, now: dt.datetime | None = None) -> OutOfHoursRecord:
    problems = check_acknowledge(user, item, note)
    refuse_if(
        problems,
        "The handover could not be acknowledged: see errors.",
        conflict=item.status != OutOfHoursRecord.Status.AWAITING,
    )
    return do_acknowledge(user, item, note.strip(), now=now)


@transaction.atomic
def do_acknowledge(user, item, note, now=None) -> OutOfHoursRecord:
    now = now or timezone.now()
    if not OutOfHoursRecord.objects.filter(pk=item.pk, status=OutOfHoursRecord.Status.AWAITING).update(
        status=OutOfHoursRecord.Status.ACKNOWLEDGED,
        acknowledged_by=user,
        acknowledged_at=now,
        acknowledgement_note=note,
    ):
        raise InvalidInput(
            "Already acknowledged.", [Problem(["status"], "This handover has already been acknowledged")], status=409
        )
    item.refresh_from_db()
    return item


def team_managers(council: LocalAuthority):
    return User.objects.filter(
        is_active=True,
        agency__local_authority=council,
        agency__type=AgencyType.CHILDRENS_SOCIAL_CARE,
        roles__role=Role.TEAM_MANAGER,
    ).distinct()


def alert_overdue_handovers(now: dt.datetime | None = None) -> list[OutOfHoursRecord]:
    """For the scheduler: a handover still awaiting at its due time alerts the council's team managers, once."""
    now = now or timezone.now()
    alerted = []
    due = OutOfHoursRecord.objects.filter(
        status=OutOfHoursRecord.Status.AWAITING, handover_due__lte=now, manager_alerted_at__isnull=True
    ).select_related("local_authority")
    for item in due:
        with transaction.atomic():
            if not OutOfHoursRecord.objects.filter(pk=item.pk, manager_alerted_at__isnull=True).update(
                manager_alerted_at=now
            ):
                continue
            ref = item.reference
            body = (
                f"The out-of-hours record {ref} was due with the day team at "
                f"{timezone.localtime(item.handover_due):%H:%M on %-d %B %Y} and no one has acknowledged it. "
                "Sign in to macp to allocate it."
            )
            for manager in team_managers(item.local_authority):
                transaction.on_commit(
                    lambda to=manager.email, ref=ref, body=body: email(
                        to, f"{ref}: out-of-hours handover not yet picked up", body, kind="edt_handover", reference=ref
                    )
                )
            alerted.append(item)
    return alerted


def chronology_entries(person: Person) -> list[dict]:
    """Each out-of-hours record about the child, as the EDT wrote it, for the child's chronology."""
    out = []
    for item in person.out_of_hours_records.select_related("recorded_by_agency", "recorded_by"):
        text = f"{item.reference} (out of hours): {item.summary} Actions taken: {item.actions_taken} Follow-up: {item.follow_up}"
        if item.telephone_strategy:
            text += f" Strategy discussion by telephone: {item.telephone_strategy}"
        out.append(
            {
                "id": f"edt-{item.pk}",
                "occurred_at": item.occurred_at,
                "source": item.recorded_by_agency.code,
                "type": "out_of_hours",
                "significance": "high",
                "summary": text,
                "recorded_by": str(item.recorded_by),
                "status": "confirmed",
            }
        )
    return out
