"""Page input: Django forms whose errors feed the GOV.UK error summary, each error linked to its field.

One way to take input (docs/decisions): a page's form subclasses GovukForm; dates come in through GovukDateField
and date-times through GovukDateTimeField (the GOV.UK date input, plus a time box); a service's InvalidInput is put
on the form with add_problems; the template shows form.error_list() in the error summary and field_error(name) on
each field. `error_summary` is the same summary for a view that has problems but no form.
"""

import datetime as dt
import re

from django import forms
from django.core.exceptions import PermissionDenied

from macp.core.problems import InvalidInput, Problem
from macp.core.working_days import LONDON

DATE_EXAMPLE = "27 3 2027"
TIME_MESSAGE = "Enter a time, like 09:30 or 2:30pm"
TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def field_name(problem: Problem) -> str:
    """The field a problem is about: the last part of its loc, leaving out the API's "body"."""
    parts = [str(p) for p in problem.loc if p != "body"]
    return parts[-1] if parts else ""


def error_summary(
    problems: list[Problem], *, prefix: str = "", anchors: dict | None = None, whole_loc: bool = False
) -> tuple[dict, list]:
    """Problems keyed by the id of the field they are about, and the GOV.UK error summary linking to each.
    `anchors` maps a field id to the element the link should go to (e.g. a date's day box); unknown → #main-content.
    `whole_loc`: the id is the whole loc joined by "-" ("children-0-given_name"), for a page about a nested answer."""
    by_field, summary = {}, []
    for problem in problems:
        name = "-".join(str(p) for p in problem.loc if p != "body") if whole_loc else field_name(problem)
        field = (f"{prefix}-{name}" if prefix else name) if name else "main-content"
        field = (anchors or {}).get(field, field)
        by_field.setdefault(field, problem.msg)
        summary.append({"text": problem.msg, "href": f"#{field}"})
    return by_field, summary


def parse_time(text: str) -> dt.time | None:
    """'14:30', '2:30pm', '9am' → a clock time; None when it is not one."""
    match = TIME.match(text or "")
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class DatePartsWidget(forms.Widget):
    """The GOV.UK date input's boxes, posted as NAME-day, NAME-month, NAME-year (and NAME-time for a date-time)."""

    def __init__(self, parts=("day", "month", "year"), attrs=None):
        super().__init__(attrs)
        self.parts = parts

    def value_from_datadict(self, data, files, name):
        return {part: (data.get(f"{name}-{part}") or "").strip() for part in self.parts}

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}-{part}" in data for part in self.parts)


class GovukDateField(forms.Field):
    """A date from the GOV.UK date input. Empty boxes are None (or "required" when required)."""

    parts = ("day", "month", "year")
    kind = "date"  # how core/_govuk_fields.html draws it

    def __init__(self, *, what: str = "date", min_year: int | None = None, **kwargs):
        """`error_messages` may name "invalid" (not a real date), "incomplete" (a box left empty; "invalid" when not
        named) and "required". `min_year`: an earlier year is not a real date."""
        self.what = what
        self.min_year = min_year
        kwargs.setdefault("widget", DatePartsWidget(self.parts))
        messages = kwargs.setdefault("error_messages", {})
        messages.setdefault("required", f"Enter the {what}")
        messages.setdefault("invalid", f"Enter a real {what}, like {DATE_EXAMPLE}")
        super().__init__(**kwargs)

    def _date(self, value: dict) -> dt.date:
        boxes = [str(value.get(part, "")).strip() for part in ("day", "month", "year")]
        if not all(boxes) and "incomplete" in self.error_messages:
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            date = dt.date(int(boxes[2]), int(boxes[1]), int(boxes[0]))
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if self.min_year and date.year < self.min_year:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return date

    def to_python(self, value):
        if isinstance(value, dt.date) or value is None:
            return value
        if not any(value.values()):
            return None
        return self._date(value)

    def prepare_value(self, value) -> dict:
        """The boxes as strings, for the template, from posted parts or a stored date."""
        if isinstance(value, dict):
            return {part: value.get(part, "") for part in self.parts}
        if isinstance(value, dt.datetime):
            local = value.astimezone(LONDON)
            return {"day": str(local.day), "month": str(local.month), "year": str(local.year), "time": f"{local:%H:%M}"}
        if isinstance(value, dt.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        return {part: "" for part in self.parts}


class GovukDateTimeField(GovukDateField):
    """A London date and clock time: the GOV.UK date input and a time box. `default_time` is used when a date is
    given without a time (an action due on a day is due at the end of the working day)."""

    parts = ("day", "month", "year", "time")
    kind = "datetime"

    def __init__(self, *, default_time: dt.time | None = None, **kwargs):
        self.default_time = default_time
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dt.datetime) or value is None:
            return value
        if not any(value.values()):
            return None
        date = self._date(value)
        clock = parse_time(value.get("time", "")) if value.get("time") else self.default_time
        if clock is None:
            raise forms.ValidationError(TIME_MESSAGE, code="invalid_time")
        return dt.datetime.combine(date, clock, tzinfo=LONDON)


