"""The casework records the Department for Education's children-in-need census and Ofsted's Annex A need, beyond
what the workspace already holds (issue 13; CONTRACTS.md §14; docs/decisions/0013).

Reused, not copied: the request for help (referrals.Referral, its date and decision), the section 47 enquiry
(enquiries.Enquiry) and the initial child protection conference (enquiries.Conference / ConferenceChild, where a
plan was decided). Added here: the child's census identifiers (UPN, disabilities), the episode of need (the
census's CINdetails: referral date and source, primary need, closure and its reason), the child and family
assessment with the factors identified, and the child-in-need and child protection plans with their dates.
The codes are the census's own (CIN census guide, 2026 to 2027)."""

from django.conf import settings
from django.db import models

from macp.accounts.models import LocalAuthority
from macp.people.models import Person


class ReferralSource(models.TextChoices):
    INDIVIDUAL_FAMILY = "1A", "Individual: family member, relative or carer"
    INDIVIDUAL_ACQUAINTANCE = "1B", "Individual: acquaintance (including neighbours and child minders)"
    INDIVIDUAL_SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other"
    SCHOOLS = "2A", "Schools"
    EDUCATION_OTHER = "2B", "Education services"
    HEALTH_GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    HEALTH_SCHOOL_NURSE = "3C", "Health services: school nurse"
    HEALTH_OTHER_PRIMARY = "3D", "Health services: other primary health services"
    HEALTH_A_AND_E = "3E", "Health services: A&E (emergency department)"
    HEALTH_OTHER = "3F", "Health services: other (e.g. hospice)"
    HOUSING = "4", "Housing (local authority or housing association)"
    LA_SOCIAL_CARE = "5A", "LA services: social care (e.g. adult social care)"
    LA_OTHER_INTERNAL = "5B", "LA services: other internal"
    LA_EXTERNAL = "5C", "LA services: external (e.g. from another local authority's adult social care)"
    LA_EARLY_HELP = "5D", "LA services: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    ABUSE_OR_NEGLECT = "N1", "Abuse or neglect"
    DISABILITY = "N2", "Child's disability or illness"
    PARENTAL_DISABILITY = "N3", "Parental disability or illness"
    FAMILY_ACUTE_STRESS = "N4", "Family in acute stress"
    FAMILY_DYSFUNCTION = "N5", "Family dysfunction"
    SOCIALLY_UNACCEPTABLE = "N6", "Socially unacceptable behaviour"
    LOW_INCOME = "N7", "Low income"
    ABSENT_PARENTING = "N8", "Absent parenting"
    NOT_STATED = "N9", "Cases other than children in need"
    NFA = "N0", "Not stated"


class ClosureReason(models.TextChoices):
    ADOPTED = "RC1", "Adopted"
    DIED = "RC2", "Died"
    CARE_ARRANGEMENT = "RC3", "Child arrangements order"
    SPECIAL_GUARDIANSHIP = "RC4", "Special guardianship order"
    TRANSFERRED = "RC5", "Transferred to services of another local authority"
    TRANSFERRED_ADULT = "RC6", "Transferred to adult social care"
    SERVICES_CEASED = "RC7", "Services ceased for any other reason, including child no longer in need"
    NOT_IN_NEED = "RC8", "Case closed after assessment, no further action"
    REFERRAL_NFA = "RC9", "Case closed after assessment, referred to early help"


class Disability(models.TextChoices):
    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability under the Equality Act 2010"


class UpnUnknown(models.TextChoices):
    """Why no UPN is held (only the codes the census's validation rules name; UN7 is for a referral with no further
    action, which the census reports without a UPN)."""

    UN1 = "UN1", "Child is not of school age and has not yet obtained a UPN"
    UN2 = "UN2", "Child has never attended a school in England"
    UN3 = "UN3", "Child is educated outside England"
    UN4 = "UN4", "Child has newly arrived in England and has not yet obtained a UPN"
    UN5 = "UN5", "Sources collating UPNs reflect a discrepancy"
    UN7 = "UN7", "Referral with no further action"


class AbuseCategory(models.TextChoices):
    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    SEXUAL = "SAB", "Sexual abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    MULTIPLE = "MUL", "Multiple"


