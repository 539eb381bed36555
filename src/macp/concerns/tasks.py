"""Background work for alerts (django-tasks), enqueued by the scheduler (settings.PERIODIC_TASKS)."""

from django_tasks import task

from macp.concerns.services import evaluate_all


@task()
def reevaluate_alerts() -> int:
    """Every person's rules again, nightly: rules count events within windows, so the clock alone can change them."""
    return evaluate_all()
