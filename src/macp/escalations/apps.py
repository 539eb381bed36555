from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "macp.escalations"
    label = "escalations"

    def ready(self):
        from macp.escalations import chronology  # noqa: F401  (its entries in the child's chronology)
