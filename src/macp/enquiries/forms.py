"""The page forms of enquiries and conferences. Each is a GovukForm, validated for shape here; the rules live in
the services, whose problems the views add back to the form."""

from django import forms

from macp.core.forms import GovukDateField, GovukDateTimeField, GovukForm
from macp.enquiries.models import Answer, ConferenceChild, Enquiry, Hypothesis, Task

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class AllocateForm(GovukForm):
    social_worker = forms.ChoiceField(label="Social worker", required=False, choices=[])
    police_investigator = forms.ChoiceField(label="Police investigator", required=False, choices=[])

    def __init__(self, *args, people: dict, own: set, **kwargs):
        super().__init__(*args, **kwargs)
        for name, users in (
            ("social_worker", people["social_workers"]),
            ("police_investigator", people["police_investigators"]),
        ):
            if name in own:
                self.fields[name].choices = [("", "Not allocated")] + [(str(u.pk), u.display_name) for u in users]
            else:
                del self.fields[name]


class PlanForm(GovukForm):
    safety_plan = forms.CharField(
        label="Safety plan",
        widget=forms.Textarea,
        required=False,
        help_text="How the child is kept safe while the enquiry goes on, and who does what",
    )
    contingency = forms.CharField(
        label="If the medical results are inconclusive",
        widget=forms.Textarea,
        required=False,
        help_text="The contingency: what happens next if the child protection medical is inconclusive",
    )


class HypothesisForm(GovukForm):
    statement = forms.CharField(
        label="Hypothesis",
        widget=forms.Textarea,
        required=False,
        help_text="A possible explanation of what is happening to the child, to confirm or exclude",
    )
    evidence_for = forms.CharField(label="Evidence for", widget=forms.Textarea, required=False)
    evidence_against = forms.CharField(label="Evidence against", widget=forms.Textarea, required=False)
    status = forms.ChoiceField(
        label="Status", choices=Hypothesis.Status.choices, widget=forms.RadioSelect, initial="open"
    )


class TaskForm(GovukForm):
    kind = forms.ChoiceField(label="Task", choices=Task.Kind.choices, widget=forms.RadioSelect, required=False)
    detail = forms.CharField(label="Details", required=False)
    agency = forms.ChoiceField(label="Agency doing it", required=False, choices=[])
    due = GovukDateField(label="Due by", required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Choose the agency")] + [(a.code, a.name) for a in agencies]


class TaskDoneForm(GovukForm):
    note = forms.CharField(label="What was done, and what it found", widget=forms.Textarea, required=False)


class ChildSeenForm(GovukForm):
    seen_at = GovukDateTimeField(
        label="When the child was seen", required=False, help_text="Leave empty if the child has not been seen"
    )
    seen_alone = forms.ChoiceField(
        label="Was the child seen alone?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    by_agency = forms.ChoiceField(label="Seen by (agency)", required=False, choices=[])
    by_name = forms.CharField(label="Seen by (name)", required=False)
    note = forms.CharField(label="What was seen", widget=forms.Textarea, required=False)
    not_seen_reason = forms.CharField(
        label="If the child has not been seen: why not", widget=forms.Textarea, required=False
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by_agency"].choices = [("", "Choose the agency")] + [(a.code, a.name) for a in agencies]


class VoiceForm(GovukForm):
    recorded_at = GovukDateTimeField(label="When", required=False)
    words = forms.CharField(
        label="The child's own words, wishes and feelings",
        widget=forms.Textarea,
        required=False,
        help_text="As the child said them. For a baby or a child who cannot speak: what was observed",
    )
    observed = forms.BooleanField(
        label="This is what was observed (the child cannot speak for themselves)", required=False
    )
    method = forms.CharField(
        label="How it was obtained",
        required=False,
        help_text="For example: seen alone at school; play; observed at home",
    )
    by_agency = forms.ChoiceField(label="Agency", required=False, choices=[])

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by_agency"].choices = [("", "Choose the agency")] + [(a.code, a.name) for a in agencies]


class OutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome", choices=Enquiry.Outcome.choices, widget=forms.RadioSelect, required=False
    )
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea, required=False)


class QuestionForm(GovukForm):
    text = forms.CharField(
        label="Key question",
        required=False,
        help_text="For example: Who lives in the household? Who cares for the baby at night?",
    )


class AnswerForm(GovukForm):
    state = forms.ChoiceField(
        label="What this agency holds", choices=Answer.State.choices, widget=forms.RadioSelect, required=False
    )
    note = forms.CharField(label="What is known, or what the gap is", widget=forms.Textarea, required=False)
    what = forms.CharField(
        label="Action to close the gap", required=False, help_text="Needed for not known, ambiguous or missing"
    )
    owner = forms.CharField(label="Owner", required=False)
    due = GovukDateField(label="Due by", required=False)


class BookConferenceForm(GovukForm):
    at = GovukDateTimeField(label="Date and time of the conference", required=False)
    late_reason = forms.CharField(label="If it is after its due date: why", widget=forms.Textarea, required=False)


class ViewsForm(GovukForm):
    views = forms.CharField(label="Views", widget=forms.Textarea, required=False)


class ReportForm(GovukForm):
    agency = forms.ChoiceField(label="Agency", required=False, choices=[])
    text = forms.CharField(label="Report", widget=forms.Textarea, required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Choose the agency")] + [(a.code, a.name) for a in agencies]


class ConferenceDecisionForm(GovukForm):
    plan = forms.ChoiceField(label="Child protection plan", choices=YES_NO, widget=forms.RadioSelect, required=False)
    category = forms.ChoiceField(
        label="Category", choices=ConferenceChild.Category.choices, widget=forms.RadioSelect, required=False
    )
    rationale = forms.CharField(label="Reason for the decision", widget=forms.Textarea, required=False)
    lead_social_worker = forms.ChoiceField(label="Lead social worker", required=False, choices=[])
    core_group = forms.CharField(
        label="Core group",
        widget=forms.Textarea,
        required=False,
        help_text="The professionals and family members who carry out the plan",
    )

    def __init__(self, *args, social_workers, review: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if review:
            self.fields["plan"].label = "Does the child protection plan continue?"
            self.fields["plan"].help_text = "Yes: the plan continues (with its category). No: the plan ends."
        self.fields["lead_social_worker"].choices = [("", "Choose")] + [
            (str(u.pk), u.display_name) for u in social_workers
        ]


class DissentForm(GovukForm):
    agency = forms.ChoiceField(label="Agency that disagrees", required=False, choices=[])
    reason = forms.CharField(label="What it disagrees with, and why", widget=forms.Textarea, required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Choose the agency")] + [(a.code, a.name) for a in agencies]


class SearchForm(GovukForm):
    name = forms.CharField(label="Name", required=False, help_text="Nicknames and other spellings are found too")
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    nhs_number = forms.CharField(label="NHS number", required=False)
    postcode = forms.CharField(label="Postcode", required=False)
