"""Where `macp link` loses recall on a labelled source: every true pair is put in one bucket — linked; held for
review (by reason); scored below the review threshold; or never compared (blocking) — with examples.

    .venv/bin/python bench/analyse_link.py bench/data/independent-tune-99 [--examples 5]

For tuning, use a source the benchmark does not evaluate on (e.g. the independent generator with another seed).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def fmt(r: dict) -> str:
    return "|".join(
        r[c] for c in ("given_name", "family_name", "date_of_birth", "sex", "nhs_number", "postcode", "source")
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--examples", type=int, default=4)
    ap.add_argument("--floor", type=float, default=0.01, help="score pairs down to this probability")
    args = ap.parse_args()

    from macp.identity.linkage import pipeline
    from macp.identity.linkage.evaluate import pairwise_scores, read_mapping

    with open(args.data / "records.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    truth = read_mapping(args.data / "truth.csv", "person")
    t = time.perf_counter()
    scored = pipeline.score_records(str(args.data / "records.csv"), review_threshold=args.floor)
    result = pipeline.cluster_scored(scored)
    seconds = time.perf_counter() - t
    pid = result.person_ids()
    scores = pairwise_scores(pid, truth)
    keys = [(r["source"], r["source_id"]) for r in rows]
    index = {k: i for i, k in enumerate(keys)}
    prob = {}
    for a, b, p in zip(*scored.edges):
        prob[(min(a, b), max(a, b))] = p
    review = {}
    for r in result.review_pairs:
        review[tuple(sorted((index[(r.source_a, r.source_id_a)], index[(r.source_b, r.source_id_b)])))] = r.reason
    cluster_reason = {}
    for r in result.review_pairs:
        ca, cb = pid[(r.source_a, r.source_id_a)], pid[(r.source_b, r.source_id_b)]
        cluster_reason[(min(ca, cb), max(ca, cb))] = r.reason
    by_person = defaultdict(list)
    for k, p in truth.items():
        by_person[p].append(index[k])
    buckets: Counter = Counter()
    examples: dict = defaultdict(list)
    for members in by_person.values():
        for a, b in combinations(sorted(members), 2):
            if pid[keys[a]] == pid[keys[b]]:
                buckets["linked"] += 1
                continue
            p = prob.get((a, b))
            if (a, b) in review:
                bucket = "review: " + review[(a, b)][:70]
            elif p is None:
                bucket = "not compared (blocking) or below floor"
            elif p >= pipeline.REVIEW_THRESHOLD:
                ca, cb = pid[keys[a]], pid[keys[b]]
                why = cluster_reason.get((min(ca, cb), max(ca, cb)), "no review pair")
                bucket = "clusters held apart: " + why[:60]
            else:
                bucket = "scored below the review threshold"
            buckets[bucket] += 1
            if len(examples[bucket]) < args.examples:
                examples[bucket].append((p, rows[a], rows[b]))
    print(f"{args.data}: {len(rows):,} records, {seconds:.1f}s; {scores}")
    print(
        f"review pairs {len(result.review_pairs):,} ({len(result.review_pairs) / len(rows):.2%}); "
        f"by reason {Counter(r.reason[:40] for r in result.review_pairs).most_common()}"
    )
    total = sum(buckets.values())
    for bucket, n in buckets.most_common():
        print(f"{n:7,} {n / total:6.2%}  {bucket}")
        for p, a, b in examples[bucket]:
            print(f"           {p if p is None else round(p, 4)}  {fmt(a)}  ~  {fmt(b)}")


if __name__ == "__main__":
    main()
