"""Forms whose errors feed the GOV.UK error summary: each error is linked to its field."""

from django import forms


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
