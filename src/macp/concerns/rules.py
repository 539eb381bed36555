"""How each kind of alert rule is evaluated. The rules themselves (windows, counts, event types, wording, the
review they come from) are data in AlertRule; this module is the arithmetic."""

import dataclasses
import datetime as dt

from django.db.models import Q
from django.utils import timezone

from macp.core.formats import age_on, is_under_18
from macp.people.models import Event, Involvement, Person
from macp.people.services import household_ids


@dataclasses.dataclass
class Finding:
    reason: str
    evidence: list[dict]
    title: str | None = None


def household_of(person: Person) -> list:
    return household_ids(person.pk)


def _evidence(events) -> list[dict]:
    return [{"source": e.agency.code, "source_id": e.source_ref or f"event-{e.pk}"} for e in events]


def _is_child(person: Person, on: dt.date) -> bool:
    return is_under_18(person.date_of_birth, on, unborn=person.is_unborn)


def event_count(rule, person: Person) -> list[Finding]:
    """At least `threshold` events of `event_types` within `window_days` of each other (the latest window)."""
    p = rule.params
    people = household_of(person) if p.get("scope") == "household" else [person.pk]
    events = list(
        Event.objects.filter(persons__in=people, type__in=p["event_types"])
        .distinct()
        .select_related("agency")
        .order_by("occurred_at")
    )
    window = dt.timedelta(days=p["window_days"])
    best = []
    for i, last in enumerate(events):
        inside = [e for e in events[: i + 1] if last.occurred_at - e.occurred_at <= window]
        if len(inside) >= p["threshold"]:
            best = inside
    if not best:
        return []
    agencies = sorted({e.agency.name for e in best})
    where = "about this child or their household" if p.get("scope") == "household" else "about this person"
    reason = (
        f"{len(best)} {p.get('noun', 'events')} {where} between {timezone.localtime(best[0].occurred_at):%-d %B %Y} and "
        f"{timezone.localtime(best[-1].occurred_at):%-d %B %Y}, from {', '.join(agencies)}."
    )
    return [Finding(reason, _evidence(best))]


def non_mobile_injury(rule, person: Person) -> list[Finding]:
    """An injury to a baby under the age limit (not yet mobile)."""
    if person.date_of_birth is None:
        return []
    limit = rule.params["max_age_days"]
    findings = []
    for event in Event.objects.filter(persons=person, type__in=rule.params["event_types"]).select_related("agency"):
        age_days = (timezone.localtime(event.occurred_at).date() - person.date_of_birth).days
        if 0 <= age_days < limit:
            findings.append(
                Finding(
                    f"{event.get_type_display()} recorded by {event.agency.name} when the baby was {age_days // 7} weeks old: "
                    f"share information with all agencies now and consider a strategy discussion.",
                    _evidence([event]),
                )
            )
    return findings


