from django.urls import path

from macp.concerns import views

app_name = "concerns"
urlpatterns = [
    path("alerts/<int:alert_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("administration/alert-rules/", views.rules, name="rules"),
    path("administration/alert-rules/<slug:code>/new-version/", views.new_rule_version, name="new_rule_version"),
]
