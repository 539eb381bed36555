"""Exactly one council responsible for a child on any date (CONTRACTS.md §11), enforced by the database, under
concurrent acceptances."""

import datetime as dt
import threading
import time

import pytest
from django.db import IntegrityError, connection, connections, transaction

from macp.core.problems import InvalidInput
from macp.transfers import services
from macp.transfers.models import Responsibility, Transfer


def _propose_two(family, councils):
    from django.utils import timezone

    sender = councils.sender
    a = services.propose(
        sender,
        child_id=str(family.child.pk),
        to_local_authority="north-council",
        kind="child_protection",
        reason="Moved north",
    )
    b = services.propose(
        sender,
        child_id=str(family.child.pk),
        to_local_authority="south-council",
        kind="child_in_need",
        reason="Or moved south",
    )
    return a, b, timezone.localdate()


def _one_holder_every_day(child, start: dt.date, days: int = 60) -> None:
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        holders = Responsibility.objects.filter(child=child, valid_from__lte=day).exclude(valid_to__lte=day)
        assert holders.count() == 1, f"{holders.count()} councils responsible on {day}"


@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_one_succeeds_one_is_refused(family, councils, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL; SQLite serialises them (see the sequential test).")
    first, second, today = _propose_two(family, councils)
    day = today + dt.timedelta(days=7)
    original = services.add_working_days

    def slow(*args):  # hold the winner's transaction open so that the loser really waits on it
        time.sleep(0.5)
        return original(*args)

    monkeypatch.setattr(services, "add_working_days", slow)
    barrier, results = threading.Barrier(2), {}

    def accept(name, user, transfer):
        try:
            barrier.wait()
            services.accept(user, Transfer.objects.get(pk=transfer.pk), day)
            results[name] = "accepted"
        except InvalidInput as refusal:
            results[name] = (refusal.status, refusal.problems[0].msg)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=accept, args=("north", councils.north_tm, first)),
        threading.Thread(target=accept, args=("south", councils.south_tm, second)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    outcomes = sorted(results.values(), key=str)
    assert outcomes.count("accepted") == 1, results
    [refusal] = [r for r in outcomes if r != "accepted"]
    assert refusal[0] == 409 and "Not accepted" in refusal[1]
    winner = "north-council" if results["north"] == "accepted" else "south-council"
    assert refusal[1].endswith(("does).", "day.")) or "responsible" in refusal[1]
    _one_holder_every_day(family.child, today - dt.timedelta(days=30))
    assert services.responsible_local_authority(family.child, day).code == winner
    assert services.responsible_local_authority(family.child, day - dt.timedelta(days=1)).code == "test-council"
    statuses = sorted(Transfer.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "proposed"]  # the refused acceptance changed nothing


def test_second_accept_after_the_first_is_refused_clearly(family, councils):
    first, second, today = _propose_two(family, councils)
    day = today + dt.timedelta(days=3)
    services.accept(councils.north_tm, first, day)
    with pytest.raises(InvalidInput) as refused:
        services.accept(councils.south_tm, second, day + dt.timedelta(days=2))
    assert refused.value.status == 409
    assert "Test Council does not hold this child's case" in refused.value.problems[0].msg
    assert "North Council does" in refused.value.problems[0].msg
    second.refresh_from_db()
    assert second.status == "proposed"
    _one_holder_every_day(family.child, today - dt.timedelta(days=30))


def test_responsibility_date_must_follow_the_senders_start(family, councils):
    first, _, today = _propose_two(family, councils)
    start = Responsibility.objects.get(child=family.child).valid_from
    with pytest.raises(InvalidInput) as refused:
        services.accept(councils.north_tm, first, start)
    assert refused.value.status == 422 and "The date must be after" in refused.value.problems[0].msg


def test_the_database_refuses_two_open_periods(family, councils):
    _propose_two(family, councils)
    with pytest.raises(IntegrityError), transaction.atomic():
        Responsibility.objects.create(
            child=family.child, local_authority=councils.north.local_authority, valid_from=dt.date(2027, 1, 1)
        )


def test_the_database_refuses_overlapping_periods(family, councils):
    if connection.vendor != "postgresql":
        pytest.skip("The exclusion constraint is PostgreSQL's; SQLite relies on the one-open-period constraint.")
    _propose_two(family, councils)
    with pytest.raises(IntegrityError), transaction.atomic():
        Responsibility.objects.create(
            child=family.child,
            local_authority=councils.north.local_authority,
            valid_from=dt.date(2020, 1, 1),
            valid_to=dt.date(2030, 1, 1),
        )


def test_without_transfers_the_allocation_decides(family):
    assert services.responsible_local_authority(family.child).code == "test-council"
    assert services.responsible_local_authority(family.mother) is None
