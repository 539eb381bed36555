"""Load the frameworks shipped in frameworks/data (the 12Cs). Idempotent: running it again updates them."""

from django.db import migrations

from macp.frameworks.services import load_shipped


def load(apps, schema_editor):
    load_shipped(framework_model=apps.get_model("frameworks", "Framework"), component_model=apps.get_model("frameworks", "Component"))


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
