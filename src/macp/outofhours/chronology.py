"""Out-of-hours records in the child's chronology (registered with chronology.registry), as the EDT wrote them:
what happened, the actions taken, the follow-up and any strategy discussion held by telephone. Awaiting the day
team's acknowledgement, the record is "outstanding"."""

from django.urls import reverse

from macp.chronology.registry import Entry, Scope, register
from macp.outofhours.models import OutOfHoursRecord


@register("outofhours")
def out_of_hours_entries(scope: Scope):
    through = OutOfHoursRecord.children.through
    about = {}
    for record_id, person_id in through.objects.filter(person_id__in=scope.subjects).values_list(
        "outofhoursrecord_id", "person_id"
    ):
        about.setdefault(record_id, []).append(person_id)
    for item in OutOfHoursRecord.objects.filter(pk__in=about).select_related("recorded_by_agency", "recorded_by"):
        text = f"{item.reference} (out of hours): {item.summary} Actions taken: {item.actions_taken} Follow-up: {item.follow_up}"
        if item.telephone_strategy:
            text += f" Strategy discussion by telephone: {item.telephone_strategy}"
        yield Entry(
            key=f"edt:{item.pk}",
            occurred_at=item.occurred_at,
            source=item.recorded_by_agency.code,
            source_name=item.recorded_by_agency.name,
            type="out_of_hours",
            type_label="Out-of-hours record",
            summary=text,
            significance="high",
            status="outstanding" if item.status == OutOfHoursRecord.Status.AWAITING else "confirmed",
            recorded_by=item.recorded_by.display_name,
            about=tuple(about[item.pk]),
            link=reverse("outofhours:detail", kwargs={"record_id": item.pk}),
        )
