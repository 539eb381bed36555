"""The family graph a genogram is drawn from: who is in the picture, couples, children, generations, and what
each person is to the index person.

Nothing is guessed that the records do not say (PRODUCT.md; Bristol CSPR on men in the household assumed to be
"dad"): an adult living with the child with no recorded relationship is drawn without any line and labelled
"Relationship not known"; a child with one recorded parent hangs from a couple with a dashed "not recorded"
symbol for the other parent; two parents of the same child with no recorded partnership are joined by a line
marked "?" (relationship not recorded).

Until Relationship has a field for it, the kind of couple and of care is read from `Relationship.notes`:
- partner with "married" in the notes: married (solid line); any other partner: living together (dashed);
  a partner relationship that has ended, or notes with "separated": separated (one slash);
- ex_partner with "divorced": divorced (two slashes, solid line); any other ex_partner: separated (one slash),
  on a solid line if the notes say "married", otherwise dashed;
- carer with "foster": fostered child (dotted line from the carer); carer with "adopt": adopted child
  (dashed line, brackets round the child). Other carers are shown without a line, labelled "Carer".

`build_family` is pure (it takes persons and relationships and reads only their attributes, so unsaved model
instances work); `family_for` gathers them from the database around one person.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict, deque

from django.db.models import Q
from django.utils import timezone

from macp.core.formats import age_on
from macp.people.models import HouseholdMember, Person, Relationship
from macp.people.models import RelationshipType as RT

# Couple kinds.
MARRIED = "married"
COHABITING = "cohabiting"
SEPARATED = "separated"
DIVORCED = "divorced"
UNRECORDED = "unrecorded"  # both parents of a child, no partnership recorded
CARERS = "carers"  # foster or adoptive carers with no partnership recorded, or a single carer

# How a child is attached to a couple.
BIRTH = "birth"
ADOPTED = "adopted"
FOSTERED = "fostered"

UNKNOWN_RELATIONSHIP = "Relationship not known"

# Reach limits: a genogram is about one family, not the whole population.
MAX_PEOPLE = 80


@dataclasses.dataclass
class Member:
    id: str
    given_name: str = ""
    family_name: str = ""
    sex: str = "U"  # M, F, X (other), U (not known)
    date_of_birth: dt.date | None = None
    expected_date_of_birth: dt.date | None = None
    date_of_death: dt.date | None = None
    is_index: bool = False
    placeholder: bool = False  # a parent the records do not name
    in_household: bool = False  # lives with the index person now (the index included)
    kin: str = ""  # what this person is to the index person, e.g. "Mother", "Relationship not known"
    generation: int = 0
    connected: bool = False  # joined to someone by a line

    @property
    def full_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        if name:
            return name
        if self.placeholder:
            return self.kin or "Not recorded"
        return "Unborn baby" if self.is_unborn else "Name not known"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    @property
    def is_deceased(self) -> bool:
        return self.date_of_death is not None

    @property
    def birth_order_key(self) -> tuple:
        born = self.date_of_birth or self.expected_date_of_birth
        return (born is None, born or dt.date.max, self.given_name, self.id)


@dataclasses.dataclass
class ChildLink:
    child: str
    kind: str = BIRTH  # BIRTH, ADOPTED, FOSTERED
    primary: bool = True  # the child is drawn under this couple; secondary links reach across to the child


@dataclasses.dataclass
class Union:
    id: str
    parents: tuple[str, ...]  # one (a single carer) or two
    kind: str = UNRECORDED
    solid: bool = True  # married (solid) or living together (dashed)
    slashes: int = 0  # 1 separated, 2 divorced
    start: dt.date | None = None
    current: bool = True
    children: list[ChildLink] = dataclasses.field(default_factory=list)

    def child_ids(self, primary_only: bool = False) -> list[str]:
        return [c.child for c in self.children if c.primary or not primary_only]


@dataclasses.dataclass
class Family:
    index_id: str
    members: dict[str, Member]
    unions: list[Union]
    household: set[str]
    today: dt.date

    @property
    def index(self) -> Member:
        return self.members[self.index_id]

    def union(self, union_id: str) -> Union:
        return next(u for u in self.unions if u.id == union_id)

    def primary_union_of(self, person_id: str) -> Union | None:
        for union in self.unions:
            for link in union.children:
                if link.child == person_id and link.primary:
                    return union
        return None

    def link_of(self, person_id: str) -> ChildLink | None:
        for union in self.unions:
            for link in union.children:
                if link.child == person_id and link.primary:
                    return link
        return None

    def unions_as_parent(self, person_id: str) -> list[Union]:
        return [u for u in self.unions if person_id in u.parents]

    def twins_of(self, union: Union) -> list[list[str]]:
        """Groups of two or more children of the couple born on the same day (twins, triplets)."""
        by_day: dict[dt.date, list[str]] = defaultdict(list)
        for link in union.children:
            if link.primary and link.kind == BIRTH:
                born = self.members[link.child].date_of_birth
                if born:
                    by_day[born].append(link.child)
        return [ids for ids in by_day.values() if len(ids) > 1]

    def describe(self) -> str:
        """One paragraph for screen readers and the SVG <desc>: who lives with the index person, who else is shown."""
        index = self.index

        def phrase(member: Member) -> str:
            bits = []
            named = bool(member.given_name or member.family_name)
            kin = f"{member.kin[:1].lower()}{member.kin[1:]}"
            if member.kin and member.kin != UNKNOWN_RELATIONSHIP and " of " not in kin and "(" not in kin:
                bits.append(kin + (f" {member.full_name}" if named else ""))
            elif member.kin and member.kin != UNKNOWN_RELATIONSHIP:
                bits.append(f"{member.full_name} ({kin.replace(' (', ', ').rstrip(')')})")
            else:
                bits.append(f"{member.full_name} ({UNKNOWN_RELATIONSHIP.lower()})")
            if member.is_unborn:
                bits.append(f"due {member.expected_date_of_birth:%B %Y}")
            elif member.is_deceased:
                bits.append(f"died {member.date_of_death.year}")
            elif member.date_of_birth:
                bits.append(f"aged {age_on(member.date_of_birth, self.today)}")
            return ", ".join(bits)

        def join(items: list[str]) -> str:
            if len(items) <= 1:
                return "".join(items)
            return "; ".join(items[:-1]) + " and " + items[-1]

        living = [phrase(m) for m in self._ordered() if m.in_household and not m.is_index]
        others = [phrase(m) for m in self._ordered() if not m.in_household and not m.is_index and not m.placeholder]
        missing = []
        for m in self._ordered():
            if m.placeholder:
                kids = [self.members[c].full_name for u in self.unions_as_parent(m.id) for c in u.child_ids()]
                role = _sexed(m.sex, "mother", "father", "parent")
                missing.append(f"{' and '.join(kids)}'s {role}" if kids else role)
        text = f"Genogram for {index.full_name}"
        if index.date_of_birth and not index.is_deceased:
            text += f", aged {age_on(index.date_of_birth, self.today)}"
        text += ": "
        text += f"lives with {join(living)}." if living else "no one else is recorded as living with them now."
        if others:
            text += f" Also shown: {join(others)}."
        if missing:
            text += f" Not recorded: {join(missing)}."
        return text

    def _ordered(self) -> list[Member]:
        def closeness(m: Member) -> int:
            if m.kin in ("Mother", "Father", "Parent") or m.kin.startswith(("Adoptive", "Foster carer")):
                return 0
            return 1 if "'s " in m.kin else 2

        return sorted(self.members.values(), key=lambda m: (m.generation, closeness(m), m.birth_order_key))


def _notes(rel) -> str:
    return (getattr(rel, "notes", "") or "").lower()


def _is_current(rel, today: dt.date) -> bool:
    return rel.end is None or rel.end >= today


def couple_kind(rel, today: dt.date) -> tuple[str, bool, int, bool]:
    """(kind, solid line, slashes, current) for a partner or ex_partner relationship, from its notes."""
    notes = _notes(rel)
    married = "married" in notes or "marriage" in notes or "spouse" in notes or "civil partner" in notes
    if rel.type == RT.EX_PARTNER:
        if "divorce" in notes or "dissolved" in notes:
            return DIVORCED, True, 2, False
        return SEPARATED, married, 1, False
    if not _is_current(rel, today) or "separated" in notes:
        return SEPARATED, married, 1, False
    if married:
        return MARRIED, True, 0, True
    return COHABITING, False, 0, True


def care_kind(rel) -> str | None:
    notes = _notes(rel)
    if "adopt" in notes:
        return ADOPTED
    if "foster" in notes:
        return FOSTERED
    return None


def _sexed(sex: str, female: str, male: str, other: str) -> str:
    return {"F": female, "M": male}.get(sex, other)


def build_family(index, people, relationships, household_ids=(), today: dt.date | None = None) -> Family:
    """The family graph from persons and relationships (model instances or anything with the same attributes)."""
    today = today or timezone.localdate()
    index_id = str(index.pk)
    members: dict[str, Member] = {}
    for person in [index, *people]:
        pid = str(person.pk)
        if pid in members:
            continue
        members[pid] = Member(
            id=pid,
            given_name=person.given_name or "",
            family_name=person.family_name or "",
            sex=person.sex if person.sex in ("M", "F", "X") else "U",
            date_of_birth=person.date_of_birth,
            expected_date_of_birth=person.expected_date_of_birth,
            date_of_death=person.date_of_death,
            is_index=pid == index_id,
            in_household=pid == index_id or pid in {str(h) for h in household_ids},
        )
    rels = []
    seen = set()
    for rel in relationships:
        a, b = str(rel.from_person_id), str(rel.to_person_id)
        key = (a, b, rel.type, rel.start, rel.end, _notes(rel))
        if a == b or a not in members or b not in members or key in seen:
            continue
        seen.add(key)
        rels.append(rel)

    unions: dict[frozenset, Union] = {}
    counter = iter(range(1, 10_000))

    def union_for(parents: tuple[str, ...], kind: str = UNRECORDED) -> Union:
        key = frozenset(parents)
        if key not in unions:
            unions[key] = Union(id=f"u{next(counter)}", parents=tuple(parents), kind=kind, solid=kind != UNRECORDED)
        return unions[key]

    # Couples, from partner and ex_partner relationships: the current one wins, else the latest.
    by_pair: dict[frozenset, list] = defaultdict(list)
    for rel in rels:
        if rel.type in (RT.PARTNER, RT.EX_PARTNER):
            by_pair[frozenset((str(rel.from_person_id), str(rel.to_person_id)))].append(rel)
    for _pair, pair_rels in by_pair.items():
        ranked = sorted(
            pair_rels, key=lambda r: (couple_kind(r, today)[3], r.start or dt.date.min, r.type == RT.PARTNER)
        )
        rel = ranked[-1]
        kind, solid, slashes, current = couple_kind(rel, today)
        a, b = str(rel.from_person_id), str(rel.to_person_id)
        parents = (a, b) if members[a].sex == "M" or members[b].sex == "F" else (b, a)
        union = union_for(parents, kind)
        union.kind, union.solid, union.slashes, union.current = kind, solid, slashes, current
        union.start = min((r.start for r in pair_rels if r.start), default=None)

    # Birth parents.
    birth_parents: dict[str, list[str]] = defaultdict(list)
    for rel in rels:
        if rel.type == RT.PARENT:
            child, parent = str(rel.to_person_id), str(rel.from_person_id)
            if parent not in birth_parents[child]:
                birth_parents[child].append(parent)
    placeholder_for: dict[str, str] = {}

    def placeholder(partner_of: str | None, sex: str, kin: str) -> str:
        pid = f"not-recorded-{len([m for m in members.values() if m.placeholder]) + 1}"
        members[pid] = Member(id=pid, sex=sex, placeholder=True, kin=kin)
        return pid

    def other_parent_placeholder(parent: str) -> str:
        if parent not in placeholder_for:
            sex = {"F": "M", "M": "F"}.get(members[parent].sex, "U")
            placeholder_for[parent] = placeholder(
                parent, sex, _sexed(sex, "Mother not recorded", "Father not recorded", "Parent not recorded")
            )
        return placeholder_for[parent]

    for child in sorted(birth_parents, key=lambda c: members[c].birth_order_key):
        parents = sorted(birth_parents[child], key=lambda p: (members[p].sex != "M", members[p].sex != "F", p))[:2]
        if len(parents) == 1:
            parents = [parents[0], other_parent_placeholder(parents[0])]
            if members[parents[1]].sex == "M":
                parents.reverse()
        union_for(tuple(parents)).children.append(ChildLink(child, BIRTH, True))

    # Recorded siblings with no recorded parents join their sibling's couple; if neither has parents, both hang
    # from a couple of two "not recorded" parents.
    def primary(child: str) -> Union | None:
        for union in unions.values():
            if any(link.child == child and link.primary for link in union.children):
                return union
        return None

    for rel in sorted(rels, key=lambda r: str(r.from_person_id) != index_id and str(r.to_person_id) != index_id):
        if rel.type != RT.SIBLING:
            continue
        a, b = str(rel.from_person_id), str(rel.to_person_id)
        ua, ub = primary(a), primary(b)
        if ua and not ub:
            ua.children.append(ChildLink(b))
        elif ub and not ua:
            ub.children.append(ChildLink(a))
        elif not ua and not ub:
            mother = placeholder(None, "F", "Mother not recorded")
            father = placeholder(None, "M", "Father not recorded")
            union = union_for((father, mother))
            union.children += [ChildLink(a), ChildLink(b)]

    # Foster and adoptive carers.
    carers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rel in rels:
        if rel.type == RT.CARER and care_kind(rel):
            carers[(str(rel.to_person_id), care_kind(rel))].append(str(rel.from_person_id))
    for (child, kind), who in sorted(carers.items(), key=lambda item: members[item[0][0]].birth_order_key):
        who = sorted(set(who), key=lambda p: (members[p].sex != "M", p))[:2]
        existing = unions.get(frozenset(who))
        union = existing or union_for(tuple(who), CARERS)
        if not existing and len(who) == 1:
            union.solid = True
        has_primary = primary(child) is not None
        union.children.append(ChildLink(child, kind, primary=not has_primary))

    family_unions = list(unions.values())
    for union in family_unions:
        union.children.sort(key=lambda link: members[link.child].birth_order_key)
        for pid in union.parents:
            members[pid].connected = True
        for link in union.children:
            members[link.child].connected = True

    family = Family(
        index_id=index_id,
        members=members,
        unions=family_unions,
        household={m.id for m in members.values() if m.in_household},
        today=today,
    )
    _assign_generations(family, rels)
    _drop_split_couples(family)
    _assign_kin(family, rels, {str(p.pk): p for p in [index, *people]})
    return family


def _assign_generations(family: Family, rels) -> None:
    """Generation relative to the index person (0): parents -1, children +1. From lines first, then from
    relationships that imply a generation (grandparent, step-parent), then from age for anyone left."""
    members = family.members
    edges: dict[str, list[tuple[str, int]]] = defaultdict(list)

    def edge(a: str, b: str, delta: int) -> None:
        edges[a].append((b, delta))
        edges[b].append((a, -delta))

    for union in family.unions:
        first = union.parents[0]
        for other in union.parents[1:]:
            edge(first, other, 0)
        for link in union.children:
            edge(first, link.child, 1)
    weak: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for rel in rels:
        a, b = str(rel.from_person_id), str(rel.to_person_id)
        delta = {
            RT.GRANDPARENT: 2,
            RT.STEP_PARENT: 1,
            RT.CARER: 1,
            RT.HALF_SIBLING: 0,
            RT.SIBLING: 0,
            RT.PARTNER: 0,
            RT.EX_PARTNER: 0,
            RT.PARENT: 1,
        }.get(rel.type)
        if delta is not None:
            weak[a].append((b, delta))
            weak[b].append((a, -delta))
    generation: dict[str, int] = {family.index_id: 0}
    for graph in (edges, weak):
        queue = deque(generation)
        while queue:
            current = queue.popleft()
            for other, delta in graph.get(current, []) + (edges.get(current, []) if graph is weak else []):
                if other not in generation:
                    generation[other] = generation[current] + delta
                    queue.append(other)
    index = family.index
    index_born = index.date_of_birth or index.expected_date_of_birth
    for member in members.values():
        if member.id in generation:
            continue
        born = member.date_of_birth or member.expected_date_of_birth
        if born and index_born:
            years = (index_born - born).days / 365.25
            generation[member.id] = -2 if years >= 45 else -1 if years >= 15 else 1 if years <= -15 else 0
        else:
            generation[member.id] = -1 if index_born and age_on(index_born, family.today) < 18 else 0
        # A person with no line gets a generation from age; anyone joined to them follows.
        queue = deque([member.id])
        while queue:
            current = queue.popleft()
            for other, delta in edges.get(current, []):
                if other not in generation:
                    generation[other] = generation[current] + delta
                    queue.append(other)
    for member in members.values():
        member.generation = generation[member.id]


def _drop_split_couples(family: Family) -> None:
    """Conflicting records can put partners in different generations; draw the children from the first parent then."""
    members = family.members
    for union in family.unions:
        gens = {members[p].generation for p in union.parents}
        if len(gens) > 1:
            union.parents = union.parents[:1]
            union.kind, union.solid, union.slashes = CARERS, True, 0
    for member in members.values():
        member.connected = any(member.id in u.parents or member.id in u.child_ids() for u in family.unions)


def _assign_kin(family: Family, rels, persons: dict) -> None:
    from macp.people.services import relationship_label

    members = family.members
    index = family.index_id
    today = family.today
    own = family.primary_union_of(index)
    birth_parents = (
        [p for p in own.parents if not members[p].placeholder] if own and family.link_of(index).kind == BIRTH else []
    )
    parent_unions = [u for u in family.unions if any(link.child == index for link in u.children)]

    def couple_word(union: Union, sex: str) -> str:
        if union.kind == MARRIED:
            return _sexed(sex, "wife", "husband", "spouse")
        if union.kind == DIVORCED:
            return _sexed(sex, "ex-wife", "ex-husband", "former spouse")
        if union.kind == SEPARATED or not union.current:
            return "ex-partner"
        return "partner"

    twins = {pid for union in family.unions for group in family.twins_of(union) for pid in group}
    direct = {}
    for rel in rels:
        if index in (str(rel.from_person_id), str(rel.to_person_id)) and _is_current(rel, today):
            other = str(rel.to_person_id) if str(rel.from_person_id) == index else str(rel.from_person_id)
            direct.setdefault(other, rel)
    for member in members.values():
        if member.placeholder:
            # "Father not recorded" for the index person's own; otherwise whose, e.g. "Jade's father not recorded".
            kids = [members[c] for u in family.unions_as_parent(member.id) for c in u.child_ids()]
            role = _sexed(member.sex, "mother", "father", "parent")
            if not kids or any(k.is_index for k in kids):
                member.kin = f"{role.capitalize()} not recorded"
            else:
                member.kin = f"{kids[0].given_name or kids[0].full_name}'s {role} not recorded"
            continue
        if member.is_index:
            continue
        pid, sex = member.id, member.sex
        kin = ""
        carer_link = next(
            (
                (u, link)
                for u in parent_unions
                for link in u.children
                if link.child == index and pid in u.parents and link.kind != BIRTH
            ),
            None,
        )
        if pid in birth_parents:
            kin = _sexed(sex, "Mother", "Father", "Parent")
        elif carer_link:
            kin = (
                _sexed(sex, "Adoptive mother", "Adoptive father", "Adoptive parent")
                if carer_link[1].kind == ADOPTED
                else "Foster carer"
            )
        else:
            for parent in birth_parents:
                parent_union = family.primary_union_of(parent)
                if parent_union and pid in parent_union.parents:
                    side = {"F": "Maternal ", "M": "Paternal "}.get(members[parent].sex, "")
                    kin = side + _sexed(sex, "grandmother", "grandfather", "grandparent")
                    kin = kin[0].upper() + kin[1:]
        if not kin:
            mine = family.primary_union_of(pid)
            if mine and own and mine is own:
                if member.is_unborn:
                    kin = "Unborn sibling"
                elif any(members[p].placeholder for p in own.parents) and not (
                    pid in direct and direct[pid].type == RT.SIBLING
                ):
                    kin = _sexed(sex, "Sister or half-sister", "Brother or half-brother", "Sibling or half-sibling")
                else:
                    kin = (
                        "Twin "
                        if pid in twins and index in twins and members[index].date_of_birth == member.date_of_birth
                        else ""
                    ) + _sexed(sex, "sister", "brother", "sibling")
                    kin = kin[0].upper() + kin[1:]
            elif mine and set(mine.parents) & set(birth_parents):
                kin = (
                    "Unborn half-sibling"
                    if member.is_unborn
                    else _sexed(sex, "Half-sister", "Half-brother", "Half-sibling")
                )
                link = family.link_of(pid)
                if link and link.kind == ADOPTED:
                    kin += " (adopted)"
                elif link and link.kind == FOSTERED:
                    kin = _sexed(sex, "Foster sister", "Foster brother", "Foster sibling")
            elif mine and index in mine.parents:
                kin = "Unborn baby" if member.is_unborn else _sexed(sex, "Daughter", "Son", "Child")
                link = family.link_of(pid)
                if link and link.kind != BIRTH:
                    kin = ("Adopted " if link.kind == ADOPTED else "Foster ") + kin.lower()
            elif mine and any(p in mine.parents for u in family.unions_as_parent(index) for p in u.child_ids()):
                kin = _sexed(sex, "Granddaughter", "Grandson", "Grandchild")
        if not kin:
            for union in family.unions_as_parent(pid):
                others = [p for p in union.parents if p != pid]
                if index in others:
                    kin = couple_word(union, sex)
                    kin = kin[0].upper() + kin[1:]
                    break
                if union.kind not in (UNRECORDED, CARERS) and others and others[0] in birth_parents:
                    parent = members[others[0]]
                    kin = f"{_sexed(parent.sex, 'Mother', 'Father', 'Parent')}'s {couple_word(union, sex)}"
                    break
                own_children = {c for u in family.unions_as_parent(index) for c in u.child_ids()}
                if union.kind not in (UNRECORDED, CARERS) and others and others[0] in own_children:
                    child = members[others[0]]
                    kin = f"{_sexed(child.sex, 'Daughter', 'Son', 'Child')}'s {couple_word(union, sex)}"
                    break
        if not kin:
            for union in family.unions_as_parent(pid):
                cared = [members[link.child] for link in union.children if link.kind != BIRTH and link.child != index]
                if cared:
                    kind = next(link.kind for link in union.children if link.kind != BIRTH and link.child != index)
                    role = (
                        "Foster carer"
                        if kind == FOSTERED
                        else _sexed(sex, "Adoptive mother", "Adoptive father", "Adoptive parent")
                    )
                    kin = f"{role} of {cared[0].given_name or cared[0].full_name}"
                    break
        if not kin:
            for union in family.unions_as_parent(pid):
                kids = [members[c] for c in union.child_ids() if c != index]
                if kids and union.kind != CARERS:
                    kin = f"{_sexed(sex, 'Mother', 'Father', 'Parent')} of {kids[0].given_name or kids[0].full_name}"
                    break
        if not kin and pid in direct:
            rel = direct[pid]
            if rel.type in (RT.HOUSEHOLD_MEMBER,):
                kin = "Household member"
            else:
                kin = relationship_label(_RelView(rel, persons), persons[index].pk)
        if not kin:
            kin = UNKNOWN_RELATIONSHIP
        member.kin = kin


class _RelView:
    """A relationship with its two persons, for services.relationship_label, without touching the database."""

    def __init__(self, rel, persons: dict):
        self.type = rel.type
        self.from_person_id = rel.from_person_id
        self.to_person_id = rel.to_person_id
        self.from_person = persons[str(rel.from_person_id)]
        self.to_person = persons[str(rel.to_person_id)]


def _relationships_touching(ids) -> list[Relationship]:
    return list(
        Relationship.objects.filter(Q(from_person_id__in=ids) | Q(to_person_id__in=ids)).select_related(
            "from_person", "to_person"
        )
    )


def family_for(person: Person, today: dt.date | None = None) -> Family:
    """Gather the family around `person` and build its graph.

    In reach: parents (and foster or adoptive carers), step-parents, parents' partners and ex-partners,
    siblings and half-siblings with their parents, grandparents, the person's own partners and children (with
    the children's other parents), grandchildren when the person is an adult, and everyone living with the
    person now.
    """
    from macp.people.services import is_child

    today = today or timezone.localdate()
    pid = person.pk
    people: dict = {pid: person}

    def add(p: Person) -> None:
        if len(people) < MAX_PEOPLE:
            people.setdefault(p.pk, p)

    parents, children, siblings, carers = set(), set(), set(), set()
    for rel in _relationships_touching([pid]):
        other = rel.to_person if rel.from_person_id == pid else rel.from_person
        add(other)
        if rel.type == RT.PARENT:
            (parents if rel.to_person_id == pid else children).add(other.pk)
        elif rel.type in (RT.SIBLING, RT.HALF_SIBLING):
            siblings.add(other.pk)
        elif rel.type == RT.CARER and rel.to_person_id == pid:
            carers.add(other.pk)
    more_siblings = set()
    for rel in _relationships_touching(parents | children | siblings | carers):
        a, b = rel.from_person_id, rel.to_person_id
        if a in parents or a in carers:
            if rel.type == RT.PARENT and b != pid:
                add(rel.to_person)
                more_siblings.add(b)
            elif rel.type in (RT.PARTNER, RT.EX_PARTNER):
                add(rel.to_person)
        if b in parents or b in carers:
            if rel.type == RT.PARENT:  # grandparents
                add(rel.from_person)
            elif rel.type in (RT.PARTNER, RT.EX_PARTNER):
                add(rel.from_person)
        if b in children and rel.type == RT.PARENT:  # the children's other parents
            add(rel.from_person)
        if a in children and rel.type == RT.PARENT and not is_child(person, today):  # grandchildren
            add(rel.to_person)
        if b in siblings and rel.type == RT.PARENT:  # half-siblings' own parents
            add(rel.from_person)
    new_siblings = more_siblings - siblings
    if new_siblings:
        for rel in Relationship.objects.filter(to_person_id__in=new_siblings, type=RT.PARENT).select_related(
            "from_person"
        ):
            add(rel.from_person)
    household_ids = set()
    mine = HouseholdMember.objects.filter(Q(end__isnull=True) | Q(end__gte=today), person_id=pid).values("household_id")
    for member in HouseholdMember.objects.filter(
        Q(end__isnull=True) | Q(end__gte=today), household_id__in=mine
    ).select_related("person"):
        add(member.person)
        household_ids.add(member.person_id)
    ids = list(people)
    relationships = list(
        Relationship.objects.filter(from_person_id__in=ids, to_person_id__in=ids).order_by("start", "pk")
    )
    return build_family(
        person,
        [p for p in people.values() if p.pk != pid],
        relationships,
        [h for h in household_ids if h in people],
        today,
    )
