"""Twenty concurrent copies of one idempotent request (PostgreSQL, where requests really run in parallel): no
server errors, one stored, and the late copies answered with the first result (CONTRACTS.md §3 and §6)."""

import os
import threading

import pytest
from django.db import connections
from django.test import Client

from tests.referrals.factories import two_children

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="SQLite serialises writers (IMMEDIATE transactions); the race needs PostgreSQL",
    ),
]

COPIES = 20


def post_together(token: str, path: str, body: dict, headers: dict | None = None) -> list:
    barrier = threading.Barrier(COPIES)
    answers = [None] * COPIES

    def one(i):
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", raise_request_exception=False, headers=headers or {})
        try:
            barrier.wait()
            response = client.post(path, body, content_type="application/json")
            answers[i] = (response.status_code, response.json())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_twenty_copies_of_one_batch_store_one_and_answer_the_first_result(make_agency, make_user):
    from macp.accounts.services import issue_api_token
    from macp.intake.models import Batch, SourceRecord

    make_agency("gp-svc-001", "gp_practice", "svc")
    token = issue_api_token(make_user("integration", ["system_admin"]).username)
    body = {
        "source": "gp-svc-001",
        "batch_id": "race-1",
        "records": [
            {
                "kind": "person",
                "source_id": "P1",
                "given_name": "Amelia",
                "family_name": "Smith",
                "date_of_birth": "2019-08-02",
                "sex": "F",
                "postcode": "SV1 2AB",
            },
            {
                "kind": "person",
                "source_id": "P2",
                "given_name": "Jade",
                "family_name": "Smith",
                "date_of_birth": "1996-01-09",
                "sex": "F",
                "postcode": "SV1 2AB",
            },
            {"kind": "relationship", "source_id": "R1", "from": "P2", "to": "P1", "type": "parent"},
        ],
    }
    answers = post_together(token, "/api/v1/source-records", body)
    assert sorted({status for status, _ in answers}) == [201], answers
    assert len({repr(result) for _, result in answers}) == 1  # every copy answered with the first result
    assert Batch.objects.count() == 1 and SourceRecord.objects.count() == 3


def test_twenty_copies_of_one_request_for_help_store_one(make_agency, make_user):
    from macp.accounts.services import issue_api_token
    from macp.referrals.models import Referral

    make_agency("svc-csc", "childrens_social_care", "svc")
    school = make_agency("sch-svc-001", "school", "svc")
    token = issue_api_token(make_user("dsl", ["referrer"], school, email="dsl@hillside.invalid").username)
    body = two_children()
    answers = post_together(token, "/api/v1/referrals", body, headers={"Idempotency-Key": "race-rfh-1"})
    statuses = sorted(status for status, _ in answers)
    assert set(statuses) <= {200, 201} and statuses.count(201) == 1, answers
    assert len({result["reference"] for _, result in answers}) == 1
    assert Referral.objects.count() == 1


def test_twenty_concurrent_editors_of_one_set_of_minutes_lose_nothing(make_agency, make_user, family):
    """Each editor adds a line to the notes; a save that lost the race is told (MinutesConflict), re-reads and
    tries again, as the page does. Every line must be there at the end: 0 lost updates."""
    from macp.strategy import booking, minutes
    from macp.strategy.minutes import MinutesConflict
    from macp.strategy.models import StrategyDiscussion

    tm = make_user("tm", "team_manager", family.csc)
    make_user("coord", "strategy_coordinator", family.csc)
    writers = [make_user(f"mt{i}", "minute_taker", family.csc) for i in range(COPIES)]
    sd = booking.request(tm, [family.child], "Amelia disclosed being hit")
    barrier = threading.Barrier(COPIES)
    conflicts = [0] * COPIES

    def edit(i):
        try:
            barrier.wait()
            while True:
                current = StrategyDiscussion.objects.get(pk=sd.pk)
                notes = (current.minutes_notes + f"\nLine from editor {i}").strip()
                try:
                    minutes.save_minutes(current, writers[i], current.minutes_version, {"notes": notes})
                    return
                except MinutesConflict:
                    conflicts[i] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = StrategyDiscussion.objects.get(pk=sd.pk)
    lines = final.minutes_notes.splitlines()
    assert sorted(lines) == sorted(f"Line from editor {i}" for i in range(COPIES))
    assert final.minutes_version == COPIES
    assert sum(conflicts) > 0  # they really did race
