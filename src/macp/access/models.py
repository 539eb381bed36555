"""Need-to-know access: assignments, break-glass, requests for access, and the append-only audit of reads."""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency, Team
from macp.people.models import Person


class Basis(models.TextChoices):
    INVOLVEMENT = "involvement", "Agency involved with the person"
    HOUSEHOLD = "household", "Agency involved with the household"
    ASSIGNMENT = "assignment", "Assigned or invited to the work"
    BREAK_GLASS = "break_glass", "Break-glass"
    OWN_RECORD = "own_record", "Look-up of the agency's own source record"
    IDENTITY_REVIEW = "identity_review", "Identity review (front door)"
    DENIED = "denied", "Denied"


class Assignment(models.Model):
    """A user or team assigned or invited to work on a person's case (an allocation, an invitation, a grant)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    # A whole agency: the front door receiving a request for help, an agency invited to a strategy discussion.
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    reason = models.CharField(max_length=300)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(team__isnull=False) | models.Q(agency__isnull=False),
                name="assignment_has_holder",
            )
        ]
        indexes = [models.Index(fields=["person", "user"]), models.Index(fields=["person", "team"])]


class BreakGlass(models.Model):
    """Emergency access outside need-to-know: a reason, a time limit, and a DPO review afterwards."""

    class Outcome(models.TextChoices):
        APPROPRIATE = "appropriate", "Appropriate"
        INAPPROPRIATE = "inappropriate", "Not appropriate: follow up"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="break_glass")
    reason = models.TextField()
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "break-glass accesses"


class AccessRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_requests")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access_requests")
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]


class AccessEvent(models.Model):
    """One read (or refused read) of a person's record. Append-only: a trigger refuses UPDATE and DELETE.

    Who and which record are kept as written (username, agency code, person id) so the trail survives
    later changes to accounts and to identity links.
    """

    class Channel(models.TextChoices):
        PAGE = "page", "Web page"
        API = "api", "API"
        EXPORT = "export", "Export"

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    username = models.CharField(max_length=150, db_index=True)
    agency_code = models.CharField(max_length=64, blank=True)
    person_id = models.CharField(max_length=64, db_index=True)
    route = models.CharField(max_length=300)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    basis = models.CharField(max_length=16, choices=Basis.choices)
    allowed = models.BooleanField()
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
