"""Strategy-discussion page speed with a large region (issue: p95 under 100 ms with 100,000 families).

    .venv/bin/python bench/bench_strategy.py                 # 100,000 families (builds bench/data/strategy-N/ once)
    .venv/bin/python bench/bench_strategy.py --families 2000 # a quick run

Builds the demo region of N families in its own SQLite file (kept for the next run), requests a strategy
discussion about the children of one family, then times repeated GETs of the discussion page, its meeting page,
the booking queue and the API read, signed in as the strategy coordinator (in-process Django test client: server
time without the network). Writes bench/results/strategy-<date>.json, strategy-latest.json and strategy-latest.md.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
TARGET_P95_MS = 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    var = ROOT / "bench" / "data" / f"strategy-{args.families}"
    var.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "MACP_VAR_DIR": str(var),
            "MACP_DEMO": "1",
            "DJANGO_SETTINGS_MODULE": "macp.config.settings",
            "MACP_REQUIRE_2FA": "0",
            "ALLOWED_HOSTS": "testserver",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from macp.accounts.models import User
    from macp.demo.services import build_demo_region
    from macp.people.models import Person
    from macp.strategy import booking

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not Person.objects.exists():
        print(f"building {args.families:,} families (once)…", file=sys.stderr)
        build_demo_region(args.families, activity=False, progress=lambda m: print(m, file=sys.stderr))
    built = time.perf_counter() - started
    manager = User.objects.get(username="team-manager")
    family = (
        Person.objects.filter(household_memberships__end__isnull=True, date_of_birth__year__gte=2012)
        .order_by("pk")
        .first()
    )
    children = [
        p
        for p in Person.objects.filter(
            household_memberships__household__members__person=family,
            household_memberships__end__isnull=True,
            date_of_birth__year__gte=2010,
        ).distinct()
    ][:3]
    discussion = booking.request(manager, children or [family], "Benchmark: disclosure at school")
    client = Client()
    client.force_login(User.objects.get(username="strategy-coordinator"))
    pages = {
        "discussion page": f"/strategy/{discussion.pk}/",
        "meeting page": f"/strategy/{discussion.pk}/meeting/",
        "booking queue": "/strategy/",
    }
    token_client = Client(HTTP_AUTHORIZATION=f"Bearer {_token('strategy-coordinator')}")
    results = {}
    for name, url in pages.items():
        results[name] = _time(lambda u=url: client.get(u), args.requests)
    results["API GET /strategy-discussions/{id}"] = _time(
        lambda: token_client.get(f"/api/v1/strategy-discussions/{discussion.pk}"), args.requests
    )
    people = Person.objects.count()
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "families": args.families,
        "people": people,
        "requests_each": args.requests,
        "target_p95_ms": TARGET_P95_MS,
        "build_seconds": round(built, 1),
        "load_average": os.getloadavg()[0],
        "results": results,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2)
    (RESULTS / f"strategy-{dt.date.today()}.json").write_text(text)
    (RESULTS / "strategy-latest.json").write_text(text)
    lines = [
        f"# Strategy-discussion pages, {report['date']}",
        "",
        f"{args.families:,} families ({people:,} people), {args.requests} requests each, in-process; load average {report['load_average']:.1f}.",
        "",
        "| page | p50 ms | p95 ms | max ms | target p95 |",
        "|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(f"| {name} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | ≤ {TARGET_P95_MS} |")
    (RESULTS / "strategy-latest.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def _token(username: str) -> str:
    from macp.accounts.services import issue_api_token

    return issue_api_token(username)


def _time(call, n: int) -> dict:
    for _ in range(3):
        response = call()
        assert response.status_code == 200, (response.status_code, response.content[:300])
    samples = []
    for _ in range(n):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 1),
        "max_ms": round(samples[-1], 1),
    }


if __name__ == "__main__":
    main()
