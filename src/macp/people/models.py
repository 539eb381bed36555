"""The joined-up picture: persons, their names over time, relationships, households, agency involvements, events.

Uncertainty is normal: dates of birth, sex and relationships may be unknown, and are stored as unknown rather
than guessed (PRODUCT.md principles; Bristol CSPR on men in the household assumed to be "dad").
"""

import uuid

from django.db import models

from macp.accounts.models import Agency, LocalAuthority, Team
from macp.core import nhs_number


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    OTHER = "X", "Other"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    """The ethnicity codes of the DfE children-in-need census."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Person(models.Model):
    # person_id in the API: opaque, stable, not guessable.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    given_name = models.CharField(max_length=100, blank=True, help_text="Current given name")
    family_name = models.CharField(max_length=100, blank=True, help_text="Current family name")
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True, help_text="For an unborn baby")
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(max_length=60, blank=True, help_text="Gender identity where it differs or is stated")
    nhs_number = models.CharField(max_length=10, blank=True)
    nhs_number_valid = models.BooleanField(default=False)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    date_of_death = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a reviewer found this person to be the same as another: the old id then leads to the survivor.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from")

    class Meta:
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["nhs_number"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def person_id(self) -> str:
        return str(self.id)

    @property
    def full_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        if name:
            return name
        return "Unborn baby" if self.is_unborn else "Name not known"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    @property
    def is_deceased(self) -> bool:
        return self.date_of_death is not None

    def set_nhs_number(self, value: str | None) -> None:
        """Keep the number as written; only a number that passes the checksum is marked valid."""
        digits = nhs_number.normalise(value)
        self.nhs_number = digits[:10] if digits.isdigit() else (value or "")[:10]
        self.nhs_number_valid = nhs_number.is_valid(digits)


class NameKind(models.TextChoices):
    CURRENT = "current", "Current"
    PREVIOUS = "previous", "Previous"
    ALIAS = "alias", "Also known as"
    BIRTH = "birth", "Name at birth"


class PersonName(models.Model):
    """Names with history: surnames change, children are known by nicknames, agencies spell them differently."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    given_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=10, choices=NameKind.choices, default=NameKind.CURRENT)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    source = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_ref = models.CharField(
        max_length=120, blank=True, help_text="The source_id of the agency record this was drawn from"
    )

    class Meta:
        ordering = ["valid_to", "-valid_from"]

    def __str__(self) -> str:
        return " ".join(part for part in (self.given_name, self.middle_names, self.family_name) if part)


class RelationshipType(models.TextChoices):
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    PARTNER = "partner", "Partner"
    EX_PARTNER = "ex_partner", "Ex-partner"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    CARER = "carer", "Carer"
    HOUSEHOLD_MEMBER = "household_member", "Household member"
    OTHER = "other", "Other"


class Relationship(models.Model):
    """A typed relationship. `from_person` is the parent or older party where direction matters."""

    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    type = models.CharField(max_length=20, choices=RelationshipType.choices)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    source = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_ref = models.CharField(
        max_length=120, blank=True, help_text="The source_id of the agency record this was drawn from"
    )
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["to_person", "type"]), models.Index(fields=["from_person", "type"])]

    def __str__(self) -> str:
        return f"{self.from_person} — {self.get_type_display()} — {self.to_person}"


class Household(models.Model):
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    local_authority = models.ForeignKey(LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return ", ".join(part for part in (self.address, self.postcode) if part) or f"Household {self.pk}"


class HouseholdMember(models.Model):
    """Who lived where, and when: `end` empty means they live there now."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household_memberships")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    source = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_ref = models.CharField(
        max_length=120, blank=True, help_text="The source_id of the agency record this was drawn from"
    )

    class Meta:
        indexes = [models.Index(fields=["person", "end"]), models.Index(fields=["household", "end"])]


class InvolvementRole(models.TextChoices):
    REGISTERED_GP = "registered_gp", "Registered GP"
    SCHOOL_ENROLMENT = "school_enrolment", "School enrolment"
    EARLY_YEARS_SETTING = "early_years_setting", "Early years setting"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    MIDWIFE = "midwife", "Midwife"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    PROBATION_SUPERVISION = "probation_supervision", "Probation supervision"
    HOUSING_TENANCY = "housing_tenancy", "Housing tenancy"
    ALLOCATED_SOCIAL_WORKER = "allocated_social_worker", "Allocated social worker"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    CAMHS = "camhs", "CAMHS"
    ADULT_MENTAL_HEALTH = "adult_mental_health", "Adult mental health"
    DRUG_ALCOHOL_SERVICE = "drug_alcohol_service", "Drug and alcohol service"
    IDVA = "idva", "IDVA"
    POLICE_INVESTIGATION = "police_investigation", "Police investigation"
    EDUCATION_WELFARE = "education_welfare", "Education welfare"
    SEND = "send", "Special educational needs"
    HOSPITAL_CARE = "hospital_care", "Hospital care"
    EARLY_HELP = "early_help", "Early help"
    LEAVING_CARE = "leaving_care", "Leaving care (personal adviser)"
    LOOKED_AFTER = "looked_after", "Looked after by the local authority"
    OTHER = "other", "Other"


class Involvement(models.Model):
    """Which agency is involved with whom, in what role, from when to when. The basis of need-to-know."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="involvements")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="involvements")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="involvements")
    role = models.CharField(max_length=32, choices=InvolvementRole.choices)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    worker_name = models.CharField(max_length=200, blank=True)
    source = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The agency that reported it",
    )
    source_ref = models.CharField(
        max_length=120, blank=True, help_text="The source_id of the agency record this was drawn from"
    )

    class Meta:
        indexes = [models.Index(fields=["agency", "person"]), models.Index(fields=["person", "end"])]

    def __str__(self) -> str:
        return f"{self.agency} — {self.get_role_display()}"


class EventType(models.TextChoices):
    REFERRAL_NFA = "referral_nfa", "Referral, no further action"
    REFERRAL = "referral", "Referral"
    WAS_NOT_BROUGHT = "was_not_brought", "Was not brought"
    DOMESTIC_ABUSE_INCIDENT = "domestic_abuse_incident", "Domestic abuse incident"
    INJURY = "injury", "Injury"
    MISSING_EPISODE = "missing_episode", "Missing episode"
    SCHOOL_EXCLUSION = "school_exclusion", "School exclusion"
    ARREST = "arrest", "Arrest"
    HOSPITAL_ATTENDANCE = "hospital_attendance", "Hospital attendance"
    HOSPITAL_ADMISSION = "hospital_admission", "Admitted to hospital"
    HOSPITAL_DISCHARGE = "hospital_discharge", "Discharged from hospital (or discharge planned)"
    DEATH = "death", "Death"
    PREGNANCY_BOOKED = "pregnancy_booked", "Pregnancy booked"
    BIRTH = "birth", "Birth"
    HOME_CONDITIONS_CONCERN = "home_conditions_concern", "Home conditions concern"
    OTHER = "other", "Other"


class Event(models.Model):
    """A dated significant event that an agency recorded about one or more people."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=32, choices=EventType.choices)
    occurred_at = models.DateTimeField()
    summary = models.TextField(blank=True)
    persons = models.ManyToManyField(Person, related_name="events")
    source_ref = models.CharField(
        max_length=120, blank=True, help_text="The source_id of the agency record this was drawn from"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["type", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.agency})"
