"""Synthetic families for the demo region: plan each family in plain Python, then write them in chunks.

Determinism: family number n of seed S is planned from its own `random.Random("macp-demo/S/n")` and the fixed
reference catalogue, with every date relative to an explicit `today` (default ANCHOR_DATE). So the same seed
gives the same people whatever the run size, and "60 families, then 60 more" equals "120 families". Only
person UUIDs (uuid4, so ids stay unguessable as the Person model asks) and database ids differ between runs.

The families carry the patterns the seed reviews talk about: fathers living elsewhere, step-parents, half-
siblings, a mother's new partner with no recorded relationship to the children (Bristol CSPR: men unseen or
assumed to be "dad"), unborn babies, twins, grandparents, deaths, moves between councils (Child Alex), and
below-threshold events from several agencies that only add up when seen together (Wales thematic review).
"""

import contextlib
import dataclasses
import datetime as dt
import random
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from macp.accounts.models import Agency, AgencyType, LocalAuthority, Team
from macp.core.nhs_number import check_digit
from macp.demo import names as N
from macp.demo import texts
from macp.demo.reference import AGENCY_BY_CODE, COUNCIL_BY_CODE, COUNCILS, DEMO_USER_BY_ROLE, agencies_of
from macp.identity.linkage.incoming import blocking_keys
from macp.identity.models import BlockingKey, Link
from macp.intake.models import SourceRecord
from macp.people.models import (
    Event,
    Household,
    HouseholdMember,
    Involvement,
    NameKind,
    Person,
    PersonName,
    Relationship,
)
from macp.people.models import (
    InvolvementRole as IR,
)
from macp.people.models import (
    RelationshipType as RT,
)

# Every date is computed from this unless a caller passes another `today`: output must not drift with the clock.
ANCHOR_DATE = dt.date(2026, 11, 1)
DEFAULT_FAMILIES = 60
DEFAULT_SEED = 2026
CHUNK_FAMILIES = 5000
# Family number 1 lives in Avonmere, with Avonmere children's services allocated, and no demo user's agency is
# involved with anyone in it: opening it as the Severn Vale social worker shows the 403 / break-glass route.
OUT_OF_AREA_FAMILY = 1
LONDON = ZoneInfo("Europe/London")
T = AgencyType

SHAPES = (
    ("two_parent", 30),
    ("separated", 18),
    ("step_parent", 12),
    ("new_partner_unknown", 10),
    ("single_half_siblings", 14),
    ("grandparent_household", 9),
    ("kinship_grandparent", 7),
)
POSTCODE_UNITS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters Royal Mail uses in the inward code


# --------------------------------------------------------------------------------------------------- the plan


@dataclasses.dataclass
class PlanPerson:
    role: str  # mother, father, step_father, partner, new_partner, child, unborn, grandparent (bookkeeping only)
    given: str
    family: str
    sex: str
    dob: dt.date | None
    ethnicity: str
    middle: str = ""
    edd: dt.date | None = None
    dod: dt.date | None = None
    nhs: str = ""
    mother: int | None = None
    father: object = None  # a person index, an "unknown-…" token (not recorded, but known to differ), or None
    gp: str | None = None
    school: str | None = None
    household: int | None = None  # index of the current household
    arrived: dt.date | None = None  # start of the current household membership
    names: list = dataclasses.field(default_factory=list)  # (given, middle, family, kind, from, to, source)
    source: str = ""
    no_nhs: bool = False
    no_gp: bool = False

    @property
    def is_child(self) -> bool:
        return self.role in ("child", "unborn")


@dataclasses.dataclass
class PlanHousehold:
    address: str
    postcode: str
    la: str
    gp: str  # the practice people living here register with
    primary: str  # the catchment primary school
    social: bool  # a council or housing-association tenancy
    members: list = dataclasses.field(default_factory=list)  # (person index, start, end)


@dataclasses.dataclass
class FamilyPlan:
    number: int
    la: str
    shape: str
    features: list[str]
    persons: list[PlanPerson]
    households: list[PlanHousehold]
    relationships: list[tuple]  # (from index, to index, type, start, end)
    involvements: list[tuple]  # (index, agency, team code, role, start, end, worker name)
    events: list[tuple]  # (agency, type, occurred_at, summary, (index, …))

    def source_id(self, index: int) -> str:
        return person_source_id(self.number, index)


def person_source_id(family_number: int, index: int) -> str:
    """P + family number (7 digits) + member (2 digits): stable, and tells a later run where to carry on."""
    return f"P{family_number:07d}{index:02d}"


