"""Why two records do or do not match: each field's comparison level and its contribution to the match weight,
for the review page that shows both records side by side.

    explanation = explain_pair(record_a, record_b)              # the shipped model
    explanation = explain_pair(record_a, record_b, model=result.model)
    for field in explanation.fields:
        field.field, field.level, field.value_a, field.value_b, field.match_weight

The match weight is log2 of the Bayes factor: positive weights are evidence for one person, negative against.
`prior_weight + sum(field weights) = match_weight`, and `probability` is 2^w / (1 + 2^w).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import math
import threading
from collections.abc import Mapping
from typing import Any

import duckdb
import pyarrow as pa

from . import cluster, prepare
from .cluster import Node
from .names import (
    date_typing_error,
    dates_compatible,
    family_names_compatible,
    given_names_compatible,
    postcodes_agree,
)

#: The input column(s) each comparison looks at, for showing both records' values.
FIELD_COLUMNS = {
    "nhs_number": ("nhs_number",),
    "given_name": ("given_name",),
    "family_name": ("family_name",),
    "date_of_birth": ("date_of_birth",),
    "postcode": ("postcode",),
    "sex": ("sex",),
}
FIELD_LABELS = {
    "nhs_number": "NHS number",
    "given_name": "Given name",
    "family_name": "Family name",
    "date_of_birth": "Date of birth",
    "postcode": "Postcode",
    "sex": "Sex",
}


@dataclasses.dataclass(frozen=True)
class FieldContribution:
    field: str  # comparison name, e.g. "given_name"
    label: str  # e.g. "Given name"
    level: str  # e.g. "Nickname or spelling variant"
    value_a: str
    value_b: str
    match_weight: float  # log2 Bayes factor, including any term-frequency adjustment
    term_frequency_adjustment: float  # the part of match_weight due to how common the value is


@dataclasses.dataclass(frozen=True)
class PairExplanation:
    probability: float
    match_weight: float
    prior_weight: float
    fields: list[FieldContribution]
    safeguards: list[str]  # reasons the clustering would refuse an automatic link, if any

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _row(record: Any, fallback_id: str) -> dict[str, str | None]:
    if isinstance(record, Mapping):
        row = {c: record.get(c) for c in prepare.RECORD_COLUMNS}
    else:
        row = {c: getattr(record, c, None) for c in prepare.RECORD_COLUMNS}
    row = {k: (None if v in (None, "") else str(v)) for k, v in row.items()}
    row["source"] = row["source"] or "a"
    row["source_id"] = row["source_id"] or fallback_id
    return row


def explain_pair(record_a: Any, record_b: Any, *, model: str | dict | None = None) -> PairExplanation:
    """Score one pair with the model (the shipped one by default) and break the score down by field.

    Records are mappings (or objects) with the columns of CONTRACTS.md §1; missing ones count as empty.
    """
    from .pipeline import load_model

    return explain_rows(record_a, [record_b], model=load_model(model))[0]


def explain_rows(
    record: Any, others: list, *, model: dict, known_family: list | None = None, model_key: Any = None
) -> list[PairExplanation]:
    """`record` scored against each of `others` (the cartesian product, no blocking), explained field by field,
    with the safeguards each pair trips. `model_key` names the model's version (e.g. its file, size and
    modification time) so that its compiled SQL is found without hashing the model on every call."""
    if not others:
        return []
    a = _row(record, "a")
    rows = [a]
    for k, other in enumerate(others):
        b = _row(other, f"b{k}")
        b["source"], b["source_id"] = "\x1fcandidate", str(k)  # unique whatever the candidates' own keys
        rows.append(b)
    a["source"], a["source_id"] = "\x1fincoming", "0"
    with _scorer(model, model_key) as scorer:
        scored, node_rows = scorer.score(rows)
    nodes = [Node((r[0], r[1]), r[2], tuple(r[3] or ()), r[4] or "", r[5], r[6], r[7], r[8]) for r in node_rows]
    prior = model["probability_two_random_records_match"]
    prior_weight = math.log2(prior / (1 - prior))
    out = []
    for k, other in enumerate(rows[1:]):
        pair = scored[k + 2]
        fields: list[FieldContribution] = []
        for comparison in model["comparisons"]:
            name = comparison["output_column_name"]
            level = _level_for_gamma(comparison["comparison_levels"], pair.get(f"gamma_{name}"))
            weight, tf_weight, label = 0.0, 0.0, "Missing in one or both"
            if level is not None:
                label = level.get("label_for_charts") or level.get("sql_condition", "")
                weight = math.log2(level["m_probability"] / level["u_probability"])
                tf_col = level.get("tf_adjustment_column")
                if tf_col:
                    tf = max(pair.get(f"tf_{tf_col}_l") or 0.0, pair.get(f"tf_{tf_col}_r") or 0.0)
                    if tf > 0:
                        tf_weight = level.get("tf_adjustment_weight", 1.0) * math.log2(level["u_probability"] / tf)
            cols = FIELD_COLUMNS.get(name, ())
            fields.append(
                FieldContribution(
                    field=name,
                    label=FIELD_LABELS.get(name, name),
                    level=label,
                    value_a=" ".join(a.get(c) or "" for c in cols).strip(),
                    value_b=" ".join(other.get(c) or "" for c in cols).strip(),
                    match_weight=round(weight + tf_weight, 3),
                    term_frequency_adjustment=round(tf_weight, 3),
                )
            )
        known = (known_family[k] if known_family and k < len(known_family) else None) or set()
        out.append(
            PairExplanation(
                probability=pair["match_probability"],
                match_weight=round(pair["match_weight"], 3),
                prior_weight=round(prior_weight, 3),
                fields=fields,
                safeguards=safeguards(nodes[0], nodes[k + 1], known_family=known),
            )
        )
    return out


class _Scorer:
    """Scores records against each other with one model, kept for the process (issue 15: a single incoming record
    in well under a second).

    The SQL is Splink's own (`score_pairs`: the model's comparisons, levels, m and u, term-frequency
    adjustments), generated **once** when the scorer is built, on two fixed tables `explain_left` and
    `explain_right` whose term frequencies are hardcoded columns; each call refills those tables with the
    features `prepare.build_features` derives and runs the compiled statement. Building Splink's SQL (sqlglot)
    took 0.2–4 s per call; running it takes a few milliseconds."""

    def __init__(self, model: dict):
        from splink import DuckDBAPI, Linker

        from .model import settings as model_settings
        from .pipeline import TF_COLUMNS, TF_KEY, TF_MIN_COUNT

        self.model = model
        self.lock = threading.Lock()
        self.views = False
        self.con = con = duckdb.connect(":memory:")
        con.execute("SET threads = 1")
        # The model's name frequencies, once; a value it never saw often gets the frequency of one seen
        # TF_MIN_COUNT - 1 times (as pipeline.register_term_frequencies does for a file).
        tables = model.get(TF_KEY) or {}
        self.tf_columns = TF_COLUMNS if tables else ()
        self.tf_floor = (TF_MIN_COUNT - 1) / max(1, int(tables.get("records", 1))) if tables else None
        for col in self.tf_columns:
            known = tables.get(col, {})
            con.register(
                "tf_arrow",
                pa.table(
                    {"value": pa.array(list(known), pa.string()), "tf": pa.array(list(known.values()), pa.float64())}
                ),
            )
            con.execute(f"CREATE TABLE macp_tf_{col} AS SELECT * FROM tf_arrow")
            con.unregister("tf_arrow")
        self._fill([{"source": "\x1fincoming", "source_id": "0"}, {"source": "\x1fcandidate", "source_id": "0"}])
        db_api = DuckDBAPI(connection=con)
        linker = Linker(db_api.register("features"), model_settings(model), log_level=None, validate_settings=False)
        for col in self.tf_columns:  # present for Splink's pipeline; the values come from the hardcoded columns
            lookup = db_api.register(
                pa.table({col: pa.array([], pa.string()), f"tf_{col}": pa.array([], pa.float64())}),
                table_name=f"__macp_tf_{col}",
            )
            linker.table_management.register_term_frequency_lookup(lookup, col)
        captured: list[str] = []
        run = db_api._execute_sql

        def capture(sql: str, templated_name: str):
            captured.append(sql)
            return run(sql, templated_name)

        db_api._execute_sql = capture
        try:
            left = db_api.table_to_splink_dataframe("__splink__compare_two_records_left", "explain_left")
            right = db_api.table_to_splink_dataframe("__splink__compare_two_records_right", "explain_right")
            predictions = linker.inference.score_pairs(left, right)
        finally:
            db_api._execute_sql = run
        self.sql = captured[-1]
        check = con.sql(self.sql).fetchall()
        if len(check) != 1:
            raise RuntimeError("the compiled scoring SQL did not score the one pair it was built on")
        predictions.drop_table_from_database_and_remove_from_cache()
        del linker, db_api

    def _fill(self, rows: list[dict]) -> None:
        """Features of `rows` (the first is the incoming record) into explain_left / explain_right, with the
        model's term frequencies as columns."""
        con = self.con
        prepare.load_records(con, rows, label="pair")
        prepare.build_features(con)
        tf_select = "".join(
            f", CASE WHEN f.{col} IS NOT NULL THEN coalesce(t_{col}.tf, {self.tf_floor!r}) END AS tf_{col}"
            for col in self.tf_columns
        )
        tf_join = "".join(f" LEFT JOIN macp_tf_{col} t_{col} ON t_{col}.value = f.{col}" for col in self.tf_columns)
        con.execute(f"CREATE OR REPLACE TABLE macp_sides AS SELECT f.*{tf_select} FROM features f{tf_join}")
        if not self.views:  # the two sides the compiled SQL reads: views, so one table is refilled per call
            con.execute("CREATE VIEW explain_left AS SELECT * FROM macp_sides WHERE unique_id = 1")
            con.execute("CREATE VIEW explain_right AS SELECT * FROM macp_sides WHERE unique_id > 1")
            self.views = True

    def score(self, rows: list[dict]):
        con = self.con
        self._fill(rows)
        cursor = con.execute(self.sql)
        names = [d[0] for d in cursor.description]
        scored = {r[names.index("unique_id_r")]: dict(zip(names, r)) for r in cursor.fetchall()}
        node_rows = con.sql(
            "SELECT source, source_id, nhs, g_tokens, f_key, dob, sex, pc_district, pc FROM features ORDER BY unique_id"
        ).fetchall()
        return scored, node_rows


