"""The default stages of the Resolving Professional Differences protocol (issue 11; seed 003 Child Alex).
A partnership changes them in the admin."""

from django.db import migrations

from macp.escalations.defaults import DEFAULT_STAGES


def add_stages(apps, schema_editor):
    Stage = apps.get_model("escalations", "Stage")
    for number, title, who, days, prompt in DEFAULT_STAGES:
        Stage.objects.update_or_create(number=number, defaults={"title": title, "who": who, "working_days": days, "prompt": prompt})


class Migration(migrations.Migration):
    dependencies = [("escalations", "0001_initial")]
    operations = [migrations.RunPython(add_stages, migrations.RunPython.noop)]
