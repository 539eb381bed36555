"""The scheduler's jobs (settings.PERIODIC_TASKS): every one is a real task, and the transitions' overdue checks
run from it."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from macp.core import scheduler


def test_every_periodic_job_is_a_task_the_scheduler_registers():
    built = scheduler.build()
    names = {job.id for job in built.get_jobs()}
    assert names == set(settings.PERIODIC_TASKS)
    assert {"escalation-stages-overdue", "handovers-overdue", "strategy-reminders"} <= names


def test_the_overdue_handover_job_alerts_the_team_manager(
    family, make_agency, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    from macp.outofhours import services

    make_user("tm", "team_manager", family.csc, email="tm@csc.example.invalid")
    worker = make_user("edtw", "edt_worker", make_agency("test-edt", "edt", la=family.la))
    three_days_ago = timezone.now() - dt.timedelta(days=3)
    record = services.do_record(
        worker,
        [family.child],
        family.la,
        three_days_ago,
        "Police called to the home at 02:10",
        "Child stayed with grandmother",
        "Visit today",
        now=three_days_ago,
    )
    with django_capture_on_commit_callbacks(execute=True):
        scheduler.enqueue("handovers-overdue", settings.PERIODIC_TASKS["handovers-overdue"]["task"])
    assert [m.to for m in mailoutbox] == [["tm@csc.example.invalid"]] and record.reference in mailoutbox[0].subject
    record.refresh_from_db()
    assert record.manager_alerted_at is not None and record.status == "awaiting"
