"""Name handling for linkage: normalisation, the given-name equivalents table, phonetic keys, and the pairwise
compatibility checks that keep twins, siblings and a father and son with one name apart.

Names are compared lower case, without accents or punctuation: "O'Brien" → "obrien", "Zoë" → "zoe",
"Łukasz" → "lukasz". Given names are split into tokens ("Ruby-Mae" → "ruby", "mae"); the first token is the name
used. Family names keep their tokens for double-barrelled names ("Smith-Jones" → "smith", "jones") and are also
compared with the spaces taken out ("o brien" = "obrien").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from importlib import resources

import jellyfish

_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "đ": "d",
        "Đ": "d",
        "ı": "i",
        "œ": "oe",
        "þ": "th",
    }
)
_DROP = re.compile(r"['’`.]")
_NON_LETTERS = re.compile(r"[^a-z]+")


def normalise_name(value: str | None) -> str:
    """Lower case ASCII letters and single spaces: "  O'Brien-SMITH " → "obrien smith"."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKD", value.translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _DROP.sub("", text)
    return _NON_LETTERS.sub(" ", text).strip()


@functools.cache
def equivalents() -> dict[str, tuple[str, ...]]:
    """Name → the keys of the equivalence groups it belongs to, in file order (the first is the blocking key)."""
    groups: dict[str, list[str]] = {}
    text = resources.files("macp.identity.linkage").joinpath("data/given_name_equivalents.txt").read_text("utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        key, _, rest = line.partition(":")
        key = normalise_name(key).replace(" ", "")
        for name in [key, *(normalise_name(v).replace(" ", "") for v in rest.split())]:
            if name and key not in groups.setdefault(name, []):
                groups[name].append(key)
    return {name: tuple(keys) for name, keys in groups.items()}


def canonical_keys(name: str) -> tuple[str, ...]:
    """The equivalence keys of a normalised single-token name; a name in no group is its own key."""
    return equivalents().get(name, (name,)) if name else ()


@functools.lru_cache(maxsize=200_000)
def metaphone(name: str) -> str:
    return jellyfish.metaphone(name) if name else ""


@functools.lru_cache(maxsize=200_000)
def soundex(name: str) -> str:
    return jellyfish.soundex(name) if name else ""


def damerau(a: str, b: str) -> int:
    return jellyfish.damerau_levenshtein_distance(a, b)


# ------------------------------------------------------------------------------------------ compatibility

#: Letters a scanner or a hurried reader takes for others: "rn" read as "m" (Irnran / Imran), "vv" as "w", "cl" as
#: "d". A generic error class of scanned and transcribed forms, not a list of names.
_OCR = (("rn", "m"), ("vv", "w"), ("cl", "d"))


def ocr_fold(name: str) -> str:
    """The name with look-alike letter groups folded to the letter they are read as."""
    for seen, read in _OCR:
        name = name.replace(seen, read)
    return name


def _spelling_variant(a: str, b: str) -> bool:
    """One typing error apart (Damerau-Levenshtein 1: four letters or more, or the same first letter), also after
    folding look-alike letters (rn / m)."""
    if damerau(a, b) <= 1 and (min(len(a), len(b)) >= 4 or a[0] == b[0]):
        return True
    fa, fb = ocr_fold(a), ocr_fold(b)
    if (fa, fb) == (a, b) or not fa or not fb:
        return False
    return fa == fb or (damerau(fa, fb) <= 1 and (min(len(fa), len(fb)) >= 4 or fa[0] == fb[0]))


def given_names_compatible(
    a_tokens: tuple[str, ...],
    b_tokens: tuple[str, ...],
    a_family: str = "",
    b_family: str = "",
    a_sex: str | None = None,
    b_sex: str | None = None,
) -> bool:
    """Could these two given names be one person's, allowing for a typo, a nickname or a spelling variant?

    Compatible: either missing; equal first names; any token shared (a middle name used as the first);
    one an initial or short form of the other (J / John, Alex / Alexander); a shared equivalence key
    (Bill / William, Mohammed / Muhammad); one typing error apart (Damerau-Levenshtein 1: names of four
    letters or more, or three with the same first letter), also after folding letters a scanner confuses
    (Irnran / Imran); given and family names written the other way round.
    Twins' names (Ella / Ellie, Harry / Harvey) are not compatible: no table or typo turns one into the other.
    Where both records give a sex and they differ, only shared names and equivalents count (Leo / Lea are a boy
    and a girl).
    """
    if not a_tokens or not b_tokens:
        return True
    a, b = a_tokens[0], b_tokens[0]
    if a == b or set(a_tokens) & set(b_tokens):
        return True
    if set(canonical_keys(a)) & set(canonical_keys(b)):
        return True
    weak_allowed = not (a_sex and b_sex and a_sex != b_sex)
    if len(a) == 1 or len(b) == 1:
        return weak_allowed and a[0] == b[0]
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if weak_allowed and len(short) >= 3 and long_.startswith(short):
        return True
    if weak_allowed and _spelling_variant(a, b):
        return True
    # Given and family name the wrong way round in one record.
    if (a_family and a_family.replace(" ", "") == b.replace(" ", "")) or (
        b_family and b_family.replace(" ", "") == a.replace(" ", "")
    ):
        return True
    return False


def family_names_compatible(a: str | None, b: str | None) -> bool:
    """Could these two family names (normalised, spaces taken out) be one person's without a change of name?

    Compatible (issue 15): either missing; equal; a spelling variant (one typing error apart, Thomson /
    Thompson, Nowak / Novak, also after folding look-alike letters, Karnara / Kamara; two in a name of six letters
    or more with the same first letter; the same first letter and the same sound (metaphone), Brooks / Bruks; or
    Jaro-Winkler at least 0.92 with the same first letter, Chowdhury / Choudhury);
    one the part of a hyphenated or double-barrelled name the other holds whole (Smith / Smith-Jones). Anything
    else is a different surname: it may still be one person (a child takes a parent's new partner's name), but
    that is for a person to decide.
    """
    if not a or not b or a == b:
        return True
    if len(a) >= 3 and len(b) >= 3 and (a in b or b in a):
        return True  # one part of a double-barrelled name
    if _spelling_variant(a, b):
        return True
    if a[0] == b[0] and damerau(a, b) <= 2 and min(len(a), len(b)) >= 6:
        return True  # two slips in a long name (Kamara / Karnara, Heward / Hovard)
    if a[0] == b[0] and min(len(a), len(b)) >= 4 and metaphone(a) == metaphone(b):
        return True  # written as it sounds (Brooks / Bruks, Philips / Fillips is not: the first letter differs)
    return a[0] == b[0] and jellyfish.jaro_winkler_similarity(a, b) >= 0.92


def postcodes_agree(a: str | None, b: str | None) -> bool:
    """The same address as far as a postcode tells: equal, or one character different in the unit's last two
    letters (LS27 1WE / LS27 1WY: same sector, a slip of the pen)."""
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) != len(b) or len(a) < 5:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(diff) == 1 and diff[0] >= len(a) - 2 and a[-3].isdigit()


def date_typing_error(a: str | None, b: str | None) -> bool:
    """Both dates given, different, and compatible: one recorded with a typing error."""
    return bool(a and b and a != b and dates_compatible(a, b))


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Could these two ISO dates of birth be one person's, allowing for one recognised typing error (issue 15)?

    Compatible: either missing; equal; day and month swapped; a day apart; one digit different. Dates that are
    not real dates ("1955-11-92", kept as typed) are compared as text by the same rules.
    """
    if not a or not b or a == b:
        return True
    same_year = a[:4] == b[:4]
    if len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1:
        return True  # one digit
    if same_year and a[5:7] == b[8:] and a[8:] == b[5:7]:
        return True  # day and month swapped
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= 1
    except ValueError:
        return False