class NhsNumbers:
    """Synthetic NHS numbers: 999 + six digits + modulus-11 check digit, never two people with one number.

    The 999 range is reserved for testing and never issued to a patient. It holds about 909,000 valid numbers;
    when it is nearly full, people are left without a number rather than given someone else's.
    """

    CAPACITY = 880_000

    def __init__(self, used: Iterable[str] = ()):
        self.used = set(used)

    def new(self, rng: random.Random) -> str:
        if len(self.used) >= self.CAPACITY:
            return ""
        while True:
            nine = f"999{rng.randrange(1_000_000):06d}"
            digit = check_digit(nine)
            if digit is None:
                continue
            number = f"{nine}{digit}"
            if number not in self.used:
                self.used.add(number)
                return number

    def mistyped(self, rng: random.Random) -> str:
        """A number as a busy person types it: a valid one with two adjacent digits swapped, so the checksum fails
        (modulus 11 catches every such swap). Only the number actually given counts as used, as it would when a
        later run reloads the used numbers from the database."""
        number = self.new(rng)
        if not number:
            return ""
        self.used.discard(number)
        position = rng.randint(3, 8)
        for p in list(range(position, 9)) + list(range(3, position)):
            swapped = number[:p] + number[p + 1] + number[p] + number[p + 2 :]
            if swapped != number:
                break
        else:  # all nine digits the same
            swapped = number[:9] + str((int(number[9]) + 1) % 10)
        self.used.add(swapped)
        return swapped


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(dob: dt.date, on: dt.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


DAY = dt.timedelta(days=1)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class _FamilyBuilder:
    """Plans one family. All randomness comes from self.rng; all dates from self.today."""

    def __init__(self, seed: int, number: int, today: dt.date, nhs: NhsNumbers):
        self.rng = random.Random(f"macp-demo/{seed}/{number}")
        self.number, self.today, self.nhs = number, today, nhs
        self.special = number == OUT_OF_AREA_FAMILY
        self.no_police = self.special
        self.persons: list[PlanPerson] = []
        self.households: list[PlanHousehold] = []
        self.relationships: list[tuple] = []
        self.involvements: list[tuple] = []
        self.events: list[tuple] = []
        self.features: list[str] = []
        self.previous: tuple[int, str, dt.date] | None = None  # (household, council, move date) after a move
        self.kinship_from: dt.date | None = None

    # ------------------------------------------------------------------ small helpers
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def weighted(self, pairs):
        return self.rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]

    def between(self, start: dt.date, end: dt.date) -> dt.date:
        """A day from start to end inclusive (start when the range is empty)."""
        if end <= start:
            return start
        return start + days(self.rng.randint(0, (end - start).days))

    def dob_for_age(self, years: int) -> dt.date:
        return add_years(self.today, -years) - days(self.rng.randint(0, 364))

    def at(self, day: dt.date, night: bool = False) -> dt.datetime:
        hour = self.rng.choice((19, 20, 21, 22, 23, 0, 1, 2)) if night else self.rng.randint(8, 17)
        return dt.datetime.combine(
            day, dt.time(hour, self.rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50))), tzinfo=LONDON
        )

    def add(self, person: PlanPerson) -> int:
        self.persons.append(person)
        return len(self.persons) - 1

    def rel(self, a: int, b: int, type_: str, start=None, end=None):
        self.relationships.append((a, b, type_, start, end))

    def feature(self, name: str):
        if name not in self.features:
            self.features.append(name)

    def other_council(self) -> str:
        return self.rng.choice([c.code for c in COUNCILS if c.code != self.la])

    def heritage(self) -> N.Heritage:
        return N.HERITAGES[self.weighted(N.MOTHER_HERITAGE_WEIGHTS)]

    # ------------------------------------------------------------------ names
    def given(self, heritage: N.Heritage, sex: str, adult: bool) -> str:
        if sex == "F":
            return self.rng.choice(heritage.names.women if adult else heritage.names.girls)
        return self.rng.choice(heritage.names.men if adult else heritage.names.boys)

    def surname(self, heritage: N.Heritage) -> str:
        if heritage.key == "ind" and self.sikh:
            return self.rng.choice(N.SIKH_SURNAMES)
        return self.rng.choice(heritage.names.surnames)

    def middle(self, heritage: N.Heritage, sex: str) -> str:
        if heritage.key == "ind" and self.sikh:
            return "Kaur" if sex == "F" else "Singh"
        if heritage.key == "chn" and self.chance(0.4):
            return self.rng.choice(N.CHINESE.names.women if sex == "F" else N.CHINESE.names.men)
        if heritage.key in ("wbri", "wiri", "bcrb") and self.chance(0.45):
            return self.rng.choice(N.MIDDLE_NAMES[sex])
        return ""

    def adult(self, role: str, heritage: N.Heritage, sex: str, age: int, surname: str | None = None) -> int:
        family = N.polish_surname(surname or self.surname(heritage), sex)
        middle = self.middle(heritage, sex) if heritage.key != "chn" else ""
        return self.add(
            PlanPerson(
                role,
                self.given(heritage, sex, True),
                family,
                sex,
                self.dob_for_age(age),
                heritage.ethnicity,
                middle=middle,
            )
        )

    def mother(self, age: int) -> int:
        m = self.adult("mother", self.mh, "F", age)
        if self.mh.key == "ban" and self.chance(0.5):
            self.persons[m].family = "Begum"
        return m

    def man(self, role: str, heritage: N.Heritage, mother_age: int, spread=(-3, 8)) -> int:
        return self.adult(role, heritage, "M", max(18, mother_age + self.rng.randint(*spread)))

    def marry(self, wife: int, husband: int, on: dt.date):
        """A wife usually takes her husband's surname; her birth surname is kept as a previous name."""
        w, h = self.persons[wife], self.persons[husband]
        if self.mh.mother_keeps_surname or w.family == "Begum" or w.family == N.polish_surname(h.family, "F"):
            return
        w.names.append((w.given, w.middle, w.family, NameKind.PREVIOUS, None, on, None))
        w.family = N.polish_surname(h.family, "F")

    def children_surname(self, father: int | None, mother: int, married: bool, father_heritage: N.Heritage) -> str:
        """The surname the children are registered with, following each group's custom."""
        f = self.persons[father] if father is not None else None
        if father_heritage.key == "som" or (f is None and self.mh.key == "som"):
            # Somali custom: the child's surname is the father's given name.
            return f.given if f else self.rng.choice(N.SOMALI.names.men)
        use_father = f is not None and (married or self.chance(0.6))
        base = f.family if use_father else self.persons[mother].family
        if base == "Begum":
            base = f.family if f else self.rng.choice(N.BANGLADESHI.names.surnames)
        return base

    # ------------------------------------------------------------------ households
    def household(self, la: str, social: bool | None = None, gp_not: str | None = None) -> int:
        council = COUNCIL_BY_CODE[la]
        town = self.rng.randrange(len(council.towns))
        street = f"{self.rng.choice(N.STREET_NAMES)} {self.rng.choice(N.STREET_KINDS)}"
        social = self.chance(0.35) if social is None else social
        if social and self.chance(0.6):
            block = f"{self.rng.choice(N.STREET_NAMES)} {self.rng.choice(N.FLAT_BLOCKS)}"
            address = f"Flat {self.rng.randint(1, 48)}, {block}, {street}, {council.towns[town]}"
        else:
            address = f"{self.rng.randint(1, 180)} {street}, {council.towns[town]}"
        # Fictional postcode areas (SV, KM, AD); each town has three districts.
        postcode = (
            f"{council.postcode_area}{town * 3 + self.rng.randint(1, 3)} {self.rng.randint(1, 9)}"
            f"{self.rng.choice(POSTCODE_UNITS)}{self.rng.choice(POSTCODE_UNITS)}"
        )
        gps = [a.code for a in agencies_of(T.GP_PRACTICE, la) if a.code != gp_not]
        primaries = [a.code for a in agencies_of(T.SCHOOL, la, "primary")]
        self.households.append(
            PlanHousehold(address, postcode, la, self.rng.choice(gps), self.rng.choice(primaries), social)
        )
        return len(self.households) - 1

    def live(self, person: int, household: int, start: dt.date | None, end: dt.date | None = None):
        p = self.persons[person]
        if p.dob and start and start < p.dob:
            start = p.dob
        self.households[household].members.append((person, start, end))
        if end is None:
            p.household, p.arrived = household, start
            if p.gp is None and p.role != "unborn":  # an unborn baby is not registered with a GP
                p.gp = self.households[household].gp

    # ------------------------------------------------------------------ children
    def child_dobs(self, count: int, twins: bool) -> list[dt.date]:
        ages = [self.rng.randint(0, 16) if count > 1 else self.rng.randint(0, 17)]
        while len(ages) < count:
            nxt = ages[-1] - self.rng.choice((1, 2, 2, 3, 3, 4, 5))
            if nxt < 0:
                break
            ages.append(nxt)
        dobs: list[dt.date] = []
        for dob in sorted(self.dob_for_age(a) for a in ages):
            # Births to one mother at least ten months apart; a child that cannot fit is left out.
            if dobs and (dob - dobs[-1]).days < 300:
                dob = dobs[-1] + days(self.rng.randint(300, 500))
                if dob > self.today - days(3):
                    continue
            dobs.append(dob)
        if twins:
            at = self.rng.randrange(len(dobs))
            dobs.insert(at, dobs[at])
            self.feature("twins")
        return dobs

    @staticmethod
    def split_point(dobs: list[dt.date]) -> int | None:
        """Where a second father's children can start: never between twins. None when there is no such place."""
        places = [i for i in range(1, len(dobs)) if dobs[i] != dobs[i - 1]]
        return places or None

    def child(
        self,
        dob: dt.date,
        mother: int,
        father,
        heritage: N.Heritage,
        ethnicity: str,
        surname: str,
        twin_of: int | None = None,
    ) -> int:
        sex = self.rng.choice("FM")
        given = self.given(heritage, sex, False)
        if twin_of is not None:
            other = self.persons[twin_of]
            pairs = [(s, a, b) for h, s, a, b in N.TWIN_NAMES if h == heritage.key]
            if pairs and self.chance(0.6):
                # Same-sex twins with similar names: a classic way for records to get mixed up.
                sex, first, given = self.rng.choice(pairs)
                other.sex, other.given = sex, first
                other.family = N.polish_surname(other.family, sex)
                other.middle = self.middle(heritage, sex)
                self.feature("similar_twins")
            while given == other.given:
                given = self.given(heritage, sex, False)
        return self.add(
            PlanPerson(
                "child",
                given,
                N.polish_surname(surname, sex),
                sex,
                dob,
                ethnicity,
                middle=self.middle(heritage, sex),
                mother=mother,
                father=father,
            )
        )

    def children(self, dobs, mother: int, father, heritages: tuple, surname: str) -> list[int]:
        ethnicity = N.mixed_code(heritages[0].ethnicity, heritages[1].ethnicity)
        made: list[int] = []
        for dob in dobs:
            twin_of = made[-1] if made and self.persons[made[-1]].dob == dob else None
            made.append(self.child(dob, mother, father, self.rng.choice(heritages), ethnicity, surname, twin_of))
        return made

    def unborn(self, mother: int, father) -> int:
        """An unborn baby: expected date only, no name yet, in the mother's household."""
        i = self.add(
            PlanPerson(
                "unborn",
                "",
                "",
                "U",
                None,
                "NOBT",
                edd=self.today + days(self.rng.randint(45, 200)),
                mother=mother,
                father=father,
            )
        )
        self.feature("unborn")
        m = self.persons[mother]
        if m.household is not None:
            self.live(i, m.household, None)
        return i

    # ------------------------------------------------------------------ the family
    def plan(self) -> FamilyPlan:
        rng = self.rng
        self.la = "adc" if self.special else self.weighted((("svc", 45), ("kbc", 30), ("adc", 25)))
        # Some features recur on a fixed cycle, so every ten families have them whatever the seed.
        cycle = self.number % 10
        if self.special:
            shape = "two_parent"
        elif cycle == 7:
            shape = "new_partner_unknown"
        elif cycle == 8:
            shape = "single_half_siblings"
        else:
            shape = self.weighted(SHAPES)
        self.shape = shape
        twins = cycle == 2 or self.chance(0.03)
        pregnant = not self.special and (cycle == 5 or self.chance(0.07))
        self.diff_gp = cycle == 4 or self.chance(0.12)
        self.risk = self.weighted((("low", 55), ("medium", 30), ("high", 15)))
        if shape == "kinship_grandparent" and self.risk == "low":
            self.risk = "medium"
        if self.special:
            self.risk = "medium"

        self.mh = self.heritage()
        self.fh = self.mh if self.chance(0.8) else self.heritage()
        self.sikh = "ind" in (self.mh.key, self.fh.key) and self.chance(0.4)

        count = self.weighted(((1, 28), (2, 35), (3, 21), (4, 11), (5, 5)))
        if shape in ("single_half_siblings", "step_parent"):
            count = max(count, 2)
        dobs = self.child_dobs(count, twins)
        mother_age = age_on(dobs[0], self.today) + rng.randint(17, 36)
        pregnant = pregnant and mother_age < 44 and shape != "kinship_grandparent"

        home = getattr(self, f"_shape_{shape}")(dobs, mother_age)
        if home is not None and not self.special and self.chance(0.2):
            self._move(home)
        if pregnant:
            mother = next(i for i, p in enumerate(self.persons) if p.role == "mother")
            self.unborn(mother, self.baby_father)
        self._grandparents_elsewhere()
        self._family_ties()
        self._finish_people()
        self._services()
        self._events()
        self.events.sort(key=lambda e: e[2])
        return FamilyPlan(
            self.number,
            self.la,
            shape,
            self.features,
            self.persons,
            self.households,
            self.relationships,
            self.involvements,
            self.events,
        )

    # Each shape makes its people, households and the relationships specific to it, and returns the household the
    # mother and children live in (parent/sibling relationships are added from `mother`/`father` afterwards).
    def _shape_two_parent(self, dobs, mother_age):
        m, f = self.mother(mother_age), self.man("father", self.fh, mother_age)
        together = self.between(add_years(dobs[0], -6), dobs[0] - days(200))
        married = self.chance(0.6)
        if married:
            self.marry(m, f, self.between(together, dobs[0]))
        self.rel(f, m, RT.PARTNER, together)
        h = self.household(self.la)
        if self.diff_gp:
            # Parents registered at different practices: both GPs belong at a strategy discussion.
            others = [a.code for a in agencies_of(T.GP_PRACTICE, self.la) if a.code != self.households[h].gp]
            self.persons[f].gp = self.rng.choice(others)
        kids = self.children(dobs, m, f, (self.mh, self.fh), self.children_surname(f, m, married, self.fh))
        self.baby_father = f
        if not self.special and self.chance(0.02):
            # The father has died: he stays in the family, but no longer lives here.
            death = self.between(self.today - days(1400), self.today - days(30))
            self.persons[f].dod = death
            self.baby_father = None
            self.feature("deceased")
            self.live(f, h, together, death)
        else:
            self.live(f, h, together)
        for i in (m, *kids):
            self.live(i, h, together)
        return h

    def _shape_separated(self, dobs, mother_age):
        m, f = self.mother(mother_age), self.man("father", self.fh, mother_age)
        together = self.between(add_years(dobs[0], -5), dobs[0] - days(200))
        split = self.between(dobs[-1] + days(60), self.today - days(30))
        if split >= self.today:
            split = dobs[-1] + (self.today - dobs[-1]) / 2
        self.rel(f, m, RT.EX_PARTNER, together, split)
        h1 = self.household(self.la)
        kids = self.children(dobs, m, f, (self.mh, self.fh), self.children_surname(f, m, False, self.fh))
        # The father lives elsewhere now, sometimes in the next council, with his own GP.
        h2 = self.household(self.la if self.chance(0.7) else self.other_council(), gp_not=self.households[h1].gp)
        self.households[h1].members.append((f, together, split))
        self.live(f, h2, split)
        for i in (m, *kids):
            self.live(i, h1, together)
        older = [i for i in kids if age_on(self.persons[i].dob, self.today) >= 11]
        if older and self.chance(0.15):
            # An older child went to live with dad.
            c = older[0]
            self.households[h1].members = [(p, s, split if p == c else e) for p, s, e in self.households[h1].members]
            self.persons[c].gp = None
            self.live(c, h2, split)
        if self.chance(0.5):
            ph = self.fh if self.chance(0.7) else N.WHITE_BRITISH
            p = self.adult(
                "partner", ph, "F", max(18, age_on(self.persons[f].dob, self.today) - self.rng.randint(-2, 9))
            )
            since = self.between(split + days(60), self.today - days(20))
            self.rel(f, p, RT.PARTNER, since)
            self.live(p, h2, since)
            if since + days(300) < self.today - days(20) and self.chance(0.4):
                # Dad's baby with his new partner: a half-sibling living in another household.
                dob = self.between(since + days(300), self.today - days(20))
                surname = self.children_surname(f, p, True, self.fh)
                c = self.child(
                    dob, p, f, self.rng.choice((ph, self.fh)), N.mixed_code(ph.ethnicity, self.fh.ethnicity), surname
                )
                self.live(c, h2, dob)
        self.feature("father_elsewhere")
        self.baby_father = None
        return h1

    def _shape_step_parent(self, dobs, mother_age):
        m, f1 = self.mother(mother_age), self.man("father", self.fh, mother_age)
        places = self.split_point(dobs)
        n_older = self.rng.choice(places) if places else len(dobs)
        older_dobs, younger_dobs = dobs[:n_older], dobs[n_older:]
        together = self.between(add_years(dobs[0], -4), dobs[0] - days(200))
        latest_split = (younger_dobs[0] - days(400)) if younger_dobs else self.today - days(90)
        split = self.between(older_dobs[-1] + days(30), latest_split)
        self.rel(f1, m, RT.EX_PARTNER, together, split)
        sh = N.WHITE_BRITISH if self.chance(0.5) else self.fh
        s = self.man("step_father", sh, mother_age, (-4, 8))
        with_s = self.between(
            split + days(30), (younger_dobs[0] - days(290)) if younger_dobs else self.today - days(60)
        )
        married = self.chance(0.4)
        self.rel(s, m, RT.PARTNER, with_s)
        h = self.household(self.la)
        older = self.children(older_dobs, m, f1, (self.mh, self.fh), self.children_surname(f1, m, False, self.fh))
        younger = self.children(younger_dobs, m, s, (self.mh, sh), self.children_surname(s, m, married, sh))
        if married:
            self.marry(m, s, self.between(with_s, self.today - days(30)))
        for c in older:
            self.rel(s, c, RT.STEP_PARENT, with_s)
            if married and self.chance(0.3):
                # Older children who took their step-father's surname: the old one is kept as "previous".
                p = self.persons[c]
                changed = self.between(with_s, self.today - days(10))
                p.names.append((p.given, p.middle, p.family, NameKind.PREVIOUS, p.dob, changed, None))
                p.family = N.polish_surname(self.persons[s].family, p.sex)
        for i in (m, s, *older, *younger):
            self.live(i, h, with_s)
        if self.chance(0.6):
            la2 = self.la if self.chance(0.6) else self.other_council()
            self.live(f1, self.household(la2), split)
        self.feature("step_parent")
        self.baby_father = s
        return h

    def _shape_new_partner_unknown(self, dobs, mother_age):
        m = self.mother(mother_age)
        father_known = self.chance(0.6)
        f1 = self.man("father", self.fh, mother_age) if father_known else None
        together = self.between(add_years(dobs[0], -3), dobs[0] - days(200))
        h = self.household(self.la)
        kids = self.children(
            dobs,
            m,
            f1 if father_known else "unknown-1",
            (self.mh, self.fh),
            self.children_surname(f1, m, False, self.fh),
        )
        if father_known:
            split = self.between(dobs[-1] + days(30), self.today - days(200))
            self.rel(f1, m, RT.EX_PARTNER, together, split)
            if self.chance(0.5):
                self.live(f1, self.household(self.la), split)
        for i in (m, *kids):
            self.live(i, h, together)
        # The mother's new partner lives here and nobody has recorded who he is to anyone (no relationship rows
        # at all): he must show as "relationship not known", never as "dad". Agencies know little about him.
        nh = N.WHITE_BRITISH if self.chance(0.6) else self.heritage()
        n = self.man("new_partner", nh, mother_age, (-6, 6))
        np = self.persons[n]
        np.middle = ""
        if self.chance(0.35):
            np.dob = None
        if self.chance(0.5):
            np.ethnicity = "NOBT"
        np.no_nhs, np.no_gp = self.chance(0.6), self.chance(0.5)
        self.live(n, h, self.between(self.today - days(400), self.today - days(20)))
        self.feature("unknown_household_member")
        self.baby_father = None  # the father of the baby is not recorded either
        return h

    def _shape_single_half_siblings(self, dobs, mother_age):
        m = self.mother(mother_age)
        places = self.split_point(dobs)
        n_first = self.rng.choice(places) if places else len(dobs)
        f1 = self.man("father", self.fh, mother_age)
        f2h = self.fh if self.chance(0.5) else self.heritage()
        f2_known = n_first < len(dobs) and self.chance(0.6)
        f2 = self.man("father", f2h, mother_age, (-5, 5)) if f2_known else None
        since = add_years(dobs[0], -1)
        h = self.household(self.la)
        first = self.children(dobs[:n_first], m, f1, (self.mh, self.fh), self.children_surname(f1, m, False, self.fh))
        second = self.children(
            dobs[n_first:], m, f2 if f2_known else "unknown-2", (self.mh, f2h), self.children_surname(f2, m, False, f2h)
        )
        first_split = dobs[n_first - 1] + days(200)
        self.rel(f1, m, RT.EX_PARTNER, since, min(first_split, self.today - days(1)))
        if f2_known:
            end = None if self.chance(0.2) else self.between(dobs[-1], self.today - days(10))
            self.rel(f2, m, RT.EX_PARTNER if end else RT.PARTNER, dobs[n_first] - days(300), end)
        for i in (m, *first, *second):
            self.live(i, h, since)
        if self.chance(0.5):
            self.live(f1, self.household(self.la), min(first_split, self.today - days(1)))
        self.baby_father = None
        return h

    def _shape_grandparent_household(self, dobs, mother_age):
        m = self.mother(mother_age)
        gm = self.adult(
            "grandparent", self.mh, "F", mother_age + self.rng.randint(18, 30), surname=self.persons[m].family
        )
        with_father = self.chance(0.5)
        f = self.man("father", self.fh, mother_age, (-3, 6)) if with_father else None
        h = self.household(self.la)
        kids = self.children(
            dobs, m, f if with_father else "unknown-1", (self.mh, self.fh), self.children_surname(f, m, False, self.fh)
        )
        born = self.persons[m].dob
        self.live(gm, h, add_years(born, -2))
        self.live(m, h, born)
        for i in kids:
            self.live(i, h, self.persons[i].dob)
        if with_father:
            since = self.between(dobs[0] - days(300), self.today - days(60))
            self.rel(f, m, RT.PARTNER, since)
            self.live(f, h, since)
        self.rel(gm, m, RT.PARENT)
        for i in kids:
            self.rel(gm, i, RT.GRANDPARENT)
        if self.chance(0.3):
            # Grandad died recently: still in the genogram, no longer in the household.
            gf = self.adult(
                "grandparent",
                self.mh,
                "M",
                age_on(self.persons[gm].dob, self.today) + self.rng.randint(0, 5),
                surname=self.persons[gm].family,
            )
            death = self.between(self.today - days(1100), self.today - days(20))
            self.persons[gf].dod = death
            self.feature("deceased")
            self.rel(gf, gm, RT.PARTNER)
            self.rel(gf, m, RT.PARENT)
            for i in kids:
                if self.persons[i].dob < death:
                    self.rel(gf, i, RT.GRANDPARENT)
            self.live(gf, h, add_years(born, -2), death)
        self.feature("grandparent")
        self.baby_father = f
        return h

    def _shape_kinship_grandparent(self, dobs, mother_age):
        m = self.mother(mother_age)
        gm = self.adult(
            "grandparent", self.mh, "F", mother_age + self.rng.randint(18, 28), surname=self.persons[m].family
        )
        father_known = self.chance(0.4)
        f = self.man("father", self.fh, mother_age, (-3, 6)) if father_known else None
        h = self.household(self.la)
        kids = self.children(
            dobs, m, f if father_known else "unknown-1", (self.mh, self.fh), self.children_surname(f, m, False, self.fh)
        )
        moved_in = self.between(dobs[-1] + days(30), self.today - days(60))
        self.live(gm, h, add_years(self.persons[m].dob, -2))
        if self.chance(0.5):
            # The mother still has an address; the children lived with her until the kinship arrangement began.
            hm = self.household(self.la)
            self.live(m, hm, add_years(dobs[0], -1))
            for i in kids:
                self.households[hm].members.append((i, self.persons[i].dob, moved_in))
        for i in kids:
            self.live(i, h, moved_in)
            self.rel(gm, i, RT.GRANDPARENT)
            self.rel(gm, i, RT.CARER, moved_in)
        self.rel(gm, m, RT.PARENT)
        if father_known:
            self.rel(f, m, RT.EX_PARTNER, add_years(dobs[0], -1), dobs[-1] + days(100))
        self.feature("kinship")
        self.kinship_from = moved_in
        self.baby_father = None
        return None  # the children's home is the grandmother's: no move planned

    def _move(self, h: int):
        """The family moved here: those living here then lived at a previous address, maybe in another council."""
        move = self.between(self.today - days(900), self.today - days(45))
        la0 = self.la if self.chance(0.55) else self.other_council()
        h0 = self.household(la0)
        here = self.households[h]
        kept = []
        for person, start, end in here.members:
            if start is not None and start >= move:
                kept.append((person, start, end))
            elif end is not None and end <= move:
                self.households[h0].members.append((person, start, end))  # left before the move
            else:
                self.households[h0].members.append((person, start, move))
                kept.append((person, move, end))
                if end is None:
                    self.persons[person].arrived = move
        here.members = kept
        self.previous = (h0, la0, move)
        self.feature("moved" if la0 == self.la else "moved_council")

    def _grandparents_elsewhere(self):
        """Sometimes the maternal grandmother is known, in her own home, or recently died."""
        if self.shape in ("grandparent_household", "kinship_grandparent") or not self.chance(0.2):
            return
        m = next(i for i, p in enumerate(self.persons) if p.role == "mother")
        mp = self.persons[m]
        birth_surname = next((n[2] for n in mp.names if n[3] == NameKind.PREVIOUS), mp.family)
        gm = self.adult(
            "grandparent", self.mh, "F", age_on(mp.dob, self.today) + self.rng.randint(18, 30), surname=birth_surname
        )
        self.rel(gm, m, RT.PARENT)
        for i, p in enumerate(self.persons):
            if p.is_child and p.mother == m and p.role == "child":
                self.rel(gm, i, RT.GRANDPARENT)
        if self.chance(0.25):
            self.persons[gm].dod = self.between(self.today - days(1000), self.today - days(10))
            self.feature("deceased")
        else:
            self.live(gm, self.household(self.la), add_years(mp.dob, -3))

    def _family_ties(self):
        """Parent rows from each child's recorded mother and father, and sibling or half-sibling rows between
        children who share a parent (half only where the other parents are known to differ)."""
        kids = [i for i, p in enumerate(self.persons) if p.is_child]
        for i in kids:
            p = self.persons[i]
            if p.mother is not None:
                self.rel(p.mother, i, RT.PARENT)
            if isinstance(p.father, int):
                self.rel(p.father, i, RT.PARENT)
        order = sorted(kids, key=lambda i: (self.persons[i].dob or dt.date.max, i))  # older first
        for x, a in enumerate(order):
            for b in order[x + 1 :]:
                pa, pb = self.persons[a], self.persons[b]
                same_m = pa.mother is not None and pa.mother == pb.mother
                same_f = pa.father is not None and pa.father == pb.father
                if same_m and same_f:
                    self.rel(a, b, RT.SIBLING)
                elif (same_m and pa.father is not None and pb.father is not None) or (
                    same_f and isinstance(pa.father, int)
                ):
                    self.rel(a, b, RT.HALF_SIBLING)
                    self.feature("half_siblings")
        for i in kids:
            p = self.persons[i]
            if isinstance(p.father, int) and p.mother is not None:
                gps = (self.persons[p.mother].gp, self.persons[p.father].gp)
                if None not in gps and gps[0] != gps[1]:
                    self.feature("parents_different_gp")

    # ------------------------------------------------------------------ identifiers and names
    def _finish_people(self):
        for p in self.persons:
            if p.role == "unborn":
                # No name until the birth is registered; maternity systems use "Baby <mother's surname>".
                p.names.insert(0, ("Baby", "", self.persons[p.mother].family, NameKind.ALIAS, None, None, None))
                continue
            p.names.insert(0, (p.given, p.middle, p.family, NameKind.CURRENT, None, None, None))
            alias = N.ALIASES.get(p.given)
            if alias and self.chance(0.4):
                p.names.append((alias, "", p.family, NameKind.ALIAS, None, None, None))
            elif (ascii_fold(p.given) != p.given or ascii_fold(p.family) != p.family) and self.chance(0.6):
                # Systems that drop accents record the name without them.
                p.names.append((ascii_fold(p.given), "", ascii_fold(p.family), NameKind.ALIAS, None, None, None))
            adult = not p.is_child
            if p.no_nhs or (adult and self.chance(0.12 if p.role in ("father", "step_father") else 0.04)):
                p.nhs = ""  # not known to the agencies in the demo (recent arrival, never registered, not given)
            elif self.chance(0.02):
                p.nhs = self.nhs.mistyped(self.rng)
            else:
                p.nhs = self.nhs.new(self.rng)
            if p.no_gp:
                p.gp = None
            elif p.gp is None and not p.dod:
                p.gp = self.rng.choice([a.code for a in agencies_of(T.GP_PRACTICE, self.la)])

    # ------------------------------------------------------------------ involvements
    def inv(self, person: int, agency: str, role: str, start, end=None, team: str | None = None, worker: str = ""):
        if end is not None and start is not None and end < start:
            end = start
        self.involvements.append((person, agency, team, role, start, end, worker))

    def _services(self):
        today, rng = self.today, self.rng
        for i, p in enumerate(self.persons):
            if p.role == "unborn":
                continue
            hh = self.households[p.household] if p.household is not None else None
            if p.gp:
                if p.is_child:
                    registered = p.dob + days(rng.randint(14, 56))
                elif p.dob:
                    registered = self.between(max(add_years(p.dob, 16), add_years(today, -15)), today - days(200))
                else:
                    registered = self.between(add_years(today, -3), today - days(30))
                if p.dod and registered >= p.dod:
                    registered = p.dod - days(rng.randint(100, 2000))
                if (
                    self.previous
                    and self.previous[1] != self.la
                    and p.arrived == self.previous[2]
                    and registered < p.arrived
                ):
                    # Moved from another council: one registration ends, a new one starts a few weeks later.
                    old_gp = rng.choice([a.code for a in agencies_of(T.GP_PRACTICE, self.previous[1])])
                    registered_again = self.previous[2] + days(rng.randint(7, 40))
                    self.inv(i, old_gp, IR.REGISTERED_GP, registered, registered_again)
                    registered = registered_again
                self.inv(i, p.gp, IR.REGISTERED_GP, registered, p.dod)
            if p.dod or p.dob is None:
                continue
            age = age_on(p.dob, today)
            if p.is_child and hh:
                self._child_services(i, p, hh, age)
            elif not p.is_child:
                self._adult_services(i, p, age)
        self._tenancies()
        self._pregnancy()
        self._social_care()

    def _child_services(self, i: int, p: PlanPerson, hh: PlanHousehold, age: int):
        today, rng = self.today, self.rng
        year = today.year if today.month >= 9 else today.year - 1
        school_age = age_on(p.dob, dt.date(year, 8, 31))  # age at the start of this school year
        arrived = p.arrived or p.dob
        if age < 5:
            self.inv(
                i,
                "chp-wessex-vale",
                IR.HEALTH_VISITOR,
                max(p.dob + days(rng.randint(10, 14)), arrived),
                team="health-visiting",
                worker=rng.choice(texts.HEALTH_VISITORS),
            )
        if school_age in (2, 3) and self.chance(0.65):
            start = min(max(add_years(p.dob, 2) + days(rng.randint(0, 200)), arrived), today - days(7))
            self.inv(i, agencies_of(T.NURSERY, hh.la)[0].code, IR.EARLY_YEARS_SETTING, start)
        phase = None
        if 4 <= school_age <= 10:
            phase, began = "primary", dt.date(year - (school_age - 4), 9, 3)
            # Siblings usually go to the same primary: the household's catchment school.
            school = (
                hh.primary
                if self.chance(0.88)
                else rng.choice([a.code for a in agencies_of(T.SCHOOL, hh.la, "primary")])
            )
        elif 11 <= school_age <= 15:
            phase, began = "secondary", dt.date(year - (school_age - 11), 9, 3)
            school = agencies_of(T.SCHOOL, hh.la, "secondary")[0].code
        elif 16 <= school_age <= 17 and self.chance(0.75):
            phase, began = "college", dt.date(year - (school_age - 16), 9, 3)
            school = agencies_of(T.COLLEGE, hh.la)[0].code
        if phase:
            if self.previous and self.previous[1] != hh.la and p.arrived == self.previous[2] and began < p.arrived:
                # The school before the move to this council.
                old = (
                    agencies_of(T.COLLEGE, self.previous[1])
                    if phase == "college"
                    else agencies_of(T.SCHOOL, self.previous[1], phase)
                )
                self.inv(i, rng.choice(old).code, IR.SCHOOL_ENROLMENT, began, p.arrived)
            start = max(began, arrived)
            if phase == "secondary" and self.risk != "low" and self.chance(0.12):
                # Permanently excluded, now at the alternative provision.
                excluded = self.between(max(start, today - days(600)), today - days(30))
                self.inv(i, school, IR.SCHOOL_ENROLMENT, start, excluded)
                self.events.append(
                    (
                        school,
                        "school_exclusion",
                        self.at(excluded),
                        texts.PERMANENT_EXCLUSION.format(child=p.given),
                        (i,),
                    )
                )
                school = "ap-wessex-vale"
                start = excluded + days(rng.randint(6, 20))
                self.feature("excluded")
            self.inv(i, school, IR.SCHOOL_ENROLMENT, start)
            p.school = school
        if 5 <= age <= 16 and self.chance(0.25):
            self.inv(
                i,
                "chp-wessex-vale",
                IR.SCHOOL_NURSE,
                self.between(max(arrived, today - days(700)), today - days(1)),
                team="school-nursing",
            )
        if 8 <= age <= 17 and self.chance(0.05 if self.risk == "low" else 0.12):
            self.inv(i, "camhs-wessex-vale", IR.CAMHS, self.between(today - days(500), today - days(10)))
        if 12 <= age <= 17 and self.risk == "high" and self.chance(0.25):
            self.inv(i, f"yjs-{hh.la}", IR.YOUTH_JUSTICE, self.between(today - days(400), today - days(10)))
            if not self.no_police:
                self.events.append(
                    (
                        "police-wessex-vale",
                        "arrest",
                        self.at(today - days(rng.randint(15, 420)), True),
                        rng.choice(texts.ARREST).format(child=p.given),
                        (i,),
                    )
                )

    def _adult_services(self, i: int, p: PlanPerson, age: int):
        today, rng = self.today, self.rng
        if age < 18:
            return
        if not self.no_police and self.chance((0.03 if p.sex == "F" else 0.07) * (2.5 if self.risk == "high" else 1)):
            start = self.between(today - days(800), today - days(30))
            end = None if self.chance(0.6) else self.between(start + days(180), today - DAY)
            self.inv(
                i,
                "probation-wessex-vale",
                IR.PROBATION_SUPERVISION,
                start,
                end if end and end < today else None,
                team="public-protection",
                worker=rng.choice(texts.PROBATION_OFFICERS),
            )
        if self.chance(0.05 if self.risk == "low" else 0.12):
            self.inv(i, "amh-wessex-vale", IR.ADULT_MENTAL_HEALTH, self.between(today - days(900), today - days(10)))
        if self.chance(0.03 if self.risk == "low" else 0.10):
            start = self.between(today - days(700), today - days(10))
            self.inv(
                i,
                "dap-wessex-vale",
                IR.DRUG_ALCOHOL_SERVICE,
                start,
                None if self.chance(0.6) else self.between(start, today - DAY),
            )

    def _tenancies(self):
        """The tenant of each social-housing household (the housing service is involved with them)."""
        preference = ("mother", "grandparent", "father", "step_father", "partner", "new_partner")
        for h in self.households:
            if not h.social:
                continue
            current = [
                (person, start)
                for person, start, end in h.members
                if end is None and self.persons[person].role in preference and not self.persons[person].dod
            ]
            if current:
                person, start = min(current, key=lambda c: preference.index(self.persons[c[0]].role))
                self.inv(person, f"housing-{h.la}", IR.HOUSING_TENANCY, start)

    def _pregnancy(self):
        for i, p in enumerate(self.persons):
            if p.role != "unborn":
                continue
            m = self.persons[p.mother]
            la = self.households[m.household].la if m.household is not None else self.la
            midwifery = agencies_of(T.MIDWIFERY, la)[0].code
            weeks = self.rng.randint(8, 13) if self.chance(0.8) else self.rng.randint(18, 26)
            booked = min(p.edd - dt.timedelta(weeks=40 - weeks), self.today - days(3))
            team = (
                "vulnerable-women"
                if self.risk != "low" and midwifery == "midwifery-severn-vale"
                else "community-midwives"
            )
            midwife = self.rng.choice(texts.MIDWIVES)
            self.inv(p.mother, midwifery, IR.MIDWIFE, booked, team=team, worker=midwife)
            self.inv(i, midwifery, IR.MIDWIFE, booked, team=team, worker=midwife)
            # The "father not known" note only where no father is recorded.
            notes = texts.PREGNANCY_BOOKED if p.father is None else texts.PREGNANCY_BOOKED[:2]
            self.events.append(
                (
                    midwifery,
                    "pregnancy_booked",
                    self.at(booked),
                    self.rng.choice(notes).format(weeks=weeks, mother=m.given),
                    (p.mother, i),
                )
            )
            p.source = midwifery  # maternity is the only agency that knows an unborn baby

    def _social_care(self):
        """About a quarter of families have an allocated social worker; more in Severn Vale, the demo's home."""
        rng, today = self.rng, self.today
        kinship = self.shape == "kinship_grandparent"
        rate = {"svc": 0.45, "kbc": 0.08, "adc": 0.08}[self.la] + (0.2 if self.risk == "high" else 0)
        allocated = self.special or (kinship and self.chance(0.7)) or self.chance(rate)
        kids = [
            i
            for i, p in enumerate(self.persons)
            if p.is_child
            and not p.dod
            and p.household is not None
            and self.households[p.household].la == self.la
            and (p.dob is None or age_on(p.dob, today) < 18)
        ]
        if not allocated or not kids:
            return
        self.feature("allocated")
        council = COUNCIL_BY_CODE[self.la]
        team = "child-protection" if self.risk == "high" and self.chance(0.5) else rng.choice(council.area_teams)[0]
        worker = rng.choice(texts.SOCIAL_WORKERS)
        if self.la == "svc" and team == "area-north" and self.chance(0.5):
            demo = DEMO_USER_BY_ROLE["social_worker"]
            worker = f"{demo.first_name} {demo.last_name}"
        start = self.between(today - days(420), today - days(7))
        if self.kinship_from:
            start = max(start, self.kinship_from - days(30))
        if self.previous and self.previous[1] != self.la and self.chance(0.5):
            # Transferred in from another council (Child Alex): the old allocation ends, the new one starts later.
            move = self.previous[2]
            old_start, transfer = move - days(rng.randint(60, 400)), move + days(rng.randint(10, 60))
            for k in kids:
                if self.persons[k].dob is not None and self.persons[k].dob < move:
                    self.inv(
                        k,
                        f"{self.previous[1]}-csc",
                        IR.ALLOCATED_SOCIAL_WORKER,
                        max(old_start, self.persons[k].dob),
                        transfer,
                        team=rng.choice(COUNCIL_BY_CODE[self.previous[1]].area_teams)[0],
                        worker=rng.choice(texts.SOCIAL_WORKERS),
                    )
            start = max(start, transfer)
            self.feature("transferred_in")
        for k in kids:
            self.inv(
                k,
                f"{self.la}-csc",
                IR.ALLOCATED_SOCIAL_WORKER,
                max(start, self.persons[k].dob or start),
                team=team,
                worker=worker,
            )
        self.events.append(
            (
                f"{self.la}-csc",
                "referral",
                self.at(start - days(rng.randint(1, 20))),
                "Referral accepted by the front door; child and family assessment started.",
                tuple(kids),
            )
        )
        if self.risk == "high" and not self.no_police and self.chance(0.6):
            # A joint section 47 enquiry: the police child abuse investigation team is involved with the children.
            for k in kids:
                self.inv(k, "police-wessex-vale", IR.POLICE_INVESTIGATION, start, team="cait")
            self.feature("joint_investigation")

    # ------------------------------------------------------------------ events
    def _events(self):
        """Two years of events. Each agency records what it would see; none of them alone crosses a threshold."""
        rng, today = self.rng, self.today
        window_start = today - days(730)
        people = self.persons
        living = [i for i, p in enumerate(people) if not p.dod and p.role != "unborn"]
        kids = [i for i in living if people[i].is_child and people[i].household is not None]
        mother = next((i for i in living if people[i].role == "mother"), None)
        home = people[mother].household if mother is not None else None
        at_home = [i for i in kids if people[i].household == home] if home is not None else kids
        men = [i for i in living if people[i].role in ("father", "step_father", "new_partner")]
        scale = {"low": 0.4, "medium": 1.0, "high": 1.8}[self.risk]
        la = self.households[home].la if home is not None else self.la
        acute = agencies_of(T.ACUTE_TRUST, la)[0].code

        def when(persons, night=False):
            earliest = max([window_start] + [people[x].dob for x in persons if x is not None and people[x].dob])
            if earliest >= today - days(2):
                return None
            return self.at(self.between(earliest, today - days(2)), night)

        def name(i):
            return people[i].given if i is not None and people[i].given else "the baby"

        if at_home and self.chance(0.35 * scale):
            # A below-threshold referral to the front door.
            kind, summary = rng.choice(texts.REFERRAL_NFA)
            child = rng.choice(at_home)
            if kind == "school" and not people[child].school:
                kind, summary = texts.REFERRAL_NFA[2]
            moment = when(at_home)
            if moment and not (kind == "police" and self.no_police):
                school = _agency_name(people[child].school) if people[child].school else ""
                self.events.append(
                    (
                        f"{la}-csc",
                        "referral_nfa",
                        moment,
                        summary.format(child=name(child), mother=name(mother), school=school),
                        tuple(at_home),
                    )
                )
        for i in at_home:
            if age_on(people[i].dob, today) < 5 and self.chance(0.3 * scale):
                for _ in range(rng.randint(1, 3)):
                    kind = rng.choice(("gp", "community_health", "acute_trust"))
                    if kind == "gp" and not people[i].gp:
                        kind = "community_health"
                    agency = {"gp": people[i].gp, "community_health": "chp-wessex-vale", "acute_trust": acute}[kind]
                    moment = when([i])
                    if moment:
                        self.events.append(
                            (
                                agency,
                                "was_not_brought",
                                moment,
                                rng.choice(texts.WAS_NOT_BROUGHT[kind]).format(child=name(i)),
                                (i,),
                            )
                        )
        if mother is not None and men and not self.no_police and self.chance(0.35 * scale):
            # Domestic abuse call-outs; a current police investigation; an IDVA after a high-risk assessment.
            perpetrator = rng.choice(men)
            last = None
            for _ in range(rng.randint(1, 4 if self.risk == "high" else 2)):
                risk = (
                    rng.choice(("medium", "high"))
                    if self.risk == "high"
                    else rng.choice(("standard", "standard", "medium", "high"))
                )
                moment = when([mother, perpetrator], night=True)
                if not moment:
                    continue
                present = tuple(x for x in at_home if people[x].dob <= moment.date())
                self.events.append(
                    (
                        "police-wessex-vale",
                        "domestic_abuse_incident",
                        moment,
                        rng.choice(texts.DOMESTIC_ABUSE).format(
                            adult=name(perpetrator),
                            mother=name(mother),
                            child=name(present[0]) if present else "a child",
                            risk=risk,
                        ),
                        (mother, perpetrator, *present),
                    )
                )
                last = max(last, moment.date()) if last else moment.date()
                if risk == "high":
                    self.inv(
                        mother,
                        "idva-wessex-vale",
                        IR.IDVA,
                        moment.date() + days(rng.randint(2, 14)),
                        worker=rng.choice(texts.IDVAS),
                    )
            if last and (today - last).days < 365:
                end = None if self.chance(0.7) else min(last + days(rng.randint(40, 120)), today - DAY)
                for x in (perpetrator, mother):
                    self.inv(x, "police-wessex-vale", IR.POLICE_INVESTIGATION, last, end, team="domestic-abuse")
                self.feature("police_investigation")
        if home is not None and self.chance(0.2 * scale):
            young = [i for i in at_home if age_on(people[i].dob, today) < 5]
            pupils = [i for i in at_home if people[i].school and people[i].school.startswith("school-")]
            kinds = (
                ["housing"]
                + (["community_health"] if young else [])
                + ([] if self.no_police else ["police"])
                + (["school"] if pupils else [])
            )
            kind = rng.choice(kinds)
            child = rng.choice(pupils) if kind == "school" else (rng.choice(at_home) if at_home else mother)
            agency = {
                "housing": f"housing-{la}",
                "community_health": "chp-wessex-vale",
                "police": "police-wessex-vale",
                "school": people[child].school,
            }[kind]
            moment = when(at_home or [mother])
            if moment:
                self.events.append(
                    (
                        agency,
                        "home_conditions_concern",
                        moment,
                        rng.choice(texts.HOME_CONDITIONS[kind]).format(child=name(child)),
                        tuple(at_home) + (mother,),
                    )
                )
        for i in at_home:
            p = people[i]
            age = age_on(p.dob, today)
            if p.school and p.school.startswith("school-") and 11 <= age <= 16 and self.chance(0.08 * scale):
                moment = when([i])
                if moment:
                    self.events.append(
                        (
                            p.school,
                            "school_exclusion",
                            moment,
                            rng.choice(texts.SCHOOL_EXCLUSION).format(child=p.given),
                            (i,),
                        )
                    )
            if 12 <= age <= 17 and not self.no_police and self.chance(0.08 * scale):
                for _ in range(rng.randint(1, 3)):
                    moment = when([i], night=True)
                    if moment:
                        self.events.append(
                            (
                                "police-wessex-vale",
                                "missing_episode",
                                moment,
                                rng.choice(texts.MISSING).format(child=p.given),
                                (i,),
                            )
                        )
            if self.chance(0.06 * scale):
                kind = "acute_trust" if age < 1 else ("school" if p.school and p.school.startswith("school-") else "gp")
                agency = {"school": p.school, "gp": p.gp, "acute_trust": acute}[kind]
                moment = when([i])
                if agency and moment:
                    self.events.append(
                        (agency, "injury", moment, rng.choice(texts.INJURY[kind]).format(child=p.given), (i,))
                    )
            if self.chance(0.05 * scale):
                moment = when([i])
                if moment:
                    self.events.append(
                        (
                            acute,
                            "hospital_attendance",
                            moment,
                            rng.choice(texts.HOSPITAL_ATTENDANCE["child"]).format(child=p.given),
                            (i,),
                        )
                    )
            if age < 2 and p.mother is not None and p.dob >= window_start:
                self.events.append(
                    (
                        agencies_of(T.MIDWIFERY, la)[0].code,
                        "birth",
                        self.at(p.dob),
                        rng.choice(texts.BIRTH).format(
                            child=p.given, gestation=rng.randint(35, 41), weight=f"{rng.uniform(2.3, 4.2):.1f}"
                        ),
                        (i, p.mother),
                    )
                )
        adults = [i for i in living if not people[i].is_child and people[i].dob]
        if adults and self.chance(0.06 * scale):
            i = rng.choice(adults)
            moment = when([i])
            if moment:
                self.events.append(
                    (
                        acute,
                        "hospital_attendance",
                        moment,
                        rng.choice(texts.HOSPITAL_ATTENDANCE["adult"]).format(adult=people[i].given),
                        (i,),
                    )
                )
        if mother is not None and home is not None and self.chance(0.05 * scale):
            # Early help from the voluntary family-support service.
            self.inv(mother, "vol-kingfisher", IR.EARLY_HELP, self.between(today - days(500), today - days(5)))


