"""Background tasks (django-tasks): the reminders, for a scheduler that enqueues tasks rather than running commands."""

from django_tasks import task

from macp.strategy import distribution


@task()
def strategy_reminders() -> dict:
    result = distribution.send_reminders()
    return {"reminded": len(result["reminded"]), "alerted": len(result["alerted"])}
