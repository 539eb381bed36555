from django.urls import path

from macp.directory import views

app_name = "directory"
urlpatterns = [
    path("agency-roles/", views.index, name="index"),
    path("agency-roles/<slug:agency_type>/", views.entry, name="entry"),
    path("agency-roles/<slug:agency_type>/change/", views.change, name="change"),
    path("agencies/<slug:code>/", views.agency, name="agency"),
]
