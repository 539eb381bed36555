from django.urls import path

from macp.concerns import views

app_name = "concerns"
urlpatterns = [path("alerts/<int:alert_id>/acknowledge/", views.acknowledge, name="acknowledge")]
