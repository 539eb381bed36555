"""In-app identity resolution for one incoming person record against the people already known.

Candidates come from the database by blocking (valid NHS number; date of birth or a near miss of it; names), and
each is scored field by field with Fellegi–Sunter match weights (log2 m/u), so the review page can show what each
field contributed. Guards keep doubtful pairs away from automatic linking, because a wrong merge in child
protection hides one child inside another's record (PRODUCT.md: "the system never silently merges two people"):
- two different valid NHS numbers are never the same person;
- a disagreeing given name (twins, siblings) can at most go to review unless the same valid NHS number says
  otherwise; a date of birth more than a year apart (parent and child of the same name) can at most go to review;
- name and date of birth alone, with nothing else agreeing (no NHS number, no shared postcode sector), can at most
  go to review: same-name, same-birthday namesakes exist in any large population.
"""

import dataclasses
import datetime as dt
import math

from django.db.models import Q
from rapidfuzz.distance import JaroWinkler

from macp.core import nhs_number
from macp.identity.linkage.names import canonical_keys, normalise_name
from macp.people.models import Person

AUTO_LINK_PROBABILITY = 0.99
REVIEW_PROBABILITY = 0.30
PRIOR_LOG2_ODDS = -16.6  # about one match in 100,000 random pairs
MAX_CANDIDATES = 50


@dataclasses.dataclass(frozen=True)
class Level:
    name: str
    m: float
    u: float

    @property
    def weight(self) -> float:
        return math.log2(self.m / self.u)


# (comparison, level) -> m and u. The in-app model mirrors the file linker's comparisons (docs/decisions/0004).
LEVELS = {
    "nhs_number": {"exact": Level("Same valid NHS number", 0.98, 1e-7), "different": Level("Different valid NHS numbers", 0.002, 0.9999)},
    "given_name": {
        "exact": Level("Exact", 0.80, 0.005), "alias": Level("Known alias or nickname", 0.08, 0.002),
        "similar": Level("Similar spelling", 0.07, 0.01), "initial": Level("Same initial only", 0.02, 0.06),
        "different": Level("Different", 0.03, 0.92),
    },
    "family_name": {
        "exact": Level("Exact", 0.80, 0.002), "token": Level("Shares part of a double-barrelled name", 0.07, 0.0005),
        "similar": Level("Similar spelling", 0.05, 0.005), "different": Level("Different (may have changed)", 0.08, 0.99),
    },
    "date_of_birth": {
        "exact": Level("Exact", 0.88, 0.0002), "swapped": Level("Day and month swapped", 0.02, 0.0001),
        "one_day": Level("One day apart", 0.02, 0.0005), "one_digit": Level("One digit different", 0.03, 0.002),
        "year": Level("Year differs by one", 0.01, 0.005), "different": Level("Different", 0.04, 0.99),
    },
    "postcode": {
        "unit": Level("Same postcode", 0.60, 0.0005), "sector": Level("Same sector", 0.10, 0.01),
        "district": Level("Same district", 0.10, 0.05), "different": Level("Different", 0.20, 0.94),
    },
    "sex": {"same": Level("Same", 0.97, 0.5), "different": Level("Different", 0.03, 0.5)},
}


@dataclasses.dataclass
class Contribution:
    field: str
    level: str
    label: str
    weight: float
    left: str
    right: str

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Score:
    person: Person
    probability: float
    contributions: list[Contribution]
    guard: str | None  # why this pair may not link automatically, if it may not

    @property
    def auto_link(self) -> bool:
        return self.guard is None and self.probability >= AUTO_LINK_PROBABILITY

    @property
    def needs_review(self) -> bool:
        return not self.auto_link and self.probability >= REVIEW_PROBABILITY and self.guard != "different NHS numbers"


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _norm(value: str | None) -> str:
    return " ".join((value or "").replace("-", " ").replace("'", "").upper().split())


def _postcode(value: str | None) -> str:
    return (value or "").replace(" ", "").upper()


def dob_level(a: dt.date, b: dt.date) -> str:
    if a == b:
        return "exact"
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return "swapped"
    if abs((a - b).days) == 1:
        return "one_day"
    sa, sb = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    if sum(x != y for x, y in zip(sa, sb)) == 1:
        return "one_digit"
    if abs(a.year - b.year) == 1 and (a.month, a.day) == (b.month, b.day):
        return "year"
    return "different"


def _aliases(a: str, b: str) -> bool:
    """Nicknames and spellings of one name (the linker's equivalents table: William/Bill/Liam, Muhammad/Mohammed)."""
    first_a, first_b = normalise_name(a).split()[:1], normalise_name(b).split()[:1]
    return bool(first_a and first_b and set(canonical_keys(first_a[0])) & set(canonical_keys(first_b[0])))


def _given_level(a: str, b: str) -> str:
    if a == b:
        return "exact"
    if _aliases(a, b):
        return "alias"
    if JaroWinkler.similarity(a, b) >= 0.92:
        return "similar"
    if a[:1] == b[:1]:
        return "initial"
    return "different"


def _family_level(a: str, b: str) -> str:
    if a == b:
        return "exact"
    if set(a.split()) & set(b.split()):
        return "token"
    if JaroWinkler.similarity(a, b) >= 0.92:
        return "similar"
    return "different"


