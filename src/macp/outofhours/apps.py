from django.apps import AppConfig


class OutOfHoursConfig(AppConfig):
    name = "macp.outofhours"
    label = "outofhours"

    def ready(self):
        from macp.outofhours import (
            chronology,  # noqa: F401  (its records in the child's chronology)
            signals,  # noqa: F401
        )
