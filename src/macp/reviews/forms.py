from django import forms

from macp.core.forms import GovukDateField, GovukForm
from macp.reviews.models import ActionStatus, Decision


class ReviewForm(GovukForm):
    title = forms.CharField(
        max_length=200,
        label="How the review is known",
        help_text="For example 'Child A' or 'Baby M'. Never a real name.",
        error_messages={"required": "Enter how the review is known, like Child A"},
    )
    notified_on = GovukDateField(
        what="date the serious incident was notified",
        label="Date the serious incident was notified",
        help_text="For example, 27 3 2027. The rapid review is due 15 working days later.",
    )
    summary = forms.CharField(
        max_length=5000,
        required=False,
        label="What happened (optional)",
        help_text="A short, anonymised description. Do not name the child or family.",
        widget=forms.Textarea,
    )


class RapidReviewForm(GovukForm):
    completed_on = GovukDateField(what="date the rapid review was completed", label="Rapid review completed")
    decision = forms.ChoiceField(
        choices=Decision.choices,
        label="Decision about a local child safeguarding practice review",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision about a local review"},
    )
    decided_on = GovukDateField(
        what="date of the decision",
        label="Date of the decision",
        required=False,
        help_text="A local review is due to be published six months after this date.",
    )
    rationale = forms.CharField(max_length=5000, required=False, label="Why", widget=forms.Textarea)


class ProgressForm(GovukForm):
    reviewer = forms.CharField(max_length=200, required=False, label="Independent reviewer")
    published_on = GovukDateField(what="date the review was published", label="Published", required=False)


class ChildForm(GovukForm):
    person_id = forms.CharField(
        max_length=64,
        label="The child's id in macp",
        help_text="Ask children's social care for it. Link a child only if the review needs to name them.",
        error_messages={"required": "Enter the child's id"},
    )
    reason = forms.CharField(
        max_length=300,
        label="Why the review needs to name the child",
        error_messages={"required": "Say why the review needs to name the child"},
    )


class RecommendationForm(GovukForm):
    label = forms.CharField(
        max_length=10,
        label="Number",
        help_text="As the report numbers it, for example 3 or h)",
        error_messages={"required": "Enter the recommendation's number as the report gives it"},
    )
    text = forms.CharField(
        max_length=5000,
        label="Recommendation",
        widget=forms.Textarea,
        error_messages={"required": "Enter the recommendation"},
    )
    themes = forms.CharField(
        max_length=1000,
        required=False,
        label="Themes",
        help_text="Separate themes with commas, for example: information sharing, professional curiosity",
    )


class ThemesForm(GovukForm):
    themes = forms.CharField(
        max_length=1000,
        required=False,
        label="Themes",
        help_text="Separate themes with commas. Leave empty to remove every theme.",
    )


class ActionForm(GovukForm):
    what = forms.CharField(
        max_length=5000,
        label="What will be done",
        widget=forms.Textarea,
        error_messages={"required": "Say what will be done"},
    )
    lead_agency = forms.ChoiceField(
        label="Lead agency", error_messages={"required": "Choose the agency that leads the action"}
    )
    lead_person = forms.CharField(
        max_length=200, required=False, label="Lead person (optional)", help_text="Name and role"
    )
    deadline = GovukDateField(what="deadline", label="Deadline")

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].choices = [("", "Choose an agency")] + [(a.code, a.name) for a in agencies]


class UpdateActionForm(GovukForm):
    status = forms.ChoiceField(
        choices=ActionStatus.choices,
        label="Status",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )
    note = forms.CharField(
        max_length=5000,
        required=False,
        label="Progress and evidence",
        help_text="What has been done, and the evidence that it is embedded in practice (audit findings, "
        "training numbers, a changed procedure).",
        widget=forms.Textarea,
    )
