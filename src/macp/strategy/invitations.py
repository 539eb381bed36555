"""Think-Family invitations: the one place that decides who is invited to a strategy discussion, and why.

Sources: Bristol CSPR 2024 recommendations e)–g) and §3.2, §3.3.10 (the GP of the child *and of each parent*,
siblings' schools, maternity for unborn babies, probation); Somerset "Child Alex" (GP not invited); SGlos learning
(all GPs for the family recorded and told; housing stepped away; MARAC/IDVA plans shared). Core agencies: children's
social care, police and health (Working Together 2023, ch. 4).
"""

import dataclasses

from django.db.models import Q
from django.utils import timezone

from macp.accounts.models import EDUCATION_TYPES, Agency, AgencyType
from macp.core.formats import age_on
from macp.people.models import Event, HouseholdMember, Involvement, Person, Relationship
from macp.people.services import current, household_ids


@dataclasses.dataclass(frozen=True)
class Suggestion:
    agency: Agency
    role: str
    reason: str
    required: bool = False
    for_person: Person | None = None


INVOLVED_ROLES = {
    "housing_tenancy": ("housing", "Housing provider for"),
    "youth_justice": ("youth_justice", "Youth justice worker for"),
    "camhs": ("camhs", "CAMHS involved with"),
    "adult_mental_health": ("adult_mental_health", "Adult mental health service involved with"),
    "drug_alcohol_service": ("drug_alcohol", "Drug and alcohol service involved with"),
    "probation_supervision": ("probation", "Supervises"),
    "idva": ("domestic_abuse", "IDVA working with"),
    "education_welfare": ("education", "Education welfare involved with"),
    "send": ("education", "SEND service involved with"),
    "health_visitor": ("health_visitor", "Health visitor for"),
    "midwife": ("midwifery", "Midwife for"),
    "school_nurse": ("health", "School nurse for"),
}


def _serving(agency_type: str, local_authority_id) -> Agency | None:
    agencies = Agency.objects.filter(type=agency_type, active=True)
    return agencies.filter(local_authority_id=local_authority_id).first() or agencies.filter(local_authority__isnull=True).first() or agencies.first()


def family_of(children: list[Person]) -> tuple[list[Person], list[Person]]:
    """(children in the households, adults who matter: household adults and each child's parents and carers)."""
    today = timezone.localdate()
    ids = set()
    for child in children:
        ids.update(household_ids(child.pk))
    parents = Relationship.objects.filter(to_person__in=children, type__in=["parent", "step_parent", "carer"]).values_list("from_person_id", flat=True)
    ids.update(parents)
    people = list(Person.objects.filter(pk__in=ids, merged_into__isnull=True))

    def is_child(p: Person) -> bool:
        return p.is_unborn or (p.date_of_birth is not None and age_on(p.date_of_birth, today) < 18)

    household_children = [p for p in people if is_child(p)]
    adults = [p for p in people if not is_child(p)]
    return household_children, adults


