"""Strategy discussions: requested into one queue (Bristol CSPR 2024: up to 35 managers requesting by email).

This is the request only; booking, invitations, the agenda, decisions, dissent and distribution come with the
strategy-discussions work."""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency
from macp.people.models import Person


class StrategyDiscussion(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        SCHEDULED = "scheduled", "Scheduled"
        FINALISED = "finalised", "Finalised"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    children = models.ManyToManyField(Person, related_name="strategy_discussions")
    reason = models.TextField()
    referral_reference = models.CharField(max_length=20, blank=True, help_text="The request for help it came from")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="strategy_requests")
    requesting_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="strategy_requests")
    requested_at = models.DateTimeField()
    target_at = models.DateTimeField(null=True, blank=True, help_text="When it should be held by")

    class Meta:
        ordering = ["target_at", "requested_at"]
