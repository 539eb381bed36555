from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "macp.core"
    label = "core"
