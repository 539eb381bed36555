from django import forms

from macp.core.forms import GovukForm


class GradingForm(GovukForm):
    """For each component: a grade on the framework's scale, the evidence, and the actions planned."""

    def __init__(self, *args, framework=None, components=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.components = list(components)
        choices = [(str(level["value"]), level["label"]) for level in framework.levels]
        for c in self.components:
            self.fields[f"level_{c.pk}"] = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                label=f"{c.number}. {c.title}",
                help_text=c.descriptor,
                error_messages={"required": f"Choose a grade for {c.title}"},
            )
            self.fields[f"evidence_{c.pk}"] = forms.CharField(
                max_length=10000,
                widget=forms.Textarea,
                label=f"Evidence for {c.title}",
                help_text="What is in place, and how you know",
                error_messages={"required": f"Enter the evidence for {c.title}"},
            )
            self.fields[f"actions_{c.pk}"] = forms.CharField(
                max_length=10000,
                widget=forms.Textarea,
                required=False,
                label=f"Actions for {c.title}",
                help_text="What is planned, by whom and by when",
            )

    def ratings(self) -> dict[int, dict]:
        d = self.cleaned_data
        return {
            c.pk: {
                "level": d.get(f"level_{c.pk}"),
                "evidence": d.get(f"evidence_{c.pk}", ""),
                "actions": d.get(f"actions_{c.pk}", ""),
            }
            for c in self.components
        }
