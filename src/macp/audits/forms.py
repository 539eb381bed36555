from django import forms

from macp.accounts.models import User
from macp.audits.models import AGENCY_GRADE_CHOICES, Grade
from macp.core.forms import GovukDateField, GovukForm


class AuditForm(GovukForm):
    theme = forms.CharField(
        max_length=200,
        label="Theme",
        help_text="For example, Domestic abuse: children under 7",
        error_messages={"required": "Enter the audit's theme"},
    )
    aim = forms.CharField(
        max_length=2000,
        widget=forms.Textarea,
        label="Aim of the audit",
        error_messages={"required": "Enter the aim of the audit"},
    )
    cohort = forms.CharField(
        max_length=300,
        label="Which children",
        help_text="Described in the learning brief, for example: children with a strategy discussion in the period",
        error_messages={"required": "Describe which children the audit looks at"},
    )
    period_start = GovukDateField(what="start of the period", label="Start of the period")
    period_end = GovukDateField(what="end of the period", label="End of the period")
    criteria = forms.CharField(
        max_length=10000,
        widget=forms.Textarea,
        label="Criteria",
        help_text="One per line. Each agency grades its own part in each child against each criterion.",
        error_messages={"required": "Enter at least one criterion, one per line"},
    )


class SampleForm(GovukForm):
    size = forms.IntegerField(
        label="How many children",
        min_value=1,
        max_value=20,
        error_messages={
            "required": "Enter how many children to sample",
            "invalid": "Enter the sample size as a number, like 8",
            "min_value": "Enter a sample size from 1 to 20",
            "max_value": "Enter a sample size from 1 to 20",
        },
    )
    seed = forms.IntegerField(
        label="Random seed",
        min_value=0,
        max_value=2_000_000_000,
        help_text="The same seed draws the same children, so the draw can be checked",
        error_messages={"required": "Enter a seed", "invalid": "Enter the seed as a whole number"},
    )


class ChooseForm(GovukForm):
    person_id = forms.CharField(
        max_length=64,
        label="Record id of the child",
        help_text="The child must be in the audit's cohort",
        error_messages={"required": "Enter the record id of the child"},
    )


class AgencyForm(GovukForm):
    auditor = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Auditor",
        help_text="The person who grades their agency's part. Their agency takes part in the audit.",
        error_messages={"required": "Choose the auditor", "invalid_choice": "Choose the auditor from the list"},
    )

    def __init__(self, *args, auditors=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["auditor"]
        field.queryset = auditors if auditors is not None else User.objects.none()
        field.label_from_instance = lambda u: f"{u.get_full_name() or u.username}, {u.agency.name}"
        field.empty_label = "Choose an auditor"


class GradeForm(GovukForm):
    """A grade and a comment for each of the audit's criteria."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"grade_{c.pk}"] = forms.ChoiceField(
                choices=AGENCY_GRADE_CHOICES,
                label=f"{c.number}. {c.text}",
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose a grade for criterion {c.number}"},
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                max_length=5000, required=False, widget=forms.Textarea, label=f"Comment on criterion {c.number}"
            )

    def anchor(self, name: str) -> str:
        # The error summary links to the first radio of a criterion's grade.
        return f"{name}" if name.startswith("grade_") else super().anchor(name)

    def grades(self) -> dict[int, tuple[str, str]]:
        c = self.cleaned_data
        return {x.pk: (c.get(f"grade_{x.pk}", ""), c.get(f"comment_{x.pk}", "")) for x in self.criteria}


class MeetingForm(GovukForm):
    meeting_date = GovukDateField(what="date of the moderation meeting", label="Date of the moderation meeting")
    attendees = forms.CharField(
        max_length=5000,
        widget=forms.Textarea,
        label="Who attended",
        help_text="One per line: name, role and agency",
        error_messages={"required": "Enter who attended, one per line"},
    )


class ModerateForm(GovukForm):
    grade = forms.ChoiceField(
        choices=Grade.choices,
        widget=forms.RadioSelect,
        label="Moderated grade",
        error_messages={"required": "Choose the moderated grade"},
    )
    rationale = forms.CharField(
        max_length=5000,
        required=False,
        widget=forms.Textarea,
        label="Rationale",
        help_text="Needed where the moderated grade differs from what the agencies' grades propose",
    )


def _lines_field(label: str, hint: str, required: str | None = None) -> forms.CharField:
    return forms.CharField(
        max_length=10000,
        widget=forms.Textarea,
        label=label,
        help_text=hint,
        required=required is not None,
        error_messages={"required": required or ""},
    )


class BriefForm(GovukForm):
    worries = _lines_field(
        "What we are worried about?",
        "One point per line. Name no child.",
        "Enter what the audit group is worried about",
    )
    good_practice = _lines_field(
        "What good practice did we see?", "One point per line.", "Enter the good practice the audit saw"
    )
    learning_theme = forms.CharField(max_length=200, required=False, label="Theme for learning")
    what_we_found = _lines_field("What we found", "One point per line.")
    needs_to_happen = _lines_field("What needs to happen?", "One point per line.", "Enter what needs to happen")
