from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "macp.intake"
    label = "intake"
