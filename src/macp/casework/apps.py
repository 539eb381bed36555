from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "macp.casework"
    label = "casework"
    verbose_name = "Casework records for the statutory returns"
