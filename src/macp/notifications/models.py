"""Messages sent, and record notifications to partner agencies with when they were sent and read."""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency
from macp.people.models import Event, Person


class EmailSent(models.Model):
    """Every email the service sends: who to, about what, and whether the backend took it."""

    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    kind = models.CharField(max_length=40)
    reference = models.CharField(max_length=60, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    failed = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at"]


class RecordNotification(models.Model):
    """A flag to a partner agency about a child, e.g. a domestic abuse incident told to the child's school
    (Operation Encompass, seed 004). Read is recorded so the partnership can see it landed."""

    class Kind(models.TextChoices):
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse incident at the child's home"
        ALLOCATED_WORKER = "allocated_worker", "Child you work with has been referred again"
        STRATEGY = "strategy_discussion", "A strategy discussion took place"
        MASH_ENQUIRY = "mash_enquiry", "The front door asks your agency (MASH enquiry)"
        CASE_TRANSFER = "case_transfer", "Another council or team now holds the child's case"
        HOSPITAL = "hospital", "Child admitted to or discharged from hospital"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="record_notifications")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="record_notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    message = models.TextField()
    link = models.CharField(max_length=300, blank=True, help_text="Where to act on it, e.g. the MASH enquiry to answer")
    sent_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "person", "kind", "event"], name="record_notification_once")
        ]
