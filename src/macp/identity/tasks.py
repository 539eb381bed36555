"""Background work for identity (django-tasks: immediate in the embedded default, a database queue in production)."""

from django_tasks import task

from macp.identity import relink
from macp.identity.models import LinkRun


@task()
def run_linker(run_id: int) -> None:
    relink.execute(LinkRun.objects.get(pk=run_id))
