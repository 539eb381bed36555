"""Reading, checking and preparing source records for linkage, in an embedded DuckDB database.

`load_records` puts the input (a CSV file, a pyarrow table, or an iterable of dicts) into the table `raw`
with a 1-based `row_no`; `validate` refuses bad input with a `LinkInputError` naming the file, row and column;
`build_features` derives the table `features` that every backend links on: normalised names with their tokens,
equivalence keys and phonetic codes, the date of birth and its variants, the valid NHS number only, the
postcode at unit, sector and district level, and sex.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from . import names

RECORD_COLUMNS = ("source", "source_id", "given_name", "family_name", "date_of_birth", "sex", "nhs_number", "postcode")
REQUIRED_COLUMNS = ("source", "source_id")
SEX_CODES = ("F", "M", "X", "U")


class LinkInputError(ValueError):
    """Bad input: the message names the file (or input), the row (1-based, not counting the header) and column."""

    def __init__(
        self, message: str, *, file: str | None = None, row: int | None = None, column: str | None = None, more: int = 0
    ):
        self.message, self.file, self.row, self.column, self.more = message, file, row, column, more
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file or "input"]
        if self.row is not None:
            where.append(
                f"row {self.row} (line {self.row + 1})" if self.file and self.file != "input" else f"row {self.row}"
            )
        if self.column:
            where.append(f"column {self.column}")
        text = f"{', '.join(where)}: {self.message}"
        if self.more:
            text += f" (and {self.more} more problem{'s' if self.more != 1 else ''} like it)"
        return text


# ------------------------------------------------------------------------------------------------ loading


def load_records(con: duckdb.DuckDBPyConnection, records: Any, *, label: str | None = None) -> tuple[int, list[str]]:
    """Load the input into table `raw` (all VARCHAR, trimmed, empty → NULL). Returns (row count, missing optional
    columns). `records` may be a path to a CSV file, a pyarrow Table, a pandas DataFrame or an iterable of
    mappings."""
    if isinstance(records, (str, os.PathLike)):
        path = Path(records)
        label = label or str(path)
        if not path.is_file():
            raise LinkInputError("no such file", file=label)
        try:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE raw_in AS SELECT * FROM read_csv(?, header = true, all_varchar = true, "
                "delim = ',', quote = '\"', escape = '\"', strict_mode = true, null_padding = false, "
                "encoding = 'utf-8', sample_size = -1)",
                [str(path)],
            )
        except duckdb.Error as exc:
            raise LinkInputError(
                f"cannot be read as UTF-8 CSV with a header row: {_first_line(exc)}", file=label
            ) from None
    else:
        label = label or "input"
        table = _to_arrow(records)
        con.register("raw_arrow", table)
        con.execute("CREATE OR REPLACE TEMP TABLE raw_in AS SELECT * FROM raw_arrow")
        con.unregister("raw_arrow")
    cols = [c[0] for c in con.execute("SELECT * FROM raw_in LIMIT 0").description]
    lowered = {c.strip().lower(): c for c in cols}
    for col in REQUIRED_COLUMNS:
        if col not in lowered:
            raise LinkInputError(
                f"the required column '{col}' is missing (columns found: {', '.join(cols) or 'none'})",
                file=label,
                column=col,
            )
    missing = [c for c in RECORD_COLUMNS if c not in lowered]
    select = ["CAST(row_number() OVER () AS BIGINT) AS row_no"]
    for col in RECORD_COLUMNS:
        if col in lowered:
            select.append(f"NULLIF(trim(CAST({_quote(lowered[col])} AS VARCHAR)), '') AS {col}")
        else:
            select.append(f"CAST(NULL AS VARCHAR) AS {col}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE raw AS SELECT {', '.join(select)} FROM raw_in")
    con.execute("DROP TABLE raw_in")
    n = con.execute("SELECT count(*) FROM raw").fetchall()[0][0]
    return n, missing


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _to_arrow(records: Any) -> pa.Table:
    if isinstance(records, pa.Table):
        return (
            records.cast(pa.schema([pa.field(f.name, pa.string()) for f in records.schema]), safe=False)
            if any(not pa.types.is_string(f.type) for f in records.schema)
            else records
        )
    if type(records).__module__.startswith("pandas"):
        return _to_arrow(pa.Table.from_pandas(records, preserve_index=False))
    rows = list(records) if not isinstance(records, list) else records
    columns: dict[str, list] = {}
    keys: list[str] = []
    for row in rows:
        if not isinstance(row, Mapping):
            raise LinkInputError(f"each record must be a mapping of column to value, not {type(row).__name__}")
        for k in row:
            if k not in columns:
                columns[k] = []
                keys.append(k)
    for k in keys:
        col = columns[k]
        for row in rows:
            v = row.get(k)
            col.append(None if v is None else str(v))
    if not keys:
        keys = list(RECORD_COLUMNS)
        columns = {k: [] for k in keys}
    return pa.table({k: pa.array(columns[k], type=pa.string()) for k in keys})


# ------------------------------------------------------------------------------------------------ checks

_PLACEHOLDER_NHS = tuple(str(d) * 10 for d in range(10))
_NHS_WEIGHTS = " + ".join(f"TRY_CAST(substr(d, {i}, 1) AS INTEGER) * {11 - i}" for i in range(1, 10))


_CHECKS = (
    ("source", "source IS NULL", "the source is empty"),
    ("source_id", "source_id IS NULL", "the source_id is empty"),
)

#: Values that are data, not structure: a record with a garbled one is kept and the value is reported
#: (issue 15). A date shaped YYYY-MM-DD but not a real date ("1955-11-92") is compared as text (exact, one digit,
#: day and month swapped); any other bad date is left out of the comparisons. An NHS number that fails its check
#: digit is never a match key. An unknown sex code counts as missing.
_GARBLED = (
    (
        "date_of_birth",
        "date_of_birth IS NOT NULL AND (NOT regexp_full_match(date_of_birth, '[0-9]{4}-[0-9]{2}-[0-9]{2}') "
        "OR try_strptime(date_of_birth, '%Y-%m-%d') IS NULL)",
        "not a real date (YYYY-MM-DD)",
    ),
    (
        "nhs_number",
        "nhs_number IS NOT NULL AND NOT macp_nhs_valid(regexp_replace(nhs_number, '[ -]', '', 'g'))",
        "not a valid NHS number (ten digits with a modulus-11 check digit)",
    ),
    ("sex", "sex IS NOT NULL AND upper(sex) NOT IN ('F', 'M', 'X', 'U')", "not a sex code (F, M, X, U)"),
)
GARBLED_EXAMPLES = 5


def validate(con: duckdb.DuckDBPyConnection, label: str) -> dict[str, dict]:
    """Refuse structural problems (an empty source or source_id, a duplicate record) at the first bad row (lowest
    row number); the error says how many more have the same problem. Garbled values are not refused: returns
    {column: {"count": n, "problem": ..., "examples": [(row, value), ...]}} for the caller to report."""
    problems = []
    for column, condition, message in _CHECKS:
        rows = con.execute(
            f"SELECT row_no, {column}, count(*) OVER () FROM raw WHERE {condition} ORDER BY row_no LIMIT 1"
        ).fetchall()
        if rows:
            row = rows[0]
            problems.append((row[0], column, message.format(value=row[1]), row[2] - 1))
    dups = con.execute(
        "SELECT row_no, first_row, source, source_id, count(*) OVER () FROM ("
        "  SELECT row_no, source, source_id, min(row_no) OVER w AS first_row, row_number() OVER w AS k FROM raw"
        "  WHERE source IS NOT NULL AND source_id IS NOT NULL"
        "  WINDOW w AS (PARTITION BY source, source_id ORDER BY row_no)"
        ") WHERE k > 1 ORDER BY row_no LIMIT 1"
    ).fetchall()
    if dups:
        dup = dups[0]
        problems.append(
            (
                dup[0],
                "source_id",
                f"duplicate record ({dup[2]}, {dup[3]}): the same source and source_id as row {dup[1]}",
                dup[4] - 1,
            )
        )
    if problems:
        row, column, message, more = min(problems)
        raise LinkInputError(message, file=label, row=row, column=column, more=more)
    garbled: dict[str, dict] = {}
    placeholders = ", ".join(f"'{p}'" for p in _PLACEHOLDER_NHS)
    con.execute(f"""CREATE OR REPLACE TEMP MACRO macp_nhs_valid(d) AS
        length(d) = 10 AND regexp_full_match(d, '[0-9]+') AND d NOT IN ({placeholders})
        AND (11 - ({_NHS_WEIGHTS}) % 11) % 11 = TRY_CAST(substr(d, 10, 1) AS INTEGER)""")
    for column, condition, message in _GARBLED:
        rows = con.execute(
            f"SELECT row_no, {column}, count(*) OVER () FROM raw WHERE {condition} ORDER BY row_no "
            f"LIMIT {GARBLED_EXAMPLES}"
        ).fetchall()
        if rows:
            garbled[column] = {"count": rows[0][2], "problem": message, "examples": [(r[0], r[1]) for r in rows]}
    return garbled


def describe_garbled(garbled: dict[str, dict], label: str) -> list[str]:
    """One line per column with garbled values, for stderr."""
    return [
        f"{label}: {g['count']:,} value{'s' if g['count'] != 1 else ''} in column {column} "
        f"{'are' if g['count'] != 1 else 'is'} {g['problem']}; the records are kept (e.g. "
        + ", ".join(f"row {row} '{value}'" for row, value in g["examples"])
        + ")"
        for column, g in garbled.items()
    ]


# ------------------------------------------------------------------------------------------------ features


def _name_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Derive per-name features in Python over the distinct raw values (tens of thousands, not a million)."""
    given_raw = [
        r[0] for r in con.execute("SELECT DISTINCT given_name FROM raw WHERE given_name IS NOT NULL").fetchall()
    ]
    g: dict[str, list] = {
        k: []
        for k in ("raw", "g_std", "g_first", "g_tok2", "g_tokens", "g_canon", "g_canon2", "g_canon3", "g_meta", "g_sdx")
    }
    for value in given_raw:
        std = names.normalise_name(value)
        tokens = std.split()
        first = tokens[0] if tokens else None
        keys = names.canonical_keys(first) if first else ()
        g["raw"].append(value)
        g["g_std"].append(std or None)
        g["g_first"].append(first)
        g["g_tok2"].append(tokens[1] if len(tokens) > 1 else None)
        g["g_tokens"].append(tokens or None)
        for i, col in enumerate(("g_canon", "g_canon2", "g_canon3")):
            g[col].append(keys[i] if len(keys) > i else None)
        g["g_meta"].append(names.metaphone(first) if first else None)
        g["g_sdx"].append(names.soundex(first) if first else None)
    con.register(
        "given_map_arrow",
        pa.table(g, schema=pa.schema([(k, pa.list_(pa.string()) if k == "g_tokens" else pa.string()) for k in g])),
    )
    con.execute("CREATE OR REPLACE TEMP TABLE given_map AS SELECT * FROM given_map_arrow")
    con.unregister("given_map_arrow")

    family_raw = [
        r[0] for r in con.execute("SELECT DISTINCT family_name FROM raw WHERE family_name IS NOT NULL").fetchall()
    ]
    f: dict[str, list] = {k: [] for k in ("raw", "f_std", "f_key", "f_first", "f_last", "f_meta", "f_sdx")}
    for value in family_raw:
        std = names.normalise_name(value)
        key = std.replace(" ", "")
        tokens = [t for t in std.split() if len(t) > 1]
        f["raw"].append(value)
        f["f_std"].append(std or None)
        f["f_key"].append(key or None)
        f["f_first"].append(tokens[0] if tokens else (key or None))
        f["f_last"].append(tokens[-1] if len(tokens) > 1 else None)
        f["f_meta"].append(names.metaphone(key) if key else None)
        f["f_sdx"].append(names.soundex(key) if key else None)
    con.register("family_map_arrow", pa.table(f, schema=pa.schema([(k, pa.string()) for k in f])))
    con.execute("CREATE OR REPLACE TEMP TABLE family_map AS SELECT * FROM family_map_arrow")
    con.unregister("family_map_arrow")