def suggest(children: list[Person], *, requesting_agency: Agency | None = None, referrer_agency: Agency | None = None,
            out_of_hours: bool = False) -> list[Suggestion]:
    today = timezone.localdate()
    kids, adults = family_of(children)
    everyone = kids + adults
    named = {c.pk for c in children}
    involvements = list(Involvement.objects.filter(current(), person__in=everyone).select_related("agency", "person"))
    la = _local_authority(children, requesting_agency)
    out: list[Suggestion] = []

    # Core agencies: social care, police, health.
    csc = requesting_agency if requesting_agency and requesting_agency.type == AgencyType.CHILDRENS_SOCIAL_CARE else _serving(AgencyType.CHILDRENS_SOCIAL_CARE, la)
    police = next((i.agency for i in involvements if i.agency.type == AgencyType.POLICE), None) or _serving(AgencyType.POLICE, la)
    health = next((i.agency for i in involvements if i.agency.type == AgencyType.COMMUNITY_HEALTH), None) or _serving(AgencyType.COMMUNITY_HEALTH, la)
    for agency, what in ((csc, "children's social care"), (police, "police"), (health, "health")):
        if agency:
            out.append(Suggestion(agency, "core", f"Core agency ({what}) for every strategy discussion", required=True))

    for inv in involvements:
        who, agency = inv.person, inv.agency
        if inv.role == "registered_gp":
            if who in kids:
                out.append(Suggestion(agency, "gp_of_child", f"GP of {who.full_name}", required=who.pk in named, for_person=who))
            else:
                out.append(Suggestion(agency, "gp_of_parent", f"GP of {who.full_name} ({_role_in_family(who, children)})", for_person=who))
        elif inv.role in ("school_enrolment", "early_years_setting") and agency.type in EDUCATION_TYPES and who in kids:
            out.append(Suggestion(agency, "education", f"{agency.get_type_display()} of {who.full_name}", required=who.pk in named, for_person=who))
        elif inv.role in INVOLVED_ROLES:
            role, words = INVOLVED_ROLES[inv.role]
            out.append(Suggestion(agency, role, f"{words} {who.full_name}", for_person=who))

    # Health visitor for every child under 5; midwifery for a pregnancy or an unborn baby.
    for kid in kids:
        if kid.date_of_birth and age_on(kid.date_of_birth, today) < 5 and not any(i.role == "health_visitor" and i.person == kid for i in involvements):
            if health:
                out.append(Suggestion(health, "health_visitor", f"Health visiting for {kid.full_name}, under 5", for_person=kid))
    pregnant = [p for p in everyone if p.is_unborn] + list(
        Person.objects.filter(events__type="pregnancy_booked", pk__in=[a.pk for a in adults]).distinct())
    if pregnant and not any(i.role == "midwife" for i in involvements):
        midwifery = _serving(AgencyType.MIDWIFERY, la)
        if midwifery:
            out.append(Suggestion(midwifery, "midwifery", f"Midwifery: pregnancy or unborn baby ({pregnant[0].full_name})", for_person=pregnant[0]))
    # Domestic abuse known in the household: the IDVA service.
    abuse = Event.objects.filter(type="domestic_abuse_incident", persons__in=everyone).exists()
    if abuse and not any(i.role == "idva" for i in involvements):
        idva = _serving(AgencyType.DOMESTIC_ABUSE_SERVICE, la)
        if idva:
            out.append(Suggestion(idva, "domestic_abuse", "Domestic abuse is known in the household"))
    if referrer_agency:
        out.append(Suggestion(referrer_agency, "referrer", "Made the request for help"))
    if out_of_hours:
        edt = _serving(AgencyType.EDT, la)
        if edt:
            out.append(Suggestion(edt, "edt", "The concern arose out of hours"))
    return out


def _local_authority(children: list[Person], requesting_agency: Agency | None):
    membership = HouseholdMember.objects.filter(current(), person__in=children, household__local_authority__isnull=False).select_related("household").first()
    if membership:
        return membership.household.local_authority_id
    return requesting_agency.local_authority_id if requesting_agency else None


def _role_in_family(adult: Person, children: list[Person]) -> str:
    rel = Relationship.objects.filter(from_person=adult, to_person__in=children).first()
    if rel is None:
        return "adult in the household, relationship not known"
    return rel.get_type_display().lower()


def involved_but_uninvited(discussion) -> list[Agency]:
    """Agencies involved with the family that are not invited: shown as a warning on the meeting record."""
    kids, adults = family_of(list(discussion.children.all()))
    involved = Agency.objects.filter(
        Q(involvements__person__in=kids + adults) & (Q(involvements__end__isnull=True) | Q(involvements__end__gte=timezone.localdate()))
    ).distinct()
    invited = discussion.invitations.exclude(status="removed").values("agency_id")
    return list(involved.exclude(pk__in=invited).order_by("name"))
