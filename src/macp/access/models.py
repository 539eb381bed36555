"""Need-to-know access: assignments, break-glass, requests for access, and the append-only audit of reads."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from macp.accounts.models import Agency, LocalAuthority, Role, Team
from macp.people.models import Person


class GrantKind(models.TextChoices):
    """Why a grant was made. Each kind is made and ended by access.services only (decision 0006)."""

    TRIAGE = "triage", "Triage of a request for help (front door)"
    MASH_ENQUIRY = "mash_enquiry", "MASH enquiry to a partner agency"
    STRATEGY_REQUEST = "strategy_request", "Request for a strategy discussion"
    STRATEGY_STAFF = "strategy_staff", "Coordinator, chair or minute-taker of a strategy discussion"
    INVITATION = "invitation", "Invitation to a strategy discussion"
    ALLOCATION = "allocation", "Allocated to the work"
    ACCESS_REQUEST = "access_request", "Access request granted by the DPO"
    S47_ENQUIRY = "s47_enquiry", "Section 47 enquiry"
    CONFERENCE = "conference", "Invitation to a child protection conference"
    TRANSFER = "transfer", "Transfer of the case proposed to this council or team"
    OUT_OF_HOURS = "out_of_hours", "Out-of-hours work and its handover"
    AUDIT = "audit", "Multi-agency audit sample (until the audit closes)"


class GrantScope(models.TextChoices):
    PERSON = "person", "The person only"
    # The person, everyone living with them now (worked out when the record is opened, so later changes to the
    # household are followed) — what the MASH and a strategy discussion need (Working Together 2023, ch. 4).
    FAMILY = "family", "The person and their household"


class Basis(models.TextChoices):
    INVOLVEMENT = "involvement", "Agency involved with the person"
    # No longer given (decision 0006): kept so that audit rows written before it still read.
    HOUSEHOLD = "household", "Agency involved with the household"
    ASSIGNMENT = "assignment", "Assigned or invited to the work"
    TRIAGE = GrantKind.TRIAGE.value, GrantKind.TRIAGE.label
    MASH_ENQUIRY = GrantKind.MASH_ENQUIRY.value, GrantKind.MASH_ENQUIRY.label
    STRATEGY_REQUEST = GrantKind.STRATEGY_REQUEST.value, GrantKind.STRATEGY_REQUEST.label
    STRATEGY_STAFF = GrantKind.STRATEGY_STAFF.value, GrantKind.STRATEGY_STAFF.label
    INVITATION = GrantKind.INVITATION.value, GrantKind.INVITATION.label
    ALLOCATION = GrantKind.ALLOCATION.value, GrantKind.ALLOCATION.label
    ACCESS_REQUEST = GrantKind.ACCESS_REQUEST.value, GrantKind.ACCESS_REQUEST.label
    S47_ENQUIRY = GrantKind.S47_ENQUIRY.value, GrantKind.S47_ENQUIRY.label
    CONFERENCE = GrantKind.CONFERENCE.value, GrantKind.CONFERENCE.label
    TRANSFER = GrantKind.TRANSFER.value, GrantKind.TRANSFER.label
    OUT_OF_HOURS = GrantKind.OUT_OF_HOURS.value, GrantKind.OUT_OF_HOURS.label
    AUDIT = GrantKind.AUDIT.value, GrantKind.AUDIT.label
    BREAK_GLASS = "break_glass", "Break-glass"
    OWN_RECORD = "own_record", "Look-up of the agency's own source record"
    IDENTITY_REVIEW = "identity_review", "Identity review (front door)"
    DENIED = "denied", "Denied"


class Assignment(models.Model):
    """A grant: a user, team, agency or council role given need-to-know on a person for a piece of work.

    Made and ended only by access.services.grant / end_grants. `kind` says why, and `source` is the record that
    gave it (the request for help, the strategy discussion, the access request), so a grant is found and ended by
    that record, never by matching its text. The holder is one of: a user; a team; an agency (optionally only its
    users with `role`); or the users with `role` in agencies of `local_authority` (a council's coordinators).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    # A whole agency: the front door receiving a request for help, an agency invited to a strategy discussion.
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(max_length=32, choices=Role.choices, blank=True, help_text="Only holders with this role")
    kind = models.CharField(max_length=20, choices=GrantKind.choices, default=GrantKind.ALLOCATION)
    scope = models.CharField(max_length=8, choices=GrantScope.choices, default=GrantScope.PERSON)
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    reason = models.CharField(max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False)
                | models.Q(team__isnull=False)
                | models.Q(agency__isnull=False)
                | (models.Q(local_authority__isnull=False) & ~models.Q(role="")),
                name="assignment_has_holder",
            )
        ]
        indexes = [
            models.Index(fields=["person", "user"]),
            models.Index(fields=["person", "team"]),
            models.Index(fields=["source_type", "source_id"], name="assignment_source"),
        ]


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
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
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
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    username = models.CharField(max_length=150, db_index=True)
    agency_code = models.CharField(max_length=64, blank=True)
    person_id = models.CharField(max_length=64, db_index=True)
    route = models.CharField(max_length=300)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    basis = models.CharField(max_length=16, choices=Basis.choices)
    allowed = models.BooleanField()
    detail = models.CharField(max_length=300, blank=True)
    # The grant the read relied on, when it was one (kept as a number: the audit outlives the grant row).
    grant_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]


class AuditSeal(models.Model):
    """A checkpoint of the read audit: the SHA-256 of a run of access events (by id), chained to the seal before.

    The append-only trigger stops the application changing events; the seals let anyone check later, with
    `macp audit-verify`, that nobody with more power than the application (a database owner who can drop the
    trigger) changed or removed one either. Written by the scheduler (access.tasks.seal_audit); append-only too.
    """

    sealed_at = models.DateTimeField()
    first_event_id = models.BigIntegerField()
    last_event_id = models.BigIntegerField()
    count = models.PositiveIntegerField()
    previous_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["last_event_id"]
        constraints = [models.UniqueConstraint(fields=["last_event_id"], name="one_seal_per_last_event")]
