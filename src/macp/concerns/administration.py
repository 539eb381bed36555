"""Alert rules are versioned data: a system administrator's change is a new version (the newest active version
runs; alerts keep the version that raised them), recorded in the administration log."""

import json

from django import forms
from django.db import transaction

from macp.accounts.administration import record
from macp.concerns.models import AlertRule
from macp.core.forms import GovukForm


class RuleVersionForm(GovukForm):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the rule's title"})
    description = forms.CharField(error_messages={"required": "Describe what the rule looks for"})
    source = forms.CharField(
        max_length=300, error_messages={"required": "Name the review or protocol the rule implements"}
    )
    params = forms.CharField(error_messages={"required": "Enter the rule's settings as JSON, {} for none"})
    active = forms.BooleanField(required=False)

    def clean_params(self):
        try:
            value = json.loads(self.cleaned_data["params"])
        except ValueError:
            raise forms.ValidationError('The settings must be JSON, for example {"window_days": 90}') from None
        if not isinstance(value, dict):
            raise forms.ValidationError('The settings must be a JSON object, for example {"window_days": 90}')
        return value


@transaction.atomic
def do_new_version(
    actor, current: AlertRule, *, title: str, description: str, source: str, params: dict, active: bool
) -> AlertRule:
    latest = AlertRule.objects.filter(code=current.code).order_by("-version").first()
    rule = AlertRule.objects.create(
        code=current.code,
        version=latest.version + 1,
        kind=current.kind,
        title=title,
        description=description,
        source=source,
        params=params,
        active=active,
    )
    record(
        actor,
        "alert rule version",
        f"{rule.code} v{rule.version}",
        f"from v{latest.version}; active {active}; params {json.dumps(params, sort_keys=True)}",
    )
    return rule
