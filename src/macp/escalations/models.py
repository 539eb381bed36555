"""Resolving professional differences (CONTRACTS.md §13): a disagreement about a decision, raised by any
professional, moving through stages with named roles and timescales until it is resolved.

Seed 003 (Child Alex): the hospital disagreed with "no section 47" and nothing happened with it; the review asks
that partners use the escalation protocol and that each stage asks whether the child is safe now.
"""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency, LocalAuthority
from macp.people.models import Person


class Stage(models.Model):
    """One stage of the protocol, as data a partnership can change (admin): who talks to whom, and how long for."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=120)
    who = models.CharField(max_length=300, help_text="The roles who talk at this stage")
    working_days = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: no fixed timescale")
    prompt = models.TextField(blank=True, help_text="Neutral wording shown to both sides at this stage")

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Stage {self.number}: {self.title}"


class ChildSafe(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNSURE = "unsure", "Unsure"


class AboutKind(models.TextChoices):
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion outcome"
    REFERRAL = "referral", "Front-door (triage) decision"
    ENQUIRY = "enquiry", "Section 47 enquiry outcome"
    PLAN = "plan", "Plan"


class Escalation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    about_kind = models.CharField(max_length=24, choices=AboutKind.choices)
    about_id = models.CharField(max_length=40)
    about_label = models.CharField(max_length=200, help_text="How the decision is named on screens")
    decision_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency that made the decision (the other side)",
    )
    dissent_id = models.PositiveIntegerField(null=True, blank=True, help_text="The recorded dissent it came from")
    child = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="escalations")
    local_authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The partnership whose list it is on",
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    concern = models.TextField()
    stage = models.PositiveSmallIntegerField(default=1)
    respond_by = models.DateTimeField(null=True, blank=True)
    prompted_at = models.DateTimeField(
        null=True, blank=True, help_text="When both sides were told this stage is overdue"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["status", "respond_by"]), models.Index(fields=["about_kind", "about_id"])]

    @property
    def reference(self) -> str:
        return f"RPD-{self.pk}"


class Step(models.Model):
    """The history: raised, each response, each move up, prompts and the resolution, with the safety answer."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        RESPONSE = "response", "Response"
        ESCALATED = "escalated", "Moved to the next stage"
        PROMPTED = "prompted", "Overdue: both sides prompted"
        RESOLVED = "resolved", "Resolved"

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="steps")
    stage = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    child_safe_now = models.CharField(max_length=6, choices=ChildSafe.choices, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    by_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
