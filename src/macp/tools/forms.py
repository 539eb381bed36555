"""Page forms for tools, contexts, ROTH Tactical Group meetings and unknown adults (GovukForm: errors feed the GOV.UK
error summary). Services hold the rules; a form only turns text into values and carries the services' problems."""

from django import forms

from macp.core.forms import GovukForm
from macp.core.problems import InvalidInput
from macp.tools import services
from macp.tools.models import Context

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d %m %Y %H:%M"]


def date_field(message: str) -> forms.DateField:
    return forms.DateField(
        input_formats=DATE_FORMATS,
        error_messages={"required": message, "invalid": "Enter a real date, for example 27/3/2026"},
    )


class ServiceForm(GovukForm):
    """A form whose service problems (InvalidInput) land on its fields."""

    def add_problems(self, error: InvalidInput) -> None:
        for problem in error.problems:
            field = str(problem.loc[0]) if problem.loc else None
            self.add_error(field if field in self.fields else None, problem.msg)


class CompletionForm(ServiceForm):
    completed_on = date_field("Enter the date the tool was completed")
    for_family = forms.BooleanField(required=False)
    participants = forms.CharField(required=False, widget=forms.Textarea)
    child_views = forms.CharField(required=False, widget=forms.Textarea)
    parent_views = forms.CharField(required=False, widget=forms.Textarea)
    strengths = forms.CharField(required=False, widget=forms.Textarea)
    worries = forms.CharField(required=False, widget=forms.Textarea)
    overall_score = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, choices=[])
    overall_reason = forms.CharField(required=False, widget=forms.Textarea)

    def __init__(self, tool, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tool = tool
        choices = [(s["value"], s["label"]) for s in tool.scale]
        self.fields["overall_score"].choices = choices
        for domain in tool.domains:
            self.fields[f"score-{domain['code']}"] = forms.TypedChoiceField(
                required=False, coerce=int, empty_value=None, choices=choices
            )
            self.fields[f"evidence-{domain['code']}"] = forms.CharField(required=False, widget=forms.Textarea)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["scores"] = {d["code"]: data.get(f"score-{d['code']}") for d in self.tool.domains}
        data["evidence"] = {d["code"]: data.get(f"evidence-{d['code']}") or "" for d in self.tool.domains}
        return data


class ContextForm(ServiceForm):
    kind = forms.ChoiceField(
        choices=Context.Kind.choices, error_messages={"required": "Choose what kind of context this is"}
    )
    name = forms.CharField(max_length=200, error_messages={"required": "Name the place, vehicle, group or person"})
    location = forms.CharField(max_length=200, required=False)
    description = forms.CharField(required=False, widget=forms.Textarea)


class LinkForm(ServiceForm):
    context = forms.ModelChoiceField(
        queryset=Context.objects.none(),
        error_messages={
            "required": "Choose the place, group or person",
            "invalid_choice": "Choose the place, group or person",
        },
    )
    noted_on = date_field("Enter the date this was known")
    source = forms.CharField(max_length=300, error_messages={"required": "Say how this is known"})
    note = forms.CharField(required=False, widget=forms.Textarea)

    def __init__(self, contexts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["context"].queryset = contexts


class RtgReferralForm(ServiceForm):
    reason = forms.CharField(
        widget=forms.Textarea, error_messages={"required": "Say why the group should consider this"}
    )
    context = forms.ModelChoiceField(queryset=Context.objects.none(), required=False)

    def __init__(self, contexts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["context"].queryset = contexts


class RtgMeetingForm(ServiceForm):
    meets_at = forms.DateTimeField(
        input_formats=DATETIME_FORMATS,
        error_messages={
            "required": "Enter the date and time of the meeting",
            "invalid": "Enter a date and time, for example 27/3/2026 14:00",
        },
    )
    chair = forms.CharField(max_length=200, error_messages={"required": "Name the chair"})
    referrals = forms.TypedMultipleChoiceField(required=False, coerce=int, choices=[])

    def __init__(self, referrals, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referrals"].choices = [(r.pk, str(r.pk)) for r in referrals]


class RtgActionForm(ServiceForm):
    item = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, choices=[])
    owner_agency = forms.ChoiceField(
        choices=[],
        error_messages={
            "required": "Choose the agency that owns the action",
            "invalid_choice": "Choose the agency that owns the action",
        },
    )
    owner = forms.CharField(max_length=200, error_messages={"required": "Name who will do it"})
    what = forms.CharField(widget=forms.Textarea, error_messages={"required": "Say what will be done"})
    due = date_field("Enter the date it is due")

    def __init__(self, items, agencies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "The meeting as a whole")] + [(i.pk, str(i.pk)) for i in items]
        self.fields["owner_agency"].choices = [(a.code, a.name) for a in agencies]


class DiscussionForm(ServiceForm):
    discussion = forms.CharField(widget=forms.Textarea, error_messages={"required": "Record what was discussed"})


class WhoForm(ServiceForm):
    given_name = forms.CharField(max_length=100, required=False)
    family_name = forms.CharField(max_length=100, required=False)
    relationship = forms.ChoiceField(
        required=False,
        choices=[("", "")]
        + [(r.value, r.label) for r in services.WHO_RELATIONSHIPS]
        + [("partner_of_parent", "Partner of a parent (not the child's parent)")],
    )
    source = forms.CharField(max_length=250, required=False)


class DismissForm(ServiceForm):
    where = forms.CharField(max_length=120)
    rule = forms.CharField(max_length=60)
    text = forms.CharField(max_length=200, required=False)
    reason = forms.CharField(error_messages={"required": "Say why the wording should stay"})


class ContextEditForm(ContextForm):
    reason = forms.CharField(required=False, widget=forms.Textarea)


class UnlinkForm(ServiceForm):
    ended_on = date_field("Enter the date the link ended")
    reason = forms.CharField(required=False, widget=forms.Textarea)


class AttendeeForm(ServiceForm):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the attendee's name"})
    role = forms.CharField(max_length=200, required=False)
    agency = forms.ChoiceField(
        choices=[],
        error_messages={
            "required": "Choose the attendee's agency",
            "invalid_choice": "Choose the attendee's agency",
        },
    )
    apologies = forms.BooleanField(required=False)

    def __init__(self, agencies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.code, a.name) for a in agencies]


class HeldForm(ServiceForm):
    held_at = forms.DateTimeField(
        input_formats=DATETIME_FORMATS,
        error_messages={
            "required": "Enter the date and time the meeting was held",
            "invalid": "Enter a date and time, for example 27/3/2026 14:00",
        },
    )
    minutes = forms.CharField(required=False, widget=forms.Textarea)


class ActionDoneForm(ServiceForm):
    note = forms.CharField(required=False, widget=forms.Textarea)
