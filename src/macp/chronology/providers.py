"""Providers for the records kept below chronology: every agency's events, requests for help and their decisions,
MASH answers, strategy discussions with each child's decision and dissent, and entries added in the system.

Significance by event type follows the risk factors of the Wales thematic review (seed 002: domestic abuse, missed
health appointments, missing episodes) and Bristol CSPR (seed 000); a practitioner's analysis may change it.
"""

from django.db.models import Q
from django.urls import reverse

from macp.chronology.models import ChronologyEntry
from macp.chronology.registry import Entry, Scope, register
from macp.people.models import Event, EventType
from macp.referrals.models import Decision, MashEnquiry, Referral, ReferralChild
from macp.strategy.models import ChildDecision, Dissent, StrategyDiscussion

EVENT_SIGNIFICANCE = {
    "death": "high",
    "injury": "high",
    "domestic_abuse_incident": "high",
    "missing_episode": "high",
    "arrest": "high",
    "hospital_attendance": "medium",
    "was_not_brought": "medium",
    "school_exclusion": "medium",
    "home_conditions_concern": "medium",
    "referral": "medium",
    "referral_nfa": "medium",
    "pregnancy_booked": "medium",
    "birth": "low",
    "other": "low",
}
# Household members' events shown in a child's chronology: the significant ones, not every appointment.
HOUSEHOLD_SIGNIFICANCE = ("high", "medium")
_EVENT_LABELS = dict(EventType.choices)


@register("events")
def agency_events(scope: Scope):
    """Every agency's events about the subjects, and the significant events of their household."""
    others = scope.household - scope.subjects
    wanted = [t for t, s in EVENT_SIGNIFICANCE.items() if s in HOUSEHOLD_SIGNIFICANCE]
    condition = Q(persons__in=scope.subjects)
    if others:
        condition |= Q(persons__in=others, type__in=wanted)
    # Plain tuples, not model instances: a child may have thousands of events.
    rows = list(
        Event.objects.filter(condition)
        .distinct()
        .values_list("pk", "type", "occurred_at", "summary", "agency__code", "agency__name")
    )
    about = {}
    for event_id, person_id in Event.persons.through.objects.filter(event_id__in=[r[0] for r in rows]).values_list(
        "event_id", "person_id"
    ):
        about.setdefault(event_id, []).append(person_id)
    for pk, type_, occurred_at, summary, code, name in rows:
        yield Entry(
            key=f"event:{pk}",
            occurred_at=occurred_at,
            source=code,
            source_name=name,
            type=type_,
            type_label=_EVENT_LABELS.get(type_, type_),
            summary=summary,
            significance=EVENT_SIGNIFICANCE.get(type_),
            recorded_by=name,
            about=tuple(about.get(pk, ())),
        )


@register("requests_for_help")
def requests_for_help(scope: Scope):
    """The front door's decision on each request for help about the subjects, and the MASH answers it asked for."""
    referral_ids = ReferralChild.objects.filter(person_id__in=scope.subjects).values("referral_id")
    about = {}
    for referral_id, person_id in ReferralChild.objects.filter(
        referral_id__in=referral_ids, person_id__in=scope.subjects
    ).values_list("referral_id", "person_id"):
        about.setdefault(referral_id, []).append(person_id)
    referrals = (
        Referral.objects.filter(pk__in=referral_ids)
        .exclude(reference=None)
        .select_related("receiving_agency", "decided_by", "referrer_agency")
    )
    for r in referrals:
        agency = r.receiving_agency
        if r.decided_at:
            yield Entry(
                key=f"rfh:{r.pk}:decision",
                occurred_at=r.decided_at,
                source=agency.code if agency else "",
                source_name=agency.name if agency else "Front door",
                type="referral_decision",
                type_label="Request for help: decision",
                summary=f"{r.reference}: {Decision(r.decision).label if r.decision else 'decided'}. {r.decision_reason}".strip(),
                significance="high" if r.decision == Decision.STRATEGY_DISCUSSION else "medium",
                recorded_by=r.decided_by.display_name if r.decided_by else "",
                about=tuple(about.get(r.pk, ())),
            )
        elif r.submitted_at:
            yield Entry(
                key=f"rfh:{r.pk}:waiting",
                occurred_at=r.submitted_at,
                source=agency.code if agency else "",
                source_name=agency.name if agency else "Front door",
                type="referral_decision",
                type_label="Request for help: decision",
                summary=f"{r.reference}: no decision yet",
                significance="medium",
                status="outstanding",
                about=tuple(about.get(r.pk, ())),
            )
    for m in MashEnquiry.objects.filter(referral_id__in=referral_ids).select_related(
        "agency", "referral", "responded_by"
    ):
        answered = m.responded_at is not None
        yield Entry(
            key=f"mash:{m.pk}",
            occurred_at=m.responded_at or m.asked_at,
            source=m.agency.code,
            source_name=m.agency.name,
            type="mash_answer",
            type_label="MASH answer",
            summary=(
                f"Asked: {m.question} Answer: {m.response}" if answered else f"Asked: {m.question} Not answered yet."
            ),
            significance="medium",
            status="confirmed" if answered else "outstanding",
            recorded_by=m.responded_by.display_name if m.responded_by else "",
            about=tuple(about.get(m.referral_id, ())),
        )


