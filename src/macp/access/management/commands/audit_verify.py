from django.core.management.base import BaseCommand, CommandError

from macp.access import seals


class Command(BaseCommand):
    help = "Check the read audit against its seals (a hash chain): exits 1 naming each run of events that changed."

    def add_arguments(self, parser):
        parser.add_argument("--seal-first", action="store_true", help="Seal settled events before checking.")

    def handle(self, *args, **options):
        if options["seal_first"]:
            seals.seal()
        result = seals.verify()
        for problem in result.problems:
            self.stderr.write(problem)
        summary = (
            f"{result.events:,} access events checked against {result.seals:,} seals; "
            f"{result.unsealed:,} newer events not yet sealed."
        )
        if not result.ok:
            raise CommandError(f"The read audit does not match its seals ({len(result.problems)} problems). {summary}")
        self.stdout.write(f"The read audit matches its seals. {summary}")
