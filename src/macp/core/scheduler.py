"""The periodic work: APScheduler's cron triggers enqueue django-tasks tasks named in settings.PERIODIC_TASKS.

The scheduler only enqueues; the task worker (`macp db_worker`) does the work, so a slow job never delays the
next tick and a crash in one job never stops the clock. Exactly one scheduler runs per deployment
(docs/deployment.md): two would enqueue every job twice. core knows no domain: the jobs are dotted paths.
"""

import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import close_old_connections, connections
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


def _drop_stale_connections() -> None:
    """The scheduler is long-lived: never reuse a connection the database has dropped. A connection inside an open
    transaction (a caller's, or a test's) is never closed under it."""
    if not any(connection.in_atomic_block for connection in connections.all(initialized_only=True)):
        close_old_connections()


def enqueue(name: str, task_path: str):
    """One tick of a periodic job: put its task on the queue (run at once under the immediate backend)."""
    _drop_stale_connections()
    try:
        result = import_string(task_path).enqueue()
        log.info("periodic job %s enqueued as %s", name, result.id)
        return result
    finally:
        _drop_stale_connections()


def build(periodic: dict | None = None, scheduler: BlockingScheduler | None = None) -> BlockingScheduler:
    """A scheduler with one job per entry of `periodic` (default settings.PERIODIC_TASKS): {name: {"task", "cron"}}.

    Cron expressions are read in Europe/London (TIME_ZONE), so "0 8 * * 1-5" is 08:00 local all year.
    A missed tick (the scheduler was down) runs once when it comes back, within the grace time; never twice.
    """
    periodic = settings.PERIODIC_TASKS if periodic is None else periodic
    scheduler = scheduler or BlockingScheduler(timezone=settings.TIME_ZONE)
    for name, spec in periodic.items():
        import_string(spec["task"])  # a typo fails at start-up, not at 02:30
        scheduler.add_job(
            enqueue,
            CronTrigger.from_crontab(spec["cron"], timezone=settings.TIME_ZONE),
            args=[name, spec["task"]],
            id=name,
            name=name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=spec.get("grace_seconds", 3600),
        )
    return scheduler
