from django.urls import path

from macp.escalations import views

app_name = "escalations"
urlpatterns = [
    path("disagreements/", views.index, name="index"),
    path("disagreements/new/", views.raise_new, name="raise"),
    path("disagreements/<int:escalation_id>/", views.detail, name="detail"),
    path("disagreements/<int:escalation_id>/respond/", views.respond, name="respond"),
]
