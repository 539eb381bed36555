"""Self-assessment frameworks as data (components with descriptors, and a scale), loaded from files in data/, and
the yearly grading of each component by each agency and by the partnership, with evidence and actions. The 12Cs of
the Wales thematic review (seed 002) ship with the product."""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency, LocalAuthority


class Framework(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=400, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    # [{"value": 1, "label": "...", "description": "..."}, ...], lowest first.
    levels = models.JSONField(default=list)

    def __str__(self) -> str:
        return self.name

    def level_label(self, value) -> str:
        return next((level["label"] for level in self.levels if level["value"] == value), "")


class Component(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="components")
    code = models.SlugField(max_length=40)
    number = models.PositiveSmallIntegerField()
    group = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=100)
    descriptor = models.TextField()
    checked = models.BooleanField(default=True, help_text="Title checked against the published source")

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="framework_component_code_unique")]


class Assessment(models.Model):
    """One holder's grading for one year: an agency's (agency set) or a council partnership's (local_authority set).
    `year` is the year the partnership's year starts (April to March): 2025 is 2025 to 2026."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField()
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["framework", "-year"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(agency__isnull=False) & models.Q(local_authority__isnull=True))
                | (models.Q(agency__isnull=True) & models.Q(local_authority__isnull=False)),
                name="assessment_one_holder",
            ),
            models.UniqueConstraint(
                fields=["framework", "year", "agency"],
                condition=models.Q(agency__isnull=False),
                name="assessment_agency_year_unique",
            ),
            models.UniqueConstraint(
                fields=["framework", "year", "local_authority"],
                condition=models.Q(local_authority__isnull=False),
                name="assessment_partnership_year_unique",
            ),
        ]


class Rating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="ratings")
    level = models.PositiveSmallIntegerField()
    evidence = models.TextField()
    actions = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "component"], name="rating_component_unique")]
