import datetime as dt

from django import forms

from macp.core.forms import GovukForm
from macp.core.working_days import LONDON


class RecordForm(GovukForm):
    children = forms.MultipleChoiceField(error_messages={"required": "Choose at least one child"})
    local_authority = forms.CharField(
        max_length=32, error_messages={"required": "Choose the council whose day team continues the work"}
    )
    occurred_date = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={"required": "Enter the date it happened", "invalid": "Enter a real date"},
    )
    occurred_time = forms.TimeField(
        input_formats=["%H:%M"],
        error_messages={"required": "Enter the time it happened, like 23:15", "invalid": "Enter the time like 23:15"},
    )
    summary = forms.CharField(max_length=10000, error_messages={"required": "Say what happened"})
    actions_taken = forms.CharField(max_length=10000, error_messages={"required": "Say what actions you took"})
    follow_up = forms.CharField(max_length=10000, error_messages={"required": "Say what the day team needs to do"})
    telephone_strategy = forms.CharField(max_length=10000, required=False)

    def __init__(self, data=None, *, children=(), **kwargs):
        # The GOV.UK date input posts day, month and year separately; they are kept to show again as typed.
        self.parts = {p: (data or {}).get(f"occurred_date-{p}", "").strip() for p in ("day", "month", "year")}
        if data is not None:
            data = data.copy()
            ymd = [self.parts[p] for p in ("year", "month", "day")]
            data["occurred_date"] = "-".join(p.zfill(2) for p in ymd) if all(ymd) else ""
        super().__init__(data, **kwargs)
        self.fields["children"].choices = [(str(c.pk), c.full_name) for c in children]

    def occurred_at(self) -> dt.datetime:
        return dt.datetime.combine(
            self.cleaned_data["occurred_date"], self.cleaned_data["occurred_time"], tzinfo=LONDON
        )


class AcknowledgeForm(GovukForm):
    note = forms.CharField(max_length=5000, error_messages={"required": "Say what the day team is doing next"})
