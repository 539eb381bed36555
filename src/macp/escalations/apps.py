from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "macp.escalations"
    label = "escalations"

    def ready(self):
        # The child's open escalations on the person page (people.sections).
        from macp.escalations.services import open_for_child
        from macp.people import sections

        sections.register("child_escalations", lambda person, user: open_for_child(person))
