"""Strategy discussions: requested into one queue (Bristol CSPR 2024: up to 35 managers requesting by email).

This is the request only; booking, invitations, the agenda, decisions, dissent and distribution come with the
strategy-discussions work."""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency, LocalAuthority
from macp.people.models import Person


class StrategyDiscussion(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        SCHEDULED = "scheduled", "Scheduled"
        FINALISED = "finalised", "Finalised"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    children = models.ManyToManyField(Person, related_name="strategy_discussions")
    reason = models.TextField()
    referral_reference = models.CharField(max_length=20, blank=True, help_text="The request for help it came from")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="strategy_requests"
    )
    requesting_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="strategy_requests")
    # The council whose coordinators book it and whose chairs run it (access: decision 0006).
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minute_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    target_at = models.DateTimeField(null=True, blank=True, help_text="When it should be held by")
    urgency = models.CharField(max_length=8, blank=True, help_text="The BRAG rating it came with, if any")
    out_of_hours = models.BooleanField(
        default=False, help_text="The emergency duty team acted on the concern out of hours"
    )
    organised_abuse_indicators = models.BooleanField(default=False, help_text="Organised or complex abuse is suspected")
    scheduled_for = models.DateTimeField(null=True, blank=True)
    meeting_link = models.URLField(blank=True)
    held_before_recorded = models.BooleanField(
        default=False,
        help_text="Held before it was recorded (an urgent discussion by telephone, out of hours or at the hospital): "
        "scheduled_for is when it was held",
    )
    genogram_confirmed = models.BooleanField(default=False)
    genogram_not_shown_reason = models.TextField(blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The version of the standard agenda (strategy.agenda) the meeting follows, fixed when it is booked.
    agenda_version = models.PositiveSmallIntegerField(null=True, blank=True)
    # Calendar SEQUENCE: each re-booking sends an update that replaces the invitation in invitees' calendars.
    invitation_sequence = models.PositiveIntegerField(default=0)
    # The free-text minutes, edited by the chair and minute-taker with optimistic locking on minutes_version.
    minutes_version = models.PositiveIntegerField(default=0)
    minutes_notes = models.TextField(blank=True)
    minutes_sections = models.JSONField(default=dict, blank=True, help_text="Other free-text agenda sections, by key")
    minutes_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes_edited_at = models.DateTimeField(null=True, blank=True)
    # Set when the coordinator was alerted that the minutes had not gone out within 24 hours of the meeting.
    minutes_late_alerted_at = models.DateTimeField(null=True, blank=True)
    # The coordinator judged the complexity route not needed though it was triggered; kept on the record with why.
    complexity_set_aside_reason = models.TextField(blank=True)
    complexity_set_aside_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    complexity_set_aside_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["target_at", "requested_at"]


class Invitation(models.Model):
    """Who is invited, for whom, and why. Suggested by the Think-Family rule; a coordinator adds or removes with a
    reason (a removed invitation is kept, so the decision not to invite is on the record)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        DELEGATED = "delegated", "Sending a delegate"
        REMOVED = "removed", "Not invited"

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="invitations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="strategy_invitations")
    role = models.CharField(max_length=40, help_text="Why this agency: core, gp_of_child, gp_of_parent, education, …")
    for_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    required = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    suggested = models.BooleanField(default=True, help_text="Suggested by the rule rather than added by hand")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    change_reason = models.CharField(max_length=300, blank=True)
    delegate_name = models.CharField(max_length=200, blank=True, help_text="Who the agency is sending instead")
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-required", "agency__name", "role"]


class Attendance(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        MINUTE_TAKER = "minute_taker", "Minute-taker"
        ATTENDEE = "attendee", "Attendee"

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=14, choices=Role.choices, default=Role.ATTENDEE)
    attended = models.BooleanField()
    recorded_at = models.DateTimeField(auto_now_add=True)


class ChildDecision(models.Model):
    """The decision for one child: each child separately, never "the children"."""

    class Threshold(models.TextChoices):
        MET = "met", "Significant harm threshold met"
        NOT_MET = "not_met", "Not met"
        UNCLEAR = "unclear", "Unclear"

    class Enquiry(models.TextChoices):
        SINGLE = "single", "Single-agency enquiry"
        JOINT = "joint", "Joint enquiry (social care and police)"

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="decisions")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="strategy_decisions")
    significant_harm = models.CharField(max_length=8, choices=Threshold.choices)
    section_47 = models.BooleanField()
    rationale = models.TextField(blank=True)
    safety_plan = models.TextField(blank=True)
    lived_experience = models.TextField(blank=True, help_text="The child's lived experience and voice")
    harm_suspected = models.TextField(blank=True)
    enquiry = models.CharField(max_length=6, choices=Enquiry.choices, blank=True)
    lead_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    abe_interview = models.BooleanField(null=True, blank=True, help_text="Achieving Best Evidence interview")
    cp_medical = models.BooleanField(null=True, blank=True, help_text="Child protection medical")
    if_medical_inconclusive = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["discussion", "child"], name="one_decision_per_child")]


class Dissent(models.Model):
    """Disagreement on the record (Somerset "Child Alex": partners disagreed on what was decided and nobody wrote it
    down). Shown on the child's record too."""

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="dissent")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    about = models.CharField(max_length=300)
    decision = models.ForeignKey(
        ChildDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="dissent"
    )
    reason = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)


class Action(models.Model):
    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="actions")
    child = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="strategy_actions"
    )
    owner = models.CharField(max_length=200, blank=True)
    what = models.TextField()
    due = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    feedback = models.TextField(blank=True)


class Distribution(models.Model):
    """Finalised minutes sent to every invited agency, present or not; receipt and accuracy challenges recorded."""

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="distribution")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(max_length=254)
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    challenge = models.TextField(blank=True)
    challenge_answer = models.TextField(blank=True)
    challenge_answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, help_text="When a reminder to acknowledge was sent")


# ---- booking, the agenda and the minutes (the pages around the API) ------------------------------------------------


class DutySlot(models.Model):
    """When an agency has someone on duty who can join a strategy discussion; the booking page proposes times where
    every core agency is free (Bristol CSPR 2024 §3.3.9: meetings held without police or health)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="duty_slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["agency", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="duty_slot_ends_after_start"
            )
        ]


class AgencyContribution(models.Model):
    """One agency's information for the agenda: what it knows and the context (the nature of offences, not just that
    there are convictions)."""

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="contributions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["discussion", "agency"], name="one_contribution_per_agency")]


class MinutesRevision(models.Model):
    """The finalised minutes as sent, and each amendment with its reason: amended minutes keep their history."""

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField(help_text="The whole minutes as sent, in words")
    reason = models.TextField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["discussion", "number"], name="minutes_revision_number_unique")]
