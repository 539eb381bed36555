"""Each agency's duty availability, from which meeting times are proposed (strategy.scheduling)."""

import datetime as dt

from django.utils import timezone

from macp.accounts.models import Agency, Role
from macp.core.problems import InvalidInput, Problem
from macp.core.working_days import LONDON, is_working_day
from macp.strategy.models import DutySlot


def add_duty_slot(
    user, agency_code: str, starts_at: dt.datetime | None, ends_at: dt.datetime | None, now: dt.datetime | None = None
) -> DutySlot:
    """An agency's duty time. Users keep their own agency's; a coordinator may enter any agency's (told by phone)."""
    agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
    if agency is not None and agency.pk != user.agency_id and not user.has_role(Role.STRATEGY_COORDINATOR):
        raise PermissionError("You keep your own agency's availability.")
    now = now or timezone.now()
    problems = []
    if agency is None:
        problems.append(Problem(["agency"], "Choose the agency"))
    if starts_at is None:
        problems.append(Problem(["starts_at"], "Enter the date and the time the duty starts"))
    if ends_at is None:
        problems.append(Problem(["ends_at"], "Enter the time the duty ends"))
    if starts_at and ends_at:
        if ends_at <= starts_at:
            problems.append(Problem(["ends_at"], "The end time must be after the start time"))
        elif ends_at <= now:
            problems.append(Problem(["starts_at"], "The duty time must be in the future"))
    if problems:
        raise InvalidInput("The duty time was not added.", problems)
    return DutySlot.objects.create(agency=agency, starts_at=starts_at, ends_at=ends_at, added_by=user)


def remove_duty_slot(slot: DutySlot, user) -> None:
    if slot.agency_id != user.agency_id and not user.has_role(Role.STRATEGY_COORDINATOR):
        raise PermissionError("You keep your own agency's availability.")
    slot.delete()


OFFICE_HOURS = (dt.time(9, 0), dt.time(17, 0))
ROTA_TYPES = ("childrens_social_care", "police", "community_health")  # the core agencies that decide a proposed time


def ensure_office_rota(agencies, today: dt.date, days: int = 28) -> int:
    """Office-hours duty (09:00–17:00, London, working days) for the next `days` days where an agency has none that
    day: so a demo region proposes meeting times out of the box. Returns how many slots were added."""
    made = []
    for agency in agencies:
        have = {
            timezone.localtime(s).date()
            for s in DutySlot.objects.filter(
                agency=agency, starts_at__date__gte=today - dt.timedelta(days=1)
            ).values_list("starts_at", flat=True)
        }
        for offset in range(days):
            day = today + dt.timedelta(days=offset)
            if is_working_day(day) and day not in have:
                made.append(
                    DutySlot(
                        agency=agency,
                        starts_at=dt.datetime.combine(day, OFFICE_HOURS[0], tzinfo=LONDON),
                        ends_at=dt.datetime.combine(day, OFFICE_HOURS[1], tzinfo=LONDON),
                    )
                )
    DutySlot.objects.bulk_create(made)
    return len(made)
