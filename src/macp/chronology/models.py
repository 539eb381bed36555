"""Entries added to a chronology in the system, and practitioners' analysis of any entry.

Everything else in a chronology is drawn, when it is read, from the records each domain already keeps (agency
events, requests for help, strategy discussions, enquiries): see chronology.registry and docs/decisions/0009-chronology-providers-and-enquiries.md.
"""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency
from macp.people.models import Person


class Significance(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class EntryStatus(models.TextChoices):
    """Uncertainty is normal (PRODUCT.md): a fact is confirmed, unclear (disputed or ambiguous), or outstanding
    (asked for and not yet known)."""

    CONFIRMED = "confirmed", "Confirmed"
    UNCLEAR = "unclear", "Unclear"
    OUTSTANDING = "outstanding", "Outstanding"


class ChronologyEntry(models.Model):
    """An entry added in the system (CONTRACTS.md §9 POST): the caller's agency is its source."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="chronology_entries")
    occurred_at = models.DateTimeField()
    type = models.CharField(max_length=40)
    summary = models.TextField()
    significance = models.CharField(max_length=6, choices=Significance.choices, blank=True)
    status = models.CharField(max_length=11, choices=EntryStatus.choices, default=EntryStatus.CONFIRMED)
    source = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        indexes = [models.Index(fields=["person", "occurred_at"])]


class Analysis(models.Model):
    """A practitioner's analysis of one entry in a child's chronology ("what does this tell us?"), and their view
    of its significance and status, which override what the source said. Kept per child: the same household
    event may mean something different for each child."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="chronology_analysis")
    entry_key = models.CharField(max_length=80, help_text="The id of the chronology entry, e.g. event:123")
    text = models.TextField(blank=True)
    significance = models.CharField(max_length=6, choices=Significance.choices, blank=True)
    status = models.CharField(max_length=11, choices=EntryStatus.choices, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "entry_key"], name="one_analysis_per_entry")]
