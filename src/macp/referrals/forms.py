"""The request-for-help question pages' input (docs/decisions/0019): each page's POST is read by a GovukForm, which
only parses (text stripped, yes/no answers as booleans, GOV.UK date boxes as dates). What is required is decided by
the same rules as the API (services.validate, through portal.problems_for), so every page saves what was typed into
the draft first, wrong dates included as empty, and then shows the service's problems and the form's own."""

import datetime as dt

from django import forms

from macp.core.forms import GovukDateField, GovukForm, YesNoField


def _text(**kwargs) -> forms.CharField:
    """Free text, stripped; empty is allowed here (the service says what is missing)."""
    return forms.CharField(required=False, **kwargs)


def _date(label: str) -> GovukDateField:
    """A GOV.UK date input with the Design System's messages for a date of birth (and a year from 1900)."""
    return GovukDateField(
        what=label.lower(),
        required=False,
        min_year=1900,
        error_messages={
            "invalid": f"{label} must be a real date",
            "incomplete": f"{label} must include a day, month and year",
        },
    )


class ReferrerForm(GovukForm):
    id_prefix = "referrer"
    ids = {"receiving_agency": "receiving_agency"}

    name = _text()
    role = _text()
    organisation = _text()
    email = _text()
    phone = _text()
    receiving_agency = _text()

    def save_to(self, data: dict) -> None:
        clean = self.cleaned_data
        data["referrer"] = {key: clean[key] for key in ("name", "role", "organisation", "email", "phone")}
        data["receiving_agency"] = clean["receiving_agency"] or None


class ConsentForm(GovukForm):
    id_prefix = "consent"

    parents = _text(strip=False)
    child = _text(strip=False)
    reason_not_sought = _text(widget=forms.Textarea)

    def save_to(self, data: dict) -> None:
        data["consent"] = {key: self.cleaned_data[key] for key in ("parents", "child", "reason_not_sought")}


class ConcernsForm(GovukForm):
    concerns = _text(widget=forms.Textarea)
    immediate_safety = _text(widget=forms.Textarea)
    tried_universal = _text(widget=forms.Textarea)
    early_help_plan = YesNoField()

    def save_to(self, data: dict) -> None:
        for key in ("concerns", "immediate_safety", "tried_universal", "early_help_plan"):
            data[key] = self.cleaned_data[key]


class PersonEntryForm(GovukForm):
    """A child's or an adult's page: the entry saved in the draft even when a date is wrong (as empty)."""

    dates: tuple[str, ...] = ()

    def entry(self) -> dict:
        self.is_valid()  # parses every field; a wrong date is left out of cleaned_data
        entry = {name: self.cleaned_data.get(name) for name in self.fields}
        for name in self.dates:
            entry[name] = entry[name].isoformat() if entry[name] else None
        return entry

    def date_errors(self) -> dict[str, str]:
        return {name: " ".join(self.errors[name]) for name in self.dates if name in self.errors}

    def boxes(self, name: str, stored: str | None) -> dict:
        """The date's boxes as typed (kept on an error), else as stored in the draft."""
        field = self.fields[name]
        if self.is_bound:
            return field.prepare_value(self[name].value())
        return field.prepare_value(dt.date.fromisoformat(stored) if stored else None)


class ChildForm(PersonEntryForm):
    dates = ("date_of_birth", "expected_date_of_birth")

    given_name = _text()
    family_name = _text()
    date_of_birth = _date("Date of birth")
    expected_date_of_birth = _date("Expected date of birth")
    sex = _text()
    nhs_number = _text()
    address = _text()
    postcode = _text()
    school = _text()
    gp = _text()
    worries = _text(widget=forms.Textarea)
    working_well = _text(widget=forms.Textarea)
    needs_to_happen = _text(widget=forms.Textarea)
    child_words = _text(widget=forms.Textarea)


class AdultForm(PersonEntryForm):
    """An adult, with one relationship answer per child already in the draft (relationship-0, relationship-1, …)."""

    dates = ("date_of_birth",)

    given_name = _text()
    family_name = _text()
    date_of_birth = _date("Date of birth")
    lives_with_children = YesNoField()
    notes = _text(widget=forms.Textarea)

    def __init__(self, *args, children: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = children
        for i in range(children):
            self.fields[f"relationship-{i}"] = _text()

    def entry(self) -> dict:
        entry = super().entry()
        entry["relationships"] = {str(i): entry.pop(f"relationship-{i}") or "unknown" for i in range(self.children)}
        return entry
