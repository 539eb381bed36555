"""Practice tools as versioned data and their completions; the continuum of need; contexts (places, peer groups,
suspected exploiters) and ROTH Tactical Group meetings; dismissals of recording-language findings.

Sources: South Gloucestershire Advanced Child Protection handout (seed 004): the Neglect Toolkit (six domains, four
points from "all needs met" to "all needs unmet"), the ROTH tool (ten domains scored 0-10; overall low 8-10, medium
4-7, high 0-3), ROTH Tactical Group meetings "any professional can refer into", the threshold document "The Right
Help in the Right Way at the Right Time"; Bristol CSPR (seed 000) recommendation c) on a continuum of need.
"""

from django.conf import settings
from django.db import models

from macp.accounts.models import Agency, LocalAuthority
from macp.people.models import Event, Household, Person


class Tool(models.Model):
    """One version of a tool. `domains` is [{"code", "title", "guidance", "descriptors": {score: text}}]; `scale` is
    [{"value", "label"}] from worst to best; `bands` is [{"code", "label", "min", "max"}] over the overall score;
    `overall` names the scoring rule in tools.scoring. A change is a new version; completions keep theirs."""

    code = models.SlugField(max_length=40)
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    source = models.CharField(max_length=300)
    scale = models.JSONField()
    domains = models.JSONField()
    bands = models.JSONField()
    overall = models.CharField(max_length=30, help_text="scoring rule: lowest_domain or professional_judgement")
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="tool_version_unique")]
        ordering = ["code", "-version"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    def domain(self, code: str) -> dict | None:
        return next((d for d in self.domains if d["code"] == code), None)


class Completion(models.Model):
    """A tool completed for a child (or a family): who took part, their views, strengths and worries, scores."""

    tool = models.ForeignKey(Tool, on_delete=models.PROTECT, related_name="completions")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tool_completions")
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set when the tool was completed for the family",
    )
    completed_on = models.DateField()
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    participants = models.TextField(help_text="Who took part")
    child_views = models.TextField()
    parent_views = models.TextField()
    strengths = models.TextField()
    worries = models.TextField()
    overall_score = models.IntegerField()
    overall_reason = models.TextField(blank=True)
    band = models.CharField(max_length=30)
    event = models.OneToOneField(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Its entry in the child's chronology",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["completed_on", "created_at"]
        indexes = [models.Index(fields=["child", "tool"])]

    def band_label(self) -> str:
        return next((b["label"] for b in self.tool.bands if b["code"] == self.band), self.band)


class DomainScore(models.Model):
    completion = models.ForeignKey(Completion, on_delete=models.CASCADE, related_name="scores")
    domain = models.CharField(max_length=40)
    score = models.IntegerField()
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["completion", "domain"], name="domain_score_unique")]


class ThresholdGuidance(models.Model):
    """One version of the partnership's continuum of need."""

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=300)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-version"]


class NeedLevel(models.Model):
    guidance = models.ForeignKey(ThresholdGuidance, on_delete=models.CASCADE, related_name="levels")
    code = models.SlugField(max_length=40)
    title = models.CharField(max_length=100)
    summary = models.TextField()
    response = models.TextField(help_text="What usually happens at this level")
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]


class Indicator(models.Model):
    level = models.ForeignKey(NeedLevel, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(max_length=60)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["level__order", "pk"]

    def __str__(self) -> str:
        return self.text


class DecisionBasis(models.Model):
    """The indicators a decision rested on. `subject` names the decision ("referral:RFH-2026-000123") so that no
    domain above needs to be imported here."""

    subject = models.CharField(max_length=120, db_index=True)
    indicators = models.ManyToManyField(Indicator, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)


class LanguageDismissal(models.Model):
    """A writer's decision not to follow a recording-language finding, with their reason (counted, not blocked)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    where = models.CharField(max_length=120, help_text="The field or page the text was written in")
    rule = models.CharField(max_length=60)
    category = models.CharField(max_length=30)
    text = models.CharField(max_length=200)
    reason = models.TextField()
    at = models.DateTimeField(auto_now_add=True)


class Context(models.Model):
    """A place, peer group or suspected exploiter around children at risk outside the home (contextual
    safeguarding): "be specific … names of places, people, shops, car registration numbers" (seed 004)."""

    class Kind(models.TextChoices):
        PLACE = "place", "Place"
        VEHICLE = "vehicle", "Vehicle"
        PEER_GROUP = "peer_group", "Peer group"
        SUSPECTED_EXPLOITER = "suspected_exploiter", "Suspected exploiter"
        ONLINE = "online", "Online space"

    kind = models.CharField(max_length=24, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text="e.g. Page Park, the shop on Mead Road, car AB12 CDE")
    description = models.TextField(blank=True)
    location = models.CharField(max_length=200, blank=True, help_text="Address, postcode or area")
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class ContextLink(models.Model):
    """A child linked to a context by an agency, with the date and the source of what is known."""

    context = models.ForeignKey(Context, on_delete=models.CASCADE, related_name="links")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="context_links")
    noted_on = models.DateField()
    source = models.CharField(max_length=300, help_text="How this is known (police intelligence, school, the child)")
    note = models.TextField(blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Unlinking keeps the link, ended, with who ended it and why (the history of what was believed, and when).
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-noted_on"]

    @property
    def current(self) -> bool:
        return self.ended_on is None


class ContextChange(models.Model):
    """The history of a context: each edit (the fields before and after) and each child linked or unlinked."""

    class Kind(models.TextChoices):
        CREATED = "created", "Recorded"
        EDITED = "edited", "Edited"
        LINKED = "linked", "Child linked"
        UNLINKED = "unlinked", "Child unlinked"

    context = models.ForeignKey(Context, on_delete=models.CASCADE, related_name="changes")
    link = models.ForeignKey(ContextLink, null=True, blank=True, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [before, after]} for an edit")
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]


class RtgMeeting(models.Model):
    """A ROTH Tactical Group meeting: children at risk outside the home and the contexts around them."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"

    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meets_at = models.DateTimeField()
    chair = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    held_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(blank=True, help_text="What the group discussed and decided, beyond each item")
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meets_at"]


class RtgReferral(models.Model):
    """A referral into the ROTH Tactical Group: any professional may make one (seed 004), about a child, a
    context, or both."""

    child = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    context = models.ForeignKey(Context, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(auto_now_add=True)
    meeting = models.ForeignKey(RtgMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals")

    class Meta:
        ordering = ["referred_at"]


class RtgAgendaItem(models.Model):
    meeting = models.ForeignKey(RtgMeeting, on_delete=models.CASCADE, related_name="items")
    child = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    context = models.ForeignKey(Context, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    referral = models.ForeignKey(RtgReferral, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    discussion = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]


class RtgAttendee(models.Model):
    """Who attended (or sent apologies to) a ROTH Tactical Group meeting, for which agency."""

    meeting = models.ForeignKey(RtgMeeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    apologies = models.BooleanField(default=False)

    class Meta:
        ordering = ["apologies", "agency__name", "name"]


class RtgAction(models.Model):
    meeting = models.ForeignKey(RtgMeeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(RtgAgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.CharField(max_length=200)
    what = models.TextField()
    due = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due", "pk"]
