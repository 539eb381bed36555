from django import forms

from macp.accounts.models import Agency, AgencyType
from macp.core.forms import GovukDateField, GovukForm


class FiltersForm(GovukForm):
    """Which figures: a council (those the user may see), an agency or agency type, and a period."""

    local_authority = forms.ChoiceField(label="Council", required=False)
    agency = forms.ChoiceField(label="Agency", required=False, help_text="For the measures that are by agency")
    agency_type = forms.ChoiceField(label="Agency type", required=False)
    start = GovukDateField(label="From", what="start of the period", required=False, help_text="For example, 1 4 2026")
    end = GovukDateField(label="To", what="end of the period", required=False, help_text="For example, 31 3 2027")

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        councils = list(councils)
        all_councils = [] if len(councils) == 1 else [("", "All councils")]
        self.fields["local_authority"].choices = all_councils + [(c.code, c.name) for c in councils]
        agencies = Agency.objects.filter(active=True).order_by("name")
        if len(councils) == 1:
            agencies = agencies.filter(local_authority__in=councils) | agencies.filter(local_authority__isnull=True)
        self.fields["agency"].choices = [("", "All agencies")] + [(a.code, a.name) for a in agencies]
        self.fields["agency_type"].choices = [("", "All agency types")] + list(AgencyType.choices)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period must be on or after its start")
        return data
