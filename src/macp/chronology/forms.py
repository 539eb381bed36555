from django import forms

from macp.chronology.models import EntryStatus, Significance
from macp.core.forms import GovukDateField, GovukDateTimeField, GovukForm

SIGNIFICANCE = [("", "Not rated")] + Significance.choices


class FilterForm(GovukForm):
    agency = forms.ChoiceField(label="Agency", required=False, choices=[])
    type = forms.ChoiceField(label="Type", required=False, choices=[])
    significance = forms.ChoiceField(
        label="Significance", required=False, choices=[("", "Any")] + Significance.choices + [("none", "Not rated")]
    )
    start = GovukDateField(label="From", required=False)
    end = GovukDateField(label="To", required=False)

    def __init__(self, *args, facets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Any agency")] + facets["agencies"]
        self.fields["type"].choices = [("", "Any type")] + facets["types"]


class EntryForm(GovukForm):
    occurred_at = GovukDateTimeField(label="When it happened", required=False)
    type = forms.CharField(
        label="Type of event", required=False, help_text="For example: home visit, disclosure, missed appointment"
    )
    summary = forms.CharField(label="What happened", widget=forms.Textarea, required=False)
    significance = forms.ChoiceField(
        label="Significance", choices=SIGNIFICANCE, widget=forms.RadioSelect, required=False
    )
    status = forms.ChoiceField(
        label="Status", choices=EntryStatus.choices, widget=forms.RadioSelect, required=False, initial="confirmed"
    )


class AnalysisForm(GovukForm):
    text = forms.CharField(
        label="Analysis: what does this tell us about the child?", widget=forms.Textarea, required=False
    )
    significance = forms.ChoiceField(
        label="Significance", choices=SIGNIFICANCE, widget=forms.RadioSelect, required=False
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "As the source says")] + EntryStatus.choices,
        widget=forms.RadioSelect,
        required=False,
    )
