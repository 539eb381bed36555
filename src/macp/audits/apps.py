from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "macp.audits"
    label = "audits"
