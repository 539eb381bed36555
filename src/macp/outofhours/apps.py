from django.apps import AppConfig


class OutOfHoursConfig(AppConfig):
    name = "macp.outofhours"
    label = "outofhours"

    def ready(self):
        from macp.outofhours import signals  # noqa: F401
