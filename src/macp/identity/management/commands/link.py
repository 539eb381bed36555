"""`macp link --input records.csv --output clusters.csv [--review review.csv]` (CONTRACTS.md §1).

Progress goes to stderr (a bar on a terminal, stage lines otherwise); stdout gets a short summary only. Bad input
exits non-zero with a message naming the file, row and column.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from macp.identity.linkage import DecisionConflict, LinkInputError, link_records
from macp.identity.linkage.prepare import describe_garbled

STAGE_LABELS = {
    "read": "reading records",
    "check": "checking records",
    "prepare": "preparing names, dates and postcodes",
    "train": "training the model",
    "score": "scoring candidate pairs",
    "cluster": "clustering into people",
}


class Progress:
    """Writes stage progress to a stream: a redrawn bar on a terminal, one line per step otherwise."""

    def __init__(self, stream, label: str = "macp link"):
        self.stream = stream
        self.label = label
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()
        self.last = (None, None)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if (stage, done) == self.last:
            return
        self.last = (stage, done)
        elapsed = time.monotonic() - self.started
        text = STAGE_LABELS.get(stage, stage)
        if self.tty:
            width = 24
            filled = int(width * done / total) if total else width
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r{self.label}: [{bar}] {text} {done:,}/{total:,} ({elapsed:5.1f}s)\033[K")
            if stage == "cluster" and done == total:
                self.stream.write("\n")
        else:
            self.stream.write(f"{self.label}: {text}: {done:,}/{total:,} ({elapsed:.1f}s)\n")
        self.stream.flush()


def read_decisions(path: str) -> list[tuple[tuple[str, str], tuple[str, str], str]]:
    """A CSV of human decisions: source_a,source_id_a,source_b,source_id_b,decision (confirmed | rejected)."""
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        need = {"source_a", "source_id_a", "source_b", "source_id_b", "decision"}
        missing = need - set(reader.fieldnames or ())
        if missing:
            raise CommandError(f"{path}: the column(s) {', '.join(sorted(missing))} are missing")
        for n, row in enumerate(reader, start=1):
            decision = (row["decision"] or "").strip().lower()
            if decision not in ("confirmed", "rejected"):
                raise CommandError(
                    f"{path}, row {n} (line {n + 1}), column decision: '{row['decision']}' is not confirmed or rejected"
                )
            out.append(((row["source_a"], row["source_id_a"]), (row["source_b"], row["source_id_b"]), decision))
    return out


class Command(BaseCommand):
    help = "Link agency person records into people (CONTRACTS.md §1)."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--input",
            required=True,
            help="records.csv: source, source_id, given_name, "
            "family_name, date_of_birth, sex, nhs_number, postcode (any order; extra columns ignored)",
        )
        parser.add_argument("--output", required=True, help="clusters.csv to write: source, source_id, person_id")
        parser.add_argument("--review", help="review.csv to write: the pairs for a person to decide")
        parser.add_argument(
            "--decisions",
            help="a CSV of earlier human decisions to respect: "
            "source_a, source_id_a, source_b, source_id_b, decision (confirmed or rejected)",
        )
        parser.add_argument("--backend", choices=("duckdb", "spark"), default="duckdb")
        parser.add_argument("--model", help="a trained model (JSON) to use instead of training or the shipped one")
        parser.add_argument("--save-model", help="write the model used (JSON) to this file")
        training = parser.add_mutually_exclusive_group()
        training.add_argument(
            "--train", dest="train", action="store_true", default=None, help="train on the input whatever its size"
        )
        training.add_argument(
            "--no-train",
            dest="train",
            action="store_false",
            help="use the shipped (or --model) model whatever the input's size",
        )
        parser.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
        parser.add_argument("--memory-limit", help="DuckDB memory limit, e.g. 2GB")

    def handle(self, *args, **opts):
        input_path = opts["input"]
        if not Path(input_path).is_file():
            raise CommandError(f"{input_path}: no such file")
        for option in ("output", "review", "save_model"):  # before the long run, not after it
            folder = Path(opts[option]).resolve().parent if opts.get(option) else None
            if folder is not None and not folder.is_dir():
                raise CommandError(f"--{option.replace('_', '-')} {opts[option]}: the folder {folder} does not exist")
            if folder is not None and not os.access(folder, os.W_OK):
                raise CommandError(f"--{option.replace('_', '-')} {opts[option]}: cannot write in the folder {folder}")
        decisions = read_decisions(opts["decisions"]) if opts.get("decisions") else []
        progress = Progress(sys.stderr)
        try:
            result = link_records(
                input_path,
                decisions=decisions,
                backend=opts["backend"],
                progress=progress,
                model=opts.get("model"),
                train=opts.get("train"),
                threads=opts.get("threads"),
                memory_limit=opts.get("memory_limit"),
                label=input_path,
            )
        except LinkInputError as exc:
            raise CommandError(str(exc)) from None
        except DecisionConflict as exc:
            raise CommandError(f"{opts['decisions']}: {exc}") from None

        for line in describe_garbled(result.stats.get("garbled", {}), input_path):
            sys.stderr.write(line + "\n")
        _write_csv(opts["output"], ("source", "source_id", "person_id"), result.clusters)
        if opts.get("review"):
            _write_csv(
                opts["review"],
                ("source_a", "source_id_a", "source_b", "source_id_b", "match_probability"),
                (
                    (r.source_a, r.source_id_a, r.source_b, r.source_id_b, f"{r.match_probability:.6f}")
                    for r in result.review_pairs
                ),
            )
        if opts.get("save_model"):
            import json

            Path(opts["save_model"]).write_text(json.dumps(result.model, indent=1), encoding="utf-8")
        stats = result.stats
        self.stdout.write(
            f"{stats['records']} records, {stats['people']} people, "
            f"{stats['review_pairs']} pairs for review ({stats['seconds']['total']:.1f}s)"
        )


def _write_csv(path: str, header, rows) -> None:
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    os.replace(tmp, path)
