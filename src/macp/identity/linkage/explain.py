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

from . import cluster, prepare
from .cluster import Node
from .names import date_typing_error, dates_compatible, family_names_compatible, given_names_compatible

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


def explain_rows(record: Any, others: list, *, model: dict, known_family: list | None = None) -> list[PairExplanation]:
    """`record` scored against each of `others` (the cartesian product, no blocking), explained field by field,
    with the safeguards each pair trips."""
    if not others:
        return []
    a = _row(record, "a")
    rows = [a]
    for k, other in enumerate(others):
        b = _row(other, f"b{k}")
        b["source"], b["source_id"] = "\x1fcandidate", str(k)  # unique whatever the candidates' own keys
        rows.append(b)
    a["source"], a["source_id"] = "\x1fincoming", "0"
    with _scorer(model) as scorer:
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
    """A DuckDB connection and a Splink linker for one model, kept for the process: building the linker (settings
    validation, SQL generation) costs about a second, scoring a handful of pairs a few milliseconds."""

    def __init__(self, model: dict):
        from splink import DuckDBAPI, Linker

        from .model import settings as model_settings

        self.model = model
        self.lock = threading.Lock()
        self.con = duckdb.connect(":memory:")
        self.con.execute("SET threads = 1")
        prepare.load_records(self.con, [{"source": "x", "source_id": "1"}], label="pair")
        prepare.build_features(self.con)
        self.db_api = DuckDBAPI(connection=self.con)
        self.linker = Linker(
            self.db_api.register("features"), model_settings(model), log_level=None, validate_settings=False
        )

    def score(self, rows: list[dict]):
        from .pipeline import TF_COLUMNS, register_term_frequencies

        con = self.con
        # The same names are registered again for each call (Splink refuses a second registration otherwise).
        again = {"explain_left", "explain_right", *(f"__macp_tf_{c}" for c in TF_COLUMNS)}
        self.db_api._registered_table_names.difference_update(again)
        for name in again:
            kind = con.execute(
                "SELECT table_type FROM information_schema.tables WHERE table_name = ?", [name]
            ).fetchall()
            if kind:
                con.execute(f"DROP {'VIEW' if kind[0][0] == 'VIEW' else 'TABLE'} {name}")
        prepare.load_records(con, rows, label="pair")
        prepare.validate(con, "pair")
        prepare.build_features(con)
        register_term_frequencies(self.linker, self.db_api, con, self.model)
        left = self.db_api.register(
            con.sql("SELECT * FROM features WHERE unique_id = 1").to_arrow_table(), table_name="explain_left"
        )
        right = self.db_api.register(
            con.sql("SELECT * FROM features WHERE unique_id > 1").to_arrow_table(), table_name="explain_right"
        )
        predictions = self.linker.inference.score_pairs(left, right)
        scored = {r["unique_id_r"]: r for r in predictions.as_record_list()}
        predictions.drop_table_from_database_and_remove_from_cache()
        node_rows = con.sql(
            "SELECT source, source_id, nhs, g_tokens, f_key, dob, sex, pc_district, pc FROM features ORDER BY unique_id"
        ).fetchall()
        return scored, node_rows


_SCORERS: dict[str, _Scorer] = {}
_SCORERS_LOCK = threading.Lock()


@contextlib.contextmanager
def _scorer(model: dict):
    key = hashlib.sha256(json.dumps(model, sort_keys=True, default=str).encode()).hexdigest()
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
        x.postcode
        and x.postcode == y.postcode
        and (family_names_compatible(x.family, y.family) or cluster.swapped(x, y))
    ):
        reasons.append(cluster.DOB_TYPO_ELSEWHERE)
    if x.key[0] == y.key[0]:
        reasons.append(cluster.SAME_SOURCE)
    if not (x.nhs or y.nhs) and x.district and y.district and x.district != y.district:
        reasons.append(cluster.ONLY_NAMES_AND_DOB)
    return reasons
