"""Hospital admission and discharge of a child known to children's social care (issue 11; seed 000 Bristol CSPR
and the issue's "a baby was discharged over a holiday with no one told").

An acute trust's `hospital_admission` or `hospital_discharge` event (CONTRACTS.md §3, sent like any other event;
for a discharge, `occurred_at` is the planned time) about a child who is the subject of a strategy discussion in
the last year or has an allocated social worker now tells the allocated social worker, health visitor or school
nurse and GP. A discharge planned for a weekend or bank holiday is flagged in advance to the day team of the
council that holds the case, so that the plan is in place before the office closes.

It runs when identity has rebuilt the picture of the people an agency's batch was about (identity's
picture_changed signal, see outofhours/signals.py), so both the API and file imports reach it.
"""

import datetime as dt

from django.utils import timezone

from macp.accounts.models import Agency, AgencyType
from macp.core.working_days import LONDON, is_working_day
from macp.notifications.models import RecordNotification
from macp.notifications.services import flag_agencies
from macp.people.models import Event, EventType, Involvement, InvolvementRole, Person
from macp.people.services import current
from macp.transfers.services import responsible_local_authority

HOSPITAL_EVENTS = (EventType.HOSPITAL_ADMISSION, EventType.HOSPITAL_DISCHARGE)
TOLD_ROLES = (
    InvolvementRole.ALLOCATED_SOCIAL_WORKER,
    InvolvementRole.HEALTH_VISITOR,
    InvolvementRole.SCHOOL_NURSE,
    InvolvementRole.REGISTERED_GP,
)
WINDOW_DAYS = 14  # events older than this arriving late in a batch are history, not news
STRATEGY_YEARS = 1


def is_known_child(person: Person, now: dt.datetime) -> bool:
    """The subject of a strategy discussion in the last year, or a child with an allocated social worker now (an
    open assessment, plan or enquiry is recorded with one)."""
    if person.strategy_discussions.filter(requested_at__gte=now - dt.timedelta(days=365 * STRATEGY_YEARS)).exists():
        return True
    return Involvement.objects.filter(current(), person=person, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER).exists()


def out_of_hours_discharge(event: Event) -> bool:
    return event.type == EventType.HOSPITAL_DISCHARGE and not is_working_day(
        event.occurred_at.astimezone(LONDON).date()
    )


def notify_hospital_events(person_ids, now: dt.datetime | None = None) -> list[RecordNotification]:
    now = now or timezone.now()
    events = (
        Event.objects.filter(
            type__in=HOSPITAL_EVENTS,
            agency__type=AgencyType.ACUTE_TRUST,
            persons__in=list(person_ids),
            occurred_at__gte=now - dt.timedelta(days=WINDOW_DAYS),
        )
        .distinct()
        .select_related("agency")
    )
    made = []
    for event in events:
        for child in event.persons.filter(pk__in=list(person_ids)):
            if not is_known_child(child, now):
                continue
            when = timezone.localtime(event.occurred_at)
            what = (
                "was admitted to"
                if event.type == EventType.HOSPITAL_ADMISSION
                else ("is due to be discharged from" if event.occurred_at > now else "was discharged from")
            )
            message = (
                f"{child.full_name} {what} {event.agency.name} ({when:%A %-d %B %Y at %H:%M}). {event.summary}".strip()
            )
            told = [
                i.agency
                for i in Involvement.objects.filter(current(), person=child, role__in=TOLD_ROLES).select_related(
                    "agency"
                )
            ]
            made += flag_agencies(child, told, RecordNotification.Kind.HOSPITAL, message, now=now, event=event)
            if out_of_hours_discharge(event) and event.occurred_at > now:
                made += flag_day_team(child, event, message, now)
    return made


def flag_day_team(child: Person, event: Event, message: str, now: dt.datetime) -> list[RecordNotification]:
    council = responsible_local_authority(child)
    if council is None:
        return []
    day_team = Agency.objects.filter(type=AgencyType.CHILDRENS_SOCIAL_CARE, local_authority=council, active=True)
    already = RecordNotification.objects.filter(
        kind=RecordNotification.Kind.HOSPITAL, event=event, person=child, agency__in=day_team
    ).values_list("agency_id", flat=True)
    # The allocated social worker's agency may have been told above (one flag per event): its flag gains the warning.
    weekend = (
        f"Planned discharge on a weekend or bank holiday: {message} Make sure a plan is agreed with the "
        "hospital and the emergency duty team before the office closes."
    )
    RecordNotification.objects.filter(
        kind=RecordNotification.Kind.HOSPITAL, event=event, person=child, agency_id__in=list(already)
    ).update(message=weekend)
    return flag_agencies(
        child,
        [a for a in day_team if a.pk not in set(already)],
        RecordNotification.Kind.HOSPITAL,
        weekend,
        now=now,
        event=event,
    )
