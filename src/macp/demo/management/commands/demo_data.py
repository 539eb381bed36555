"""macp demo-data [--families N] [--seed S] [--today YYYY-MM-DD]: the synthetic demo region."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from macp.demo import services
from macp.demo.generator import ANCHOR_DATE, CHUNK_FAMILIES, DEFAULT_FAMILIES, DEFAULT_SEED


class Command(BaseCommand):
    help = (
        "Create the synthetic demo region: three fictional councils, their agencies, one sign-in per role, and "
        f"families. Reference data and users are never duplicated. With no --families, {DEFAULT_FAMILIES} families "
        "are made only if there are none yet (so `make run` can call this every time); --families N always adds N "
        "more, carrying on from the last family number."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--families",
            type=int,
            default=None,
            help=f"Families to add (default: {DEFAULT_FAMILIES} when there are none yet, else 0)",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"Random seed (default {DEFAULT_SEED})")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=ANCHOR_DATE,
            help=f"Date the families' histories run up to (default {ANCHOR_DATE}, fixed so output is reproducible)",
        )
        parser.add_argument("--chunk", type=int, default=CHUNK_FAMILIES, help="Families written per transaction")

    def handle(self, *args, **options):
        # Demo users share a published password: never let this loose on a real database by accident.
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError("demo-data creates sign-ins with a published password: run it with MACP_DEMO=1.")
        if options["families"] is not None and options["families"] < 0:
            raise CommandError("--families must be 0 or more.")
        if options["chunk"] < 1:
            raise CommandError("--chunk must be at least 1.")
        summary = services.build_demo_region(
            families=options["families"],
            seed=options["seed"],
            today=options["today"],
            chunk=options["chunk"],
            progress=lambda message: self.stderr.write(message),
        )
        self.stdout.write(services.describe(summary))
