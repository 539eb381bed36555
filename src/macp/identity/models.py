"""Links from source records to persons. A link is a record with history: ending one (unmerge) keeps it."""

from django.conf import settings
from django.db import models

from macp.intake.models import SourceRecord
from macp.people.models import Person


class Link(models.Model):
    class Method(models.TextChoices):
        NHS_NUMBER = "nhs_number", "Valid NHS number"
        LINKER = "linker", "Probabilistic linker"
        REVIEWER = "reviewer", "Confirmed by a reviewer"
        NEW_PERSON = "new_person", "No match: new person"
        DEMO = "demo", "Synthetic demo data"
        STATED = "stated", "Named by the sender"

    source_record = models.ForeignKey(SourceRecord, on_delete=models.PROTECT, related_name="links")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="links")
    method = models.CharField(max_length=16, choices=Method.choices)
    match_probability = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "ended_at"]), models.Index(fields=["source_record", "ended_at"])]


class ReviewItem(models.Model):
    """A pair the linker was unsure about: a person record that may be an existing person. A person decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        CONFIRMED = "confirmed", "Same person"
        REJECTED = "rejected", "Different people"
        WITHDRAWN = "withdrawn", "No longer needed"

    record = models.ForeignKey(SourceRecord, on_delete=models.PROTECT, related_name="review_items")
    provisional_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="review_items_as_new")
    candidate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="review_items_as_candidate")
    match_probability = models.FloatField()
    explanation = models.JSONField(default=list, help_text="Each comparison's level and match-weight contribution")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-match_probability", "created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]


class PairDecision(models.Model):
    """A person's decision that two agency records are, or are not, the same person. Respected on every later run."""

    class Decision(models.TextChoices):
        SAME = "same", "Same person"
        DIFFERENT = "different", "Different people"

    record_a = models.ForeignKey(SourceRecord, on_delete=models.PROTECT, related_name="+")
    record_b = models.ForeignKey(SourceRecord, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["record_a", "record_b"])]


class LinkRun(models.Model):
    """A whole-population run of the linker over every agency's person records, looking for people the
    record-by-record matching missed. It only ever suggests: each join goes to the review queue."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    records = models.PositiveIntegerField(default=0)
    suggestions = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]


class BlockingKey(models.Model):
    """A person record's blocking keys (identity.linkage.incoming.blocking_keys: the linker's blocking rules as
    strings), indexed so that an incoming record's candidates are found with one index lookup per key, however
    many people are known (issue 15)."""

    key = models.CharField(max_length=120)
    source_record = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["key"])]
        constraints = [models.UniqueConstraint(fields=["source_record", "key"], name="identity_blockingkey_unique")]
