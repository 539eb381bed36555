from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "macp.chronology"
    label = "chronology"

    def ready(self):
        # The providers for the domains below chronology (agency events, requests for help, strategy discussions).
        from macp.chronology import providers  # noqa: F401