def _agency_name(code: str) -> str:
    return AGENCY_BY_CODE[code].name


def plan_family(seed: int, number: int, today: dt.date = ANCHOR_DATE, nhs: NhsNumbers | None = None) -> FamilyPlan:
    """The plan of family `number` for `seed`: plain data, nothing written. Deterministic for (seed, number, today)
    given the same set of NHS numbers already in use."""
    plan = _FamilyBuilder(seed, number, today, nhs or NhsNumbers()).plan()
    for p in plan.persons:
        if not p.source:
            # The agency that "knows" the person and sent their record: their GP, else housing or children's services.
            la = plan.households[p.household].la if p.household is not None else plan.la
            p.source = p.gp or (f"housing-{la}" if p.household is not None else f"{plan.la}-csc")
    return plan


def plan_families(
    seed: int, numbers: Iterable[int], today: dt.date = ANCHOR_DATE, nhs: NhsNumbers | None = None
) -> list[FamilyPlan]:
    nhs = nhs or NhsNumbers()
    return [plan_family(seed, n, today, nhs) for n in numbers]


# --------------------------------------------------------------------------------------------------- writing


@dataclasses.dataclass
class Lookups:
    agencies: dict[str, int]
    teams: dict[tuple[str, str], int]
    councils: dict[str, int]

    @classmethod
    def load(cls) -> "Lookups":
        agencies = dict(Agency.objects.values_list("code", "id"))
        teams = {(a, c): i for a, c, i in Team.objects.values_list("agency__code", "code", "id")}
        councils = dict(LocalAuthority.objects.values_list("code", "id"))
        return cls(agencies, teams, councils)


