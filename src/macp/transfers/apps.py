from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "macp.transfers"
    label = "transfers"
