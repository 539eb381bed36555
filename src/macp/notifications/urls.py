from django.urls import path

from macp.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.index, name="index"),
    path("notifications/<int:notification_id>/", views.detail, name="detail"),
]
