from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "macp.escalations"
    label = "escalations"
