"""Identity resolution: which agency records are the same person (Splink on DuckDB or Spark).

    from macp.identity.linkage import link_records, explain_pair

    result = link_records(rows_or_csv_path, decisions=[(a, b, "rejected")], progress=callback)
    result.clusters        # [(source, source_id, person_id)], one per input record, in input order
    result.review_pairs    # [ReviewPair] for a person to confirm or reject
    explain_pair(record_a, record_b, model=result.model)   # each field's level and match-weight contribution

See docs/decisions/0004-linkage.md for the model, the safeguards and how the thresholds were chosen.
"""

from .cluster import DecisionConflict
from .explain import FieldContribution, PairExplanation, explain_pair
from .pipeline import (
    AUTO_LINK_THRESHOLD,
    MIN_TRAINING_RECORDS,
    REVIEW_THRESHOLD,
    SAME_SOURCE_THRESHOLD,
    STAGES,
    LinkResult,
    ReviewPair,
    link_records,
    person_id_for,
)
from .prepare import RECORD_COLUMNS, LinkInputError

__all__ = [
    "AUTO_LINK_THRESHOLD",
    "REVIEW_THRESHOLD",
    "SAME_SOURCE_THRESHOLD",
    "MIN_TRAINING_RECORDS",
    "STAGES",
    "RECORD_COLUMNS",
    "LinkResult",
    "ReviewPair",
    "LinkInputError",
    "DecisionConflict",
    "FieldContribution",
    "PairExplanation",
    "link_records",
    "explain_pair",
    "person_id_for",
]
