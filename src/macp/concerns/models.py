"""Alert rules kept as versioned data, and the alerts they raise, each with its evidence."""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency
from macp.people.models import Person


class AlertRule(models.Model):
    """One version of a rule. `kind` names the evaluation in concerns.rules; `params` tune it (windows, counts,
    event types). A change is a new version; alerts keep the version that raised them."""

    code = models.SlugField(max_length=60)
    version = models.PositiveIntegerField(default=1)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    description = models.TextField()
    source = models.CharField(max_length=300, help_text="The review or protocol this rule implements")
    params = models.JSONField(default=dict)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="alert_rule_version_unique")]
        ordering = ["code", "-version"]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class Alert(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="alerts")
    rule = models.ForeignKey(AlertRule, on_delete=models.PROTECT, related_name="alerts")
    title = models.CharField(max_length=200)
    reason = models.TextField()
    evidence = models.JSONField(default=list, help_text='[{"source": agency code, "source_id": ...}]')
    # The same rule firing on the same evidence is one alert, not a new one each time the picture is rebuilt.
    fingerprint = models.CharField(max_length=64)
    raised_at = models.DateTimeField()

    class Meta:
        ordering = ["-raised_at"]
        constraints = [models.UniqueConstraint(fields=["person", "rule", "fingerprint"], name="alert_unique_evidence")]


class AlertAcknowledgement(models.Model):
    """One agency's acknowledgement of an alert, with its note. Each agency acknowledges for itself: one agency
    acting on an alert does not close it for the others (issue 8)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="acknowledgements")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "agency"], name="one_acknowledgement_per_agency")]
