"""Background tasks (django-tasks) for the scheduler (settings.PERIODIC_TASKS)."""

from django_tasks import task

from macp.escalations import services


@task()
def prompt_overdue_escalations() -> dict:
    """Both sides of a disagreement whose stage is past its respond-by time are prompted (once a stage)."""
    return {"prompted": len(services.prompt_overdue())}
