"""Section 47 enquiries, each child separately, from the strategy decision to the initial child protection
conference and the plan (CONTRACTS.md §8; Working Together 2023 ch. 4; Bristol CSPR 2024, seed 000: investigations
without hypotheses, children not seen alone, analysis that did not weigh what was known against what was not)."""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency, Team
from macp.people.models import Person
from macp.strategy.models import ChildDecision, StrategyDiscussion


class Enquiry(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CONCLUDED = "concluded", "Concluded"

    class Outcome(models.TextChoices):
        ICPC = "icpc", "Initial child protection conference"
        CHILD_IN_NEED = "child_in_need", "Child in need plan (section 17)"
        FAMILY_HELP = "family_help", "Family Help"
        NO_FURTHER_ACTION = "no_further_action", "No further action"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enquiries")
    strategy_discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT, related_name="enquiries")
    decision = models.ForeignKey(ChildDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    joint = models.BooleanField(default=False, help_text="Joint with the police, or single-agency")
    social_care = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", help_text="The council's children's social care"
    )
    police = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
        help_text="The team that holds the enquiry",
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enquiries_as_social_worker",
    )
    police_investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enquiries_as_investigator",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField()
    strategy_held_on = models.DateField()
    referral_received_on = models.DateField()
    icpc_due = models.DateField()
    assessment_due = models.DateField()
    contingency = models.TextField(blank=True, help_text="What happens if the medical results are inconclusive")
    safety_plan = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_rationale = models.TextField(blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["icpc_due", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy_discussion", "child"], name="one_enquiry_per_child_per_discussion"
            )
        ]
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["social_worker", "status"]),
            models.Index(fields=["police_investigator", "status"]),
        ]

    def __str__(self) -> str:
        return f"S47-{self.pk}"


class Hypothesis(models.Model):
    """A possible explanation to confirm or exclude, with the evidence for and against (Bristol CSPR §3.2)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CONFIRMED = "confirmed", "Confirmed"
        EXCLUDED = "excluded", "Excluded"

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="hypotheses")
    statement = models.TextField()
    evidence_for = models.TextField(blank=True)
    evidence_against = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]


class Task(models.Model):
    """A task of the enquiry's plan, with the agency that does it and by when."""

    class Kind(models.TextChoices):
        ABE_INTERVIEW = "abe_interview", "Achieving Best Evidence interview"
        CP_MEDICAL = "cp_medical", "Child protection medical"
        JOINT_VISIT = "joint_visit", "Joint visit"
        SEE_CHILD = "see_child", "See the child"
        SEE_CHILD_ALONE = "see_child_alone", "See the child alone"
        STATEMENT = "statement", "Statement from an agency"
        OTHER = "other", "Other"

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    detail = models.CharField(max_length=300, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["due", "pk"]


class ChildSeen(models.Model):
    """The child seen (when, alone or not, by whom), or why not."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="child_seen")
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_alone = models.BooleanField(null=True, blank=True)
    by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    not_seen_reason = models.TextField(blank=True, help_text="Why the child was not seen, when they were not")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seen_at", "pk"]


class Voice(models.Model):
    """The child's own words, wishes and feelings, and how they were obtained; for a baby or a child who cannot
    speak, what was observed."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="voice")
    recorded_at = models.DateTimeField()
    words = models.TextField()
    method = models.CharField(max_length=300)
    observed = models.BooleanField(default=False, help_text="What was observed, for a child who cannot speak")
    by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_at", "pk"]


class KeyQuestion(models.Model):
    """A key question of the discrepancy matrix (Bristol CSPR 2024 §3.2.7)."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]


class Answer(models.Model):
    """What one agency holds on a key question: known, not known, ambiguous, or missing."""

    class State(models.TextChoices):
        KNOWN = "known", "Known"
        NOT_KNOWN = "not_known", "Not known"
        AMBIGUOUS = "ambiguous", "Ambiguous"
        MISSING = "missing", "Missing"

    question = models.ForeignKey(KeyQuestion, on_delete=models.CASCADE, related_name="answers")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "agency"], name="one_answer_per_agency")]


class GapAction(models.Model):
    """A gap in the matrix turned into an action, with an owner and a date."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="action")
    what = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.CharField(max_length=200)
    due = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)


class Conference(models.Model):
    """A child protection conference, initial or review. Each child's decision is separate (ConferenceChild)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial child protection conference"
        REVIEW = "review", "Review child protection conference"

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        FINALISED = "finalised", "Minutes finalised"

    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.INITIAL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    scheduled_for = models.DateTimeField()
    due = models.DateField(help_text="When the conference is due by the statutory clock")
    late_reason = models.TextField(blank=True, help_text="Why it is booked after its due date")
    social_care = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    parents_views = models.TextField(blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField()
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["scheduled_for"]

    def __str__(self) -> str:
        return f"CPC-{self.pk}"


class ConferenceChild(models.Model):
    """One child's part of a conference: their views, and the decision for them."""

    class Category(models.TextChoices):
        NEGLECT = "neglect", "Neglect"
        PHYSICAL = "physical", "Physical abuse"
        SEXUAL = "sexual", "Sexual abuse"
        EMOTIONAL = "emotional", "Emotional abuse"
        MULTIPLE = "multiple", "Multiple"

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="children")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="conferences")
    enquiry = models.ForeignKey(Enquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="conferences")
    child_views = models.TextField(blank=True)
    plan = models.BooleanField(null=True, blank=True, help_text="A child protection plan: yes or no")
    category = models.CharField(max_length=10, choices=Category.choices, blank=True)
    rationale = models.TextField(blank=True)
    lead_social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    core_group = models.TextField(blank=True, help_text="Who is in the core group")
    review_due = models.DateField(null=True, blank=True)
    core_group_due = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["conference", "child"], name="one_row_per_child_per_conference")]
        indexes = [models.Index(fields=["lead_social_worker", "review_due"])]


class ConferenceInvitation(models.Model):
    """Who is invited and why: from the same Think-Family rule as strategy discussions (strategy.invitations)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=40)
    for_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["-required", "agency__name"]


class ConferenceReport(models.Model):
    """Each agency's report to the conference."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["conference", "agency"], name="one_report_per_agency")]


class ConferenceDissent(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="dissent")
    child = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)


class ConferenceDistribution(models.Model):
    """The minutes sent to every invited agency, and their receipt (as strategy minutes are)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="distribution")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conference", "agency"], name="conference_minutes_once_per_agency")
        ]
        indexes = [models.Index(fields=["agency", "acknowledged_at"])]
