from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "macp.access"
    label = "access"
