"""Transfers in the child's chronology (registered with chronology.registry): each step of a transfer between
councils or teams (proposed, accepted with the responsibility date, declined), as both councils see it."""

from django.urls import reverse

from macp.chronology.registry import Entry, Scope, register
from macp.transfers.models import Transfer, TransferStep


@register("transfers")
def transfer_entries(scope: Scope):
    steps = (
        TransferStep.objects.filter(transfer__child_id__in=scope.subjects)
        .select_related("transfer", "by_agency", "by")
        .order_by("at", "pk")
    )
    for s in steps:
        t = s.transfer
        yield Entry(
            key=f"transfer:{t.pk}:{s.pk}",
            occurred_at=s.at,
            source=s.by_agency.code if s.by_agency else "",
            source_name=s.by_agency.name if s.by_agency else "",
            type="case_transfer",
            type_label="Transfer",
            summary=f"{t.reference}: {s.what}",
            significance="high",
            status="outstanding" if t.status == Transfer.Status.PROPOSED else "confirmed",
            recorded_by=s.by.display_name if s.by else "",
            about=(t.child_id,),
            link=reverse("transfers:detail", kwargs={"transfer_id": t.pk}),
        )
