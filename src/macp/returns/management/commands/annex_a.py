"""`macp annex-a --local-authority CODE --from DATE --to DATE --output FILE.xlsx`: Ofsted's Annex A lists."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from macp.returns import annex_a
from macp.returns.census import UnknownCouncil
from macp.returns.services import audit_return, council_or_refuse


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date: write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Write Ofsted's Annex A lists (1-7) for one council and period as an .xlsx workbook."

    def add_arguments(self, parser):
        parser.add_argument("--local-authority", required=True, help="The council's code, or its DfE LA code")
        parser.add_argument("--from", dest="date_from", required=True, help="First day of the period (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", required=True, help="Last day of the period (YYYY-MM-DD)")
        parser.add_argument("--output", required=True, help="Where to write the .xlsx workbook")

    def handle(self, *args, **options):
        start, end = _date(options["date_from"]), _date(options["date_to"])
        if end < start:
            raise CommandError("--to is before --from.")
        try:
            council = council_or_refuse(options["local_authority"])
        except UnknownCouncil as exc:
            raise CommandError(str(exc)) from None
        annex = annex_a.collect(council, start, end)
        output = Path(options["output"])
        with transaction.atomic():
            output.write_bytes(annex_a.workbook(annex))
            counts = annex.counts()
            audit_return(
                None,
                action="annex_a",
                target=f"Annex A {start}..{end} for {council.code}",
                detail=", ".join(f"{k} {v}" for k, v in counts.items()) + f"; written to {output.name}",
                person_ids=[str(p) for p in sorted(annex.people, key=str)],
                route=f"macp annex-a --local-authority {council.code} --from {start} --to {end}",
            )
        self.stdout.write(
            f"Annex A for {council.name}, {start} to {end}: "
            + ", ".join(f"{k} {v} rows" for k, v in counts.items())
            + f" → {output}"
        )
