"""The demo region as one service: reference data, demo users, families, and a summary of what is there."""

import dataclasses
import datetime as dt
import time
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from macp.access.services import visible_people
from macp.accounts.models import Agency, LocalAuthority, Role, Team, User
from macp.demo.activity import ACTIVITY_PEOPLE_LIMIT, add_activity
from macp.demo.casework import add_casework, ensure_council_codes
from macp.demo.generator import (
    ANCHOR_DATE,
    CHUNK_FAMILIES,
    DEFAULT_FAMILIES,
    DEFAULT_SEED,
    OUT_OF_AREA_FAMILY,
    Written,
    existing_family_count,
    generate_families,
    out_of_area_child,
)
from macp.demo.reference import DEMO_USERS, ensure_demo_users, ensure_reference_data
from macp.people.models import Person
from macp.strategy.availability import ROTA_TYPES, ensure_office_rota

VISIBILITY_COUNT_LIMIT = 50_000


@dataclasses.dataclass
class DemoSummary:
    created_reference: dict
    created_users: int
    families_before: int
    written: Written
    seed: int
    today: dt.date
    seconds: float
    totals: dict
    visible: dict  # username → how many people that demo user can open
    out_of_area: Person | None
    activity: dict = dataclasses.field(default_factory=dict)


def refresh_planner_statistics() -> None:
    """After a bulk load the query planner needs fresh statistics: without them SQLite picks the index on
    merged_into (almost all NULL) over the primary key, and a page that looks up six people takes 70 ms, not 0.1."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def build_demo_region(
    families: int | None = None,
    *,
    seed: int = DEFAULT_SEED,
    today: dt.date = ANCHOR_DATE,
    chunk: int = CHUNK_FAMILIES,
    progress: Callable[[str], None] | None = None,
    password: str | None = None,
    activity: bool = True,
) -> DemoSummary:
    """Make sure the reference data and demo users exist, then add families.

    `families=None` means "the default number if there are no demo families yet, otherwise none", so calling
    this on every start-up is safe; a number always adds that many more.
    """
    began = time.monotonic()
    created = ensure_reference_data()
    users = ensure_demo_users(password)["users"]
    before = existing_family_count()
    if families is None:
        families = DEFAULT_FAMILIES if before == 0 else 0
    written = generate_families(families, seed=seed, today=today, start=before, chunk=chunk, progress=progress)
    if written.families:
        refresh_planner_statistics()
    ensure_council_codes()
    activity = (
        add_activity() if activity and written.families and Person.objects.count() <= ACTIVITY_PEOPLE_LIMIT else {}
    )
    if activity:
        # The casework the census and Annex A count, after the activity (its section 47 enquiries shape it).
        activity["casework"] = add_casework(today, seed)
    # Each start tops up the core agencies' office-hours rota, so booking proposes times out of the box.
    ensure_office_rota(Agency.objects.filter(type__in=ROTA_TYPES, active=True), timezone.localdate())
    totals = {
        "local authorities": LocalAuthority.objects.count(),
        "agencies": Agency.objects.count(),
        "teams": Team.objects.count(),
        "users": User.objects.count(),
        "people": Person.objects.count(),
    }
    visible = {}
    # Counting what each user can open runs the need-to-know query over everyone: seconds at 100,000 families,
    # so only for a region small enough to click around in.
    for spec in DEMO_USERS if totals["people"] <= VISIBILITY_COUNT_LIMIT else ():
        if spec.role in (Role.SOCIAL_WORKER, Role.POLICE_INVESTIGATOR, Role.REFERRER, Role.PARTNER_ATTENDEE):
            user = User.objects.filter(username=spec.username).first()
            if user is not None:
                visible[spec.username] = visible_people(user).count()
    return DemoSummary(
        created,
        users,
        before,
        written,
        seed,
        today,
        time.monotonic() - began,
        totals,
        visible,
        out_of_area_child(),
        activity,
    )


def describe(summary: DemoSummary) -> str:
    """The short summary the command prints on stdout."""
    w = summary.written
    lines = []
    if w.families:
        lines.append(
            f"Added {w.families:,} families (numbers {summary.families_before:,}-{summary.families_before + w.families - 1:,}, "
            f"seed {summary.seed}, histories up to {summary.today}) in {summary.seconds:.1f}s: {w.persons:,} people, "
            f"{w.households:,} households, {w.relationships:,} relationships, {w.involvements:,} involvements, "
            f"{w.events:,} events, {w.source_records:,} source records."
        )
    else:
        lines.append(
            f"No families added: the demo region already has {summary.families_before:,} "
            "(use --families N to add more)."
        )
    made = summary.created_reference
    lines.append(
        f"Reference data: {summary.totals['local authorities']} councils, {summary.totals['agencies']} agencies, "
        f"{summary.totals['teams']} teams ({made['agencies']} agencies, {made['teams']} teams and "
        f"{summary.created_users} demo users created now). {summary.totals['people']:,} people in total."
    )
    lines.append(
        f"Demo sign-ins (password {settings.DEMO_PASSWORD!r}): " + ", ".join(spec.username for spec in DEMO_USERS) + "."
    )
    if summary.activity:
        lines.append(
            f"Activity: {summary.activity['alerts']} alerts raised, {summary.activity['requests']} requests for help "
            "waiting at the front door."
        )
    if summary.visible:
        lines.append("People each can open: " + ", ".join(f"{u} {n:,}" for u, n in summary.visible.items()) + ".")
    child = summary.out_of_area
    if child is not None:
        lines.append(
            f"Out-of-area family (no demo user's agency is involved; only Avonmere children's services): "
            f"{child.full_name}, person {child.pk} — open it as social-worker to see the 403 / break-glass route."
        )
    elif summary.families_before + w.families <= OUT_OF_AREA_FAMILY:
        lines.append("No out-of-area family yet (it is family number 1: make at least 2 families).")
    return "\n".join(lines)