def pre_birth(rule, person: Person) -> list[Finding]:
    """A pregnancy where a parent-to-be has a listed vulnerability: prompt the pre-birth pathway."""
    today = timezone.localdate()
    bookings = list(Event.objects.filter(persons=person, type="pregnancy_booked").select_related("agency"))
    if person.is_unborn:
        parents = list(Person.objects.filter(relationships_from__to_person=person, relationships_from__type="parent"))
    elif bookings:
        parents = [person] + list(
            Person.objects.filter(
                Q(relationships_from__to_person=person) | Q(relationships_to__from_person=person),
                Q(relationships_from__type="partner") | Q(relationships_to__type="partner"),
            ).distinct()
        )
    else:
        return []
    if not parents:
        return []
    reasons, evidence = [], _evidence(bookings)
    for parent in parents:
        name = parent.full_name
        if parent.date_of_birth and age_on(parent.date_of_birth, today) < rule.params["young_parent_age"]:
            reasons.append(f"{name} is under {rule.params['young_parent_age']}")
        abuse = list(Event.objects.filter(persons=parent, type="domestic_abuse_incident").select_related("agency")[:5])
        if abuse:
            reasons.append(
                f"{name} has a history of domestic abuse ({len(abuse)} incident{'s' if len(abuse) != 1 else ''} recorded)"
            )
            evidence += _evidence(abuse)
        for role, words in (("adult_mental_health", "mental illness"), ("drug_alcohol_service", "substance misuse")):
            involvements = list(Involvement.objects.filter(person=parent, role=role).select_related("agency"))
            if involvements:
                reasons.append(f"{name} has been known to {involvements[0].agency.name} ({words})")
                evidence += [
                    {"source": i.agency.code, "source_id": i.source_ref or f"involvement-{i.pk}"} for i in involvements
                ]
        if Involvement.objects.filter(person=parent, role="leaving_care").exists():
            reasons.append(f"{name} is a care leaver")
        children = Involvement.objects.filter(
            person__relationships_to__from_person=parent, person__relationships_to__type="parent"
        ).exclude(person=person)
        if children.filter(role="looked_after").exists():
            reasons.append(f"{name} has had a child removed into care")
        elif children.filter(role="allocated_social_worker").exists() and rule.params.get("previous_children_known"):
            reasons.append(f"{name} has older children known to children's social care")
    if not reasons:
        return []
    return [Finding("Pre-birth pathway: " + "; ".join(reasons) + ".", evidence)]


def household_siblings(rule, person: Person) -> list[Finding]:
    """A recent incident about one child: list every other child living in the household for consideration."""
    today = timezone.localdate()
    since = timezone.now() - dt.timedelta(days=rule.params["window_days"])
    if not _is_child(person, today):
        return []
    others = [pk for pk in household_of(person) if pk != person.pk]
    children = [p for p in Person.objects.filter(pk__in=others) if _is_child(p, today)]
    if not children:
        return []
    findings = []
    events = Event.objects.filter(
        type__in=rule.params["event_types"], occurred_at__gte=since, persons__in=[c.pk for c in children]
    ).exclude(persons=person)
    for event in events.distinct().select_related("agency"):
        about = ", ".join(p.full_name for p in event.persons.all() if p.pk in {c.pk for c in children})
        findings.append(
            Finding(
                f"{event.get_type_display()} about {about} ({event.agency.name}, {timezone.localtime(event.occurred_at):%-d %B %Y}). "
                f"This child lives in the same household and may have been affected too.",
                _evidence([event]),
            )
        )
    return findings


def allocated_worker(rule, person: Person) -> list[Finding]:
    """A child who already has an allocated worker or plan is referred again: the worker must be told."""
    roles = rule.params["roles"]
    findings = []
    for event in Event.objects.filter(persons=person, type__in=rule.params["event_types"]).select_related("agency"):
        on = timezone.localtime(event.occurred_at).date()
        involved = Involvement.objects.filter(
            Q(end__isnull=True) | Q(end__gte=on), person=person, role__in=roles, start__lte=on
        ).select_related("agency")
        for involvement in involved:
            if involvement.agency_id == event.agency_id:
                continue
            who = (
                f"{involvement.worker_name} ({involvement.agency.name})"
                if involvement.worker_name
                else involvement.agency.name
            )
            findings.append(
                Finding(
                    f"Referred by {event.agency.name} on {on:%-d %B %Y} while allocated to {who}: tell the allocated worker.",
                    _evidence([event])
                    + [
                        {
                            "source": involvement.agency.code,
                            "source_id": involvement.source_ref or f"involvement-{involvement.pk}",
                        }
                    ],
                )
            )
    return findings


def raised_on_record(rule, person: Person) -> list[Finding]:
    """Rules raised by the domain that owns the record when it is saved (services.raise_alert), e.g. a change of
    band on a practice tool: nothing to re-evaluate from events."""
    return []


KINDS = {
    "raised_on_record": raised_on_record,
    "event_count": event_count,
    "non_mobile_injury": non_mobile_injury,
    "pre_birth": pre_birth,
    "household_siblings": household_siblings,
    "allocated_worker": allocated_worker,
}
