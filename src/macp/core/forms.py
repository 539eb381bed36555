"""Forms whose errors feed the GOV.UK error summary: each error is linked to its field; GOV.UK date and date-time
fields; and the description of a form's fields that core/_govuk_fields.html draws."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.core.exceptions import PermissionDenied

from macp.core.problems import InvalidInput


class GovukForm(forms.Form):
    def error_list(self) -> list[dict]:
        items = []
        for field, errors in self.errors.items():
            anchor = f"#{self.prefix + '-' if self.prefix else ''}{field}" if field != "__all__" else "#main-content"
            items.extend({"text": message, "href": anchor} for message in errors)
        return items

    def add_problems(self, problems) -> None:
        """A service's problems (core.problems.Problem) onto the fields they are about, else onto the whole form."""
        for problem in problems:
            field = next((str(part) for part in reversed(problem.loc) if str(part) in self.fields), None)
            self.add_error(field, problem.msg)

    def field_error(self, name: str) -> dict | None:
        errors = self.errors.get(name)
        return {"text": " ".join(errors)} if errors else None

    def attempt(self, action):
        """Run a service's action for this valid form: its problems go onto the fields (None is returned) and a
        refusal (PermissionError) becomes the 403 page."""
        try:
            return action()
        except InvalidInput as invalid:
            self.add_problems(invalid.problems)
        except PermissionError as refused:
            raise PermissionDenied(str(refused)) from None
        return None


# ---- GOV.UK date and date-time fields, and fields described for the shared form template ------------------------

class _PartsWidget(forms.Widget):
    """Reads name-day, name-month, name-year (and name-time) as the GOV.UK date input sends them."""

    parts = ("day", "month", "year")

    def value_from_datadict(self, data, files, name):
        return {p: (data.get(f"{name}-{p}") or "").strip() for p in self.parts}


class _DateTimeWidget(_PartsWidget):
    parts = ("day", "month", "year", "time")


class GovukDateField(forms.Field):
    """A date typed as day, month and year (GOV.UK date input pattern); keeps what was typed when it is wrong."""

    widget = _PartsWidget
    kind = "date"

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        value = value or {}
        if not any(value.get(p) for p in ("day", "month", "year")):
            return None
        try:
            return dt.date(int(value["year"]), int(value["month"]), int(value["day"]))
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(f"{self.label or 'The date'} must be a real date, like 27 3 2026") from None


class GovukDateTimeField(GovukDateField):
    """A date (day, month, year) and a time (like 14:30), in Europe/London; stored in UTC."""

    widget = _DateTimeWidget
    kind = "datetime"

    def to_python(self, value):
        if isinstance(value, dt.datetime):
            return value
        day = super().to_python(value)
        if day is None:
            return None
        text = (value.get("time") or "").lower().replace(".", ":").replace(" ", "")
        for fmt in ("%H:%M", "%I:%M%p", "%I%p", "%H"):
            try:
                moment = dt.datetime.strptime(text, fmt).time()
                break
            except ValueError:
                continue
        else:
            raise forms.ValidationError("Enter the time, like 14:30")
        return dt.datetime.combine(day, moment, tzinfo=timezone.get_current_timezone())


def govuk_fields(form: forms.Form) -> list[dict]:
    """Each field as the shared template core/_govuk_fields.html draws it: its GOV.UK component, label, hint, value as
    typed (nothing is lost on an error) and error."""
    out = []
    for name, field in form.fields.items():
        bound = form[name]
        widget = field.widget
        raw = bound.value()
        if isinstance(field, GovukDateField):
            kind = field.kind
            if isinstance(raw, dt.datetime):
                local = timezone.localtime(raw)
                raw = {"day": local.day, "month": local.month, "year": local.year, "time": f"{local:%H:%M}"}
            elif isinstance(raw, dt.date):
                raw = {"day": raw.day, "month": raw.month, "year": raw.year}
            raw = raw or {}
        elif isinstance(widget, forms.RadioSelect):
            kind = "radios"
        elif isinstance(widget, forms.Select):
            kind = "select"
        elif isinstance(widget, forms.CheckboxInput):
            kind = "checkbox"
        elif isinstance(widget, forms.Textarea):
            kind = "textarea"
        else:
            kind = "input"
        choices = [(str(v), str(label)) for v, label in getattr(field, "choices", [])] if kind in ("radios", "select") else []
        out.append({"name": bound.html_name, "id": bound.auto_id.removeprefix("id_") if bound.auto_id else name, "kind": kind,
                    "label": str(field.label or name.replace("_", " ").capitalize()), "hint": str(field.help_text or ""),
                    "value": raw if raw is not None else "", "choices": choices, "required": field.required,
                    "error": form.field_error(name) if hasattr(form, "field_error") else None})
    return out
