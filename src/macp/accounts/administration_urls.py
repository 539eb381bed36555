from django.urls import path

from macp.accounts import administration_views as views

app_name = "administration"
urlpatterns = [
    path("", views.home, name="home"),
    path("users/", views.users, name="users"),
    path("users/new/", views.new_user, name="new_user"),
    path("users/<int:user_id>/", views.user, name="user"),
    path("users/<int:user_id>/reset-two-factor/", views.reset_two_factor, name="reset_two_factor"),
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/new/", views.new_agency, name="new_agency"),
    path("agencies/<slug:code>/", views.agency, name="agency"),
    path("agencies/<slug:code>/teams/new/", views.new_team, name="new_team"),
    path("roles/", views.roles, name="roles"),
]