def build_features(con: duckdb.DuckDBPyConnection) -> None:
    """Create table `features` (one row per input row, `unique_id` = row number) from table `raw`."""
    _name_tables(con)
    placeholders = ", ".join(f"'{p}'" for p in _PLACEHOLDER_NHS)
    con.execute(f"""
        CREATE OR REPLACE TABLE features AS
        WITH base AS (
            SELECT r.row_no, r.source, r.source_id, r.given_name, r.family_name,
                   regexp_replace(coalesce(r.nhs_number, ''), '[ -]', '', 'g') AS d,
                   r.date_of_birth AS dob,
                   upper(regexp_replace(coalesce(r.postcode, ''), '[^A-Za-z0-9]', '', 'g')) AS pcn,
                   CASE WHEN upper(r.sex) IN ('F', 'M', 'X') THEN upper(r.sex) END AS sex
            FROM raw r
        ), flags AS (
            SELECT *,
                   CASE WHEN length(d) = 10 AND regexp_full_match(d, '[0-9]+') AND d NOT IN ({placeholders})
                        THEN (11 - ({_NHS_WEIGHTS}) % 11) % 11 END AS cd,
                   CASE WHEN regexp_full_match(pcn, '[A-Z]{{1,2}}[0-9][A-Z0-9]?[0-9][A-Z]{{2}}') THEN 2
                        WHEN regexp_full_match(pcn, '[A-Z]{{1,2}}[0-9][A-Z0-9]?') THEN 1 ELSE 0 END AS pck,
                   regexp_full_match(dob, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') AS dob_shaped,
                   try_strptime(dob, '%Y-%m-%d') IS NOT NULL AS dob_real,
                   TRY_CAST(substr(dob, 9, 2) AS INTEGER) AS dd, TRY_CAST(substr(dob, 6, 2) AS INTEGER) AS mm
            FROM base
        )
        SELECT
            n.row_no AS unique_id,
            n.source, n.source_id,
            CASE WHEN n.cd < 10 AND n.cd = CAST(substr(n.d, 10, 1) AS INTEGER) THEN n.d END AS nhs,
            g.g_std, g.g_first, g.g_tok2, g.g_tokens, g.g_canon, g.g_canon2, g.g_canon3, g.g_meta, g.g_sdx,
            left(g.g_first, 1) AS g_init, CAST(length(g.g_first) AS INTEGER) AS g_len,
            f.f_std, f.f_key, f.f_first, f.f_last, f.f_meta, f.f_sdx, CAST(length(f.f_key) AS INTEGER) AS f_len,
            -- a garbled date shaped like a date is kept as text; anything else is left out
            CASE WHEN n.dob_shaped THEN n.dob END AS dob,
            CASE WHEN n.dob_real THEN CAST(CAST(n.dob AS DATE) - DATE '1900-01-01' AS INTEGER) END AS dob_days,
            CASE WHEN n.dob_shaped THEN CAST(substr(n.dob, 1, 4) AS INTEGER) END AS dob_year,
            CASE WHEN n.dob_shaped THEN substr(n.dob, 6, 5) END AS dob_md,
            CASE WHEN n.dob_shaped THEN n.mm END AS dob_m, CASE WHEN n.dob_shaped THEN n.dd END AS dob_d,
            CASE WHEN n.dob_shaped AND n.dd <= 12 AND n.dd <> n.mm
                 THEN substr(n.dob, 1, 5) || substr(n.dob, 9, 2) || '-' || substr(n.dob, 6, 2) END AS dob_swap,
            CASE WHEN n.pck = 2 THEN left(n.pcn, length(n.pcn) - 3) || ' ' || right(n.pcn, 3)
                 -- not a UK postcode (abroad, or garbled): compared whole, with no sector or district
                 WHEN n.pck = 0 AND length(n.pcn) BETWEEN 3 AND 8 THEN n.pcn END AS pc,
            CASE WHEN n.pck = 2 THEN left(n.pcn, length(n.pcn) - 3) || ' ' || left(right(n.pcn, 3), 1) END AS pc_sector,
            CASE WHEN n.pck = 2 THEN left(n.pcn, length(n.pcn) - 3) WHEN n.pck = 1 THEN n.pcn END AS pc_district,
            n.sex
        FROM flags n
        LEFT JOIN given_map g ON g.raw = n.given_name
        LEFT JOIN family_map f ON f.raw = n.family_name
    """)
    con.execute("DROP TABLE given_map")
    con.execute("DROP TABLE family_map")


FEATURE_COLUMNS = (
    "unique_id",
    "source",
    "source_id",
    "nhs",
    "g_std",
    "g_first",
    "g_tok2",
    "g_tokens",
    "g_canon",
    "g_canon2",
    "g_canon3",
    "g_meta",
    "g_sdx",
    "g_init",
    "g_len",
    "f_std",
    "f_key",
    "f_first",
    "f_last",
    "f_meta",
    "f_sdx",
    "f_len",
    "dob",
    "dob_days",
    "dob_year",
    "dob_md",
    "dob_m",
    "dob_d",
    "dob_swap",
    "pc",
    "pc_sector",
    "pc_district",
    "sex",
)


def records_to_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, str | None]]:
    """Plain dicts with the record columns (helper for callers holding model objects)."""
    return [{c: (None if r.get(c) in (None, "") else str(r.get(c))) for c in RECORD_COLUMNS} for r in records]
