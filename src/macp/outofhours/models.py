"""Out-of-hours (EDT) records and their handover to the day team (CONTRACTS.md §12; seed 000 Bristol CSPR, where a
weekend death was handed from EDT to a day team who "started again")."""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency, LocalAuthority
from macp.people.models import Person


class OutOfHoursRecord(models.Model):
    class Status(models.TextChoices):
        AWAITING = "awaiting", "Awaiting the day team"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"

    children = models.ManyToManyField(Person, related_name="out_of_hours_records")
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The council whose day team continues the work",
    )
    occurred_at = models.DateTimeField()
    summary = models.TextField(help_text="What happened")
    actions_taken = models.TextField()
    follow_up = models.TextField(help_text="What the day team needs to do")
    telephone_strategy = models.TextField(blank=True, help_text="A strategy discussion held by telephone, if any")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    handover_due = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.AWAITING)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_note = models.TextField(blank=True)
    manager_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["handover_due", "pk"]
        indexes = [models.Index(fields=["local_authority", "status", "handover_due"])]

    @property
    def reference(self) -> str:
        return f"EDT-{self.pk}"
