from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "macp.frameworks"
    label = "frameworks"
