"""Periodic job: alert team managers about out-of-hours handovers nobody acknowledged by 09:00."""

from django.core.management.base import BaseCommand

from macp.outofhours.services import alert_overdue_handovers


class Command(BaseCommand):
    help = "Alert team managers about out-of-hours handovers still awaiting at their due time (run every few minutes)."

    def handle(self, *args, **options):
        alerted = alert_overdue_handovers()
        self.stdout.write(f"{len(alerted)} overdue handover(s) alerted")
