"""Background work for the read audit (django-tasks), enqueued by the scheduler (settings.PERIODIC_TASKS)."""

from django_tasks import task

from macp.access import seals


@task()
def seal_audit() -> int:
    """Seal the access events written since the last seal; returns how many seals were written."""
    return len(seals.seal())
