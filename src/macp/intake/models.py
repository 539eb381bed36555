"""What agencies sent, kept as sent. A record is identified by (agency, kind, source_id); each change an agency
sends is a new version and the old versions are kept, never edited."""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency


class Batch(models.Model):
    """One atomic, idempotent delivery from an agency: (agency, batch_id) is unique and a resend returns `result`."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="batches")
    batch_id = models.CharField(max_length=120)
    received_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=8, default="api")
    record_count = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "batch_id"], name="batch_unique_per_agency")]


class SourceRecord(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        RELATIONSHIP = "relationship", "Relationship"
        INVOLVEMENT = "involvement", "Involvement"
        EVENT = "event", "Event"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="source_records")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    source_id = models.CharField(max_length=120)
    version = models.PositiveIntegerField(default=1, help_text="The current version")
    data = models.JSONField(default=dict, help_text="The current version's data, as sent")
    received_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "source_id"], name="source_record_unique")]
        indexes = [models.Index(fields=["agency", "source_id"])]

    def __str__(self) -> str:
        return f"{self.agency.code}/{self.source_id} v{self.version}"


class SourceRecordVersion(models.Model):
    record = models.ForeignKey(SourceRecord, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    batch = models.ForeignKey(Batch, null=True, blank=True, on_delete=models.PROTECT, related_name="versions")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "version"], name="source_record_version_unique")]
        ordering = ["record", "version"]


class PersonReference(models.Model):
    """A relationship, involvement or event record names person records of the same agency by source_id.

    Kept as rows so that everything said about a person can be found from the person records linked to them.
    """

    record = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="person_references")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    person_source_id = models.CharField(max_length=120)
    role = models.CharField(max_length=8)  # from, to, person, persons

    class Meta:
        indexes = [models.Index(fields=["agency", "person_source_id"])]
