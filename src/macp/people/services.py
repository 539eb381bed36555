"""Reading the joined-up picture of a person: names, household now and before, relationships, involvements.

Relationships are shown from the point of view of the person whose record is open. An adult living in the
household with no recorded relationship is shown as "Relationship not known", never assumed to be a parent
(Bristol CSPR 2024 §3.2: men in the household unseen or assumed to be "dad").
"""

import dataclasses
import datetime as dt

from django.db.models import Q
from django.utils import timezone

from macp.people.models import HouseholdMember, Involvement, Person, Relationship, RelationshipType

UNKNOWN_RELATIONSHIP = "Relationship not known"

# (label seen by the `to` person about the `from` person, label seen by `from` about `to`), by sex of the other.
_LABELS = {
    RelationshipType.PARENT: ({"F": "Mother", "M": "Father"}, "Parent", {"F": "Daughter", "M": "Son"}, "Child"),
    RelationshipType.STEP_PARENT: (
        {"F": "Step-mother", "M": "Step-father"},
        "Step-parent",
        {"F": "Step-daughter", "M": "Step-son"},
        "Step-child",
    ),
    RelationshipType.GRANDPARENT: (
        {"F": "Grandmother", "M": "Grandfather"},
        "Grandparent",
        {"F": "Granddaughter", "M": "Grandson"},
        "Grandchild",
    ),
    RelationshipType.CARER: ({}, "Carer", {}, "Cared-for child"),
    RelationshipType.SIBLING: ({"F": "Sister", "M": "Brother"}, "Sibling", {"F": "Sister", "M": "Brother"}, "Sibling"),
    RelationshipType.HALF_SIBLING: (
        {"F": "Half-sister", "M": "Half-brother"},
        "Half-sibling",
        {"F": "Half-sister", "M": "Half-brother"},
        "Half-sibling",
    ),
    RelationshipType.PARTNER: ({}, "Partner", {}, "Partner"),
    RelationshipType.EX_PARTNER: ({}, "Ex-partner", {}, "Ex-partner"),
    RelationshipType.HOUSEHOLD_MEMBER: ({}, "Household member", {}, "Household member"),
    RelationshipType.OTHER: ({}, "Other relationship", {}, "Other relationship"),
}


def relationship_label(rel: Relationship, viewer_id) -> str:
    """What the other person is to the viewer, e.g. "Father" or "Half-sister"."""
    upward, upward_default, downward, downward_default = _LABELS[rel.type]
    if rel.to_person_id == viewer_id:
        return upward.get(rel.from_person.sex, upward_default)
    return downward.get(rel.to_person.sex, downward_default)


