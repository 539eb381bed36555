from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from macp.accounts.models import User
from macp.identity.services import BatchRejected, ingest_batch
from macp.intake.files import FileProblem, batch_id_for, read_records


class Command(BaseCommand):
    help = "Import an agency's records from a CSV or JSON file: macp import-records FILE --source CODE"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source", required=True, help="The sending agency's code")
        parser.add_argument("--batch-id", help="Defaults to the file's name and content hash (re-importing is a no-op)")
        parser.add_argument("--as-user", help="Record the import as made by this user (default: an operator import)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            records, file_batch_id, lines = read_records(path)
        except FileProblem as error:
            raise CommandError(str(error)) from None
        user = None
        if options["as_user"]:
            user = User.objects.filter(username=options["as_user"]).first()
            if user is None:
                raise CommandError(f"No user called {options['as_user']!r}")
        batch_id = options["batch_id"] or file_batch_id or batch_id_for(path)
        try:
            result, created = ingest_batch(user, options["source"], batch_id, records, channel="file")
        except BatchRejected as error:
            described = []
            for problem in error.problems:
                loc = problem.loc
                if len(loc) >= 2 and loc[0] == "records":
                    row = f"row {lines[int(loc[1])]}" if lines else f"record {int(loc[1]) + 1}"
                    column = f", column {loc[2]}" if len(loc) > 2 else ""
                    described.append(f"{path}: {row}{column}: {problem.msg}")
                else:
                    described.append(f"{path}: {'.'.join(map(str, loc))}: {problem.msg}")
            raise CommandError("\n".join([error.detail, *described])) from None
        if not created:
            self.stdout.write(f"Already imported as batch {batch_id}: nothing changed.")
            return
        self._report_garbled(path, result["warnings"], lines)
        reviews = sum(1 for p in result["people"] if p.get("review"))
        self.stdout.write(
            f"Imported {result['accepted']} records from {path.name} ({result['unchanged']} unchanged); "
            f"{len(result['people'])} person records linked, {reviews} sent for review."
        )

    def _report_garbled(self, path: Path, warnings: list[dict], lines: list[int]) -> None:
        """Garbled values are kept (issue 15): say how many per column, with the first few."""
        by_column: dict[str, list[dict]] = {}
        for warning in warnings:
            by_column.setdefault(str(warning["loc"][-1]), []).append(warning)
        for column, items in by_column.items():
            examples = "; ".join(
                f"{'row ' + str(lines[int(w['loc'][1])]) if lines else 'record ' + str(int(w['loc'][1]) + 1)}: {w['msg']}"
                for w in items[:3]
            )
            self.stderr.write(
                f"{path}: {len(items)} value{'s' if len(items) != 1 else ''} in column {column} kept "
                f"as sent ({examples})"
            )
