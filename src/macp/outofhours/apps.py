from django.apps import AppConfig


class OutOfHoursConfig(AppConfig):
    name = "macp.outofhours"
    label = "outofhours"
