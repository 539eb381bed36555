"""An import killed midway (kill -9 while its transaction is open) leaves nothing half-written, and the same
command run again imports the whole file once (issue #14 item 4). PostgreSQL: the command runs in its own process
against the test database, which only a server database allows."""

import os
import subprocess
import sys
import time

import pytest
from django.db import connection

from macp.intake.models import Batch, SourceRecord
from macp.people.models import Person

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a second process needs a server database"),
]

RECORDS = 300  # the import is one transaction: killed at its first INSERT whatever the size


def command(path, env):
    return [sys.executable, "-m", "macp.cli", "import-records", str(path), "--source", "hv-kill"]


def test_an_import_killed_midway_leaves_nothing_and_reruns_cleanly(make_agency, tmp_path):
    make_agency("hv-kill", "community_health", "svc")
    path = tmp_path / "health.csv"
    rows = ["kind,source_id,given_name,family_name,date_of_birth,sex,postcode"]
    rows += [f"person,K{i},Child{i},Family{i % 97},2015-01-{1 + i % 28:02d},F,SV1 2AB" for i in range(RECORDS)]
    path.write_text("\n".join(rows) + "\n")
    settings_db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{settings_db['USER']}@{settings_db['HOST']}:{settings_db['PORT']}/{settings_db['NAME']}",
        "MACP_TESTING": "1",
    }
    process = subprocess.Popen(command(path, env), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Kill it once it has written inside its open transaction (seen from here as rows we cannot yet see).
    deadline = time.monotonic() + 120
    with connection.cursor() as cursor:
        while time.monotonic() < deadline and process.poll() is None:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND xact_start IS NOT NULL AND state <> 'idle' AND query ILIKE '%%INSERT%%'"
            )
            if cursor.fetchone()[0]:
                break
            time.sleep(0.05)
    assert process.poll() is None, "the import finished before it could be killed: make the file bigger"
    process.kill()
    process.wait(timeout=30)
    time.sleep(0.5)  # the server notices the closed connection and rolls the transaction back
    assert SourceRecord.objects.count() == 0 and Batch.objects.count() == 0 and Person.objects.count() == 0

    done = subprocess.run(command(path, env), env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert f"Imported {RECORDS} records" in done.stdout
    assert SourceRecord.objects.count() == RECORDS and Batch.objects.count() == 1
    assert Person.objects.count() == RECORDS
