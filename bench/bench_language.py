"""The recording-language check measured on the labelled set (issue 12: precision ≥ 0.9, recall ≥ 0.85).

    .venv/bin/python bench/bench_language.py [--show-errors]

Reads bench/language/sentences.psv (split|child_age|label|text, written by the team), runs
macp.tools.language.check on each sentence with the child's age as `about` would give it, and scores per sentence:
a labelled sentence is a true positive when a finding of its category is among the findings; a sentence with a
finding of another category (or any finding when labelled "none") is a false positive; a labelled sentence with
no finding of its category is a false negative. Reported for the tuning part, the held-out part (never tuned on)
and both, with a per-category breakdown. Writes bench/results/language-latest.json and language-latest.md.
"""

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from macp.tools.language import CATEGORIES, check

DATA = ROOT / "bench" / "language" / "sentences.psv"
RESULTS = ROOT / "bench" / "results"
TARGETS = {"precision": 0.9, "recall": 0.85}


def load() -> list[dict]:
    rows = []
    for number, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        split, age, label, text = line.split("|", 3)
        if label != "none" and label not in CATEGORIES:
            raise SystemExit(f"{DATA}:{number}: unknown label {label!r}")
        rows.append({"line": number, "split": split, "age": int(age) if age else None, "label": label, "text": text})
    return rows


def score(rows: list[dict]) -> dict:
    counts = Counter()
    per_category = {c: Counter() for c in CATEGORIES}
    errors = []
    for row in rows:
        found = {f.category for f in check(row["text"], row["age"])}
        label = row["label"]
        if label != "none":
            if label in found:
                counts["tp"] += 1
                per_category[label]["tp"] += 1
            else:
                counts["fn"] += 1
                per_category[label]["fn"] += 1
                errors.append(("missed", row, sorted(found)))
        wrong = found - {label}
        if wrong:
            counts["fp"] += 1
            for category in wrong:
                per_category[category]["fp"] += 1
            errors.append(("false alarm", row, sorted(found)))
    return {
        "sentences": len(rows),
        "positives": sum(r["label"] != "none" for r in rows),
        **_rates(counts),
        "by_category": {c: _rates(v) for c, v in per_category.items()},
        "errors": errors,
    }


def _rates(c: Counter) -> dict:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="print each miss and false alarm (tuning part only)")
    parser.add_argument("--split", default="tune", help="which part --show-errors prints")
    args = parser.parse_args()
    rows = load()
    parts = {
        "tune": [r for r in rows if r["split"] == "tune"],
        "held_out": [r for r in rows if r["split"] == "held_out"],
        "all": rows,
    }
    results = {name: score(part) for name, part in parts.items()}
    if args.show_errors:
        for kind, row, found in results[args.split]["errors"]:
            print(f"{kind:12} line {row['line']:3} [{row['label']}] found {found}: {row['text']}")
    out = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "targets": TARGETS,
        "data": str(DATA.relative_to(ROOT)),
        "parts": {name: {k: v for k, v in r.items() if k != "errors"} for name, r in results.items()},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "language-latest.json").write_text(json.dumps(out, indent=2) + "\n")
    lines = [
        "# Recording-language check: precision and recall",
        "",
        f"Labelled set: `{out['data']}` ({len(rows)} sentences). Targets: precision ≥ {TARGETS['precision']}, recall ≥ {TARGETS['recall']}.",
        "",
        "| part | sentences | with a finding expected | TP | FP | FN | precision | recall |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in out["parts"].items():
        lines.append(
            f"| {name} | {r['sentences']} | {r['positives']} | {r['tp']} | {r['fp']} | {r['fn']} | {r['precision']} | {r['recall']} |"
        )
    lines += [
        "",
        "By category (held-out part):",
        "",
        "| category | TP | FP | FN | precision | recall |",
        "|---|---|---|---|---|---|",
    ]
    for category, r in out["parts"]["held_out"]["by_category"].items():
        lines.append(f"| {category} | {r['tp']} | {r['fp']} | {r['fn']} | {r['precision']} | {r['recall']} |")
    (RESULTS / "language-latest.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
