"""The enquiry's and the conference's entries in the child's chronology (registered with chronology.registry, so
chronology never imports enquiries)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from macp.chronology.registry import Entry, Scope, register
from macp.enquiries.models import ChildSeen, ConferenceChild, ConferenceDissent, Enquiry, Hypothesis, Voice


def _day(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(9), tzinfo=timezone.get_current_timezone())


@register("enquiries")
def enquiry_entries(scope: Scope):
    enquiries = {
        e.pk: e
        for e in Enquiry.objects.filter(child_id__in=scope.subjects).select_related(
            "lead_agency", "social_care", "child", "outcome_by"
        )
    }
    for e in enquiries.values():
        sc = e.social_care
        link = reverse("enquiries:detail", kwargs={"enquiry_id": e.pk})
        yield Entry(
            key=f"s47:{e.pk}",
            occurred_at=e.opened_at,
            source=sc.code,
            source_name=sc.name,
            type="s47_enquiry",
            type_label="Section 47 enquiry opened",
            significance="high",
            about=(e.child_id,),
            link=link,
            summary=f"S47-{e.pk} for {e.child.full_name}: {'joint with the police' if e.joint else 'single-agency'}, led by {e.lead_agency.name}. "
            f"Conference due {e.icpc_due:%-d %B %Y}.",
        )
        if e.outcome:
            yield Entry(
                key=f"s47:{e.pk}:outcome",
                occurred_at=e.outcome_at,
                source=sc.code,
                source_name=sc.name,
                type="s47_outcome",
                type_label="Section 47 outcome",
                significance="high",
                about=(e.child_id,),
                link=link,
                recorded_by=e.outcome_by.display_name if e.outcome_by else "",
                summary=f"{Enquiry.Outcome(e.outcome).label}. {e.outcome_rationale}",
            )
    for h in Hypothesis.objects.filter(enquiry_id__in=enquiries).select_related("recorded_by"):
        e = enquiries[h.enquiry_id]
        yield Entry(
            key=f"s47:{e.pk}:hypothesis:{h.pk}",
            occurred_at=h.updated_at,
            source=e.social_care.code,
            source_name=e.social_care.name,
            type="hypothesis",
            type_label="Hypothesis",
            significance="medium",
            recorded_by=h.recorded_by.display_name,
            status={"open": "outstanding", "confirmed": "confirmed", "excluded": "confirmed"}[h.status],
            about=(e.child_id,),
            summary=f"{h.statement} — {h.get_status_display().lower()}. For: {h.evidence_for or 'none recorded'}. Against: {h.evidence_against or 'none recorded'}.",
            link=reverse("enquiries:detail", kwargs={"enquiry_id": e.pk}),
        )
    for s in ChildSeen.objects.filter(enquiry_id__in=enquiries).select_related("by_agency", "recorded_by"):
        e = enquiries[s.enquiry_id]
        text = (
            f"{e.child.full_name} seen {'alone' if s.seen_alone else 'not alone'} by {s.by_name} ({s.by_agency.name}). {s.note}"
            if s.seen_at
            else f"{e.child.full_name} not seen: {s.not_seen_reason}"
        )
        yield Entry(
            key=f"s47:{e.pk}:seen:{s.pk}",
            occurred_at=s.seen_at or s.recorded_at,
            source=s.by_agency.code,
            source_name=s.by_agency.name,
            type="child_seen",
            type_label="Child seen" if s.seen_at else "Child not seen",
            significance="high",
            status="confirmed" if s.seen_at else "outstanding",
            recorded_by=s.recorded_by.display_name,
            about=(e.child_id,),
            summary=text.strip(),
        )
    for v in Voice.objects.filter(enquiry_id__in=enquiries).select_related("by_agency", "recorded_by"):
        e = enquiries[v.enquiry_id]
        yield Entry(
            key=f"s47:{e.pk}:voice:{v.pk}",
            occurred_at=v.recorded_at,
            source=v.by_agency.code,
            source_name=v.by_agency.name,
            type="child_voice",
            type_label="What was observed" if v.observed else "The child's voice",
            significance="high",
            recorded_by=v.recorded_by.display_name,
            about=(e.child_id,),
            summary=f"“{v.words}” ({v.method})" if not v.observed else f"{v.words} ({v.method})",
        )
    rows = list(
        ConferenceChild.objects.filter(child_id__in=scope.subjects).select_related(
            "conference__social_care", "conference__booked_by", "child", "lead_social_worker"
        )
    )
    reviews = {}  # child -> [(when, conference id)] of review conferences, to close the "review due" entries
    for r in rows:
        if r.conference.kind == r.conference.Kind.REVIEW:
            reviews.setdefault(r.child_id, []).append((r.conference.scheduled_for, r.conference_id))
    for r in rows:
        c, sc = r.conference, r.conference.social_care
        link = reverse("enquiries:conference", kwargs={"conference_id": c.pk})
        late = f" Booked after its due date: {c.late_reason}" if c.late_reason else ""
        yield Entry(
            key=f"cpc:{c.pk}:{r.child_id}",
            occurred_at=c.scheduled_for,
            source=sc.code,
            source_name=sc.name,
            type="conference",
            type_label=c.get_kind_display(),
            significance="high",
            about=(r.child_id,),
            link=link,
            recorded_by=c.booked_by.display_name,
            status="confirmed" if c.status == c.Status.FINALISED else "outstanding",
            summary=f"CPC-{c.pk} {'held' if c.status == c.Status.FINALISED else 'booked'} (due {c.due:%-d %B %Y}).{late}",
        )
        if r.plan is not None and c.kind == c.Kind.REVIEW:
            decided = (
                f"The child protection plan continues ({r.get_category_display().lower()}); next review by "
                f"{r.review_due:%-d %B %Y}."
                if r.plan and r.review_due
                else "The child protection plan continues."
                if r.plan
                else "The child protection plan ended."
            )
        elif r.plan is not None:
            decided = (
                f"Child protection plan: {r.get_category_display().lower()}; lead social worker {r.lead_social_worker.display_name}; "
                f"review conference by {r.review_due:%-d %B %Y}."
                if r.plan and r.review_due
                else "Child protection plan."
                if r.plan
                else "No child protection plan."
            )
        if r.plan is not None:
            yield Entry(
                key=f"cpc:{c.pk}:{r.child_id}:decision",
                occurred_at=r.decided_at or c.scheduled_for,
                source=sc.code,
                source_name=sc.name,
                type="conference_decision",
                type_label="Conference decision",
                significance="high",
                about=(r.child_id,),
                link=link,
                summary=f"{r.child.full_name}: {decided} {r.rationale}".strip(),
            )
        if r.review_due:
            booked = min((x for x in reviews.get(r.child_id, []) if x[0] > c.scheduled_for), default=None)
            yield Entry(
                key=f"cpc:{c.pk}:{r.child_id}:review",
                occurred_at=_day(r.review_due),
                source=sc.code,
                source_name=sc.name,
                type="review_due",
                type_label="Review conference due",
                significance="medium",
                status="confirmed" if booked else "outstanding",
                about=(r.child_id,),
                link=link,
                summary=f"Review conference for {r.child.full_name} due by {r.review_due:%-d %B %Y}."
                + (f" Booked: CPC-{booked[1]}." if booked else ""),
            )
    for x in (
        ConferenceDissent.objects.filter(conference__children__child_id__in=scope.subjects)
        .distinct()
        .select_related("agency", "recorded_by")
    ):
        if x.child_id and x.child_id not in scope.subjects:
            continue
        yield Entry(
            key=f"cpc:{x.conference_id}:dissent:{x.pk}",
            occurred_at=x.recorded_at,
            source=x.agency.code,
            source_name=x.agency.name,
            type="dissent",
            type_label="Dissent",
            significance="high",
            status="unclear",
            recorded_by=x.recorded_by.display_name,
            about=(x.child_id,) if x.child_id else (),
            summary=f"{x.agency.name} disagreed with the conference: {x.reason}",
            link=reverse("enquiries:conference", kwargs={"conference_id": x.conference_id}),
        )
