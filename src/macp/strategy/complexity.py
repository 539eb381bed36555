"""The complexity route: when the standard agenda is not enough (Bristol CSPR 2024 recommendation g and §3.3.9:
a child's death, many children, several households, a weekend handover).

It is triggered by what happened — events recorded about the children, the emergency duty team's involvement —
never by the clock time a request was typed (a school's 06:42 referral is not a handover from EDT). A strategy
coordinator may set the route aside with a reason, which stays on the record.
"""

import datetime as dt

from django.utils import timezone

from macp.accounts.models import AgencyType, Role
from macp.core.problems import InvalidInput, Problem
from macp.people.models import Event, HouseholdMember
from macp.people.services import current

MANY_CHILDREN = 3
RECENT_DAYS = 30
SATURDAY = 5


def edt_events(children, now: dt.datetime | None = None):
    """Events about the children the emergency duty team recorded in the last RECENT_DAYS: EDT acted out of hours."""
    since = (now or timezone.now()) - dt.timedelta(days=RECENT_DAYS)
    return Event.objects.filter(
        persons__in=list(children), agency__type=AgencyType.EDT, occurred_at__gte=since
    ).distinct()


def triggers(discussion) -> list[str]:
    """Why the complexity route applies to this discussion, from what happened (empty when it does not)."""
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
    before = HouseholdMember.objects.filter(
        person__in=children, end__gte=year_ago, household__local_authority__isnull=False
    )
    councils_before = set(before.values_list("household__local_authority_id", flat=True))
    if len(councils_now) > 1 or (councils_before - councils_now and councils_now):
        reasons.append("A move between council areas")
    by_edt = list(edt_events(children))
    if any(timezone.localtime(e.occurred_at).weekday() >= SATURDAY for e in by_edt):
        reasons.append("A weekend handover from the emergency duty team")
    elif by_edt or discussion.out_of_hours:
        reasons.append("The emergency duty team acted out of hours: a handover to the day team")
    if discussion.organised_abuse_indicators:
        reasons.append("Indicators of organised or complex abuse")
    return reasons


def assess(discussion) -> dict:
    """{"complex", "reasons", "set_aside"}: complex is False when a coordinator set a triggered route aside."""
    reasons = triggers(discussion)
    set_aside = None
    if reasons and discussion.complexity_set_aside_reason:
        set_aside = {
            "reason": discussion.complexity_set_aside_reason,
            "by": discussion.complexity_set_aside_by,
            "at": discussion.complexity_set_aside_at,
        }
    return {"complex": bool(reasons) and set_aside is None, "reasons": reasons, "set_aside": set_aside}


def check_set_aside(discussion, reason: str) -> list[Problem]:
    problems = []
    if discussion.status == "finalised":
        problems.append(Problem(["status"], "The minutes are finalised; the agenda they were held under stays"))
    elif not triggers(discussion):
        problems.append(Problem(["reason"], "The complexity route is not triggered for this discussion"))
    if not (reason or "").strip():
        problems.append(Problem(["reason"], "Say why the complexity route is not needed"))
    return problems


def set_aside(discussion, user, reason: str):
    """The coordinator decides the standard agenda is enough: who, when and why are kept."""
    if not user.has_role(Role.STRATEGY_COORDINATOR):
        raise PermissionError("Only a strategy coordinator may set the complexity route aside.")
    problems = check_set_aside(discussion, reason)
    if problems:
        raise InvalidInput("The complexity route was not set aside.", problems)
    discussion.complexity_set_aside_reason, discussion.complexity_set_aside_by = reason.strip(), user
    discussion.complexity_set_aside_at = timezone.now()
    discussion.save(update_fields=["complexity_set_aside_reason", "complexity_set_aside_by", "complexity_set_aside_at"])
    return discussion
