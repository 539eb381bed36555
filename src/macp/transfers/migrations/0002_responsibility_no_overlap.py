"""Exactly one council responsible for a child on any date: on PostgreSQL an exclusion constraint forbids two
responsibility periods of one child whose date ranges overlap (btree_gist lets the child's id take part in the
GiST index). SQLite has no exclusion constraints; see transfers/models.py for how it stays safe there."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE transfers_responsibility ADD CONSTRAINT responsibility_no_overlap
    EXCLUDE USING gist (child_id WITH =, daterange(valid_from, valid_to, '[)') WITH &&);
"""
DROP = "ALTER TABLE transfers_responsibility DROP CONSTRAINT IF EXISTS responsibility_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("transfers", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
