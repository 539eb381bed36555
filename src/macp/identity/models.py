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

    source_record = models.ForeignKey(SourceRecord, on_delete=models.PROTECT, related_name="links")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="links")
    method = models.CharField(max_length=16, choices=Method.choices)
    match_probability = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    end_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "ended_at"]), models.Index(fields=["source_record", "ended_at"])]
