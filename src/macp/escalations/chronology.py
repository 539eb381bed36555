"""Disagreements in the child's chronology (registered with chronology.registry; chronology never imports
escalations): when one was raised, moved up a stage, and resolved, with the answer to "is the child safe now?".
A disagreement still open is "unclear": the decision it is about is disputed."""

from django.urls import reverse

from macp.chronology.registry import Entry, Scope, register
from macp.escalations.models import ChildSafe, Escalation, Step

SHOWN = (Step.Kind.RAISED, Step.Kind.ESCALATED, Step.Kind.RESOLVED)
_LABELS = {
    Step.Kind.RAISED: "Disagreement raised",
    Step.Kind.ESCALATED: "Disagreement moved up a stage",
    Step.Kind.RESOLVED: "Disagreement resolved",
}
_SAFE = dict(ChildSafe.choices)


@register("escalations")
def escalation_entries(scope: Scope):
    steps = (
        Step.objects.filter(escalation__child_id__in=scope.subjects, kind__in=SHOWN)
        .select_related("escalation", "by_agency", "by")
        .order_by("at", "pk")
    )
    for step in steps:
        e = step.escalation
        safe = f" Is the child safe now: {_SAFE[step.child_safe_now].lower()}." if step.child_safe_now else ""
        still_open = e.status == Escalation.Status.OPEN
        yield Entry(
            key=f"rpd:{e.pk}:{step.pk}",
            occurred_at=step.at,
            source=step.by_agency.code if step.by_agency else "",
            source_name=step.by_agency.name if step.by_agency else "",
            type=f"escalation_{step.kind}",
            type_label=_LABELS[step.kind],
            summary=f"{e.reference} about {e.about_label} (stage {step.stage}): {step.note}{safe}".strip(),
            significance="high" if step.kind != Step.Kind.RESOLVED else "medium",
            status="unclear" if still_open and step.kind != Step.Kind.RESOLVED else "confirmed",
            recorded_by=step.by.display_name if step.by else "",
            about=(e.child_id,),
            link=reverse("escalations:detail", kwargs={"escalation_id": e.pk}),
        )
