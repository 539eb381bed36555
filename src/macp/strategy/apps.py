from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "macp.strategy"
    label = "strategy"
