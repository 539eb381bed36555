"""People search that respects need-to-know: by name (with nicknames and other spellings from the linker's one
table of given-name equivalents), date of birth, NHS number and postcode.

People the user may open are listed with enough to tell them apart; for anyone else only "a record exists" and the
way to ask for access. Every search is audited: each person shown, or known to exist, is a read in the audit
(UK GDPR Art. 5(1)(c); PRODUCT.md "Need to know")."""

import dataclasses
import datetime as dt

from django.db.models import Q

from macp.access.models import AccessEvent, Basis
from macp.access.services import basis_for, record_access, visible_people
from macp.identity.linkage.names import canonical_keys, equivalents, normalise_name
from macp.people.models import HouseholdMember, Person
from macp.people.services import current

LIMIT = 20


@dataclasses.dataclass
class Found:
    person: Person
    may_open: bool
    postcode: str = ""
    other_names: list = dataclasses.field(default_factory=list)


def name_variants(given: str) -> set[str]:
    """The typed given name and every name sharing an equivalence group with it (Bill → William, Liam, …)."""
    name = normalise_name(given).replace(" ", "")
    if not name:
        return set()
    keys = set(canonical_keys(name))
    return {name} | {other for other, their in equivalents().items() if keys.intersection(their)}


def check_terms(name: str, date_of_birth, nhs_number: str, postcode: str) -> list[str]:
    if not any(((name or "").strip(), date_of_birth, (nhs_number or "").strip(), (postcode or "").strip())):
        return ["Enter a name, date of birth, NHS number or postcode"]
    if name and not (date_of_birth or nhs_number or postcode) and len(name.split()) < 2:
        return ["Enter a given name and a family name, or add a date of birth or postcode"]
    return []


def _candidates(name: str, date_of_birth: dt.date | None, nhs_number: str, postcode: str):
    people = Person.objects.filter(merged_into__isnull=True)
    if nhs_number:
        people = people.filter(nhs_number=nhs_number.replace(" ", ""))
    if date_of_birth:
        people = people.filter(date_of_birth=date_of_birth)
    if postcode:
        compact = postcode.replace(" ", "").upper()
        spaced = f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
        homes = HouseholdMember.objects.filter(
            current(), household__postcode__in={compact, spaced, postcode.strip().upper()}
        ).values("person_id")
        people = people.filter(pk__in=homes)
    words = name.split()
    if words:
        given, family = words[0], (words[-1] if len(words) > 1 else "")
        variants = {v.capitalize() for v in name_variants(given)} | {given, given.capitalize()}
        # Exact names in the usual casings, so the (family_name, given_name) index answers it over 500,000 people.
        condition, also = Q(given_name__in=variants), Q(names__given_name__in=variants)
        if family:
            casings = {family, family.capitalize(), family.title(), family.upper(), family.lower()}
            condition &= Q(family_name__in=casings)
            also &= Q(names__family_name__in=casings)
        people = people.filter(
            pk__in=Person.objects.filter(condition).values("pk").union(Person.objects.filter(also).values("pk"))
        )
    return people


def search(
    user,
    *,
    name: str = "",
    date_of_birth: dt.date | None = None,
    nhs_number: str = "",
    postcode: str = "",
    route: str = "/search/",
    channel: str = AccessEvent.Channel.PAGE,
) -> list[Found]:
    name, nhs_number, postcode = (name or "").strip(), (nhs_number or "").strip(), (postcode or "").strip()
    rows = list(
        _candidates(name, date_of_birth, nhs_number, postcode).order_by("family_name", "given_name", "date_of_birth")[
            :LIMIT
        ]
    )
    ids = [p.pk for p in rows]
    openable = set(visible_people(user).filter(pk__in=ids).values_list("pk", flat=True))
    homes = dict(
        HouseholdMember.objects.filter(current(), person_id__in=openable).values_list(
            "person_id", "household__postcode"
        )
    )
    other = {}
    for person_id, given, family in Person.objects.filter(pk__in=openable).values_list(
        "pk", "names__given_name", "names__family_name"
    ):
        if given or family:
            other.setdefault(person_id, set()).add(f"{given} {family}".strip())
    terms = ", ".join(
        f"{k}={v}"
        for k, v in (("name", name), ("dob", date_of_birth), ("nhs", nhs_number), ("postcode", postcode))
        if v
    )
    found = []
    for p in rows:
        may = p.pk in openable
        basis = basis_for(user, p)[0] if may else Basis.DENIED
        record_access(
            user,
            p.pk,
            route=route,
            channel=channel,
            basis=basis,
            detail=f"people search ({'listed' if may else 'record exists, not shown'}): {terms}",
        )
        found.append(Found(p, may, homes.get(p.pk, ""), sorted(other.get(p.pk, set()) - {p.full_name})))
    if not rows:
        record_access(
            user,
            "none",
            route=route,
            channel=channel,
            basis=Basis.DENIED,
            detail=f"people search, no match: {terms}",
        )
    return found
