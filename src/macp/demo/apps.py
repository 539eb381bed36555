from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "macp.demo"
    label = "demo"
