"""Backups (docs/backups.md): a pg_dump of a live database restores into a new one that holds the same records, with
the audit's append-only trigger still in force."""

import os
import shutil
import subprocess

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres") or not shutil.which("pg_dump"),
        reason="a PostgreSQL round trip",
    ),
]


def test_pg_dump_and_restore_round_trip(family, make_user):
    import psycopg

    from macp.access.services import open_person

    reader = make_user("sw", ["social_worker"], family.csc)
    open_person(reader, family.child.pk, route="/test")  # one audited read
    settings = connection.settings_dict
    source = settings["NAME"]  # the test database, as pytest-django named it
    target = f"{source}_restored"
    base = [
        "-h",
        settings["HOST"] or "127.0.0.1",
        "-p",
        str(settings["PORT"] or 5432),
        "-U",
        settings["USER"] or "postgres",
    ]
    dump = subprocess.run(
        ["pg_dump", *base, "--format=custom", "--no-owner", source], capture_output=True, check=True
    ).stdout
    subprocess.run(["dropdb", *base, "--if-exists", target], check=True)
    subprocess.run(["createdb", *base, target], check=True)
    try:
        subprocess.run(["pg_restore", *base, "--no-owner", "--exit-on-error", "-d", target], input=dump, check=True)
        tables = ["people_person", "access_accessevent", "accounts_user", "django_migrations"]
        with connection.cursor() as cursor:
            before = {}
            for table in tables:
                cursor.execute(f"SELECT count(*) FROM {table}")
                before[table] = cursor.fetchone()[0]
        dsn = f"host={base[1]} port={base[3]} user={base[5]} dbname={target}"
        with psycopg.connect(dsn, autocommit=True) as restored:
            after = {table: restored.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}
            assert after == before and after["access_accessevent"] == 1
            with pytest.raises(
                psycopg.errors.InsufficientPrivilege, match="append-only"
            ):  # the audit is still append-only after a restore
                restored.execute("UPDATE access_accessevent SET username = 'someone else'")
    finally:
        subprocess.run(["dropdb", *base, "--if-exists", target], check=False)
