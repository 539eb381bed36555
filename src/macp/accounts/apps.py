from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "macp.accounts"
    label = "accounts"
