"""The first version of the Neglect Toolkit, the ROTH tool and the continuum of need (tools.reference), and the
alert rule for a change of band on a tool."""

from django.db import migrations

from macp.tools.reference import CONTINUUM, TOOLS

BAND_RULE = {
    "code": "tool-band-change", "kind": "raised_on_record",
    "title": "A practice tool's overall band has changed",
    "description": "The overall band of a Neglect Toolkit or ROTH tool differs from the previous completion for the same child.",
    "source": "South Gloucestershire Neglect Toolkit and ROTH tool (seed 004): scores over time show change",
    "params": {},
}


def seed(apps, schema_editor):
    Tool = apps.get_model("tools", "Tool")
    for tool in TOOLS:
        Tool.objects.get_or_create(code=tool["code"], version=tool["version"], defaults={k: v for k, v in tool.items() if k not in ("code", "version")})
    Guidance = apps.get_model("tools", "ThresholdGuidance")
    guidance, created = Guidance.objects.get_or_create(version=CONTINUUM["version"], defaults={"title": CONTINUUM["title"], "source": CONTINUUM["source"]})
    if created:
        for level in CONTINUUM["levels"]:
            row = guidance.levels.create(code=level["code"], title=level["title"], summary=level["summary"], response=level["response"], order=level["order"])
            for code, text in level["indicators"]:
                row.indicators.create(code=code, text=text)
    apps.get_model("concerns", "AlertRule").objects.get_or_create(code=BAND_RULE["code"], version=1, defaults=BAND_RULE)


def unseed(apps, schema_editor):
    apps.get_model("concerns", "AlertRule").objects.filter(code=BAND_RULE["code"], alerts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("tools", "0001_initial"), ("concerns", "0002_seed_rules")]
    operations = [migrations.RunPython(seed, unseed)]