@dataclasses.dataclass
class Written:
    families: int = 0
    persons: int = 0
    names: int = 0
    households: int = 0
    household_members: int = 0
    relationships: int = 0
    involvements: int = 0
    events: int = 0
    source_records: int = 0

    def add(self, other: "Written"):
        for field in dataclasses.fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))


class _Rows:
    """Rows for one table, inserted with one executemany.

    A hundred thousand families are about five million rows; building a model instance and compiling SQL for
    each row costs several times what SQLite takes to store it, so rows are plain tuples of values already in
    database form. Columns the caller does not give get their field default (timestamps: now), so the table's
    full set of NOT NULL columns is always written.
    """

    def __init__(self, model, columns: tuple[str, ...], now: dt.datetime):
        meta = model._meta
        qn = connection.ops.quote_name
        given = [meta.get_field(c) for c in columns]
        rest = [f for f in meta.concrete_fields if f.attname not in columns and not isinstance(f, models.AutoField)]
        constants = []
        for field in rest:
            value = (
                now
                if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False)
                else field.get_default()
            )
            constants.append(field.get_db_prep_save(value, connection))
        self.constants = tuple(constants)
        names = ", ".join(qn(f.column) for f in given + rest)
        marks = ", ".join(["%s"] * (len(given) + len(rest)))
        self.sql = f"INSERT INTO {qn(meta.db_table)} ({names}) VALUES ({marks})"
        self.rows: list[tuple] = []

    def write(self, cursor) -> int:
        constants = self.constants
        for start in range(0, len(self.rows), 50_000):
            cursor.executemany(self.sql, [row + constants for row in self.rows[start : start + 50_000]])
        return len(self.rows)


