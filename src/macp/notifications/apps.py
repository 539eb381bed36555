from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "macp.notifications"
    label = "notifications"

    def ready(self):
        from macp.notifications import signals  # noqa: F401
