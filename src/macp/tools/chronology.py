"""Practice tools in the child's chronology (registered with chronology.registry): each completed tool with its
overall band, and each link to a context (a place or peer group). A completed tool is also a people Event
(source_ref "tool-completion-N", so agencies' event feeds see it); its entry here replaces that event's, so the
chronology shows it once, and analysis written against the event's entry stays with it."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from macp.chronology.registry import Entry, Scope, register
from macp.tools.models import Completion, ContextLink

HIGH_BANDS = ("high", "all_unmet", "many_unmet")


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@register("tools")
def tool_entries(scope: Scope):
    for c in Completion.objects.filter(child_id__in=scope.subjects).select_related("tool", "agency", "completed_by"):
        yield Entry(
            key=f"tool:{c.pk}",
            replaces=f"event:{c.event_id}" if c.event_id else "",
            occurred_at=_noon(c.completed_on),
            source=c.agency.code,
            source_name=c.agency.name,
            type=f"tool:{c.tool.code}",
            type_label=c.tool.title,
            summary=f"{c.tool.title}: overall {c.band_label()} ({c.overall_score}). Worries: {c.worries[:200]}".strip(),
            significance="high" if c.band in HIGH_BANDS else "medium",
            recorded_by=c.completed_by.display_name,
            about=(c.child_id,),
            link=reverse("tools:completion", kwargs={"completion_id": c.pk}),
        )
    for link in ContextLink.objects.filter(child_id__in=scope.subjects).select_related(
        "context", "agency", "linked_by"
    ):
        yield Entry(
            key=f"context:{link.pk}",
            occurred_at=_noon(link.noted_on),
            source=link.agency.code,
            source_name=link.agency.name,
            type=f"context:{link.context.kind}",
            type_label="Context",
            summary=f"Linked to {link.context}: {link.source}",
            significance="medium",
            recorded_by=link.linked_by.display_name,
            about=(link.child_id,),
            link=reverse("tools:context", kwargs={"context_id": link.context_id}),
        )
