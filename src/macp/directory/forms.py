from django import forms

from macp.core.forms import GovukForm


class EntryForm(GovukForm):
    role = forms.CharField(
        max_length=5000,
        label="Role",
        help_text="What this kind of agency does in child protection, in plain English",
        widget=forms.Textarea,
        error_messages={"required": "Describe the agency's role"},
    )
    duties = forms.CharField(
        max_length=10000,
        label="Duties",
        help_text="Statutory duties and expectations, one per line",
        widget=forms.Textarea,
        error_messages={"required": "List the agency's duties, one per line"},
    )
    at_strategy_discussion = forms.CharField(
        max_length=5000, required=False, label="At a strategy discussion", widget=forms.Textarea
    )
    contacts = forms.CharField(
        max_length=5000, required=False, label="Contacts", help_text="One per line", widget=forms.Textarea
    )
    out_of_hours = forms.CharField(max_length=2000, required=False, label="Out of hours", widget=forms.Textarea)
    source = forms.CharField(max_length=300, required=False, label="Source of the duties")
