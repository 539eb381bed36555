"""The practice-review tracker (issue 13 item 5): serious incidents, rapid reviews, local child safeguarding
practice reviews, their recommendations and the actions that carry them out.

Working Together to Safeguard Children 2023, chapter 5: the safeguarding partners notify the Child Safeguarding
Practice Review Panel of a serious incident, complete a rapid review within 15 working days of becoming aware of
it, decide whether a local child safeguarding practice review (LCSPR) is appropriate, and aim to complete and
publish that review within six months of deciding to start it. Seed 002 (Wales, 2023): many reviews took more
than double the six months, and partnerships should collate every review's recommendations and actions to see
common themes and whether they were acted on. A review names no child; it links one only where needed, and reading
that link goes through macp.access.
"""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency, LocalAuthority
from macp.people.models import Person


class Theme(models.Model):
    """A learning theme shared across reviews (information sharing, professional curiosity, …)."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Decision(models.TextChoices):
    PENDING = "pending", "Not decided yet"
    LCSPR = "lcspr", "A local child safeguarding practice review"
    NO_LCSPR = "no_lcspr", "No local review (learning taken forward another way)"


class Review(models.Model):
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="+", help_text="The partnership running it"
    )
    title = models.CharField(max_length=200, help_text="How the review is known, e.g. 'Child A' (never a real name)")
    summary = models.TextField(blank=True)
    notified_on = models.DateField(help_text="When the serious incident was notified")
    rapid_review_due = models.DateField(help_text="15 working days after notification")
    rapid_review_completed_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decision_rationale = models.TextField(blank=True)
    review_target = models.DateField(null=True, blank=True, help_text="Six months after the decision to review")
    reviewer = models.CharField(max_length=200, blank=True, help_text="Independent reviewer")
    published_on = models.DateField(null=True, blank=True)
    child = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Only where needed"
    )
    child_reason = models.CharField(max_length=300, blank=True, help_text="Why the review needs to name the child")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-notified_on", "-pk"]
        indexes = [models.Index(fields=["local_authority", "notified_on"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"PR-{self.pk}"


class Recommendation(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    label = models.CharField(max_length=10, help_text="As the report numbers it: 1, 2.3, h)")
    text = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "pk"]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    EMBEDDED = "embedded", "Completed and embedded (evidence seen)"


DONE_STATUSES = (ActionStatus.COMPLETED, ActionStatus.EMBEDDED)


class Action(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    lead_person = models.CharField(max_length=200, blank=True)
    deadline = models.DateField()
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    evidence = models.TextField(blank=True, help_text="Evidence that the change is done and embedded")
    completed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["lead_agency", "status"]), models.Index(fields=["status", "deadline"])]

    @property
    def reference(self) -> str:
        return f"PRA-{self.pk}"

    @property
    def done(self) -> bool:
        return self.status in DONE_STATUSES


class ActionUpdate(models.Model):
    """Each change of an action's status or evidence, by whom: the history a partnership scrutinises."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=12, choices=ActionStatus.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
