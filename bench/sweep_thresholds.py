"""Precision, recall and review share of `macp link` at other thresholds, on a labelled source scored once.

    .venv/bin/python bench/sweep_thresholds.py bench/data/independent-tune-99

Only for tuning sources (never the benchmark's evaluation sources): see docs/decisions/0004-linkage.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

AUTO = (0.9, 0.95, 0.98, 0.99, 0.995, 0.998)
SAME_SOURCE = (0.99, 0.995, 0.999)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path, nargs="+")
    args = ap.parse_args()
    from macp.identity.linkage import pipeline
    from macp.identity.linkage.evaluate import pairwise_scores, read_mapping

    out = {}
    for data in args.data:
        truth = read_mapping(data / "truth.csv", "person")
        scored = pipeline.score_records(str(data / "records.csv"), review_threshold=pipeline.REVIEW_THRESHOLD)
        n = scored.stats["records"]
        rows = []
        for same in SAME_SOURCE:
            for auto in AUTO:
                result = pipeline.cluster_scored(scored, auto_threshold=auto, same_source_threshold=max(same, auto))
                s = pairwise_scores(result.person_ids(), truth)
                rows.append(
                    {
                        "auto": auto,
                        "same_source": max(same, auto),
                        "precision": round(s.precision, 5),
                        "recall": round(s.recall, 5),
                        "review_share": round(len(result.review_pairs) / n, 4),
                    }
                )
                print(data.name, json.dumps(rows[-1]), flush=True)
        # How often a review pair at the chosen thresholds is one person, by score band (the review threshold's
        # rule: the lowest band still one person at least one time in three).
        result = pipeline.cluster_scored(scored)
        bands = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 1.01)
        review_bands = []
        for lo, hi in zip(bands, bands[1:]):
            inside = [r for r in result.review_pairs if lo <= r.match_probability < hi]
            right = sum(
                1 for r in inside if truth.get((r.source_a, r.source_id_a)) == truth.get((r.source_b, r.source_id_b))
            )
            review_bands.append({"band": [lo, hi], "pairs": len(inside), "one_person": right})
            print(data.name, "review band", json.dumps(review_bands[-1]), flush=True)
        out[str(data)] = {"grid": rows, "review_bands": review_bands}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
