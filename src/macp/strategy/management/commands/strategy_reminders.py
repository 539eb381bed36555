"""`macp strategy-reminders`: chase unacknowledged minutes and alert coordinators to minutes not sent in 24 hours.

Run it every hour (cron, or the django-tasks task macp.strategy.tasks.strategy_reminders)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from macp.strategy import distribution


class Command(BaseCommand):
    help = "Remind agencies to acknowledge strategy discussion minutes; alert coordinators to minutes not sent within 24 hours."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", help="Act as if it were this time (ISO 8601 with offset); for testing and catching up"
        )

    def handle(self, *args, now=None, **options):
        at = None
        if now:
            try:
                at = dt.datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now {now!r} is not an ISO 8601 date and time") from None
            if at.tzinfo is None:
                raise CommandError("--now needs a UTC offset, like 2027-01-05T09:00:00+00:00")
        result = distribution.send_reminders(at)
        self.stdout.write(
            f"{len(result['reminded'])} reminders sent; {len(result['alerted'])} discussions flagged for late minutes"
        )
