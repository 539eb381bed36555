"""Proposing a time from the core agencies' duty slots, and the reminders: minutes unacknowledged after 2 working days,
and minutes not sent within 24 hours of the meeting (tested at explicit times, across a bank holiday)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from macp.strategy import booking, distribution, scheduling
from macp.strategy.models import Distribution, DutySlot, StrategyDiscussion

UTC = dt.UTC


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def slot(agency, start, end):
    return DutySlot.objects.create(agency=agency, starts_at=start, ends_at=end)


# ---- proposing a time -------------------------------------------------------------------------------------------


def test_common_windows_intersect_each_agencys_duty_time():
    a = [(at(2027, 1, 5, 9), at(2027, 1, 5, 12)), (at(2027, 1, 5, 11), at(2027, 1, 5, 13))]  # overlapping: 9–13
    b = [(at(2027, 1, 5, 10), at(2027, 1, 5, 11)), (at(2027, 1, 5, 12), at(2027, 1, 5, 17))]
    assert scheduling.common_windows([a, b]) == [
        (at(2027, 1, 5, 10), at(2027, 1, 5, 11)),
        (at(2027, 1, 5, 12), at(2027, 1, 5, 13)),
    ]
    assert scheduling.common_windows([a, [(at(2027, 1, 6, 9), at(2027, 1, 6, 10))]]) == []


def test_proposes_the_earliest_time_every_core_agency_is_on_duty_with_fallbacks(strategy_world, discussion):
    now = at(2027, 1, 5, 8, 7)
    discussion.target_at = at(2027, 1, 5, 16)
    discussion.save()
    slot(strategy_world.csc, at(2027, 1, 5, 8), at(2027, 1, 5, 18))
    slot(strategy_world.health, at(2027, 1, 5, 9), at(2027, 1, 5, 10, 30))
    slot(strategy_world.health, at(2027, 1, 5, 13), at(2027, 1, 5, 18))
    slot(
        strategy_world.police, at(2027, 1, 5, 9, 40), at(2027, 1, 5, 18)
    )  # police from 9:40: 9:40–10:30 is too short for an hour
    slot(
        strategy_world.gp, at(2027, 1, 6, 9), at(2027, 1, 6, 10)
    )  # the GP (required, not core) does not decide the time
    proposal = scheduling.propose(discussion, now)
    assert {a.code for a in proposal.core_agencies} == {
        strategy_world.csc.code,
        strategy_world.police.code,
        strategy_world.health.code,
    }
    assert [s.starts_at for s in proposal.slots] == [
        at(2027, 1, 5, 13),
        at(2027, 1, 5, 14),
        at(2027, 1, 5, 15),
        at(2027, 1, 5, 16),
    ]
    assert all(s.ends_at - s.starts_at == dt.timedelta(hours=1) for s in proposal.slots)
    assert [s.within_target for s in proposal.slots] == [True, True, True, True]
    # after the target the times are still offered, marked as late
    discussion.target_at = at(2027, 1, 5, 12)
    assert not scheduling.propose(discussion, now).slots[0].within_target


def test_no_proposal_names_the_core_agency_without_availability(strategy_world, web, discussion):
    slot(strategy_world.csc, timezone.now() + dt.timedelta(hours=1), timezone.now() + dt.timedelta(hours=5))
    proposal = scheduling.propose(discussion)
    assert proposal.slots == [] and {a.code for a in proposal.without_availability} == {
        strategy_world.police.code,
        strategy_world.health.code,
    }
    body = web(strategy_world.coordinator).get(f"/strategy/{discussion.pk}/book/").content.decode()
    assert "No duty time is recorded for Testshire Community Health, Testshire Police" in body
    assert 'value="other" checked' in body


def test_times_start_on_the_quarter_hour_and_not_in_the_past(strategy_world, discussion):
    now = at(2027, 1, 5, 9, 2)
    for agency in (strategy_world.csc, strategy_world.police, strategy_world.health):
        slot(agency, at(2027, 1, 5, 8), at(2027, 1, 5, 12))
    assert scheduling.propose(discussion, now).slots[0].starts_at == at(2027, 1, 5, 9, 15)


# ---- reminders --------------------------------------------------------------------------------------------------


def sent(discussion, agency, when, **extra):
    return Distribution.objects.create(
        discussion=discussion, agency=agency, recipient=agency.email, sent_at=when, **extra
    )


def test_unacknowledged_minutes_are_chased_after_two_working_days(strategy_world, discussion, mailoutbox):
    thursday = at(2027, 1, 7, 10)  # due Monday 10:00 (weekend skipped)
    police = sent(discussion, strategy_world.police, thursday)
    done = sent(discussion, strategy_world.health, thursday, acknowledged_at=thursday + dt.timedelta(hours=1))
    assert distribution.send_reminders(at(2027, 1, 8, 10))["reminded"] == []
    assert distribution.send_reminders(at(2027, 1, 11, 9, 59))["reminded"] == []
    assert distribution.send_reminders(at(2027, 1, 11, 10))["reminded"] == [police]
    police.refresh_from_db()
    done.refresh_from_db()
    assert police.reminded_at == at(2027, 1, 11, 10) and done.reminded_at is None
    assert [m.to for m in mailoutbox] == [[strategy_world.police.email]]
    assert (
        mailoutbox[0].subject
        == f"Reminder: please confirm receipt of the minutes of strategy discussion SD-{discussion.pk}"
    )
    assert distribution.send_reminders(at(2027, 1, 12, 10))["reminded"] == []  # once only


def test_the_two_working_days_skip_christmas_and_boxing_day(strategy_world, discussion):
    record = sent(
        discussion, strategy_world.police, at(2026, 12, 24, 10)
    )  # Thu 24 Dec; Fri 25 and Mon 28 Dec are bank holidays
    assert distribution.send_reminders(at(2026, 12, 29, 11))["reminded"] == []
    assert distribution.send_reminders(at(2026, 12, 30, 10))["reminded"] == [record]


def test_minutes_not_sent_within_24_hours_alert_the_coordinator(strategy_world, web, discussion, mailoutbox):
    meeting = at(2027, 1, 5, 10)
    booking.schedule(discussion, strategy_world.coordinator, meeting)
    on_time = booking.request(strategy_world.tm, [strategy_world.family.child], "Another")
    booking.schedule(on_time, strategy_world.coordinator, meeting)
    sent(on_time, strategy_world.police, meeting + dt.timedelta(hours=20))
    assert distribution.send_reminders(meeting + dt.timedelta(hours=23))["alerted"] == []
    result = distribution.send_reminders(meeting + dt.timedelta(hours=25))
    assert result["alerted"] == [discussion]
    assert [m.to for m in mailoutbox] == [["coord@csc.example.invalid"]]
    assert mailoutbox[0].subject == f"Minutes of strategy discussion SD-{discussion.pk} not sent within 24 hours"
    assert "Amelia" not in mailoutbox[0].body
    assert distribution.send_reminders(meeting + dt.timedelta(hours=26))["alerted"] == []  # once only
    StrategyDiscussion.objects.filter(pk=discussion.pk).update(
        minutes_late_alerted_at=timezone.now()
    )  # the queue shows the last week's
    row = web(strategy_world.coordinator).get("/strategy/").content.decode()
    assert "Minutes not sent within 24 hours" in row and row.count("Minutes not sent within 24 hours") == 1


def test_minutes_sent_late_also_alert(strategy_world, discussion):
    meeting = at(2027, 1, 5, 10)
    booking.schedule(discussion, strategy_world.coordinator, meeting)
    sent(discussion, strategy_world.police, meeting + dt.timedelta(hours=30))
    assert distribution.send_reminders(meeting + dt.timedelta(hours=31))["alerted"] == [discussion]


def test_the_command_runs_the_reminders_at_a_given_time(strategy_world, discussion, capsys):
    sent(discussion, strategy_world.police, at(2027, 1, 7, 10))
    call_command("strategy_reminders", now="2027-01-11T10:00:00+00:00")
    assert "1 reminders sent; 0 discussions flagged" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("strategy_reminders", now="2027-01-11T10:00:00")


# ---- the scheduler (macp.core.scheduler) runs them -------------------------------------------------------------


def test_the_scheduler_job_sends_a_due_reminder(strategy_world, discussion, mailoutbox):
    from macp.core import scheduler

    police = sent(discussion, strategy_world.police, timezone.now() - dt.timedelta(days=10))
    job = scheduler.build().get_job("strategy-reminders")
    assert str(job.trigger) == "cron[month='*', day='*', day_of_week='*', hour='*', minute='5']"
    job.func(*job.args)  # one tick, as the clock would fire it
    police.refresh_from_db()
    assert police.reminded_at is not None
    assert [m.to for m in mailoutbox] == [[strategy_world.police.email]]


# The worker closes its connections between tasks as in production, so this test commits for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_under_the_database_backend_the_scheduler_queues_and_the_worker_sends(
    strategy_world, discussion, mailoutbox, settings
):
    from django_tasks_db.models import DBTaskResult

    from macp.core import scheduler

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}  # as the Procfile runs
    sent(discussion, strategy_world.police, timezone.now() - dt.timedelta(days=10))
    job = scheduler.build().get_job("strategy-reminders")
    job.func(*job.args)
    assert mailoutbox == []  # queued, not yet done
    assert DBTaskResult.objects.filter(task_path="macp.strategy.tasks.strategy_reminders", status="READY").count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert [m.to for m in mailoutbox] == [[strategy_world.police.email]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
