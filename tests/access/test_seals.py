"""The read audit's hash chain: `seal` writes checkpoints, `verify` and `macp audit-verify` find tampering by
someone who can get past the append-only trigger (issue #14 item 5)."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from macp.access import seals, services
from macp.access.models import AuditSeal, Basis
from macp.access.tasks import seal_audit

LATER = dt.timedelta(minutes=5)


def read(world, n=1):
    return [
        services.record_access(
            world.users.dpo, world.child.pk, route=f"/people/{i}", channel="page", basis=Basis.INVOLVEMENT
        )
        for i in range(n)
    ]


def bypass_trigger(sql, params):
    """What a database owner could do: switch the append-only trigger off, change the audit, switch it back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE access_accessevent DISABLE TRIGGER access_event_append_only")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE access_accessevent ENABLE TRIGGER access_event_append_only")
        else:
            cursor.execute("DROP TRIGGER access_event_no_update")
            cursor.execute(sql, params)


def test_events_are_sealed_in_runs_chained_to_the_seal_before(two_councils):
    first = read(two_councils, 3)
    made = seals.seal(now=timezone.now() + LATER)
    assert [(s.first_event_id, s.last_event_id, s.count) for s in made] == [(first[0].pk, first[-1].pk, 3)]
    assert made[0].previous_digest == seals.GENESIS
    second = read(two_councils, 2)
    again = seals.seal(now=timezone.now() + LATER, batch=1)
    assert [s.count for s in again] == [1, 1]
    assert again[0].previous_digest == made[0].digest and again[1].previous_digest == again[0].digest
    assert again[-1].last_event_id == second[-1].pk
    result = seals.verify()
    assert result.ok and (result.seals, result.events, result.unsealed) == (3, 5, 0)


def test_events_younger_than_a_minute_wait_for_the_next_seal(two_councils):
    read(two_councils, 2)
    assert seals.seal(now=timezone.now()) == []
    assert seals.verify().unsealed == 2


def test_a_changed_event_is_found_and_named(two_councils):
    events = read(two_councils, 3)
    seals.seal(now=timezone.now() + LATER)
    bypass_trigger("UPDATE access_accessevent SET username = 'someone-else' WHERE id = %s", [events[1].pk])
    result = seals.verify()
    assert not result.ok
    assert f"events {events[0].pk}–{events[2].pk}" in result.problems[0] and "(changed)" in result.problems[0]


def test_a_removed_event_is_found(two_councils):
    events = read(two_councils, 3)
    seals.seal(now=timezone.now() + LATER)
    bypass_trigger("DELETE FROM access_accessevent WHERE id = %s", [events[0].pk])
    assert "(1 removed)" in seals.verify().problems[0]


def test_seals_are_append_only_and_a_removed_seal_breaks_the_chain(two_councils):
    read(two_councils, 2)
    made = seals.seal(now=timezone.now() + LATER, batch=1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditSeal.objects.filter(pk=made[0].pk).update(digest="0" * 64)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE access_auditseal DISABLE TRIGGER audit_seal_append_only")
        cursor.execute("DELETE FROM access_auditseal WHERE id = %s", [made[0].pk])
    problems = seals.verify().problems
    assert any("does not follow the seal before it" in p for p in problems)


def test_the_command_and_the_scheduled_task(two_councils, monkeypatch):
    events = read(two_councils, 2)
    monkeypatch.setattr(seals, "SETTLE", dt.timedelta(0))
    assert seal_audit.call() == 1
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "matches its seals" in out.getvalue() and "2 access events checked against 1 seals" in out.getvalue()
    bypass_trigger("UPDATE access_accessevent SET person_id = 'other' WHERE id = %s", [events[0].pk])
    err = io.StringIO()
    with pytest.raises(CommandError, match="does not match its seals"):
        call_command("audit_verify", stderr=err)
    assert "the events do not match their seal" in err.getvalue()
