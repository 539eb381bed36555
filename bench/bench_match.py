"""Time the service's matcher (identity.matcher: one incoming record against everyone known) at scale.

    DATABASE_URL=sqlite:////tmp/match.sqlite3 .venv/bin/python bench/bench_match.py --records 1000000

Loads person records from macp's generator (`macp gen-records`, seed 20261122) into the database as agency
records linked to people, with their blocking keys (as the demo loader writes them), then for --probes records
the generator held back times finding the candidates (indexed blocking keys) and scoring them with the linker's
model. Results: bench/results/match-latest.json and .md. Use a database of its own: it is filled, not cleared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "macp.config.settings")
os.environ.setdefault("SECRET_KEY", "bench-match-not-served")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--probes", type=int, default=200)
    args = ap.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from macp.accounts.models import Agency
    from macp.demo.records import generate
    from macp.identity import matcher
    from macp.identity.linkage.incoming import blocking_keys
    from macp.identity.models import BlockingKey, Link
    from macp.intake.models import SourceRecord
    from macp.people.models import Person

    call_command("migrate", verbosity=0)
    people_wanted = round(args.records / 3.2)
    rows = list(generate(people_wanted, 20261122))
    probes, rows = rows[: args.probes], rows[args.probes :]
    if SourceRecord.objects.count() < len(rows):
        agencies = {}
        t = time.perf_counter()
        with transaction.atomic():
            for start in range(0, len(rows), 20_000):
                chunk = rows[start : start + 20_000]
                for record, _ in chunk:
                    if record["source"] not in agencies:
                        agencies[record["source"]] = Agency.objects.get_or_create(
                            code=record["source"][:60], defaults={"name": record["source"], "type": "other"}
                        )[0]
                people = {}
                for _, person in chunk:
                    people.setdefault(person, Person(id=uuid.uuid4()))
                Person.objects.bulk_create(list(people.values()), batch_size=5000)
                records = SourceRecord.objects.bulk_create(
                    [
                        SourceRecord(
                            agency=agencies[r["source"]],
                            kind="person",
                            source_id=r["source_id"],
                            data=dict(r, kind="person"),
                        )
                        for r, _ in chunk
                    ],
                    batch_size=5000,
                )
                Link.objects.bulk_create(
                    [Link(source_record=sr, person=people[p], method="demo") for sr, (_, p) in zip(records, chunk)],
                    batch_size=5000,
                )
                BlockingKey.objects.bulk_create(
                    [
                        BlockingKey(source_record=sr, key=k)
                        for sr, (r, _) in zip(records, chunk)
                        for k in blocking_keys(r)
                    ],
                    batch_size=5000,
                )
                print(f"loaded {start + len(chunk):,} records ({time.perf_counter() - t:.0f}s)", file=sys.stderr)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    probe_agency = Agency.objects.get_or_create(code="probe", defaults={"name": "probe", "type": "other"})[0]
    find, score, candidates, cpu = [], [], [], []
    matcher.best_match  # noqa: B018 - imported; warm the model below
    for n, (record, _) in enumerate(probes):
        sr = SourceRecord(agency=probe_agency, kind="person", source_id=f"probe-{n}", data=dict(record, kind="person"))
        t, c = time.perf_counter(), time.process_time()
        links = matcher.candidate_links(sr)
        t2 = time.perf_counter()
        matcher.score_people(sr, links)
        t3, c3 = time.perf_counter(), time.process_time()
        if n:  # the first builds the scorer once per process
            find.append(t2 - t)
            score.append(t3 - t2)
            cpu.append(c3 - c)
            candidates.append(len(links))

    # The bound at any population: candidates are capped at matcher.MAX_CANDIDATES, so the worst case is scoring
    # that many (the index lookups grow with log n).
    from macp.identity.linkage.incoming import score_candidates

    pool = [r for r, _ in rows[: matcher.MAX_CANDIDATES]]
    capped, capped_cpu = [], []
    for record, _ in probes[:20]:
        t, c = time.perf_counter(), time.process_time()
        score_candidates(record, pool)
        capped.append(time.perf_counter() - t)
        capped_cpu.append(time.process_time() - c)

    def q(values, p):
        return round(sorted(values)[min(len(values) - 1, int(p * len(values)))] * 1000, 1)

    total = [a + b for a, b in zip(find, score)]
    out = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "records_known": SourceRecord.objects.filter(kind="person").count(),
        "probes": len(total),
        "load_average": os.getloadavg(),
        "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
        "candidates_median": statistics.median(candidates),
        "candidates_max": max(candidates),
        "ms": {
            "find_p50": q(find, 0.5),
            "find_p95": q(find, 0.95),
            "score_p50": q(score, 0.5),
            "score_p95": q(score, 0.95),
            "total_p50": q(total, 0.5),
            "total_p95": q(total, 0.95),
            "total_max": q(total, 1.0),
            # CPU time of this process (all its threads): what one record costs whatever else the machine runs.
            "cpu_total_p50": q(cpu, 0.5),
            "cpu_total_p95": q(cpu, 0.95),
            "cpu_score_max_candidates_p50": q(capped_cpu, 0.5),
            "score_max_candidates_p50": q(capped, 0.5),
            "score_max_candidates_p95": q(capped, 0.95),
        },
        "max_candidates": matcher.MAX_CANDIDATES,
    }
    dest = ROOT / "bench" / "results"
    (dest / "match-latest.json").write_text(json.dumps(out, indent=1))
    md = (
        f"# Service matcher, {out['date']}\n\n{out['records_known']:,} person records known ({out['database']}); "
        f"{out['probes']} incoming records; load average {out['load_average'][0]:.1f} on 2 shared cores.\n\n"
        "| step | p50 ms | p95 ms |\n|---|---|---|\n"
        f"| find candidates (indexed blocking keys) | {out['ms']['find_p50']} | {out['ms']['find_p95']} |\n"
        f"| score them with the linker's model | {out['ms']['score_p50']} | {out['ms']['score_p95']} |\n"
        f"| total | {out['ms']['total_p50']} | {out['ms']['total_p95']} |\n"
        f"| total, CPU time of the process (independent of the machine's load) | {out['ms']['cpu_total_p50']} | "
        f"{out['ms']['cpu_total_p95']} |\n\n"
        f"Candidates per record: median {out['candidates_median']}, max {out['candidates_max']}. Candidates are "
        f"capped at {out['max_candidates']}, so at any population (1M included) one record costs at most the index "
        f"lookups plus scoring {out['max_candidates']} candidates: p50 "
        f"{out['ms']['score_max_candidates_p50']} ms, p95 {out['ms']['score_max_candidates_p95']} ms "
        f"(CPU p50 {out['ms']['cpu_score_max_candidates_p50']} ms).\n"
    )
    (dest / "match-latest.md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
