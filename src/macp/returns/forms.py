from django import forms

from macp.core.forms import GovukDateField, GovukForm


class AnnexAForm(GovukForm):
    id_prefix = "annex"
    start = GovukDateField(label="From", what="first day of the period", help_text="For example, 1 5 2026")
    end = GovukDateField(label="To", what="last day of the period", help_text="For example, 31 10 2026")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The last day must be on or after the first day")
        return data


class CensusForm(GovukForm):
    id_prefix = "census"
    year = forms.TypedChoiceField(label="Census year", coerce=int, choices=[], help_text="The year ending 31 March")

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"1 April {y - 1} to 31 March {y}") for y in years]
