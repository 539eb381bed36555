from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "macp.identity"
    label = "identity"