# The census's factors identified at the end of assessment that this workspace records (CIN census guide,
# "factors identified at the end of assessment"); "21" (no factors identified) stands alone (rule 8869).
ASSESSMENT_FACTORS = {
    "1A": "Alcohol misuse: concerns about the child",
    "1B": "Alcohol misuse: concerns about the parent or carer",
    "1C": "Alcohol misuse: concerns about another person living in the household",
    "2A": "Drug misuse: concerns about the child",
    "2B": "Drug misuse: concerns about the parent or carer",
    "2C": "Drug misuse: concerns about another person living in the household",
    "3A": "Domestic abuse: concerns about the child being the subject",
    "3B": "Domestic abuse: concerns about the parent or carer being the subject",
    "3C": "Domestic abuse: concerns about another person living in the household being the subject",
    "4A": "Mental health: concerns about the child",
    "4B": "Mental health: concerns about the parent or carer",
    "4C": "Mental health: concerns about another person living in the household",
    "5A": "Learning disability: concerns about the child",
    "5B": "Learning disability: concerns about the parent or carer",
    "5C": "Learning disability: concerns about another person living in the household",
    "6A": "Physical disability or illness: concerns about the child",
    "6B": "Physical disability or illness: concerns about the parent or carer",
    "6C": "Physical disability or illness: concerns about another person living in the household",
    "7A": "Young carer",
    "8B": "Privately fostered",
    "8C": "Unaccompanied asylum-seeking child",
    "20": "Other factors",
    "21": "No factors identified",
}
NO_FACTORS = "21"


class LocalAuthorityCode(models.Model):
    """The council's three-digit Department for Education LA code (the census header's LEA and characters 2-4 of
    its pupils' UPNs). Kept beside the council rather than replacing its short code, which the contracts use."""

    local_authority = models.OneToOneField(LocalAuthority, on_delete=models.CASCADE, related_name="dfe_code")
    code = models.CharField(max_length=3, unique=True)

    def __str__(self) -> str:
        return f"{self.local_authority} ({self.code})"


class ChildRecord(models.Model):
    """The child's identifiers and characteristics the census asks for and the person record does not hold."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="casework_record")
    upn = models.CharField(max_length=13, blank=True, help_text="Unique pupil number, where held")
    former_upn = models.CharField(max_length=13, blank=True)
    upn_unknown = models.CharField(
        max_length=4, choices=UpnUnknown.choices, blank=True, help_text="Why no UPN is held, when it is not"
    )
    disabilities = models.JSONField(default=list, blank=True, help_text="Census disability codes; NONE for none")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Casework record of {self.person}"


class Episode(models.Model):
    """An episode of need (the census's CINdetails): from the referral to the closure of the case."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cin_episodes")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="cin_episodes")
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="cin_episodes"
    )
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=2, choices=ReferralSource.choices)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices)
    referral_nfa = models.BooleanField(default=False, help_text="The referral led to no further action")
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=4, choices=ClosureReason.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["referral_date", "pk"]
        indexes = [models.Index(fields=["local_authority", "referral_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closure_date__isnull=True) | models.Q(closure_date__gte=models.F("referral_date")),
                name="episode_closes_after_referral",
            )
        ]

    def __str__(self) -> str:
        return f"CIN episode {self.pk} from {self.referral_date}"


class Assessment(models.Model):
    """A child and family assessment (section 17), with the factors identified when it was authorised."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assessments")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="assessments")
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments"
    )
    episode = models.ForeignKey(Episode, null=True, blank=True, on_delete=models.CASCADE, related_name="assessments")
    started_on = models.DateField()
    authorised_on = models.DateField(null=True, blank=True)
    factors = models.JSONField(default=list, blank=True, help_text='Census factor codes, e.g. ["2A", "3A"]')
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "pk"]
        indexes = [models.Index(fields=["local_authority", "started_on"])]

    def __str__(self) -> str:
        return f"Assessment {self.pk} from {self.started_on}"


class CinPlan(models.Model):
    """A child-in-need plan (section 17), from its start to its end."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cin_plans")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="cin_plans")
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="cin_plans")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "pk"]


class ProtectionPlan(models.Model):
    """A child protection plan, from the conference that decided it (enquiries.ConferenceChild) to its end."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="protection_plans")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="protection_plans")
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="protection_plans")
    decided_at = models.OneToOneField(
        "enquiries.ConferenceChild",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="protection_plan",
        help_text="The conference decision that started the plan",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    latest_category = models.CharField(max_length=3, choices=AbuseCategory.choices)

    class Meta:
        ordering = ["started_on", "pk"]


class ProtectionPlanReview(models.Model):
    """A review child protection conference held for the plan."""

    plan = models.ForeignKey(ProtectionPlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()

    class Meta:
        ordering = ["held_on", "pk"]