def _reserve_ids(cursor, model, count: int) -> list[int]:
    """Primary keys for rows that others refer to, taken before inserting (executemany returns no ids)."""
    if count == 0:
        return []
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
        return [row[0] for row in cursor.fetchall()]
    if connection.vendor == "sqlite":
        # Safe against other writers: the transaction holds SQLite's write lock (transaction_mode IMMEDIATE).
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        first = max(highest, row[0] if row else 0) + 1
        return list(range(first, first + count))
    raise NotImplementedError(f"demo data is written to SQLite or PostgreSQL, not {connection.vendor}")


def write_families(plans: list[FamilyPlan], lookups: Lookups) -> tuple[Written, dict[tuple[int, int], uuid.UUID]]:
    """Write planned families in one transaction: one executemany per table. Returns counts and the person ids."""
    A, TM = lookups.agencies, lookups.teams
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-call proxy
    now = timezone.now()
    uuid_db = Person._meta.pk.get_db_prep_value  # SQLite keeps UUIDs as 32 hex characters, PostgreSQL natively
    when_db = Event._meta.get_field("occurred_at").get_db_prep_save
    json_db = SourceRecord._meta.get_field("data").get_db_prep_save
    persons = _Rows(
        Person,
        (
            "id",
            "given_name",
            "family_name",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "nhs_number",
            "nhs_number_valid",
            "ethnicity",
            "date_of_death",
        ),
        now,
    )
    names = _Rows(
        PersonName,
        ("person_id", "given_name", "middle_names", "family_name", "kind", "valid_from", "valid_to", "source_id"),
        now,
    )
    households = _Rows(Household, ("id", "address", "postcode", "local_authority_id"), now)
    members = _Rows(HouseholdMember, ("household_id", "person_id", "start", "end", "source_id"), now)
    relationships = _Rows(Relationship, ("from_person_id", "to_person_id", "type", "start", "end", "source_id"), now)
    involvements = _Rows(Involvement, ("person_id", "agency_id", "team_id", "role", "start", "end", "worker_name"), now)
    events = _Rows(Event, ("id", "agency_id", "type", "occurred_at", "summary"), now)
    event_people = _Rows(Event.persons.through, ("event_id", "person_id"), now)
    records = _Rows(SourceRecord, ("id", "agency_id", "kind", "source_id", "data"), now)
    links = _Rows(Link, ("source_record_id", "person_id", "method"), now)
    keys = _Rows(BlockingKey, ("source_record_id", "key"), now)  # so the service's matcher finds demo people
    ids: dict[tuple[int, int], uuid.UUID] = {}
    probe = Person()
    with transaction.atomic(), connection.cursor() as cursor:
        household_ids = iter(_reserve_ids(cursor, Household, sum(len(p.households) for p in plans)))
        event_ids = iter(_reserve_ids(cursor, Event, sum(len(p.events) for p in plans)))
        record_ids = iter(_reserve_ids(cursor, SourceRecord, sum(len(p.persons) for p in plans)))
        for plan in plans:
            pids = []
            for index, p in enumerate(plan.persons):
                pid = uuid.uuid4()
                ids[(plan.number, index)] = pid
                db_pid = uuid_db(pid, db, prepared=False)
                pids.append(db_pid)
                probe.set_nhs_number(p.nhs)  # the model's own rule for what counts as valid
                persons.rows.append(
                    (
                        db_pid,
                        p.given,
                        p.family,
                        p.dob,
                        p.edd,
                        p.sex,
                        probe.nhs_number,
                        probe.nhs_number_valid,
                        p.ethnicity,
                        p.dod,
                    )
                )
                source = A[p.source]
                for given, middle, family, kind, start, end, name_source in p.names:
                    names.rows.append(
                        (db_pid, given, middle, family, kind, start, end, A[name_source] if name_source else source)
                    )
                hh = plan.households[p.household] if p.household is not None else None
                record_id = next(record_ids)
                data = {
                    "kind": "person",
                    "source_id": plan.source_id(index),
                    "given_name": p.given,
                    "family_name": p.family,
                    "date_of_birth": p.dob.isoformat() if p.dob else None,
                    "expected_date_of_birth": p.edd.isoformat() if p.edd else None,
                    "sex": p.sex,
                    "nhs_number": p.nhs or None,
                    "postcode": hh.postcode if hh else "",
                    "address": hh.address if hh else "",
                }
                records.rows.append(
                    (record_id, source, SourceRecord.Kind.PERSON, plan.source_id(index), json_db(data, db))
                )
                keys.rows += [
                    (record_id, key)
                    for key in blocking_keys(
                        dict(data, date_of_birth=data["date_of_birth"] or data["expected_date_of_birth"])
                    )
                ]
                links.rows.append((record_id, db_pid, Link.Method.DEMO))
            for h in plan.households:
                household_id = next(household_ids)
                households.rows.append((household_id, h.address, h.postcode, lookups.councils[h.la]))
                for index, start, end in h.members:
                    members.rows.append((household_id, pids[index], start, end, A[h.gp]))
            for a, b, type_, start, end in plan.relationships:
                # Recorded by the agency that knows the younger party (usually the child's GP).
                relationships.rows.append((pids[a], pids[b], type_, start, end, A[plan.persons[b].source]))
            for index, agency, team, role, start, end, worker in plan.involvements:
                involvements.rows.append(
                    (pids[index], A[agency], TM[(agency, team)] if team else None, role, start, end, worker)
                )
            for agency, type_, occurred_at, summary, who in plan.events:
                event_id = next(event_ids)
                events.rows.append((event_id, A[agency], type_, when_db(occurred_at, db), summary))
                for index in dict.fromkeys(who):
                    event_people.rows.append((event_id, pids[index]))
        # Parents before children, so foreign keys hold at every step (PostgreSQL checks them on each statement).
        counts = [
            table.write(cursor)
            for table in (
                persons,
                names,
                households,
                members,
                relationships,
                involvements,
                events,
                event_people,
                records,
                links,
                keys,
            )
        ]
    written = Written(
        len(plans), counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6], counts[8]
    )
    return written, ids


