"""The system administrator's forms."""

from django import forms
from django.core.validators import RegexValidator

from macp.accounts.models import Agency, AgencyType, LocalAuthority, Role, Team, User
from macp.core.forms import GovukForm


class UserForm(GovukForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"),
        required=False,
        to_field_name="code",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.select_related("agency"),
        required=False,
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    roles = forms.MultipleChoiceField(choices=Role.choices, required=False)

    def clean(self):
        data = super().clean()
        from macp.accounts.administration import check_roles

        for problem in check_roles(data.get("roles") or [], data.get("agency")):
            self.add_error("roles" if "role" in problem else "agency", problem)
        team, agency = data.get("team"), data.get("agency")
        if team and team.agency_id != getattr(agency, "pk", None):
            self.add_error("team", "Choose a team of the user's agency")
        return data


class NewUserForm(UserForm):
    username = forms.CharField(
        max_length=150,
        validators=[RegexValidator(r"^[\w.@+-]+$", "Use letters, numbers and . @ + - _ only")],
        error_messages={"required": "Enter a username"},
    )
    first_name = forms.CharField(max_length=150, error_messages={"required": "Enter a first name"})
    last_name = forms.CharField(max_length=150, error_messages={"required": "Enter a last name"})
    email = forms.EmailField(required=False, error_messages={"invalid": "Enter an email address like name@example.org"})

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("A user with this username already exists")
        return username


class ChangeUserForm(UserForm):
    active = forms.TypedChoiceField(
        choices=[("yes", "Active"), ("no", "Deactivated")],
        coerce=lambda v: v == "yes",
        error_messages={"required": "Say whether the account is active"},
    )


class AgencyForm(GovukForm):
    code = forms.SlugField(
        max_length=64,
        error_messages={"required": "Enter a code", "invalid": "Use lower-case letters, numbers and hyphens"},
    )
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the agency's name"})
    type = forms.ChoiceField(choices=AgencyType.choices, error_messages={"required": "Choose the type of agency"})
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.all(), required=False, to_field_name="code"
    )
    email = forms.EmailField(required=False, error_messages={"invalid": "Enter an email address like name@example.org"})
    active = forms.BooleanField(required=False)

    def __init__(self, *args, instance: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is not None:
            self.fields["code"].disabled = True
            self.initial.update(
                code=instance.code,
                name=instance.name,
                type=instance.type,
                email=instance.email,
                active=instance.active,
                local_authority=instance.local_authority,
            )

    def clean_code(self):
        code = self.cleaned_data["code"]
        if self.instance is None and Agency.objects.filter(code=code).exists():
            raise forms.ValidationError("An agency with this code already exists")
        return code


class TeamForm(GovukForm):
    code = forms.SlugField(
        max_length=64,
        error_messages={"required": "Enter a code", "invalid": "Use lower-case letters, numbers and hyphens"},
    )
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the team's name"})