def current(prefix: str = "", today: dt.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": today})


def household_ids(person_id) -> list:
    """Everyone living with the person now, themselves included."""
    households = HouseholdMember.objects.filter(current(), person_id=person_id).values("household_id")
    ids = set(
        HouseholdMember.objects.filter(current(), household_id__in=households).values_list("person_id", flat=True)
    )
    ids.add(person_id)
    return list(ids)


@dataclasses.dataclass
class Relative:
    person: Person
    label: str
    relationship: Relationship | None
    current: bool = True
    sources: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class HouseholdView:
    household_id: int
    address: str
    start: dt.date | None
    end: dt.date | None
    members: list[Relative]


@dataclasses.dataclass
class FamilyPicture:
    person: Person
    names: list
    households_now: list[HouseholdView]
    households_before: list[HouseholdView]
    relatives: list[Relative]
    involvements_current: list[Involvement]
    involvements_past: list[Involvement]

    @property
    def household_ids(self) -> list:
        seen = []
        for household in self.households_now:
            for member in household.members:
                if member.person.pk not in seen:
                    seen.append(member.person.pk)
        return seen


def relationships_of(person: Person) -> list[Relationship]:
    return list(
        Relationship.objects.filter(Q(from_person=person) | Q(to_person=person))
        .select_related("from_person", "to_person", "source")
        .order_by("type", "start")
    )


# When two people are related in more than one way (a grandmother who is also the carer), the closer kinship names
# the relationship.
_KINSHIP_ORDER = [
    RelationshipType.PARENT,
    RelationshipType.STEP_PARENT,
    RelationshipType.SIBLING,
    RelationshipType.HALF_SIBLING,
    RelationshipType.GRANDPARENT,
    RelationshipType.PARTNER,
    RelationshipType.CARER,
    RelationshipType.EX_PARTNER,
    RelationshipType.HOUSEHOLD_MEMBER,
    RelationshipType.OTHER,
]


def _relative_for(person: Person, other: Person, relationships: list[Relationship]) -> Relative:
    today = timezone.localdate()
    current_with_other = [
        rel
        for rel in relationships
        if other.pk in (rel.from_person_id, rel.to_person_id) and (rel.end is None or rel.end >= today)
    ]
    if not current_with_other:
        return Relative(other, UNKNOWN_RELATIONSHIP, None)
    rel = min(current_with_other, key=lambda r: _KINSHIP_ORDER.index(r.type))
    return Relative(other, relationship_label(rel, person.pk), rel)


def family_picture(person: Person) -> FamilyPicture:
    today = timezone.localdate()
    relationships = relationships_of(person)
    memberships = list(HouseholdMember.objects.filter(person=person).select_related("household").order_by("-start"))
    household_ids = [m.household_id for m in memberships]
    co_members = (
        HouseholdMember.objects.filter(household_id__in=household_ids)
        .exclude(person=person)
        .select_related("person")
        .order_by("person__date_of_birth")
    )
    by_household: dict[int, list[HouseholdMember]] = {}
    for member in co_members:
        by_household.setdefault(member.household_id, []).append(member)
    now, before, shown = [], [], set()
    for membership in memberships:
        is_now = membership.end is None or membership.end >= today
        if (membership.household_id, is_now) in shown:
            continue  # two agencies' periods in one home: the home once
        shown.add((membership.household_id, is_now))
        housemates = {
            m.person_id: m.person
            for m in by_household.get(membership.household_id, [])
            if not is_now or m.end is None or m.end >= today
        }
        members = [_relative_for(person, other, relationships) for other in housemates.values()]
        view = HouseholdView(
            membership.household_id, str(membership.household), membership.start, membership.end, members
        )
        (now if is_now else before).append(view)
    # The same relationship told by several agencies is one line, naming each agency that recorded it.
    relatives: dict[tuple, Relative] = {}
    for rel in relationships:
        other = rel.from_person if rel.to_person_id == person.pk else rel.to_person
        key = (other.pk, rel.type, rel.to_person_id == person.pk)
        relative = relatives.get(key)
        if relative is None:
            relative = relatives[key] = Relative(
                other, relationship_label(rel, person.pk), rel, rel.end is None or rel.end >= today
            )
        if rel.source and rel.source.name not in relative.sources:
            relative.sources.append(rel.source.name)
    involvements = list(person.involvements.select_related("agency", "team").order_by("-start"))
    return FamilyPicture(
        person=person,
        names=list(person.names.select_related("source").all()),
        households_now=now,
        households_before=before,
        relatives=list(relatives.values()),
        involvements_current=[i for i in involvements if i.end is None or i.end >= today],
        involvements_past=[i for i in involvements if i.end is not None and i.end < today],
    )


def search_people(queryset, text: str):
    """Filter by name, NHS number or date of birth (dd/mm/yyyy or yyyy-mm-dd) typed into one box."""
    text = (text or "").strip()
    if not text:
        return queryset
    digits = text.replace(" ", "")
    if digits.isdigit() and len(digits) == 10:
        return queryset.filter(nhs_number=digits)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return queryset.filter(date_of_birth=dt.datetime.strptime(text, fmt).date())
        except ValueError:
            pass
    condition = Q()
    for word in text.split():
        condition &= (
            Q(given_name__istartswith=word)
            | Q(family_name__istartswith=word)
            | Q(names__given_name__istartswith=word)
            | Q(names__family_name__istartswith=word)
        )
    return queryset.filter(condition).distinct()


def is_child(person: Person, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    if person.is_unborn:
        return True
    if person.date_of_birth is None:
        return False
    return (
        on.year
        - person.date_of_birth.year
        - ((on.month, on.day) < (person.date_of_birth.month, person.date_of_birth.day))
    ) < 18


@dataclasses.dataclass
class History:
    """What every agency knows, in one place: the child's own events and those of the children they live with,
    previous requests for help (including those closed below threshold), open plans and involvements."""

    events: list
    household_children: list[Person]
    involvements_current: list[Involvement]  # the person's and the other children's
    open_plans: list[Involvement]
    previous_requests: list


OPEN_PLAN_ROLES = ("allocated_social_worker", "early_help", "youth_justice")


def joined_up_history(person: Person, limit: int = 100) -> History:
    from macp.people.models import Event

    today = timezone.localdate()
    households = HouseholdMember.objects.filter(current(), person=person).values("household_id")
    housemates = list(
        Person.objects.filter(
            household_memberships__household_id__in=households, household_memberships__end__isnull=True
        )
        .exclude(pk=person.pk)
        .distinct()
    )
    children = [p for p in housemates if is_child(p, today)]
    events = list(
        Event.objects.filter(persons__in=[person.pk] + [c.pk for c in children])
        .distinct()
        .select_related("agency")
        .prefetch_related("persons")
        .order_by("-occurred_at")[:limit]
    )
    involvements = list(
        Involvement.objects.filter(current(), person__in=[person] + children)
        .select_related("agency", "person")
        .order_by("person__date_of_birth", "agency__name")
    )
    return History(
        events=events,
        household_children=children,
        involvements_current=involvements,
        open_plans=[
            i
            for i in Involvement.objects.filter(
                current(), person__in=[person] + children, role__in=OPEN_PLAN_ROLES
            ).select_related("agency", "person")
        ],
        previous_requests=[e for e in events if e.type in ("referral", "referral_nfa")],
    )
