import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from macp.accounts.models import Role
from macp.accounts.services import AccountError, create_user


class Command(BaseCommand):
    help = "Create a user: macp create-user USERNAME [--agency CODE] --role ROLE [--role ROLE ...] [--password-stdin]"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--agency", help="Agency code (GET /api/v1/agencies lists them)")
        parser.add_argument("--role", action="append", required=True, choices=Role.values, dest="roles")
        parser.add_argument("--password-stdin", action="store_true", help="Read the password from standard input")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
            if not password:
                raise CommandError("No password was given on standard input.")
        try:
            user = create_user(
                options["username"],
                options["roles"],
                options["agency"],
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
            )
        except (AccountError, ValidationError) as error:
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise CommandError(message) from None
        self.stdout.write(f"Created {user.username} ({', '.join(sorted(options['roles']))})")
