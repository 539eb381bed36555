"""Source records: what an agency told us, kept as it was sent. A correction is a new version, never an edit."""

from django.db import models

from macp.accounts.models import Agency


class SourceRecord(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        RELATIONSHIP = "relationship", "Relationship"
        INVOLVEMENT = "involvement", "Involvement"
        EVENT = "event", "Event"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="source_records")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    source_id = models.CharField(max_length=120)
    version = models.PositiveIntegerField(default=1)
    data = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "source_id", "version"], name="source_record_version_unique")
        ]
        indexes = [models.Index(fields=["agency", "source_id"])]

    def __str__(self) -> str:
        return f"{self.agency.code}/{self.source_id} v{self.version}"