def _postcode_level(a: str, b: str) -> str:
    if a == b:
        return "unit"
    if len(a) >= 5 and len(b) >= 5 and a[:-2] == b[:-2]:
        return "sector"
    if len(a) >= 5 and len(b) >= 5 and a[:-3] == b[:-3]:
        return "district"
    return "different"


def person_fields(person: Person, postcode: str = "") -> dict:
    return {
        "given_name": person.given_name, "family_name": person.family_name,
        "date_of_birth": person.date_of_birth or person.expected_date_of_birth,
        "sex": person.sex, "nhs_number": person.nhs_number if person.nhs_number_valid else "",
        "postcode": postcode, "other_names": [(n.given_name, n.family_name) for n in person.names.all()],
    }


def score(record: dict, candidate: dict, person: Person | None = None) -> Score:
    """Compare an incoming person record (contract fields) with a known person's fields."""
    parts: list[Contribution] = []

    def add(field, level, left, right):
        lvl = LEVELS[field][level]
        parts.append(Contribution(field, level, lvl.name, round(lvl.weight, 2), str(left or ""), str(right or "")))

    guard = None
    nhs_a = nhs_number.normalise(record.get("nhs_number"))
    nhs_a = nhs_a if nhs_number.is_valid(nhs_a) else ""
    nhs_b = candidate.get("nhs_number") or ""
    if nhs_a and nhs_b:
        add("nhs_number", "exact" if nhs_a == nhs_b else "different", nhs_a, nhs_b)
        if nhs_a != nhs_b:
            guard = "different NHS numbers"

    names_b = [(_norm(candidate["given_name"]), _norm(candidate["family_name"]))]
    names_b += [(_norm(g), _norm(f)) for g, f in candidate.get("other_names", [])]
    given_a, family_a = _norm(record.get("given_name")), _norm(record.get("family_name"))
    order = ["exact", "alias", "similar", "initial", "different"]
    if given_a and any(g for g, _ in names_b):
        level = min((_given_level(given_a, g) for g, _ in names_b if g), key=order.index)
        add("given_name", level, record.get("given_name"), candidate["given_name"])
        if level in ("initial", "different") and guard is None:
            guard = "given names disagree"
    if family_a and any(f for _, f in names_b):
        forder = ["exact", "token", "similar", "different"]
        level = min((_family_level(family_a, f) for _, f in names_b if f), key=forder.index)
        add("family_name", level, record.get("family_name"), candidate["family_name"])

    dob_a = _date(record.get("date_of_birth") or record.get("expected_date_of_birth"))
    dob_b = _date(candidate.get("date_of_birth"))
    if dob_a and dob_b:
        level = dob_level(dob_a, dob_b)
        add("date_of_birth", level, dob_a, dob_b)
        if abs((dob_a - dob_b).days) > 400 and guard is None:
            guard = "dates of birth more than a year apart"

    pc_a, pc_b = _postcode(record.get("postcode")), _postcode(candidate.get("postcode"))
    if pc_a and pc_b:
        add("postcode", _postcode_level(pc_a, pc_b), record.get("postcode"), candidate.get("postcode"))

    sex_a, sex_b = record.get("sex") or "U", candidate.get("sex") or "U"
    if sex_a in "FM" and sex_b in "FM":
        add("sex", "same" if sex_a == sex_b else "different", sex_a, sex_b)

    if guard == "given names disagree" and any(p.field == "nhs_number" and p.level == "exact" for p in parts):
        guard = None  # the same valid NHS number outweighs a misspelt or placeholder given name ("Baby Ward")
    total = PRIOR_LOG2_ODDS + sum(p.weight for p in parts)
    probability = 1 / (1 + 2 ** -total)
    corroborated = any(
        (p.field == "nhs_number" and p.level == "exact") or (p.field == "postcode" and p.level in ("unit", "sector"))
        for p in parts
    )
    if guard is None and not corroborated:
        guard = "nothing but name and date of birth agrees"
    return Score(person, probability, parts, guard)


def candidates(record: dict, *, exclude_ids=()) -> list[Person]:
    """People who might be this record: blocking that still finds a typo in the date of birth or the name."""
    condition = Q(pk__in=[])
    nhs = nhs_number.normalise(record.get("nhs_number"))
    if nhs_number.is_valid(nhs):
        condition |= Q(nhs_number=nhs, nhs_number_valid=True)
    dob = _date(record.get("date_of_birth") or record.get("expected_date_of_birth"))
    given, family = (record.get("given_name") or "").strip(), (record.get("family_name") or "").strip()
    if dob:
        near = {dob, dob + dt.timedelta(days=1), dob - dt.timedelta(days=1)}
        if dob.day <= 12:
            try:
                near.add(dob.replace(day=dob.month, month=dob.day))
            except ValueError:
                pass
        condition |= Q(date_of_birth__in=near) | Q(expected_date_of_birth__in=near)
        if family:
            condition |= Q(family_name__iexact=family, date_of_birth__year__in=[dob.year - 1, dob.year, dob.year + 1])
            condition |= Q(names__family_name__iexact=family, date_of_birth__year=dob.year)
        if given:
            condition |= Q(given_name__iexact=given, date_of_birth__year=dob.year, date_of_birth__month=dob.month)
    if given and family:
        condition |= Q(given_name__iexact=given, family_name__iexact=family)
    return list(
        Person.objects.filter(condition, merged_into__isnull=True)
        .exclude(pk__in=list(exclude_ids))
        .prefetch_related("names")
        .distinct()[:MAX_CANDIDATES]
    )