@register("strategy")
def strategy_discussions(scope: Scope):
    """Strategy discussions about the subjects: held, each child's decision (unclear harm stays unclear), dissent."""
    discussions = (
        StrategyDiscussion.objects.filter(children__in=scope.subjects).distinct().select_related("requesting_agency")
    )
    by_id = {d.pk: d for d in discussions}
    for d in by_id.values():
        link = reverse("strategy:detail", kwargs={"discussion_id": d.pk})
        held = d.status == StrategyDiscussion.Status.FINALISED
        yield Entry(
            key=f"sd:{d.pk}",
            occurred_at=((d.scheduled_for or d.finalised_at or d.requested_at) if held else d.requested_at),
            source=d.requesting_agency.code,
            source_name=d.requesting_agency.name,
            type="strategy_discussion",
            type_label="Strategy discussion",
            summary=(
                (f"SD-{d.pk} held" + (" (recorded afterwards). " if d.held_before_recorded else ". "))
                if held
                else f"SD-{d.pk} requested. "
            )
            + d.reason,
            significance="high",
            status="confirmed" if held else "outstanding",
            link=link,
            about=tuple(scope.subjects & set(d.children.values_list("pk", flat=True))),
        )
    decisions = ChildDecision.objects.filter(
        discussion_id__in=by_id, child_id__in=scope.subjects, discussion__status="finalised"
    ).select_related("child", "recorded_by", "discussion__requesting_agency")
    for c in decisions:
        d = c.discussion
        harm = ChildDecision.Threshold(c.significant_harm).label
        yield Entry(
            key=f"sd:{d.pk}:decision:{c.child_id}",
            occurred_at=d.scheduled_for or d.finalised_at or d.requested_at,
            source=d.requesting_agency.code,
            source_name=d.requesting_agency.name,
            type="strategy_decision",
            type_label="Strategy decision",
            summary=f"{c.child.full_name}: {harm}; section 47 enquiry: {'yes' if c.section_47 else 'no'}. {c.rationale}".strip(),
            significance="high",
            status="unclear" if c.significant_harm == ChildDecision.Threshold.UNCLEAR else "confirmed",
            recorded_by=c.recorded_by.display_name,
            about=(c.child_id,),
            link=reverse("strategy:detail", kwargs={"discussion_id": d.pk}),
        )
    for x in Dissent.objects.filter(discussion_id__in=by_id).select_related("agency", "recorded_by", "decision"):
        child = x.decision.child_id if x.decision_id else None
        if child and child not in scope.subjects:
            continue
        yield Entry(
            key=f"sd:{x.discussion_id}:dissent:{x.pk}",
            occurred_at=x.recorded_at,
            source=x.agency.code,
            source_name=x.agency.name,
            type="dissent",
            type_label="Dissent",
            summary=f"{x.agency.name} disagreed ({x.about}): {x.reason}",
            significance="high",
            status="unclear",
            recorded_by=x.recorded_by.display_name,
            about=(child,) if child else (),
            link=reverse("strategy:detail", kwargs={"discussion_id": x.discussion_id}),
        )


@register("added")
def added_entries(scope: Scope):
    for e in ChronologyEntry.objects.filter(person_id__in=scope.subjects).select_related("source", "recorded_by"):
        yield Entry(
            key=f"entry:{e.pk}",
            occurred_at=e.occurred_at,
            source=e.source.code,
            source_name=e.source.name,
            type=e.type,
            type_label=e.type.replace("_", " ").capitalize(),
            summary=e.summary,
            significance=e.significance or None,
            status=e.status,
            recorded_by=e.recorded_by.display_name,
            about=(e.person_id,),
        )
