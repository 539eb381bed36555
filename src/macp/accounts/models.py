"""Users, agencies, teams and roles. The codes here are the ones CONTRACTS.md §2 fixes."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class AgencyType(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    POLICE = "police", "Police"
    GP_PRACTICE = "gp_practice", "GP practice"
    COMMUNITY_HEALTH = "community_health", "Community health"
    ACUTE_TRUST = "acute_trust", "Acute hospital trust"
    MIDWIFERY = "midwifery", "Midwifery"
    SCHOOL = "school", "School"
    NURSERY = "nursery", "Nursery"
    COLLEGE = "college", "College"
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    DRUG_ALCOHOL = "drug_alcohol", "Drug and alcohol service"
    DOMESTIC_ABUSE_SERVICE = "domestic_abuse_service", "Domestic abuse service (IDVA)"
    ADULT_MENTAL_HEALTH = "adult_mental_health", "Adult mental health"
    CAMHS = "camhs", "CAMHS"
    EDT = "edt", "Emergency duty team"
    VOLUNTARY = "voluntary", "Voluntary sector"


EDUCATION_TYPES = frozenset(
    {AgencyType.SCHOOL, AgencyType.NURSERY, AgencyType.COLLEGE, AgencyType.ALTERNATIVE_PROVISION}
)
HEALTH_TYPES = frozenset(
    {
        AgencyType.GP_PRACTICE,
        AgencyType.COMMUNITY_HEALTH,
        AgencyType.ACUTE_TRUST,
        AgencyType.MIDWIFERY,
        AgencyType.CAMHS,
    }
)


class Role(models.TextChoices):
    REFERRER = "referrer", "Referrer"
    FRONT_DOOR_PRACTITIONER = "front_door_practitioner", "Front-door practitioner"
    FRONT_DOOR_MANAGER = "front_door_manager", "Front-door manager"
    TEAM_MANAGER = "team_manager", "Team manager"
    STRATEGY_COORDINATOR = "strategy_coordinator", "Strategy coordinator"
    CHAIR = "chair", "Chair"
    MINUTE_TAKER = "minute_taker", "Minute-taker"
    PARTNER_ATTENDEE = "partner_attendee", "Partner attendee"
    SOCIAL_WORKER = "social_worker", "Social worker"
    POLICE_INVESTIGATOR = "police_investigator", "Police investigator"
    EDT_WORKER = "edt_worker", "EDT worker"
    PARTNERSHIP_ANALYST = "partnership_analyst", "Partnership analyst or auditor"
    DPO = "dpo", "Data protection officer"
    SYSTEM_ADMIN = "system_admin", "System administrator"


class LocalAuthority(models.Model):
    """A council area. Agencies that serve one council name it; those serving several leave it empty."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        verbose_name_plural = "local authorities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=32, choices=AgencyType.choices)
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="agencies"
    )
    email = models.EmailField(blank=True, help_text="Secure mailbox for invitations and minutes")
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    code = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="team_code_unique_in_agency")]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.name})"


class User(AbstractUser):
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_codes(self) -> frozenset[str]:
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True)) if self.pk else frozenset()
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_unique")]

    def __str__(self) -> str:
        return self.get_role_display()


def token_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored: the token itself is shown once, when it is made.
    Every token expires (API_TOKEN_DAYS) and can be revoked by its owner or an administrator."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="First characters, to tell tokens apart")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=token_expiry)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… for {self.user}"

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "Revoked"
        return "Expired" if self.expires_at <= timezone.now() else "Active"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User) -> str:
        token = "macp_" + secrets.token_urlsafe(32)
        cls.objects.create(user=user, digest=cls.hash(token), prefix=token[5:13])
        return token


class AdminEvent(models.Model):
    """What a system administrator changed (users, roles, agencies, teams, reference data): append-only."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_username = models.CharField(max_length=150)
    action = models.CharField(max_length=60)
    target = models.CharField(max_length=200)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at"]
