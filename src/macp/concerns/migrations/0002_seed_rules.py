"""The first version of each alert rule (issue: cumulative-concern and protocol alerts)."""

from django.db import migrations

RULES = [
    {
        "code": "cumulative-contacts", "kind": "event_count",
        "title": "Three or more requests for help or referrals in 12 months",
        "description": "Three or more requests for help, contacts or below-threshold referrals about a child or their household within 12 months, from any agencies.",
        "source": "Wales thematic review of Child Practice Reviews (2023): soft intelligence and below-threshold referrals never accumulated",
        "params": {"event_types": ["referral", "referral_nfa"], "threshold": 3, "window_days": 365, "scope": "household",
                   "noun": "requests for help or referrals"},
    },
    {
        "code": "was-not-brought", "kind": "event_count",
        "title": "Two or more health appointments not brought to in 6 months",
        "description": "Two or more 'was not brought' health appointments within 6 months.",
        "source": "Wales thematic review (2023) and Bristol CSPR (2024): missed health appointments as neglect indicators",
        "params": {"event_types": ["was_not_brought"], "threshold": 2, "window_days": 183, "scope": "person",
                   "noun": "health appointments not brought to"},
    },
    {
        "code": "domestic-abuse-household", "kind": "event_count",
        "title": "Two or more domestic abuse incidents at the household in 12 months",
        "description": "Two or more domestic-abuse incidents at the household within 12 months.",
        "source": "Wales thematic review (2023); SGlos multi-agency audit on domestic abuse (2024)",
        "params": {"event_types": ["domestic_abuse_incident"], "threshold": 2, "window_days": 365, "scope": "household",
                   "noun": "domestic abuse incidents"},
    },
    {
        "code": "non-mobile-injury", "kind": "non_mobile_injury",
        "title": "Injury to a non-mobile baby",
        "description": "Any injury to a baby under 6 months (not yet mobile): multi-agency information sharing is mandatory and a strategy discussion must be considered.",
        "source": "South Gloucestershire non-mobile baby protocol and Baby M / Child L learning (seed 004)",
        "params": {"event_types": ["injury"], "max_age_days": 183},
    },
    {
        "code": "pre-birth", "kind": "pre_birth",
        "title": "Pre-birth pathway: consider a pre-birth assessment",
        "description": "A pregnancy booked where a parent-to-be is a care leaver, is under 21, has a history of domestic abuse, mental illness or substance misuse, or has had children removed (or has older children known to children's social care).",
        "source": "SGlos learning from Baby M (a parent was a care leaver, impact not explored) and pre-birth protocol",
        "params": {"young_parent_age": 21, "previous_children_known": True},
    },
    {
        "code": "other-children-in-household", "kind": "household_siblings",
        "title": "An incident about another child in this household",
        "description": "An incident about one child in a household: every other child living there is listed for consideration.",
        "source": "SGlos Family D learning brief: the remaining children were not considered despite living in the same house",
        "params": {"event_types": ["injury", "domestic_abuse_incident", "missing_episode", "home_conditions_concern", "school_exclusion"],
                   "window_days": 90},
    },
    {
        "code": "already-allocated", "kind": "allocated_worker",
        "title": "Referred again while already allocated: tell the allocated worker",
        "description": "A child who already has a social worker, youth justice worker or early help plan is referred again: the allocated worker is told.",
        "source": "Bristol CSPR (2024) on information not reaching the worker who holds the case",
        "params": {"event_types": ["referral", "referral_nfa"], "roles": ["allocated_social_worker", "youth_justice", "early_help"]},
    },
]


def seed(apps, schema_editor):
    AlertRule = apps.get_model("concerns", "AlertRule")
    for rule in RULES:
        AlertRule.objects.get_or_create(code=rule["code"], version=1, defaults=rule)


def unseed(apps, schema_editor):
    apps.get_model("concerns", "AlertRule").objects.filter(code__in=[r["code"] for r in RULES], version=1, alerts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("concerns", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
