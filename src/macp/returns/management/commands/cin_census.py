"""`macp cin-census --year YYYY --local-authority CODE --output FILE.xml` (CONTRACTS.md §14)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from macp.returns.census import CensusYear, UnknownCouncil, census_xml, collect, council_for_census
from macp.returns.services import audit_return


class Command(BaseCommand):
    help = "Write the Department for Education's children-in-need census for the year ending 31 March YYYY."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The census year: the year ending 31 March YYYY")
        parser.add_argument(
            "--local-authority", required=True, help="The council's code, or its three-digit DfE LA code"
        )
        parser.add_argument("--output", required=True, help="Where to write the XML")

    def handle(self, *args, **options):
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year}: give the four-digit year the collection ends in (31 March YYYY).")
        try:
            council, lea = council_for_census(options["local_authority"])
        except UnknownCouncil as exc:
            raise CommandError(str(exc)) from None
        census = collect(council, lea, CensusYear(year))
        output = Path(options["output"])
        with transaction.atomic():
            output.write_bytes(census_xml(census))
            counts = census.counts()
            audit_return(
                None,
                action="cin_census",
                target=f"CIN census {year} for {council.code} ({lea})",
                detail=", ".join(f"{k} {v}" for k, v in counts.items()) + f"; written to {output.name}",
                person_ids=census.child_ids,
                route=f"macp cin-census --year {year} --local-authority {council.code}",
            )
        self.stdout.write(
            f"CIN census {year} for {council.name} (LA {lea}): "
            + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
            + f" → {output}"
        )
