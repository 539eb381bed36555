"""Investigation page speed (issue 10): the chronology of a child with 2,000 events (target p95 ≤ 150 ms), the worktray
of a team manager whose team holds 400 children (≤ 100 ms), and people search over a large population (≤ 150 ms).

    .venv/bin/python bench/bench_investigation.py                       # 100,000 people, SQLite under bench/data/
    .venv/bin/python bench/bench_investigation.py --people 500000       # the issue's population
    DATABASE_URL=postgres://…/h_enquiries .venv/bin/python bench/bench_investigation.py --people 500000

Builds its synthetic data once per database (bulk inserts, not the demo generator: only the shapes that matter
here), then times repeated GETs in-process with Django's test client (server time without the network), signed in
as the social worker (chronology, search) and the team manager (worktray). Writes
bench/results/investigation-latest.{json,md}.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
TARGETS = {"chronology (2,000 events)": 150, "worktray (team manager, 400 children)": 100, "people search": 150}
GIVEN = [
    "Amelia",
    "Oliver",
    "Isla",
    "Jack",
    "Ava",
    "Harry",
    "Mia",
    "Noah",
    "Lily",
    "Leo",
    "William",
    "Katherine",
    "Muhammad",
    "Sophie",
    "Ethan",
    "Grace",
    "Alfie",
    "Evie",
    "Charlie",
    "Poppy",
    "Liam",
    "Ella",
    "George",
    "Freya",
    "Thomas",
    "Aleksander",
]
FAMILY = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Hughes",
    "Khan",
    "Ahmed",
    "Kowalski",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        var = ROOT / "bench" / "data" / f"investigation-{args.people}"
        var.mkdir(parents=True, exist_ok=True)
        os.environ["MACP_VAR_DIR"] = str(var)
    os.environ.update(
        {
            "MACP_DEMO": "1",
            "DJANGO_SETTINGS_MODULE": "macp.config.settings",
            "MACP_REQUIRE_2FA": "0",
            "ALLOWED_HOSTS": "testserver",
        }
    )
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench_strategy import _time  # the same timing (3 warm-ups, then p50/p95/max) as the strategy benchmark
    from macp.accounts.models import User
    from macp.people.models import Person

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not Person.objects.filter(given_name="Benchmark").exists():
        print(f"building {args.people:,} people (once)…", file=sys.stderr)
        _build(args.people)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    child = Person.objects.get(given_name="Benchmark", family_name="Child")
    sw, manager = Client(), Client()
    sw.force_login(User.objects.get(username="bench-sw"))
    manager.force_login(User.objects.get(username="bench-tm"))
    results = {
        "chronology (2,000 events)": _time(lambda: sw.get(f"/people/{child.pk}/chronology/"), args.requests),
        "chronology timeline": _time(lambda: sw.get(f"/people/{child.pk}/chronology/timeline/"), args.requests),
        "worktray (team manager, 400 children)": _time(lambda: manager.get("/"), args.requests),
        "people search": _time(lambda: sw.get("/search/?name=Bill+Hughes"), args.requests),
        "people search (date of birth)": _time(
            lambda: sw.get("/search/?date_of_birth-day=1&date_of_birth-month=6&date_of_birth-year=2015"), args.requests
        ),
    }
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "people": Person.objects.count(),
        "requests_each": args.requests,
        "build_seconds": round(built, 1),
        "load_average": os.getloadavg()[0],
        "in_process": True,
        "targets_p95_ms": TARGETS,
        "results": results,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "investigation-latest.json").write_text(json.dumps(report, indent=2))
    lines = [
        f"# Investigation pages, {report['date']}",
        "",
        f"{connection.vendor}, {report['people']:,} people, {args.requests} requests each, in-process (Django test client); "
        f"load average {report['load_average']:.1f} on 2 shared cores.",
        "",
        "| page | p50 ms | p95 ms | max ms | target p95 |",
        "|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | {('≤ ' + str(TARGETS[name])) if name in TARGETS else ''} |"
        )
    (RESULTS / "investigation-latest.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def _build(people: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from macp.accounts.models import Agency, LocalAuthority, Team
    from macp.accounts.services import create_user
    from macp.enquiries import clocks
    from macp.enquiries.models import Enquiry
    from macp.people.models import Event, Household, HouseholdMember, Involvement, Person
    from macp.strategy.models import ChildDecision, StrategyDiscussion

    rng = random.Random(20261126)
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        la = LocalAuthority.objects.create(code="bench-la", name="Bench Council")
        csc = Agency.objects.create(
            code="bench-csc", name="Bench Children's Services", type="childrens_social_care", local_authority=la
        )
        others = [
            Agency.objects.create(code=f"bench-{t}", name=f"Bench {t}", type=t, local_authority=la)
            for t in ("police", "gp_practice", "school", "community_health", "housing")
        ]
        team = Team.objects.create(agency=csc, code="area", name="Area team")
        tm = create_user(
            "bench-tm",
            ["team_manager"],
            csc.code,
            password=None,
            validate=False,
            team=team,
            first_name="Tess",
            last_name="Manager",
        )
        sw = create_user(
            "bench-sw",
            ["social_worker"],
            csc.code,
            password=None,
            validate=False,
            team=team,
            first_name="Sol",
            last_name="Worker",
        )
        rows = []
        for _ in range(people):
            rows.append(
                Person(
                    given_name=rng.choice(GIVEN),
                    family_name=rng.choice(FAMILY),
                    date_of_birth=dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(0, 20000)),
                    sex=rng.choice("FM"),
                )
            )
        Person.objects.bulk_create(rows, batch_size=5000)
        child = Person.objects.create(
            given_name="Benchmark", family_name="Child", date_of_birth=dt.date(2016, 5, 5), sex="F"
        )
        mother = Person.objects.create(
            given_name="Benchmark", family_name="Mother", date_of_birth=dt.date(1988, 5, 5), sex="F"
        )
        home = Household.objects.create(address="1 Bench Road", postcode="BE1 1NC", local_authority=la)
        HouseholdMember.objects.bulk_create(
            [HouseholdMember(household=home, person=p, start=dt.date(2020, 1, 1)) for p in (child, mother)]
        )
        Involvement.objects.create(person=child, agency=csc, role="allocated_social_worker", start=dt.date(2025, 1, 1))
        types = [
            "was_not_brought",
            "domestic_abuse_incident",
            "injury",
            "missing_episode",
            "school_exclusion",
            "hospital_attendance",
            "home_conditions_concern",
            "referral",
            "other",
        ]
        events = [
            Event(
                agency=rng.choice(others + [csc]),
                type=rng.choice(types),
                summary=f"Benchmark event {i}",
                occurred_at=now - dt.timedelta(hours=rng.randrange(1, 24 * 365 * 8)),
            )
            for i in range(2000)
        ]
        Event.objects.bulk_create(events, batch_size=1000)
        Event.persons.through.objects.bulk_create(
            [Event.persons.through(event_id=e.pk, person_id=child.pk) for e in events], batch_size=2000
        )
        # 400 children held by the team manager's team, each with an open enquiry from a finalised discussion.
        kids = (
            Person.objects.filter(date_of_birth__gte=dt.date(2010, 1, 1))
            .exclude(given_name="Benchmark")
            .order_by("pk")[:400]
        )
        discussions = StrategyDiscussion.objects.bulk_create(
            [
                StrategyDiscussion(
                    status="finalised",
                    reason="Benchmark",
                    requested_by=tm,
                    requesting_agency=csc,
                    requested_at=now,
                    scheduled_for=now - dt.timedelta(days=rng.randrange(0, 20)),
                    finalised_at=now,
                )
                for _ in kids
            ]
        )
        decisions = ChildDecision.objects.bulk_create(
            [
                ChildDecision(
                    discussion=d,
                    child=k,
                    significant_harm="met",
                    section_47=True,
                    recorded_by=tm,
                    rationale="Benchmark",
                )
                for d, k in zip(discussions, kids)
            ]
        )
        held = [timezone.localdate(d.scheduled_for) for d in discussions]
        Enquiry.objects.bulk_create(
            [
                Enquiry(
                    child=k,
                    strategy_discussion=d,
                    decision=c,
                    lead_agency=csc,
                    social_care=csc,
                    team=team,
                    social_worker=sw if i % 3 else None,
                    opened_at=now,
                    strategy_held_on=h,
                    referral_received_on=h,
                    icpc_due=clocks.icpc_due(h),
                    assessment_due=clocks.assessment_due(h),
                )
                for i, (k, d, c, h) in enumerate(zip(kids, discussions, decisions, held))
            ]
        )
        Involvement.objects.bulk_create(
            [Involvement(person=k, agency=csc, team=team, role="allocated_social_worker", start=today) for k in kids]
        )
        # Namesakes for the search: William/Bill Hughes, some visible, most not.
        for i in range(30):
            p = Person.objects.create(
                given_name=rng.choice(["William", "Bill", "Billy", "Liam"]),
                family_name="Hughes",
                date_of_birth=dt.date(2015, 6, 1) + dt.timedelta(days=i),
            )
            if i % 5 == 0:
                Involvement.objects.create(person=p, agency=csc, role="early_help", start=today)


if __name__ == "__main__":
    main()
