from django.core.management.base import BaseCommand, CommandError

from macp.accounts.services import AccountError, issue_api_token


class Command(BaseCommand):
    help = "Print a new API bearer token for an existing user (the token and nothing else)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        try:
            token = issue_api_token(options["username"])
        except AccountError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(token)
