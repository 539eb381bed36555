from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "macp.referrals"
    label = "referrals"
