from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "macp.concerns"
    label = "concerns"

    def ready(self):
        from macp.concerns import signals  # noqa: F401  (connects the evaluation to people changes)
