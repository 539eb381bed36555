"""Background tasks (django-tasks) for the scheduler (settings.PERIODIC_TASKS)."""

from django_tasks import task

from macp.outofhours import services


@task()
def alert_overdue_handovers() -> dict:
    """Team managers are told of out-of-hours records nobody picked up by 09:00 on the next working day."""
    return {"alerted": len(services.alert_overdue_handovers())}
