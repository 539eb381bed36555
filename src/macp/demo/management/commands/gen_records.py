"""`macp gen-records --people N --seed S --out DIR`: synthetic agency records (DIR/records.csv) and the truth
(DIR/truth.csv: source, source_id, person) for testing and benchmarking the linker."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from macp.demo.records import write_records


class Command(BaseCommand):
    help = "Write synthetic agency person records and the truth about who is who."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True, help="how many people (about 3.2 records each)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same files")
        parser.add_argument("--out", required=True, help="the directory to write records.csv and truth.csv into")

    def handle(self, *args, **opts):
        if opts["people"] < 1:
            raise CommandError("--people must be at least 1")
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"macp gen-records: {done:,}/{total:,} people ({time.monotonic() - started:.1f}s)\n")
            sys.stderr.flush()

        summary = write_records(opts["out"], people=opts["people"], seed=opts["seed"], progress=progress)
        self.stdout.write(
            f"{summary.people} people in {summary.households} households, {summary.records} records: "
            f"{summary.records_path}, {summary.truth_path}"
        )
