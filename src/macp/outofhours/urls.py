from django.urls import path

from macp.outofhours import views

app_name = "outofhours"
urlpatterns = [
    path("out-of-hours/", views.index, name="index"),
    path("out-of-hours/new/<str:person_id>/", views.new, name="new"),
    path("out-of-hours/<int:record_id>/", views.detail, name="detail"),
    path("out-of-hours/<int:record_id>/acknowledge/", views.acknowledge, name="acknowledge"),
]