class YesNoField(forms.Field):
    """A yes/no radio answer: True, False, or None when neither (not an error here: a service says if it is needed).
    GovukForm.value shows it as "yes"/"no" again."""

    widget = forms.RadioSelect(choices=[("yes", "Yes"), ("no", "No")])

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, bool) or value is None:
            return value
        return {"yes": True, "no": False}.get(str(value).strip().lower())


class GovukForm(forms.Form):
    # Ids on the page are "<id_prefix>-<field>" (or the form's prefix), so two forms' fields never share an id;
    # the posted names stay the plain field names.
    id_prefix = ""
    ids: dict = {}  # a field whose id on the page is not "<id_prefix>-<field>"

    def html_id(self, name: str) -> str:
        if name in self.ids:
            return self.ids[name]
        prefix = self.id_prefix or self.prefix
        return f"{prefix}-{name}" if prefix else name

    def anchor(self, name: str) -> str:
        """The id the error summary links to: the field's own, or a date input's first box."""
        if name == "__all__" or name not in self.fields:
            return "main-content"
        html_id = self.html_id(name)
        return f"{html_id}-day" if isinstance(self.fields[name], GovukDateField) else html_id

    def error_list(self) -> list[dict]:
        items = []
        for field, errors in self.errors.items():
            items.extend({"text": message, "href": f"#{self.anchor(field)}"} for message in errors)
        return items

    def field_error(self, name: str) -> dict | None:
        errors = self.errors.get(name)
        return {"text": " ".join(errors)} if errors else None

    def add_problems(self, problems: list[Problem], aliases: dict | None = None) -> None:
        """A service's problems on the fields they are about (`aliases` renames a service's field to the form's);
        anything about no field of this form goes to the summary, linked to the page."""
        for problem in problems:
            name = (aliases or {}).get(field_name(problem), field_name(problem))
            if name in self.fields and not (self.errors.get(name) and problem.msg in self.errors[name]):
                self.add_error(name, problem.msg)
            elif name not in self.fields:
                self.add_error(None, problem.msg)

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

    def value(self, name: str, default: str = ""):
        """What to show in the field: what was posted, else the initial value; never an undefined."""
        field = self.fields[name]
        value = self[name].value()
        if isinstance(field, GovukDateField):
            return field.prepare_value(value)
        if value is None:
            return default
        if isinstance(value, bool):
            return {True: "yes", False: "no"}[value]
        return value


def govuk_fields(form: forms.Form) -> list[dict]:
    """Each field as the shared template core/_govuk_fields.html draws it: its GOV.UK component, label, hint, value as
    typed (nothing is lost on an error) and error."""
    out = []
    for name, field in form.fields.items():
        bound = form[name]
        widget = field.widget
        raw = bound.value()
        if isinstance(field, GovukDateField):
            kind, raw = field.kind, field.prepare_value(raw)
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
        choices = (
            [(str(v), str(label)) for v, label in getattr(field, "choices", [])] if kind in ("radios", "select") else []
        )
        out.append(
            {
                "name": bound.html_name,
                "id": bound.auto_id.removeprefix("id_") if bound.auto_id else name,
                "kind": kind,
                "label": str(field.label or name.replace("_", " ").capitalize()),
                "hint": str(field.help_text or ""),
                "value": raw if raw is not None else "",
                "choices": choices,
                "required": field.required,
                "error": form.field_error(name) if hasattr(form, "field_error") else None,
            }
        )
    return out


def form_page(request, template: str, form, **context):
    """A question page: the form, its error summary, and 400 when it has errors (so a refused POST is not a 200)."""
    from django.shortcuts import render

    return render(
        request,
        template,
        {"form": form, "error_list": form.error_list(), **context},
        status=400 if form.errors else 200,
    )
