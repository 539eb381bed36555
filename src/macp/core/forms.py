"""Forms whose errors feed the GOV.UK error summary: each error is linked to its field."""

from django import forms
from django.core.exceptions import PermissionDenied

from macp.core.problems import InvalidInput


class GovukForm(forms.Form):
    def error_list(self) -> list[dict]:
        items = []
        for field, errors in self.errors.items():
            anchor = f"#{self.prefix + '-' if self.prefix else ''}{field}" if field != "__all__" else "#main-content"
            items.extend({"text": message, "href": anchor} for message in errors)
        return items

    def field_error(self, name: str) -> dict | None:
        errors = self.errors.get(name)
        return {"text": " ".join(errors)} if errors else None

    def add_problems(self, problems) -> None:
        """Put a service's problems (core.problems.Problem) on the fields they name, the rest on the form."""
        for problem in problems:
            field = next((str(part) for part in reversed(problem.loc) if str(part) in self.fields), None)
            self.add_error(field, problem.msg)

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
