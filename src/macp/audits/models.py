"""Multi-agency audits: a theme and criteria, a sample of children from the records, each agency's grading of its own
part, a moderation meeting, and a learning brief (South Gloucestershire's multi-agency quality assurance audits, seed
004: "What we are worried about?", "What good practice did we see?", "What needs to happen?").

The partnership analyst runs an audit and sees the sample only as "Child A, aged 7": the children are opened by each
agency's nominated auditor, whose basis is a grant of kind `audit` that ends when the audit closes (decision 0014).
"""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency, LocalAuthority
from macp.people.models import Person


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


# Worst last: a tie between grades is settled towards the worse one (an audit looks for what needs to change).
GRADE_ORDER = [Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE]
# An agency with nothing on its records for a child says so rather than grading.
NOT_INVOLVED = "not_involved"
AGENCY_GRADE_CHOICES = [*Grade.choices, (NOT_INVOLVED, "Not involved with this child")]


class Audit(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", "Planning: theme, criteria, agencies and sample"
        GRADING = "grading", "Agencies grading"
        MODERATION = "moderation", "Moderation"
        CLOSED = "closed", "Closed"

    theme = models.CharField(max_length=200)
    aim = models.TextField(help_text="What the audit sets out to find")
    cohort = models.CharField(
        max_length=300, help_text="Which children: e.g. children with a strategy discussion in the period"
    )
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNING)
    sample_seed = models.PositiveIntegerField(null=True, blank=True, help_text="Seed of a random sample")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    grading_started_at = models.DateTimeField(null=True, blank=True)
    # The moderation meeting.
    meeting_date = models.DateField(null=True, blank=True)
    attendees = models.TextField(blank=True, help_text="Who attended the moderation meeting, one per line")
    # The learning brief, one point per line under each heading.
    worries = models.TextField(blank=True)
    good_practice = models.TextField(blank=True)
    learning_theme = models.CharField(max_length=200, blank=True)
    what_we_found = models.TextField(blank=True)
    needs_to_happen = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.theme


class Criterion(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="criteria")
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["audit", "number"]
        constraints = [models.UniqueConstraint(fields=["audit", "number"], name="audit_criterion_number_unique")]


class AuditAgency(models.Model):
    """An agency taking part, and the auditor it nominated to grade its own part."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="agencies")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_roles")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["audit", "agency"], name="audit_agency_unique")]


class SampleChild(models.Model):
    """A child in the sample, known to the partnership as its label ("Child A") and age, not by name."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="sample")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=20)
    age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Age in years when sampled")
    chosen = models.BooleanField(default=False, help_text="Chosen by the auditor rather than drawn at random")
    moderated_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    moderation_rationale = models.TextField(blank=True)

    class Meta:
        ordering = ["audit", "label"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "person"], name="audit_sample_person_unique"),
            models.UniqueConstraint(fields=["audit", "label"], name="audit_sample_label_unique"),
        ]


class AgencyGrade(models.Model):
    """One agency's grade of its own part for one child against one criterion."""

    audit_agency = models.ForeignKey(AuditAgency, on_delete=models.CASCADE, related_name="grades")
    child = models.ForeignKey(SampleChild, on_delete=models.CASCADE, related_name="grades")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="grades")
    grade = models.CharField(max_length=24, choices=AGENCY_GRADE_CHOICES)
    comment = models.TextField(blank=True)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    graded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit_agency", "child", "criterion"], name="audit_grade_unique")
        ]
