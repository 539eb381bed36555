from django import forms

from macp.core.forms import GovukForm
from macp.escalations.models import AboutKind, ChildSafe

SAFE_CHOICES = ChildSafe.choices
SAFE_ERRORS = {"required": "Say whether you think the child is safe now"}


class RaiseForm(GovukForm):
    kind = forms.ChoiceField(choices=AboutKind.choices, widget=forms.HiddenInput)
    about_id = forms.CharField(max_length=40, widget=forms.HiddenInput)
    child = forms.CharField(max_length=40, required=False, widget=forms.HiddenInput)
    dissent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    concern = forms.CharField(max_length=5000, error_messages={"required": "Say what you disagree with and why"})
    child_safe_now = forms.ChoiceField(choices=SAFE_CHOICES, error_messages=SAFE_ERRORS)


class RespondForm(GovukForm):
    outcome = forms.ChoiceField(
        choices=[("resolved", "Resolved"), ("escalate", "Move to the next stage")],
        error_messages={"required": "Choose whether it is resolved or moves to the next stage"},
    )
    child_safe_now = forms.ChoiceField(choices=SAFE_CHOICES, error_messages=SAFE_ERRORS)
    note = forms.CharField(
        max_length=5000, error_messages={"required": "Say what was agreed, or why it needs to go further"}
    )
    learning = forms.CharField(max_length=5000, required=False)
