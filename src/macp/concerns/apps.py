from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "macp.concerns"
    label = "concerns"

    def ready(self):
        from macp.concerns import signals  # noqa: F401  (connects the evaluation to people changes)

        # The person's alerts as the viewer's agency sees them, on the person page (people.sections).
        from macp.concerns.services import alerts_for
        from macp.people import sections

        sections.register("alerts", alerts_for)
