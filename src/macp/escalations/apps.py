from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "macp.escalations"
    label = "escalations"

    def ready(self):
        from macp.escalations import chronology  # noqa: F401  (its entries in the child's chronology)

        # The child's open escalations on the person page (people.sections).
        from macp.escalations.services import open_for_child
        from macp.people import sections

        sections.register("child_escalations", lambda person, user: open_for_child(person))
