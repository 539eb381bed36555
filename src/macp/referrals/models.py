"""Requests for help: what a professional is worried about, each child separately, through triage to a decision
the referrer is told about (South Gloucestershire Request for Help form and BRAG table, seed 004; Wales thematic
review on automated referral portals, seed 002; Bristol CSPR on referrers never hearing the outcome, seed 000)."""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency
from macp.people.models import Person


class Brag(models.TextChoices):
    RED = "red", "Red: acute child protection"
    AMBER = "amber", "Amber: complex, child in need"
    GREEN = "green", "Green: vulnerable, early help"
    BLUE = "blue", "Blue: no further action or universal services"


class Decision(models.TextChoices):
    NFA = "nfa", "No further action, or universal services"
    EARLY_HELP = "early_help", "Early help or Family Help"
    ASSESSMENT = "assessment", "Child and family assessment (section 17)"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion (section 47)"


class Consent(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No, they refused"
    NOT_SOUGHT = "not_sought", "Not sought"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Referral(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        RECEIVED = "received", "Received"
        IN_TRIAGE = "in_triage", "In triage"
        MASH_ENQUIRY = "mash_enquiry", "Asking partner agencies (MASH)"
        SIGN_OFF = "sign_off", "Waiting for a manager's sign-off"
        DECIDED = "decided", "Decided"

    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_made"
    )
    idempotency_key = models.CharField(max_length=120, blank=True)
    # referrer
    referrer_name = models.CharField(max_length=200)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_made"
    )
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    # which council's front door receives it
    receiving_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_received"
    )
    # consent: parents, and the child if over 11, or why it was not sought
    parents_consent = models.CharField(max_length=16, choices=Consent.choices, blank=True)
    child_consent = models.CharField(max_length=16, choices=Consent.choices, blank=True)
    consent_not_sought_reason = models.TextField(blank=True)
    # what is worrying, overall
    concerns = models.TextField(blank=True)
    immediate_safety = models.TextField(blank=True, help_text="Is any child at immediate risk, and what has been done")
    tried_universal = models.TextField(blank=True, help_text="Universal services and support already tried")
    early_help_plan = models.BooleanField(null=True, blank=True)
    out_of_hours = models.BooleanField(default=False)
    # triage
    brag = models.CharField(max_length=6, choices=Brag.choices, blank=True)
    brag_rationale = models.TextField(blank=True)
    brag_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    brag_at = models.DateTimeField(null=True, blank=True)
    response_due_at = models.DateTimeField(null=True, blank=True)
    # allocation by a front-door manager
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_allocated"
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    # a practitioner's decision waiting for a manager's sign-off (FrontDoorPolicy)
    proposed_decision = models.CharField(max_length=24, choices=Decision.choices, blank=True)
    proposed_reason = models.TextField(blank=True)
    proposed_next_step = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    # decision
    decision = models.CharField(max_length=24, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    next_step_for_referrer = models.TextField(blank=True, help_text="What the referrer is told: no confidential detail")
    referrer_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["response_due_at", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="referral_idempotency_unique",
            )
        ]
        indexes = [models.Index(fields=["status", "response_due_at"])]

    def __str__(self) -> str:
        return self.reference or f"Draft {self.pk}"


class FrontDoorPolicy(models.Model):
    """How a council's front door works, kept as data so each council sets its own. With no row, the defaults
    hold: a practitioner's decision to hold a strategy discussion (section 47) needs a front-door manager's
    sign-off (Working Together 2023, 1.4: management oversight of decisions at the front door; Bristol CSPR 2024
    recommendation b, management oversight of the decision to start child protection enquiries)."""

    local_authority = models.OneToOneField(
        "accounts.LocalAuthority", on_delete=models.CASCADE, related_name="front_door_policy"
    )
    manager_sign_off = models.BooleanField(
        default=True, help_text="Strategy-discussion (s47) decisions need a manager's sign-off"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "front door policies"


class ReferralChild(models.Model):
    """Each child separately: their details, what is worried about, what is working, and their own words."""

    class Match(models.TextChoices):
        UNMATCHED = "unmatched", "Not yet checked"
        SUGGESTED = "suggested", "Suggested match"
        CONFIRMED = "confirmed", "Confirmed"
        NEW = "new", "New person"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="children")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="referral_entries")
    match_status = models.CharField(max_length=10, choices=Match.choices, default=Match.UNMATCHED)
    match_reason = models.TextField(blank=True)
    match_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    nhs_number = models.CharField(max_length=20, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    school = models.CharField(max_length=200, blank=True)
    gp = models.CharField(max_length=200, blank=True)
    worries = models.TextField(blank=True)
    working_well = models.TextField(blank=True)
    needs_to_happen = models.TextField(blank=True)
    child_words = models.TextField(blank=True, help_text="The child's own words, as they said them")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["referral", "position"]

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip() or (
            "Unborn baby" if self.expected_date_of_birth else "Name not known"
        )


class ReferralAdult(models.Model):
    """A parent, carer or other adult in the household, with their relationship to each child (unknown allowed)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="adults")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    lives_with_children = models.BooleanField(null=True, blank=True)
    # {child position: relationship type or "unknown"}
    relationships = models.JSONField(default=dict)
    notes = models.TextField(blank=True)


class Attachment(models.Model):
    # Attached to the draft while it is written, then to the request when it is sent.
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    draft = models.ForeignKey("Draft", null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to="attachments/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class MashEnquiry(models.Model):
    """ "Do we need more than one professional opinion?" — a partner agency is asked, with a deadline."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="mash_enquiries")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="mash_enquiries")
    question = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField()
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)


class Draft(models.Model):
    """A request for help being written: saved as the referrer goes, in the shape the API takes."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_drafts")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
