"""Pairwise accuracy of a clustering against the truth: every pair of records in one predicted person is a
predicted link; every pair in one true person is a true link."""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class PairwiseScores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(predicted: Mapping[tuple[str, str], str], truth: Mapping[tuple[str, str], str]) -> PairwiseScores:
    """predicted and truth map (source, source_id) to a cluster / person id; records missing from either are
    ignored."""
    keys = [k for k in truth if k in predicted]
    cells = Counter((predicted[k], truth[k]) for k in keys)
    clusters = Counter(predicted[k] for k in keys)
    people = Counter(truth[k] for k in keys)
    correct = sum(_pairs(c) for c in cells.values())
    pred = sum(_pairs(c) for c in clusters.values())
    true = sum(_pairs(c) for c in people.values())
    precision = correct / pred if pred else 1.0
    recall = correct / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScores(precision, recall, f1, true, pred, correct)


def read_mapping(path: str | Path, value_column: str) -> dict[tuple[str, str], str]:
    with open(path, newline="", encoding="utf-8") as f:
        return {(row["source"], row["source_id"]): row[value_column] for row in csv.DictReader(f)}


def pair_labels(
    pairs: Iterable[tuple[tuple[str, str], tuple[str, str], float]], truth: Mapping[tuple[str, str], str]
) -> list[tuple[float, bool]]:
    """(probability, is a true match) for scored pairs, for threshold analysis."""
    return [(p, truth.get(a) is not None and truth.get(a) == truth.get(b)) for a, b, p in pairs]
