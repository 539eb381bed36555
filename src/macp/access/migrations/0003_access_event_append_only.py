"""The audit of reads is append-only: the database itself refuses UPDATE and DELETE of an access event.

PostgreSQL: a trigger for UPDATE and DELETE (TRUNCATE stays possible for test databases and retention jobs run by
the DPO's procedures). SQLite (the embedded default): UPDATE is refused; DELETE is left to the application because
Django's test flush deletes rows one table at a time.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION access_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_event_append_only
    BEFORE UPDATE OR DELETE ON access_accessevent
    FOR EACH ROW EXECUTE FUNCTION access_event_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS access_event_append_only ON access_accessevent;
DROP FUNCTION IF EXISTS access_event_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER access_event_no_update BEFORE UPDATE ON access_accessevent
BEGIN SELECT RAISE(ABORT, 'access events are append-only: UPDATE refused'); END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS access_event_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]
    operations = [migrations.RunPython(forward, reverse)]
