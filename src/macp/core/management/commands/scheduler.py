"""`macp scheduler`: the one process that enqueues periodic work (see macp.core.scheduler)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from macp.core import scheduler


class Command(BaseCommand):
    help = "Run the periodic-work scheduler (one per deployment): enqueues each task of PERIODIC_TASKS on its cron."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="List the jobs and their next run, then exit")

    def handle(self, *args, list=False, **options):
        clock = scheduler.build()
        if list:
            now = timezone.localtime()
            for job in clock.get_jobs():
                self.stdout.write(
                    f"{job.id}\t{job.trigger}\tnext {job.trigger.get_next_fire_time(None, now):%Y-%m-%d %H:%M %Z}"
                )
            return
        self.stdout.write(f"scheduler: {len(clock.get_jobs())} periodic jobs; Ctrl-C to stop", ending="\n")
        self.stdout.flush()
        try:
            clock.start()
        except (KeyboardInterrupt, SystemExit):
            pass
