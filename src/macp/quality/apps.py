from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "macp.quality"
    label = "quality"
