"""One record at a time: the service's matcher, with the model, comparisons, safeguards and thresholds of
`macp link` (issue 15: one matcher).

    keys = blocking_keys(row)                    # stored per record, indexed: candidates share at least one
    scored = score_candidates(row, candidate_rows, model=None)   # [PairExplanation], in candidate order

`blocking_keys` mirrors the linker's blocking rules (model.BLOCKING_RULES and EXTRA_BLOCKING_RULES) as strings,
so a database index finds the candidates the file linker would have compared. `score_candidates` scores the
incoming record against each candidate with Splink's `score_pairs` (the cartesian product, no blocking) on the
features `prepare.build_features` derives, and explains each pair field by field with the safeguards it trips.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from . import names

# ------------------------------------------------------------------------------------------------ blocking keys


def _features(row: Mapping[str, Any]) -> dict[str, str]:
    """The columns blocking uses, derived in Python the way prepare.build_features derives them in SQL."""
    given = names.normalise_name(row.get("given_name")).split()
    family = names.normalise_name(row.get("family_name")).replace(" ", "")
    first = given[0] if given else ""
    dob = str(row.get("date_of_birth") or "").strip()
    shaped = len(dob) == 10 and dob[4] == "-" and dob[7] == "-" and (dob[:4] + dob[5:7] + dob[8:]).isdigit()
    postcode = "".join(ch for ch in str(row.get("postcode") or "").upper() if ch.isalnum())
    nhs = "".join(ch for ch in str(row.get("nhs_number") or "") if ch.isdigit())
    return {
        "nhs": nhs if _nhs_valid(nhs) else "",
        "g_first": first,
        "g_canon": names.canonical_keys(first)[0] if first else "",
        "g_sdx": names.soundex(first) if first else "",
        "g_init": first[:1],
        "f_key": family,
        "f_meta": names.metaphone(family) if family else "",
        "f_sdx": names.soundex(family) if family else "",
        "dob": dob if shaped else "",
        "dob_year": dob[:4] if shaped else "",
        "dob_md": dob[5:] if shaped else "",
        "pc": (postcode[:-3] + " " + postcode[-3:]) if len(postcode) >= 5 else postcode,
        "pc_district": _district(postcode),
    }


def _district(postcode: str) -> str:
    """The postcode district as prepare.build_features derives it: of a whole UK postcode, or of an outward code
    alone; nothing for anything else."""
    if re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}", postcode):
        return postcode[:-3]
    if re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?", postcode):
        return postcode
    return ""


def _nhs_valid(digits: str) -> bool:
    if len(digits) != 10 or digits == digits[0] * 10:
        return False
    check = (11 - sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11) % 11
    return check < 10 and check == int(digits[9])


def blocking_keys(row: Mapping[str, Any]) -> list[str]:
    """The record's blocking keys: two records are compared when they share one (the linker's rules)."""
    f = _features(row)
    keys = []

    def add(tag: str, *parts: str) -> None:
        if all(parts):
            keys.append(f"{tag}:{'|'.join(parts)}"[:120])

    add("n", f["nhs"])
    add("ds", f["dob"], f["f_sdx"])
    add("dg", f["dob"], f["g_canon"])
    add("gfy", f["g_canon"], f["f_meta"], f["dob_year"])
    add("gfm", f["g_canon"], f["f_key"], f["dob_md"])
    add("pi", f["pc"], f["g_init"])
    add("py", f["pc"], f["dob_year"])
    add("dgs", f["pc_district"], f["g_canon"], f["f_sdx"])
    add("di", f["dob"], f["g_init"], f["f_key"][:1])
    # Names the other way round: the same key whichever way round a record has them.
    add("sw", *sorted((f["g_first"], f["f_key"])), f["dob_year"])
    if f["g_sdx"] != f["f_sdx"]:
        add("sx", f["dob"], *sorted((f["g_sdx"], f["f_sdx"])))
    return sorted(set(keys))


# ------------------------------------------------------------------------------------------------ scoring


@functools.lru_cache(maxsize=4)
def _model_file(path: str, size: int, mtime_ns: int) -> dict:
    from pathlib import Path

    return json.loads(Path(path).read_text("utf-8"))


def load(model: str | dict | None = None) -> tuple[dict, Any]:
    """The model to score with — a dict, a JSON path, or the shipped model — and the key its compiled scoring SQL
    is cached under: for a file, the file and its version (path, size, modification time), so that the file is
    read and the SQL built once per process and again only when the file changes."""
    import os

    from .pipeline import default_model_path

    if isinstance(model, dict):
        return model, None
    path = os.path.abspath(str(model or default_model_path()))
    stat = os.stat(path)
    key = ("file", path, stat.st_size, stat.st_mtime_ns)
    return _model_file(*key[1:]), key


def score_candidates(
    record: Mapping[str, Any],
    candidates: Sequence[Mapping[str, Any]],
    *,
    model: str | dict | None = None,
    known_family: Sequence[set[str]] = (),
):
    """Score `record` against each candidate (rows with the columns of CONTRACTS.md §1) with the linker's
    model; returns a PairExplanation per candidate, in order. `known_family[i]` are family names already
    recorded for the person candidate i belongs to (a surname seen before is not a disagreement)."""
    from .explain import explain_rows

    loaded, key = load(model)
    return explain_rows(record, list(candidates), model=loaded, known_family=list(known_family), model_key=key)
