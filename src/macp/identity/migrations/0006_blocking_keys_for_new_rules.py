"""Blocking keys for the rule the linker gained in issue 15, for the person records already held: postcode district
+ given-name key + family-name soundex ("dgs:"). Each record gets the keys of the current rules it does not have yet
(new records are keyed as they arrive)."""

from django.db import migrations


def reindex_person_records(apps, schema_editor):
    from macp.identity.linkage.incoming import blocking_keys

    SourceRecord = apps.get_model("intake", "SourceRecord")
    BlockingKey = apps.get_model("identity", "BlockingKey")
    batch = []
    for record in SourceRecord.objects.filter(kind="person").iterator(chunk_size=2000):
        data = record.data or {}
        row = {f: data.get(f) or "" for f in ("given_name", "family_name", "sex", "nhs_number", "postcode")}
        row["date_of_birth"] = (
            data.get("date_of_birth") or data.get("date_of_birth_as_sent") or data.get("expected_date_of_birth") or ""
        )
        batch += [BlockingKey(source_record_id=record.pk, key=key) for key in blocking_keys(row)]
        if len(batch) >= 5000:
            BlockingKey.objects.bulk_create(batch, ignore_conflicts=True)  # the keys it has already stay
            batch = []
    BlockingKey.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0005_blocking_keys"),
        ("intake", "0001_initial"),
    ]

    operations = [migrations.RunPython(reindex_person_records, migrations.RunPython.noop)]
