"""Choose the linker's thresholds on labelled synthetic data, and train the model macp ships.

    .venv/bin/python bench/choose_thresholds.py [--people 300000] [--seed 1] [--write-model]

Generates `macp gen-records --seed 1` data (never the benchmark's seed), trains and scores once, then clusters
over a grid of thresholds and reports pairwise precision and recall at each (bench/results/thresholds.json and
.md). The rules that pick the thresholds are written out in `choose()` and in docs/decisions/0004-linkage.md.
With --write-model the model trained here becomes src/macp/identity/linkage/data/model.json, used for inputs
too small to train on.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from macp.demo.records import write_records  # noqa: E402
from macp.identity.linkage import pipeline  # noqa: E402
from macp.identity.linkage.cluster import compatible  # noqa: E402
from macp.identity.linkage.evaluate import pairwise_scores, read_mapping  # noqa: E402

AUTO_GRID = (0.95, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9999, 0.99999)
SAME_SOURCE_GRID = (0.999, 0.9999, 0.99999)
REVIEW_GRID = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98)
#: Each automatic link the auto threshold admits (over the next stricter one) must be right this often.
MARGINAL_PRECISION = 0.99
#: Two records of one source are joined only above a score where such pairs are right this often.
SAME_SOURCE_PRECISION = 0.99
#: The review band goes down as far as pairs there are still matches this often (one in three).
REVIEW_YIELD = 1 / 3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=300_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default=str(ROOT / "bench" / "data" / "tune"))
    ap.add_argument("--write-model", action="store_true")
    args = ap.parse_args()

    data = Path(args.data)
    meta = {"people": args.people, "seed": args.seed}
    if not (data / "meta.json").is_file() or json.loads((data / "meta.json").read_text()) != meta:
        print(f"generating {args.people} people, seed {args.seed}…", file=sys.stderr)
        write_records(data, args.people, args.seed)
        (data / "meta.json").write_text(json.dumps(meta))
    truth = read_mapping(data / "truth.csv", "person")

    t = time.perf_counter()
    scored = pipeline.score_records(
        str(data / "records.csv"),
        train=True,
        review_threshold=min(REVIEW_GRID),
        progress=lambda s, d, n: print(f"  {s} {d}/{n}", file=sys.stderr),
    )
    print(f"scored in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    if args.write_model:
        path = pipeline.default_model_path()
        path.write_text(json.dumps(scored.model, separators=(",", ":"), sort_keys=True), encoding="utf-8")
        print(f"model written to {path}", file=sys.stderr)

    person = [truth[(s, i)] for s, i in zip(scored.sources, scored.source_ids)]
    grid = []
    for ss in SAME_SOURCE_GRID:
        for auto in AUTO_GRID:
            if ss < auto:
                continue
            result = pipeline.cluster_scored(
                scored, auto_threshold=auto, review_threshold=min(REVIEW_GRID), same_source_threshold=ss
            )
            score = pairwise_scores({(s, i): p for s, i, p in result.clusters}, truth)
            grid.append({"auto_link": auto, "same_source": ss, **score.as_dict()})
            print(f"auto={auto} same_source={ss} P={score.precision:.5f} R={score.recall:.5f}", file=sys.stderr)
    same_source = same_source_precision(scored, person)
    chosen = choose(grid, same_source)
    review = review_band(scored, person, truth, chosen)
    chosen.update(review["chosen"])
    out = {
        "data": meta | {"records": len(scored.nodes)},
        "model_seconds": scored.stats["seconds"],
        "grid": grid,
        "same_source_pairs": same_source,
        "review_band": review["bands"],
        "chosen": chosen,
        "rules": {
            "marginal_precision": MARGINAL_PRECISION,
            "same_source_precision": SAME_SOURCE_PRECISION,
            "review_yield": REVIEW_YIELD,
        },
    }
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "thresholds.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    (results / "thresholds.md").write_text(markdown(out), encoding="utf-8")
    print(markdown(out))


def same_source_precision(scored, person) -> list[dict]:
    """Pairs of records from one source that the safeguards would not already refuse: how often they are one
    person, above each score."""
    ids_l, ids_r, probs = scored.edges
    rows = []
    for threshold in SAME_SOURCE_GRID + (0.99,):
        right = wrong = 0
        for a, b, p in zip(ids_l, ids_r, probs):
            if p < threshold:
                break
            if scored.sources[a] != scored.sources[b] or not compatible(scored.nodes[a], scored.nodes[b]):
                continue
            if person[a] == person[b]:
                right += 1
            else:
                wrong += 1
        rows.append(
            {
                "threshold": threshold,
                "same_person": right,
                "different": wrong,
                "precision": right / max(1, right + wrong),
            }
        )
    return sorted(rows, key=lambda r: r["threshold"])


def choose(grid: list[dict], same_source: list[dict]) -> dict:
    ss_ok = [r["threshold"] for r in same_source if r["precision"] >= SAME_SOURCE_PRECISION]
    ss = min(t for t in ss_ok if t in SAME_SOURCE_GRID) if ss_ok else max(SAME_SOURCE_GRID)
    rows = sorted((r for r in grid if r["same_source"] == ss), key=lambda r: -r["auto_link"])
    auto = rows[0]["auto_link"]
    marginal = {}
    for stricter, looser in zip(rows, rows[1:]):
        added = looser["predicted_pairs"] - stricter["predicted_pairs"]
        right = looser["correct_pairs"] - stricter["correct_pairs"]
        precision = right / added if added > 0 else 1.0
        marginal[looser["auto_link"]] = precision
        if precision < MARGINAL_PRECISION:
            break
        auto = looser["auto_link"]
    row = next(r for r in rows if r["auto_link"] == auto)
    return {
        "auto_link": auto,
        "same_source": ss,
        "precision": row["precision"],
        "recall": row["recall"],
        "f1": row["f1"],
        "marginal_precision": marginal,
    }


def review_band(scored, person, truth, chosen) -> dict:
    """At the chosen auto-link threshold: the review list for each review threshold, how many are matches."""
    result = pipeline.cluster_scored(
        scored,
        auto_threshold=chosen["auto_link"],
        review_threshold=min(REVIEW_GRID),
        same_source_threshold=chosen["same_source"],
    )
    index = {(s, i): k for k, (s, i) in enumerate(zip(scored.sources, scored.source_ids))}
    bands = []
    pairs = [
        (r.match_probability, person[index[(r.source_a, r.source_id_a)]] == person[index[(r.source_b, r.source_id_b)]])
        for r in result.review_pairs
    ]
    edges_desc = sorted(REVIEW_GRID, reverse=True)
    upper = chosen["auto_link"]
    for low in edges_desc:
        in_band = [ok for p, ok in pairs if low <= p < upper]
        above = [ok for p, ok in pairs if p >= low]
        bands.append(
            {
                "from": low,
                "to": upper,
                "pairs": len(in_band),
                "matches": sum(in_band),
                "yield": sum(in_band) / max(1, len(in_band)),
                "review_pairs_at_or_above": len(above),
                "matches_at_or_above": sum(above),
            }
        )
        upper = low
    review = max(REVIEW_GRID)
    for band in bands:  # from the top down, while each band still yields enough matches
        if band["yield"] < REVIEW_YIELD:
            break
        review = band["from"]
    chosen_band = next(b for b in bands if b["from"] == review)
    return {
        "bands": bands,
        "chosen": {
            "review": review,
            "review_pairs": chosen_band["review_pairs_at_or_above"],
            "review_matches": chosen_band["matches_at_or_above"],
        },
    }


def markdown(out: dict) -> str:
    c = out["chosen"]
    lines = [
        f"# Threshold choice on synthetic data (seed {out['data']['seed']}, {out['data']['records']:,} records)",
        "",
        f"Chosen: auto-link ≥ {c['auto_link']}, review ≥ {c['review']}, same-source pairs ≥ {c['same_source']}"
        f" — pairwise precision {c['precision']:.5f}, recall {c['recall']:.5f}; {c['review_pairs']:,} pairs for "
        f"review of which {c['review_matches']:,} are matches.",
        "",
        "| same-source ≥ | auto-link ≥ | precision | recall | F1 | marginal precision |",
        "|---|---|---|---|---|---|",
    ]
    for r in out["grid"]:
        m = c["marginal_precision"].get(r["auto_link"]) if r["same_source"] == c["same_source"] else None
        lines.append(
            f"| {r['same_source']} | {r['auto_link']} | {r['precision']:.5f} | {r['recall']:.5f} | "
            f"{r['f1']:.5f} | {'' if m is None else f'{m:.4f}'} |"
        )
    lines += [
        "",
        "Same-source pairs (compatible names and dates) by score:",
        "",
        "| score ≥ | one person | two people | precision |",
        "|---|---|---|---|",
    ]
    for r in out["same_source_pairs"]:
        lines.append(f"| {r['threshold']} | {r['same_person']:,} | {r['different']:,} | {r['precision']:.4f} |")
    lines += [
        "",
        f"Review band at auto-link {c['auto_link']}:",
        "",
        "| score from | to | pairs | matches | share matches |",
        "|---|---|---|---|---|",
    ]
    for b in out["review_band"]:
        lines.append(f"| {b['from']} | {b['to']} | {b['pairs']:,} | {b['matches']:,} | {b['yield']:.3f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
