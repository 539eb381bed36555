"""Periodic job: prompt both sides of every disagreement whose stage is past its respond-by time."""

from django.core.management.base import BaseCommand

from macp.escalations.services import prompt_overdue


class Command(BaseCommand):
    help = "Prompt both sides of disagreements whose current stage is overdue (run hourly in working hours)."

    def handle(self, *args, **options):
        prompted = prompt_overdue()
        self.stdout.write(f"{len(prompted)} overdue disagreement(s) prompted")
