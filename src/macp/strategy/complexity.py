"""The complexity route: when the standard agenda is not enough (Bristol CSPR 2024 recommendation g and §3.3.9:
a child's death, many children, several households, a weekend handover)."""

import datetime as dt

from django.utils import timezone

from macp.people.models import Event, HouseholdMember
from macp.people.services import current

MANY_CHILDREN = 3
RECENT_DAYS = 30


def assess(discussion) -> dict:
    children = list(discussion.children.all())
    reasons = []
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    events = Event.objects.filter(persons__in=children)
    if events.filter(type="death").exists():
        reasons.append("A child has died")
    injured = events.filter(type="injury", occurred_at__gte=since).values_list("persons", flat=True)
    admitted = set(events.filter(type="hospital_attendance", occurred_at__gte=since).values_list("persons", flat=True))
    if set(injured) & admitted:
        reasons.append("A child has been injured and taken to hospital")
    if len(children) >= MANY_CHILDREN:
        reasons.append(f"{len(children)} children")
    now = HouseholdMember.objects.filter(current(), person__in=children).select_related("household")
    if len({m.household_id for m in now}) > 1:
        reasons.append("The children live in more than one household")
    councils_now = {m.household.local_authority_id for m in now if m.household.local_authority_id}
    year_ago = timezone.localdate() - dt.timedelta(days=365)
    before = HouseholdMember.objects.filter(person__in=children, end__gte=year_ago, household__local_authority__isnull=False)
    councils_before = set(before.values_list("household__local_authority_id", flat=True))
    if len(councils_now) > 1 or (councils_before - councils_now and councils_now):
        reasons.append("A move between council areas")
    if discussion.out_of_hours:
        reasons.append("The concern arose out of hours: a handover from the emergency duty team")
    if discussion.organised_abuse_indicators:
        reasons.append("Indicators of organised or complex abuse")
    return {"complex": bool(reasons), "reasons": reasons}