_SCORERS: dict[Any, _Scorer] = {}
_SCORERS_LOCK = threading.Lock()


def model_digest(model: dict) -> str:
    """A digest of a model's parameters: what its compiled SQL is cached under when no file version is given."""
    return hashlib.sha256(json.dumps(model, sort_keys=True, default=str).encode()).hexdigest()


@contextlib.contextmanager
def _scorer(model: dict, key: Any = None):
    key = key or model_digest(model)
    with _SCORERS_LOCK:
        scorer = _SCORERS.get(key)
        if scorer is None:
            if len(_SCORERS) >= 2:
                _SCORERS.pop(next(iter(_SCORERS))).con.close()
            scorer = _SCORERS[key] = _Scorer(model)
    with scorer.lock:
        yield scorer


def _level_for_gamma(levels: list[dict], gamma: int | None) -> dict | None:
    """The comparison level a gamma value stands for, or None for the null level."""
    if gamma is None or gamma < 0:
        return None
    non_null = [lv for lv in levels if not lv.get("is_null_level")]
    # Splink numbers the levels from the last (0, "else") up to the first non-null level.
    index = len(non_null) - 1 - gamma
    return non_null[index] if 0 <= index < len(non_null) else None


def safeguards(x: Node, y: Node, *, known_family: set[str] | frozenset = frozenset()) -> list[str]:
    """The clustering safeguards this pair on its own would trip (cluster.py's reasons, for the reviewer).
    `known_family`: family names already recorded for the person y belongs to (normalised, no spaces)."""
    if x.nhs and y.nhs and x.nhs != y.nhs:
        return [cluster.DIFFERENT_NHS]
    if x.nhs and x.nhs == y.nhs:
        return []
    reasons = []
    if not dates_compatible(x.dob, y.dob):
        reasons.append(cluster.DOB_INCOMPATIBLE)
    if not given_names_compatible(x.given, y.given, x.family, y.family, x.sex, y.sex):
        reasons.append(cluster.GIVEN_INCOMPATIBLE)
    if not family_names_compatible(x.family, y.family) and not cluster.swapped(x, y) and x.family not in known_family:
        reasons.append(cluster.FAMILY_NAMES_DIFFER)
    if date_typing_error(x.dob, y.dob) and not (
        postcodes_agree(x.postcode, y.postcode)
        and (family_names_compatible(x.family, y.family) or cluster.swapped(x, y))
    ):
        reasons.append(cluster.DOB_TYPO_ELSEWHERE)
    if x.key[0] == y.key[0]:
        reasons.append(cluster.SAME_SOURCE)
    if not (x.nhs or y.nhs) and x.district and y.district and x.district != y.district:
        reasons.append(cluster.ONLY_NAMES_AND_DOB)
    return reasons
