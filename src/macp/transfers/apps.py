from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "macp.transfers"
    label = "transfers"

    def ready(self):
        from macp.transfers import chronology  # noqa: F401  (its entries in the child's chronology)
