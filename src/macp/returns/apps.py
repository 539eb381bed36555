from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "macp.returns"
    label = "returns"
    verbose_name = "Statutory returns (CIN census, Ofsted Annex A)"
