"""Synthetic agency person records with the truth, for testing and benchmarking the linker (`macp gen-records`).

A population of families is drawn (parents, children, twins, half-siblings, a father and son with one name,
namesakes who share a name and date of birth but live elsewhere), each person is given the records that the
agencies of one region would hold about them (GP practices, community health, schools, children's social care,
police, probation, housing, the Emergency Duty Team), and each record is corrupted the way real agency data is:
typing errors, nicknames and spelling variants, upper case, surname changes, double-barrelled names used in
part, given and family name swapped, day and month swapped, a day out, a digit wrong, missing values, an old
address, an NHS number mistyped so that its check digit fails.

Everything is drawn from one `random.Random(seed)`, so a seed gives the same files on every run. Output is
streamed household by household: memory stays small whatever the size.

    write_records(out_dir, people=300_000, seed=1) -> GenerationSummary
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from macp.core.nhs_number import check_digit
from macp.demo import names as N

RECORD_COLUMNS = ("source", "source_id", "given_name", "family_name", "date_of_birth", "sex", "nhs_number", "postcode")
TRUTH_COLUMNS = ("source", "source_id", "person")

#: The day the extract is taken: ages are counted to it.
REFERENCE_DATE = dt.date(2026, 11, 1)


# --------------------------------------------------------------------------------------------- name pools
# Lists are in rough order of popularity; draws are Zipf-skewed so the first names are the common ones.


@dataclasses.dataclass(frozen=True)
class Group:
    key: str
    weight: float
    names: N.NamePool  # the one name pool (macp.demo.names), shared with the demo region
    surname_skew: float = 0.8
    # Share of surnames drawn from the long tail of rare English surnames instead of the list.
    rare_surnames: float = 0.0
    mother_keeps_surname: float = 0.1
    hyphenated_children: float = 0.0
    gendered_surnames: bool = False  # Polish -ski/-ska
    patronymic: bool = False  # Somali children take the father's given name as surname
    sikh: bool = False  # Kaur/Singh used in place of, or beside, the family name
    swap_rate: float = 0.01  # given/family recorded the wrong way round


WHITE_BRITISH = Group(
    "wbri",
    58,
    N.WHITE_BRITISH_NAMES,
    surname_skew=0.9,
    rare_surnames=0.45,
    mother_keeps_surname=0.25,
    hyphenated_children=0.05,
)

IRISH = Group(
    "wiri",
    3,
    N.IRISH_NAMES,
    surname_skew=0.7,
    mother_keeps_surname=0.15,
)

POLISH = Group(
    "pol",
    6,
    N.POLISH_NAMES,
    surname_skew=0.6,
    mother_keeps_surname=0.05,
    gendered_surnames=True,
)

ROMANIAN = Group(
    "rom",
    3,
    N.ROMANIAN_NAMES,
    surname_skew=0.6,
    mother_keeps_surname=0.05,
)

PAKISTANI = Group(
    "pak",
    7,
    N.PAKISTANI_NAMES,
    surname_skew=1.05,
    mother_keeps_surname=0.35,
    swap_rate=0.02,
)

BANGLADESHI = Group(
    "ban",
    4,
    N.BANGLADESHI_NAMES,
    surname_skew=1.0,
    mother_keeps_surname=0.7,
    swap_rate=0.03,
)

INDIAN = Group(
    "ind",
    4,
    N.INDIAN_NAMES,
    surname_skew=0.9,
    mother_keeps_surname=0.05,
    sikh=True,
)

SOMALI = Group(
    "som",
    3,
    N.SOMALI_NAMES,
    surname_skew=0.9,
    mother_keeps_surname=0.95,
    patronymic=True,
    swap_rate=0.03,
)

WEST_AFRICAN = Group(
    "waf",
    4,
    N.WEST_AFRICAN_NAMES,
    surname_skew=0.5,
    mother_keeps_surname=0.2,
)

CARIBBEAN = Group(
    "bcrb",
    4,
    N.CARIBBEAN_NAMES,
    surname_skew=0.8,
    mother_keeps_surname=0.45,
    hyphenated_children=0.04,
)

CHINESE = Group(
    "chn",
    2,
    N.CHINESE_NAMES,
    surname_skew=0.8,
    mother_keeps_surname=0.9,
    swap_rate=0.08,
)

ARAB = Group(
    "arb",
    2,
    N.ARAB_NAMES,
    surname_skew=0.6,
    mother_keeps_surname=0.8,
    swap_rate=0.03,
)

GROUPS: tuple[Group, ...] = (
    WHITE_BRITISH,
    IRISH,
    POLISH,
    ROMANIAN,
    PAKISTANI,
    BANGLADESHI,
    INDIAN,
    SOMALI,
    WEST_AFRICAN,
    CARIBBEAN,
    CHINESE,
    ARAB,
)

# The long tail: rare English surnames made from common parts (Ashworth, Bradshaw, Holmwood…), as real
# populations have thousands of surnames that few families share.
_TAIL_HEADS = N.words("""Ash Brad Holm Black Brook Bur Cald Chad Chris Clay Cran Crom Dal Dun Elm Fair Far Fern Garth
    Good Hal Hard Hart Haw Heath Hol Ing Kirk Lang Lock Long Mar Mel Mid Mor New North Oak Pen Rad Red Ring Rock
    Rush Sal Sand Shel South Stan Stock Thorn Under Wad Wake Wal War West Whit Wil Wind Wol Wood Wor""")
_TAIL_TAILS = N.words("""worth shaw wood ley by ton field ford ham well combe bury stead more brook land burn den
    hurst thorpe wick cliffe dale gate hill stone well""")
RARE_SURNAMES: tuple[str, ...] = tuple(h + t for h, t in itertools.product(_TAIL_HEADS, _TAIL_TAILS))

# Names given to twins that look or sound alike (never one letter apart: those cannot be told from a typo).
SIMILAR_GIRLS = (
    ("Ella", "Ellie"),
    ("Mia", "Maya"),
    ("Ruby", "Rosie"),
    ("Lacey", "Lucy"),
    ("Isla", "Isabella"),
    ("Lily", "Lola"),
    ("Amelia", "Emilia"),
    ("Hannah", "Anna"),
    ("Maisie", "Daisy"),
    ("Hafsa", "Hania"),
    ("Zainab", "Zara"),
    ("Chloe", "Zoe"),
    ("Evie", "Ivy"),
    ("Esme", "Elsie"),
    ("Poppy", "Polly"),
    ("Willow", "Winnie"),
    ("Lexi", "Lacey"),
)
SIMILAR_BOYS = (
    ("Harry", "Harvey"),
    ("Isaac", "Isaiah"),
    ("Aiden", "Jayden"),
    ("Alfie", "Archie"),
    ("Freddie", "Teddy"),
    ("Hassan", "Hussain"),
    ("Ayaan", "Rayyan"),
    ("Theo", "Leo"),
    ("Reggie", "Ronnie"),
    ("Kai", "Kian"),
    ("Ibrahim", "Ismail"),
    ("Tyler", "Taylor"),
    ("Jacob", "Jack"),
    ("Logan", "Luca"),
    ("Elliot", "Ellis"),
    ("Riley", "Reuben"),
    ("Louie", "Lewis"),
)

# Nicknames, short forms and spelling variants an agency may write instead of the registered name. Some of
# these (Bex, Ozzy, Jonno…) are deliberately unusual: no real table of equivalents is complete.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Billy", "Will", "Liam", "Wills"),
    "Muhammad": ("Mohammed", "Mohammad", "Mohamed", "Muhammed"),
    "Mohammed": ("Muhammad", "Mohammad", "Mohamed", "Mohd"),
    "Mohammad": ("Mohammed", "Muhammad", "Mohamad"),
    "Mohamed": ("Mohammed", "Mohamud", "Maxamed"),
    "Aleksander": ("Alex", "Aleks", "Alexander", "Olek"),
    "Alexander": ("Alex", "Xander", "Alec", "Sandy"),
    "Katherine": ("Kate", "Katie", "Kathryn", "Kat"),
    "Catherine": ("Cathy", "Kate", "Cat", "Katherine"),
    "Elizabeth": ("Beth", "Liz", "Lizzie", "Eliza", "Libby"),
    "Rebecca": ("Becky", "Bex", "Becca"),
    "Samantha": ("Sam", "Sammy"),
    "Samuel": ("Sam", "Sammy"),
    "Thomas": ("Tom", "Tommy"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Joseph": ("Joe", "Joey"),
    "Daniel": ("Dan", "Danny"),
    "Michael": ("Mike", "Mick", "Mikey"),
    "Christopher": ("Chris", "Kit"),
    "Jonathan": ("Jon", "Jonny", "Jonno"),
    "Matthew": ("Matt", "Matty"),
    "Benjamin": ("Ben", "Benji"),
    "Nicholas": ("Nick", "Nicky"),
    "Anthony": ("Tony", "Ant"),
    "Edward": ("Ed", "Eddie", "Ted", "Teddy"),
    "Frederick": ("Fred", "Freddie"),
    "Alfred": ("Alfie", "Alf"),
    "Oliver": ("Ollie", "Olly"),
    "Charlotte": ("Lottie", "Charlie"),
    "Jessica": ("Jess", "Jessie"),
    "Victoria": ("Vicky", "Tori"),
    "Alexandra": ("Alex", "Lexi", "Sasha"),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Jennifer": ("Jen", "Jenny"),
    "Stephanie": ("Steph",),
    "Stephen": ("Steve", "Steven"),
    "Steven": ("Steve", "Stephen"),
    "Richard": ("Rich", "Rick"),
    "Robert": ("Rob", "Bob", "Bobby"),
    "Andrew": ("Andy", "Drew"),
    "Timothy": ("Tim",),
    "Peter": ("Pete",),
    "Kimberley": ("Kim",),
    "Jacqueline": ("Jackie",),
    "Patricia": ("Pat", "Trish"),
    "Deborah": ("Debbie", "Debs"),
    "Isabella": ("Bella", "Izzy"),
    "Isabelle": ("Izzy", "Isobel", "Isabel"),
    "Eleanor": ("Ellie", "Nell"),
    "Abigail": ("Abbie", "Abby"),
    "Zachary": ("Zach", "Zac"),
    "Nathaniel": ("Nate", "Nathan"),
    "Kenneth": ("Ken",),
    "Harrison": ("Harry",),
    "Theodore": ("Theo",),
    "Florence": ("Flo", "Florrie"),
    "Matilda": ("Tilly",),
    "Natalie": ("Nat",),
    "Nathan": ("Nate",),
    "Callum": ("Calum",),
    "Aiden": ("Aidan", "Ayden"),
    "Jayden": ("Jaden",),
    "Leah": ("Lea",),
    "Zoe": ("Zoey",),
    "Sophie": ("Sophia",),
    "Hannah": ("Hanna",),
    "Lily": ("Lilly", "Lilli"),
    "Ellie": ("Elly",),
    "Mia": ("Mya",),
    "Maisie": ("Maisy", "Macy"),
    "Evie": ("Eve",),
    "Freya": ("Freja",),
    "Grace": ("Gracie",),
    "Esme": ("Esmee",),
    "Yusuf": ("Yousef", "Yusif"),
    "Ibrahim": ("Ebrahim",),
    "Hussain": ("Hussein", "Husain"),
    "Hassan": ("Hasan",),
    "Ahmed": ("Ahmad", "Ahmet"),
    "Ayesha": ("Aisha", "Aysha"),
    "Aisha": ("Ayesha", "Aishah"),
    "Fatima": ("Fatimah", "Fatma"),
    "Maryam": ("Mariam", "Miriam"),
    "Zainab": ("Zaynab",),
    "Khadija": ("Khadijah",),
    "Abdirahman": ("Abdi", "Abdurahman"),
    "Abdullahi": ("Abdullah",),
    "Oluwaseun": ("Seun", "Shaun"),
    "Oluwatobi": ("Tobi",),
    "Chukwuemeka": ("Emeka",),
    "Temiloluwa": ("Temi",),
    "Babatunde": ("Tunde",),
    "Olumide": ("Mide",),
    "Oluwadamilare": ("Dami",),
    "Jakub": ("Kuba", "Jacob"),
    "Mikolaj": ("Nicholas",),
    "Wojciech": ("Wojtek",),
    "Malgorzata": ("Gosia",),
    "Katarzyna": ("Kasia", "Kate"),
    "Aleksandra": ("Ola", "Alex"),
    "Zuzanna": ("Zuzia", "Susanna"),
    "Tomasz": ("Tom", "Tomek"),
    "Piotr": ("Peter",),
    "Krzysztof": ("Chris",),
    "Pawel": ("Paul",),
    "Lukasz": ("Luke",),
    "Michal": ("Michael",),
    "Stanislaw": ("Stan",),
    "Andrei": ("Andrew",),
    "Alexandru": ("Alex",),
    "Ionut": ("John",),
    "Wei": ("William",),
    "Jun": ("John",),
    "Mei": ("May",),
    "Seamus": ("James",),
    "Sean": ("Shaun", "Shawn"),
    "Padraig": ("Patrick",),
    "Siobhan": ("Shevaun",),
    "Ciaran": ("Kieran",),
    "Kieran": ("Ciaran",),
    "Niamh": ("Neve",),
    "Aoife": ("Eva",),
    "Saoirse": ("Sorcha",),
    "Tyrone": ("Ty",),
    "Jermaine": ("Jermain",),
    "Shanice": ("Shaniece",),
    "Keisha": ("Kesha",),
    "Harpreet": ("Harpreet Kaur",),
    "Gurpreet": ("Gurpreet Singh",),
    "Jaswinder": ("Jas",),
    "Kulwinder": ("Kully",),
    "Osman": ("Oz", "Ozzy"),
}

# Agencies (sources) of the region. Local authorities own social care, housing and EDT; districts have GP practices
# and schools.
LOCAL_AUTHORITIES = ("bristol", "sglos", "nsom", "banes")
DISTRICTS: dict[str, tuple[str, ...]] = {
    "bristol": tuple(f"BS{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16)),
    "sglos": tuple(f"BS{n}" for n in (30, 31, 32, 34, 35, 36, 37)),
    "nsom": tuple(f"BS{n}" for n in (20, 21, 22, 23, 24, 48, 49)),
    "banes": ("BA1", "BA2", "BA3"),
}
LA_WEIGHTS = (52, 22, 16, 10)
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


# --------------------------------------------------------------------------------------------- helpers


class _Weighted:
    """Fast draws from a fixed list with given weights (cumulative table and bisect)."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, items: Sequence, weights: Sequence[float]):
        self.items = tuple(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _zipf(items: Sequence[str], skew: float) -> _Weighted:
    return _Weighted(items, [1.0 / (i + 1) ** skew for i in range(len(items))])


def _one_edit_apart(a: str, b: str) -> bool:
    """Equal, or one substitution, insertion, deletion or adjacent transposition apart."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _polish_feminine(surname: str) -> str:
    for m, f in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(m):
            return surname[: -len(m)] + f
    return surname


def nhs_numbers(rng: random.Random) -> Iterator[str]:
    """Unique valid NHS numbers (first digit 4–7, as issued in England and Wales)."""
    seen: set[str] = set()
    while True:
        first_nine = str(rng.randrange(400_000_000, 800_000_000))
        digit = check_digit(first_nine)
        if digit is None or first_nine in seen:
            continue
        seen.add(first_nine)
        yield first_nine + str(digit)


def invalid_nhs_typo(rng: random.Random, nhs: str) -> str:
    """The number with one digit mistyped so that the check digit fails."""
    while True:
        i = rng.randrange(10)
        digits = list(nhs)
        digits[i] = str((int(digits[i]) + rng.randrange(1, 10)) % 10)
        candidate = "".join(digits)
        if check_digit(candidate[:9]) != int(candidate[9]):
            return candidate


_KEYBOARD_NEIGHBOURS = {
    "a": "sqzw",
    "b": "vngh",
    "c": "xvdf",
    "d": "sfer",
    "e": "wrd",
    "f": "dgrt",
    "g": "fhty",
    "h": "gjyu",
    "i": "uoj",
    "j": "hkui",
    "k": "jlio",
    "l": "kop",
    "m": "nj",
    "n": "bmh",
    "o": "ipl",
    "p": "ol",
    "q": "wa",
    "r": "etf",
    "s": "adwz",
    "t": "ryg",
    "u": "yij",
    "v": "cbf",
    "w": "qes",
    "x": "zcs",
    "y": "tuh",
    "z": "xas",
}
# Substitutions people make by ear rather than by finger.
_SOUND_ALIKE = (
    ("ph", "f"),
    ("ck", "k"),
    ("ie", "y"),
    ("ey", "y"),
    ("ou", "ow"),
    ("ai", "ay"),
    ("ee", "ea"),
    ("c", "k"),
    ("s", "z"),
    ("i", "y"),
    ("ll", "l"),
    ("nn", "n"),
    ("tt", "t"),
    ("mm", "m"),
)


def typo(rng: random.Random, word: str) -> str:
    """One typing or hearing error: substitution, transposition, deletion, insertion or a sound-alike spelling."""
    if len(word) < 3:
        return word
    kind = rng.random()
    i = rng.randrange(1, len(word))  # keep the first letter more often right, as people do
    if kind < 0.3:
        ch = word[i].lower()
        if ch not in _KEYBOARD_NEIGHBOURS:
            return word
        new = rng.choice(_KEYBOARD_NEIGHBOURS[ch])
        return word[:i] + (new.upper() if word[i].isupper() else new) + word[i + 1 :]
    if kind < 0.5 and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.7:
        return word[:i] + word[i + 1 :]
    if kind < 0.85:
        return word[:i] + word[i] + word[i:]
    lower = word.lower()
    options = [(a, b) for a, b in _SOUND_ALIKE if a in lower[1:]] + [(b, a) for a, b in _SOUND_ALIKE if b in lower[1:]]
    if not options:
        return word[:i] + word[i + 1 :]
    a, b = rng.choice(options)
    j = lower.index(a, 1)
    out = lower[:j] + b + lower[j + len(a) :]
    return out[:1].upper() + out[1:] if word[:1].isupper() else out


# --------------------------------------------------------------------------------------------- population


@dataclasses.dataclass
class Person:
    pid: int
    given: str
    family: str
    dob: dt.date
    sex: str
    nhs: str
    group: Group
    role: str  # "parent", "partner", "child", "adult"
    birth_family: str = ""  # surname at birth, where it differs (marriage) — used in old records
    other_family: str = ""  # another surname the person is known by (step-parent's, Sikh Kaur/Singh)
    middle: str = ""

    @property
    def age(self) -> int:
        d = REFERENCE_DATE
        return d.year - self.dob.year - ((d.month, d.day) < (self.dob.month, self.dob.day))


@dataclasses.dataclass
class Household:
    hid: int
    la: str
    district: str
    postcode: str
    previous_postcode: str | None
    previous_la: str | None
    people: list[Person]
    known_to_social_care: bool = False
    social_housing: bool = False


class Population:
    """Draws households; each call to `household()` returns the next one."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.groups = _Weighted(GROUPS, [g.weight for g in GROUPS])
        self.pools: dict[tuple[str, str], _Weighted] = {}
        for g in GROUPS:
            self.pools[g.key, "boys"] = _zipf(g.names.boys, 0.75)
            self.pools[g.key, "girls"] = _zipf(g.names.girls, 0.75)
            self.pools[g.key, "men"] = _zipf(g.names.men, 0.7)
            self.pools[g.key, "women"] = _zipf(g.names.women, 0.7)
            self.pools[g.key, "surnames"] = _zipf(g.names.surnames, g.surname_skew)
        self.rare = _Weighted(RARE_SURNAMES, [1.0] * len(RARE_SURNAMES))
        self.la = _Weighted(LOCAL_AUTHORITIES, LA_WEIGHTS)
        self.nhs = nhs_numbers(rng)
        self.pid = itertools.count(1)
        self.hid = itertools.count(1)
        # Postcode units per sector: about a dozen households share one, as in real streets.
        self.units: dict[str, list[str]] = {}
        self.namesake_pool: list[Person] = []
        self.similar = {("F", a): b for a, b in SIMILAR_GIRLS} | {("F", b): a for a, b in SIMILAR_GIRLS}
        self.similar |= {("M", a): b for a, b in SIMILAR_BOYS} | {("M", b): a for a, b in SIMILAR_BOYS}

    # ---- names and places
    def surname(self, g: Group) -> str:
        if g.rare_surnames and self.rng.random() < g.rare_surnames:
            return self.rare.draw(self.rng)
        return self.pools[g.key, "surnames"].draw(self.rng)

    def given(self, g: Group, sex: str, child: bool) -> str:
        pool = ("girls" if sex == "F" else "boys") if child else ("women" if sex == "F" else "men")
        # A mixed family sometimes chooses from another group's names.
        if self.rng.random() < 0.08:
            g = self.groups.draw(self.rng)
        return self.pools[g.key, pool].draw(self.rng)

    def postcode(self, la: str | None = None) -> tuple[str, str, str]:
        rng = self.rng
        la = la or self.la.draw(rng)
        district = rng.choice(DISTRICTS[la])
        sector = f"{district} {rng.randrange(10)}"
        units = self.units.setdefault(sector, [])
        if len(units) < 60 and (not units or rng.random() < 0.15):
            units.append(sector + rng.choice(INWARD_LETTERS) + rng.choice(INWARD_LETTERS))
        return la, district, rng.choice(units)

    def dob_for_age(self, age_years: float) -> dt.date:
        days = int(age_years * 365.25) + self.rng.randrange(365)
        return REFERENCE_DATE - dt.timedelta(days=days)

    def person(self, g: Group, sex: str, dob: dt.date, family: str, role: str, given: str | None = None) -> Person:
        child = role == "child"
        if given is None:
            given = self.given(g, sex, child or (REFERENCE_DATE - dob).days < 30 * 365)
        if g.gendered_surnames and sex == "F":
            family = _polish_feminine(family)
        p = Person(next(self.pid), given, family, dob, sex, next(self.nhs), g, role)
        if (
            g.sikh
            and family in ("Gill", "Sandhu", "Dhillon", "Bains", "Sidhu", "Atwal", "Johal", "Sahota", "Virdi", "Grewal")
            and self.rng.random() < 0.7
        ):
            p.other_family = "Kaur" if sex == "F" else "Singh"
        if self.rng.random() < 0.04:
            p.middle = self.given(g, sex, child)
        return p

    # ---- households
    def household(self) -> Household:
        rng = self.rng
        la, district, postcode = self.postcode()
        prev_pc = prev_la = None
        if rng.random() < 0.35:
            prev_la, _, prev_pc = self.postcode(la if rng.random() < 0.7 else None)
        kind = rng.random()
        people: list[Person]
        if kind < 0.09:
            people = self._single_adult()
        elif kind < 0.12:
            people = self._couple(children=False)
        elif kind < 0.60:
            people = self._couple(children=True)
        elif kind < 0.87:
            people = self._lone_parent()
        else:
            people = self._blended()
        h = Household(next(self.hid), la, district, postcode, prev_pc, prev_la, people)
        has_children = any(p.role == "child" for p in people)
        h.known_to_social_care = rng.random() < (0.24 if has_children else 0.05)
        h.social_housing = rng.random() < (0.45 if h.known_to_social_care else 0.22)
        for p in people:
            if len(self.namesake_pool) < 4000:
                self.namesake_pool.append(p)
            elif rng.random() < 0.05:
                self.namesake_pool[rng.randrange(4000)] = p
        return h

    def _adult(
        self, g: Group, sex: str, family: str | None = None, age: float | None = None, role: str = "adult"
    ) -> Person:
        rng = self.rng
        age = age if age is not None else rng.uniform(18, 75)
        p = self.person(g, sex, self.dob_for_age(age), family or self.surname(g), role)
        return self._maybe_namesake(p)

    def _maybe_namesake(self, p: Person) -> Person:
        """Now and then a person shares given name, family name, sex and date of birth with someone elsewhere."""
        rng = self.rng
        if self.namesake_pool and rng.random() < 0.006:
            other = self.namesake_pool[rng.randrange(len(self.namesake_pool))]
            if other.sex == p.sex and (other.role == "child") == (p.role == "child"):
                p.given, p.family, p.dob, p.middle = other.given, other.family, other.dob, ""
        return p

    def _single_adult(self) -> list[Person]:
        g = self.groups.draw(self.rng)
        return [self._adult(g, self.rng.choice("FM"))]

    def _couple(self, children: bool) -> list[Person]:
        rng = self.rng
        g_m = self.groups.draw(rng)
        g_f = g_m if rng.random() < 0.85 else self.groups.draw(rng)
        age_m = rng.uniform(22, 58)
        father = self._adult(g_m, "M", age=age_m, role="parent")
        mother_age = max(18.0, age_m + rng.uniform(-8, 3))
        maiden = self.surname(g_f)
        keeps = rng.random() < g_f.mother_keeps_surname
        mother = self._adult(g_f, "F", family=maiden if keeps else father.family, age=mother_age, role="parent")
        if not keeps:
            mother.birth_family = _polish_feminine(maiden) if g_f.gendered_surnames else maiden
        people = [father, mother]
        if children:
            surname = father.family
            if g_m.hyphenated_children and rng.random() < g_m.hyphenated_children and keeps:
                surname = f"{mother.family}-{father.family}"
            if g_m.patronymic:
                surname = father.given
            people += self._children(g_m, mother, father, surname)
        return people

    def _lone_parent(self) -> list[Person]:
        rng = self.rng
        g = self.groups.draw(rng)
        mother = self._adult(g, "F", age=rng.uniform(18, 50), role="parent")
        surname = mother.family if rng.random() < 0.6 else self.surname(g)
        kids = self._children(g, mother, None, surname)
        if rng.random() < 0.15 and kids:
            # An adult in the household whose relationship to the children is not recorded.
            kids.append(self._adult(self.groups.draw(rng), "M", age=rng.uniform(20, 50)))
        return [mother, *kids]

    def _blended(self) -> list[Person]:
        """Mother, her children by a former partner (his surname), her new partner and their children (his)."""
        rng = self.rng
        g = self.groups.draw(rng)
        mother = self._adult(g, "F", age=rng.uniform(24, 48), role="parent")
        ex_surname = self.surname(g)
        older = self._children(g, mother, None, ex_surname, max_age=17, n=rng.choice((1, 1, 2, 2, 3)))
        partner_age = max(20.0, mother.age + rng.uniform(-5, 8))
        partner = self._adult(g if rng.random() < 0.8 else self.groups.draw(rng), "M", age=partner_age, role="partner")
        if rng.random() < 0.4:
            mother.birth_family, mother.family = mother.family, partner.family
        youngest = min((c.age for c in older), default=10)
        younger = self._children(
            partner.group, mother, partner, partner.family, max_age=max(0, youngest - 1), n=rng.choice((1, 1, 2))
        )
        for c in older:
            if rng.random() < 0.3:
                c.other_family = partner.family  # known at school by the step-father's name
        return [mother, partner, *older, *younger]

    def _children(
        self, g: Group, mother: Person, father: Person | None, surname: str, max_age: int = 18, n: int | None = None
    ) -> list[Person]:
        rng = self.rng
        if n is None:
            n = int(_Weighted((1, 2, 3, 4, 5, 6), (25, 36, 22, 11, 4, 2)).draw(rng))
        # The mother was 16–44 at each birth, the youngest child is not older than max_age.
        oldest_possible = min(max_age, mother.age - 16)
        if oldest_possible < 0:
            return []
        kids: list[Person] = []
        age = rng.uniform(0, oldest_possible)
        for _ in range(n):
            if age < 0 or mother.age - age > 45:
                break
            sex = rng.choice("FM")
            dob = self.dob_for_age(age)
            given = None
            if father is not None and sex == "M" and rng.random() < 0.035:
                given = father.given  # named after his father
            elif kids and rng.random() < 0.07:
                same_sex = [k for k in kids if k.sex == sex]
                if same_sex and (sex, same_sex[-1].given) in self.similar:
                    given = self.similar[sex, same_sex[-1].given]
            child = self.person(g, sex, dob, surname, "child", given)
            self._avoid_sibling_name(child, kids)
            kids.append(self._maybe_namesake(child))
            if rng.random() < 0.03:  # twins: same day, same surname, their own given names
                twin_sex = sex if rng.random() < 0.67 else ("F" if sex == "M" else "M")
                twin_given = (
                    self.similar.get((twin_sex, child.given)) if twin_sex == sex and rng.random() < 0.4 else None
                )
                twin = self.person(g, twin_sex, child.dob, surname, "child", twin_given)
                self._avoid_sibling_name(twin, kids)
                kids.append(twin)
            age -= rng.uniform(1.0, 5.0)
        return kids

    def _avoid_sibling_name(self, child: Person, siblings: list[Person]) -> None:
        """Parents do not give two children one name, nor names a letter apart (Olivia and Oliwia)."""
        tries = 0
        while any(_one_edit_apart(child.given.lower(), s.given.lower()) for s in siblings) and tries < 20:
            child.given = self.given(child.group, child.sex, True)
            tries += 1


# --------------------------------------------------------------------------------------------- agencies


@dataclasses.dataclass(frozen=True)
class Agency:
    """How an agency records people: how often it holds the NHS number and how careful its data entry is."""

    kind: str
    nhs: float
    typo: float
    nickname: float
    upper: float
    missing_dob: float
    missing_postcode: float
    missing_sex: float
    stale_address: float  # of a household that moved, the share of this agency's records with the old postcode
    duplicate: float  # a second record for the same person in this agency (different source_id)
    swap: float = 0.01
    prefix: str = "R"
    spaced_nhs: float = 0.0
    sex_codes: str = "FM"


AGENCIES = {
    "gp": Agency(
        "gp",
        nhs=0.98,
        typo=0.025,
        nickname=0.02,
        upper=0.02,
        missing_dob=0.002,
        missing_postcode=0.01,
        missing_sex=0.005,
        stale_address=0.2,
        duplicate=0.01,
        prefix="GP",
        spaced_nhs=0.3,
    ),
    "ch": Agency(
        "ch",
        nhs=0.95,
        typo=0.03,
        nickname=0.04,
        upper=0.05,
        missing_dob=0.005,
        missing_postcode=0.03,
        missing_sex=0.01,
        stale_address=0.35,
        duplicate=0.01,
        prefix="CH",
        spaced_nhs=0.5,
    ),
    "csc": Agency(
        "csc",
        nhs=0.6,
        typo=0.04,
        nickname=0.07,
        upper=0.05,
        missing_dob=0.02,
        missing_postcode=0.04,
        missing_sex=0.02,
        stale_address=0.45,
        duplicate=0.08,
        prefix="CSC",
        spaced_nhs=0.5,
    ),
    "police": Agency(
        "police",
        nhs=0.05,
        typo=0.06,
        nickname=0.12,
        upper=0.6,
        missing_dob=0.05,
        missing_postcode=0.12,
        missing_sex=0.03,
        stale_address=0.55,
        duplicate=0.2,
        swap=0.03,
        prefix="NOM",
        sex_codes="FMU",
    ),
    "school": Agency(
        "school",
        nhs=0.1,
        typo=0.03,
        nickname=0.08,
        upper=0.05,
        missing_dob=0.003,
        missing_postcode=0.02,
        missing_sex=0.005,
        stale_address=0.4,
        duplicate=0.004,
        prefix="UPN",
    ),
    "probation": Agency(
        "probation",
        nhs=0.2,
        typo=0.04,
        nickname=0.1,
        upper=0.5,
        missing_dob=0.01,
        missing_postcode=0.1,
        missing_sex=0.01,
        stale_address=0.6,
        duplicate=0.03,
        swap=0.02,
        prefix="CRN",
    ),
    "housing": Agency(
        "housing",
        nhs=0.02,
        typo=0.05,
        nickname=0.08,
        upper=0.1,
        missing_dob=0.08,
        missing_postcode=0.01,
        missing_sex=0.15,
        stale_address=0.1,
        duplicate=0.02,
        swap=0.02,
        prefix="HSG",
    ),
    "edt": Agency(
        "edt",
        nhs=0.4,
        typo=0.07,
        nickname=0.1,
        upper=0.2,
        missing_dob=0.1,
        missing_postcode=0.15,
        missing_sex=0.05,
        stale_address=0.5,
        duplicate=0.1,
        swap=0.02,
        prefix="EDT",
        sex_codes="FMU",
    ),
}


def _gp_code(district: str, n: int) -> str:
    return f"gp-{district.lower()}-{n}"


def _school_code(district: str, phase: str, n: int) -> str:
    return f"school-{district.lower()}-{phase}{n}"


def _chs_code(la: str) -> str:
    return "chs-north" if la in ("bristol", "sglos") else "chs-south"


def sources_for(h: Household, p: Person, rng: random.Random) -> list[tuple[str, str, bool]]:
    """(source, agency kind, uses the old address) for each record an agency holds about this person."""
    out: list[tuple[str, str, bool]] = []
    age = p.age
    moved = h.previous_postcode is not None
    old_district = h.previous_postcode.split()[0] if moved else h.district

    def add(source: str, kind: str, old: bool = False) -> None:
        out.append((source, kind, old))

    # GP: nearly everyone at a practice near home; a practice they left may still hold a record.
    practice = h.hid % 3 + 1 if rng.random() < 0.9 else rng.randrange(1, 4)
    if rng.random() < 0.985:
        add(_gp_code(h.district, practice), "gp")
    if moved and rng.random() < 0.8:
        add(_gp_code(old_district, (h.hid + 1) % 3 + 1), "gp", old=True)
    elif rng.random() < 0.45:
        add(_gp_code(h.district, practice % 3 + 1), "gp")  # changed practice; the old one kept its record
    # Community health: health visiting under 5, school nursing after.
    if p.role == "child":
        if age < 5 and rng.random() < 0.95:
            add(_chs_code(h.la), "ch")
        elif 5 <= age < 19 and rng.random() < 0.8:
            add(_chs_code(h.la), "ch")
        # School, 4–18: siblings and twins share a primary school; older ones keep a primary-school record.
        if 4 <= age <= 18 and rng.random() < 0.97:
            if age < 11:
                add(_school_code(h.district, "p", h.hid % 4 + 1), "school")
            else:
                add(_school_code(h.district, "s", h.hid % 2 + 1), "school")
                if rng.random() < 0.8:
                    add(_school_code(old_district, "p", (h.hid + 1) % 4 + 1), "school", old=moved)
    # Mothers: community health (midwifery, health visiting) for the under-fives' mothers.
    if p.role == "parent" and rng.random() < (0.6 if p.sex == "F" else 0.15):
        add(_chs_code(h.la), "ch")
    # Children's social care: whole families known, and the council they came from.
    if h.known_to_social_care:
        if rng.random() < (0.97 if p.role == "child" else 0.8):
            add(f"csc-{h.la}", "csc")
        if h.previous_la and h.previous_la != h.la and rng.random() < 0.6:
            add(f"csc-{h.previous_la}", "csc", old=True)
    elif rng.random() < 0.03:
        add(f"csc-{h.la}", "csc")
    # Police: adults (more in families known to social care), teenagers, children at domestic-abuse incidents.
    if p.role == "child":
        police = (0.2 if h.known_to_social_care else 0.01) + (0.08 if age >= 12 else 0.0)
    else:
        police = 0.4 if h.known_to_social_care else 0.08
    if rng.random() < police:
        add("police-avon", "police")
    # Probation: adults, mostly men.
    if (
        p.role != "child"
        and age >= 18
        and rng.random() < (0.06 if p.sex == "M" else 0.012) * (2.5 if h.known_to_social_care else 1.0)
    ):
        add("probation-sw", "probation")
    # Housing: adults in social housing.
    if p.role != "child" and h.social_housing and rng.random() < 0.8:
        add(f"housing-{h.la}", "housing")
    # EDT: out-of-hours contacts, mostly families already known.
    if rng.random() < (0.15 if h.known_to_social_care else 0.006):
        add("edt-avon", "edt")
    if not out:
        add(_gp_code(h.district, 1), "gp")
    return out[:8]


# --------------------------------------------------------------------------------------------- corruption


def _date_str(d: dt.date) -> str:
    return d.isoformat()


def corrupt_dob(rng: random.Random, dob: dt.date) -> str:
    r = rng.random()
    if r < 0.3 and dob.day <= 12 and dob.day != dob.month:
        return _date_str(dob.replace(month=dob.day, day=dob.month))
    if r < 0.55:
        return _date_str(dob + dt.timedelta(days=rng.choice((-1, 1))))
    if r < 0.85:
        s = list(dob.isoformat())
        for _ in range(10):
            i = rng.choice((2, 3, 5, 6, 8, 9))
            s[i] = str(rng.randrange(10))
            try:
                candidate = dt.date.fromisoformat("".join(s))
            except ValueError:
                s = list(dob.isoformat())
                continue
            if candidate != dob and candidate <= REFERENCE_DATE:
                return candidate.isoformat()
            s = list(dob.isoformat())
        return _date_str(dob)
    try:
        return _date_str(dob.replace(year=dob.year + rng.choice((-1, 1))))
    except ValueError:
        return _date_str(dob)


def render_record(rng: random.Random, p: Person, h: Household, kind: str, old_address: bool) -> dict[str, str]:
    a = AGENCIES[kind]
    given, family = p.given, p.family
    # Names the record was made under: birth name in older records, step-father's name at school, Kaur/Singh.
    if p.birth_family and (old_address or kind in ("probation", "gp")) and rng.random() < 0.25:
        family = p.birth_family
    elif p.other_family and rng.random() < (0.45 if kind == "school" else 0.2):
        family = (
            p.other_family
            if p.other_family not in ("Kaur", "Singh") or rng.random() < 0.6
            else (f"{p.other_family} {family}")
        )
    if "-" in family and rng.random() < 0.45:
        parts = family.split("-")
        family = rng.choice((parts[0], parts[-1], " ".join(parts)))
    elif rng.random() < 0.01 and kind in ("school", "ch") and p.role == "child":
        family = f"{family}-{rng.choice(WHITE_BRITISH.names.surnames[:60])}"  # a later double-barrelled name
    if rng.random() < a.nickname and given in NICKNAMES:
        given = rng.choice(NICKNAMES[given])
    if p.middle and kind in ("gp", "ch", "csc") and rng.random() < 0.5:
        given = f"{given} {p.middle}"
    if rng.random() < a.typo:
        given = typo(rng, given)
    if rng.random() < a.typo:
        family = typo(rng, family)
    if rng.random() < a.swap + p.group.swap_rate * (kind in ("police", "housing", "edt", "csc")):
        given, family = family, given
    if rng.random() < a.upper:
        family = family.upper()
        if rng.random() < 0.6:
            given = given.upper()
    elif rng.random() < 0.01:
        given, family = given.lower(), family.lower()
    if rng.random() < 0.004:
        given = ""
    elif rng.random() < 0.002:
        family = ""

    dob = "" if rng.random() < a.missing_dob else (corrupt_dob(rng, p.dob) if rng.random() < 0.05 else _date_str(p.dob))

    if rng.random() < a.missing_sex:
        sex = "U" if "U" in a.sex_codes and rng.random() < 0.7 else ""
    elif rng.random() < 0.003:
        sex = "M" if p.sex == "F" else "F"
    else:
        sex = p.sex

    nhs = ""
    if rng.random() < a.nhs:
        nhs = p.nhs if rng.random() > 0.008 else invalid_nhs_typo(rng, p.nhs)
        if rng.random() < a.spaced_nhs:
            nhs = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"

    postcode = ""
    if rng.random() >= a.missing_postcode:
        postcode = h.previous_postcode if (old_address and h.previous_postcode) else h.postcode
        if h.previous_postcode and not old_address and rng.random() < a.stale_address:
            postcode = h.previous_postcode
        r = rng.random()
        if r < 0.15:
            postcode = postcode.replace(" ", "")
        elif r < 0.2:
            postcode = postcode.lower()
        elif r < 0.205:
            postcode = typo(rng, postcode)
    return {
        "given_name": given,
        "family_name": family,
        "date_of_birth": dob,
        "sex": sex,
        "nhs_number": nhs,
        "postcode": postcode,
    }


# --------------------------------------------------------------------------------------------- output


@dataclasses.dataclass
class GenerationSummary:
    people: int
    households: int
    records: int
    records_path: Path
    truth_path: Path


def generate(people: int, seed: int, stats: dict | None = None) -> Iterator[tuple[dict[str, str], str]]:
    """Yield (record, true person id) until `people` people have been drawn (`stats` gets the household count)."""
    rng = random.Random(seed)
    pop = Population(rng)
    counters: dict[str, itertools.count] = {}
    drawn = 0
    while drawn < people:
        h = pop.household()
        if stats is not None:
            stats["households"] = stats.get("households", 0) + 1
        for p in h.people:
            if drawn >= people:
                break
            drawn += 1
            truth = f"T{p.pid:07d}"
            srcs = sources_for(h, p, rng)
            extra = [s for s in srcs if rng.random() < AGENCIES[s[1]].duplicate]
            for source, kind, old in srcs + extra:
                counter = counters.setdefault(source, itertools.count(rng.randrange(1000, 9000)))
                record = render_record(rng, p, h, kind, old)
                record["source"] = source
                record["source_id"] = f"{AGENCIES[kind].prefix}{next(counter):07d}"
                yield record, truth


def write_records(
    out_dir: str | Path, people: int, seed: int, progress: Callable[[int, int], None] | None = None
) -> GenerationSummary:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    records_path, truth_path = out / "records.csv", out / "truth.csv"
    n = 0
    stats: dict[str, int] = {}
    with (
        open(records_path, "w", newline="", encoding="utf-8") as rf,
        open(truth_path, "w", newline="", encoding="utf-8") as tf,
    ):
        rw, tw = csv.writer(rf), csv.writer(tf)
        rw.writerow(RECORD_COLUMNS)
        tw.writerow(TRUTH_COLUMNS)
        last_person, persons = None, 0
        for record, person in generate(people, seed, stats):
            rw.writerow([record[c] for c in RECORD_COLUMNS])
            tw.writerow((record["source"], record["source_id"], person))
            n += 1
            if person != last_person:
                last_person = person
                persons += 1
                if progress and persons % 10_000 == 0:
                    progress(persons, people)
    return GenerationSummary(
        people=people,
        households=stats.get("households", 0),
        records=n,
        records_path=records_path,
        truth_path=truth_path,
    )
