"""Forms whose errors feed the GOV.UK error summary: each error is linked to its field."""

from django import forms
from django.contrib.auth.password_validation import validate_password

from macp.core.forms import GovukForm


class SignInForm(GovukForm):
    username = forms.CharField(max_length=150, strip=True, error_messages={"required": "Enter your username"})
    password = forms.CharField(strip=False, error_messages={"required": "Enter your password"})


class ChangePasswordForm(GovukForm):
    current_password = forms.CharField(strip=False, error_messages={"required": "Enter your current password"})
    new_password = forms.CharField(strip=False, error_messages={"required": "Enter a new password"})
    confirm_password = forms.CharField(strip=False, error_messages={"required": "Enter the new password again"})

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_current_password(self):
        value = self.cleaned_data["current_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError("Your current password is not right")
        return value

    def clean(self):
        data = super().clean()
        new, confirm = data.get("new_password"), data.get("confirm_password")
        if new and confirm and new != confirm:
            self.add_error("confirm_password", "The two new passwords do not match")
        elif new:
            try:
                validate_password(new, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password", error)
        return data


class TokenForm(GovukForm):
    token = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "invalid": "The code must be 6 digits",
        },
    )
