from django.urls import path

from macp.frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("frameworks/", views.index, name="index"),
    path("frameworks/<slug:code>/<str:holder>/", views.compare, name="compare"),
    path("frameworks/<slug:code>/<str:holder>/<int:year>/", views.grade, name="grade"),
]
