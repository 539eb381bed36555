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

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import duckdb

from . import prepare
from .cluster import Node
from .names import dates_compatible, given_names_compatible

#: The input column(s) each comparison looks at, for showing both records' values.
FIELD_COLUMNS = {
    "nhs_number": ("nhs_number",),
    "given_name": ("given_name",),
    "family_name": ("family_name",),
    "date_of_birth": ("date_of_birth",),
    "postcode": ("postcode",),
    "sex": ("sex",),
}
FIELD_LABELS = {"nhs_number": "NHS number", "given_name": "Given name", "family_name": "Family name",
                "date_of_birth": "Date of birth", "postcode": "Postcode", "sex": "Sex"}


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
    from splink import DuckDBAPI, Linker

    from .model import settings as model_settings
    from .pipeline import load_model, register_term_frequencies

    a, b = _row(record_a, "a"), _row(record_b, "b")
    if (a["source"], a["source_id"]) == (b["source"], b["source_id"]):
        b["source_id"] = b["source_id"] + "\x1f2"
    settings = load_model(model)
    con = duckdb.connect(":memory:")
    try:
        prepare.load_records(con, [a, b], label="pair")
        prepare.validate(con, "pair")
        prepare.build_features(con)
        db_api = DuckDBAPI(connection=con)
        features = db_api.register("features")
        linker = Linker(features, model_settings(settings), log_level=None)
        register_term_frequencies(linker, db_api, con, settings)
        left = db_api.register(con.sql("SELECT * FROM features WHERE unique_id = 1").to_arrow_table(),
                               table_name="explain_left")
        right = db_api.register(con.sql("SELECT * FROM features WHERE unique_id = 2").to_arrow_table(),
                                table_name="explain_right")
        scored = linker.inference.score_pairs(left, right).as_record_list()[0]
        node_rows = con.sql("SELECT source, source_id, nhs, g_tokens, f_key, dob, sex, pc_district FROM features "
                            "ORDER BY unique_id").fetchall()
    finally:
        con.close()

    prior = settings["probability_two_random_records_match"]
    prior_weight = math.log2(prior / (1 - prior))
    fields: list[FieldContribution] = []
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        level = _level_for_gamma(comparison["comparison_levels"], scored.get(f"gamma_{name}"))
        weight, tf_weight, label = 0.0, 0.0, "Missing in one or both"
        if level is not None:
            label = level.get("label_for_charts") or level.get("sql_condition", "")
            weight = math.log2(level["m_probability"] / level["u_probability"])
            tf_col = level.get("tf_adjustment_column")
            if tf_col:
                tf = max(scored.get(f"tf_{tf_col}_l") or 0.0, scored.get(f"tf_{tf_col}_r") or 0.0)
                if tf > 0:
                    tf_weight = level.get("tf_adjustment_weight", 1.0) * math.log2(level["u_probability"] / tf)
        cols = FIELD_COLUMNS.get(name, ())
        fields.append(FieldContribution(
            field=name, label=FIELD_LABELS.get(name, name), level=label,
            value_a=" ".join(a.get(c) or "" for c in cols).strip(),
            value_b=" ".join(b.get(c) or "" for c in cols).strip(),
            match_weight=round(weight + tf_weight, 3), term_frequency_adjustment=round(tf_weight, 3)))
    match_weight = scored["match_weight"]
    nodes = [Node((r[0], r[1]), r[2], tuple(r[3] or ()), r[4] or "", r[5], r[6], r[7]) for r in node_rows]
    return PairExplanation(probability=scored["match_probability"], match_weight=round(match_weight, 3),
                           prior_weight=round(prior_weight, 3), fields=fields, safeguards=safeguards(*nodes))


def _level_for_gamma(levels: list[dict], gamma: int | None) -> dict | None:
    """The comparison level a gamma value stands for, or None for the null level."""
    if gamma is None or gamma < 0:
        return None
    non_null = [lv for lv in levels if not lv.get("is_null_level")]
    # Splink numbers the levels from the last (0, "else") up to the first non-null level.
    index = len(non_null) - 1 - gamma
    return non_null[index] if 0 <= index < len(non_null) else None


def safeguards(x: Node, y: Node) -> list[str]:
    """The clustering safeguards this pair on its own would trip."""
    reasons = []
    if x.nhs and y.nhs and x.nhs != y.nhs:
        reasons.append("Different valid NHS numbers: two people")
        return reasons
    if x.nhs and x.nhs == y.nhs:
        return reasons
    if not dates_compatible(x.dob, y.dob):
        reasons.append("Dates of birth too different for one recording error (a parent and child?)")
    if not given_names_compatible(x.given, y.given, x.family, y.family, x.sex, y.sex):
        reasons.append("Given names are not variants of each other (twins or siblings?)")
    if x.key[0] == y.key[0]:
        reasons.append("Both records come from the same source: linked only on very strong evidence")
    if not (x.nhs or y.nhs) and x.district and y.district and x.district != y.district:
        reasons.append("Only names and date of birth agree, and the postcodes are in different districts "
                       "(namesakes?)")
    return reasons
