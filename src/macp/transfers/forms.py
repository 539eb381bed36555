from django import forms

from macp.core.forms import GovukForm
from macp.transfers.models import Kind


class ProposeForm(GovukForm):
    to_local_authority = forms.CharField(
        max_length=32, error_messages={"required": "Choose the council the case moves to"}
    )
    to_team = forms.IntegerField(required=False)
    kind = forms.ChoiceField(
        choices=Kind.choices, error_messages={"required": "Choose child in need, child protection or looked after"}
    )
    reason = forms.CharField(max_length=5000, error_messages={"required": "Say why the case should move"})


class AcceptForm(GovukForm):
    responsibility_from = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={"required": "Enter the date your council takes responsibility", "invalid": "Enter a real date"},
    )

    def __init__(self, data=None, **kwargs):
        # The GOV.UK date input posts day, month and year separately; they are kept to show again as typed.
        self.parts = {p: (data or {}).get(f"responsibility_from-{p}", "").strip() for p in ("day", "month", "year")}
        if data is not None:
            ymd = [self.parts[p] for p in ("year", "month", "day")]
            data = {"responsibility_from": "-".join(p.zfill(2) for p in ymd) if all(ymd) else ""}
        super().__init__(data, **kwargs)


class DeclineForm(GovukForm):
    reason = forms.CharField(max_length=5000, error_messages={"required": "Give the reason for declining"})