def existing_family_count() -> int:
    """How many demo families are already there: the highest family number in a demo person record, plus one."""
    last = (
        SourceRecord.objects.filter(kind=SourceRecord.Kind.PERSON, links__method=Link.Method.DEMO)
        .order_by("-source_id")
        .values_list("source_id", flat=True)
        .first()
    )
    return int(last[1:8]) + 1 if last else 0


def generate_families(
    count: int,
    *,
    seed: int = DEFAULT_SEED,
    today: dt.date = ANCHOR_DATE,
    start: int | None = None,
    chunk: int = CHUNK_FAMILIES,
    progress: Callable[[str], None] | None = None,
) -> Written:
    """Add `count` families after the ones already there (or from family number `start`), `chunk` at a time.

    Each chunk is its own transaction, so an interrupted run keeps whole families only, and a later run carries
    on from the last family written.
    """
    first = existing_family_count() if start is None else start
    lookups = Lookups.load()
    nhs = NhsNumbers(
        Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True).iterator(chunk_size=20000)
    )
    total = Written()
    began = time.monotonic()
    with _large_page_cache():
        for offset in range(0, count, chunk):
            numbers = range(first + offset, first + min(offset + chunk, count))
            written, _ = write_families(plan_families(seed, numbers, today, nhs), lookups)
            total.add(written)
            if progress:
                progress(
                    f"families {offset + len(numbers):,}/{count:,} ({total.persons:,} people, "
                    f"{time.monotonic() - began:.0f}s)"
                )
    return total


@contextlib.contextmanager
def _large_page_cache(mebibytes: int = 256):
    """SQLite's default page cache is 2 MB. Person ids are random UUIDs, so every index on them takes inserts
    all over; once the indexes outgrow the cache each insert reads pages back and a large load slows
    several-fold. A bigger cache for this connection, for the duration of the load only."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-1024 * mebibytes}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


def out_of_area_child() -> Person | None:
    """The child of the out-of-area family (see OUT_OF_AREA_FAMILY), if it has been generated."""
    prefix = person_source_id(OUT_OF_AREA_FAMILY, 0)[:8]
    people = Person.objects.filter(
        links__method=Link.Method.DEMO, links__source_record__source_id__startswith=prefix, date_of_birth__isnull=False
    ).order_by("-date_of_birth")
    return people.first()
