from django.urls import path

from macp.people import views

app_name = "people"
urlpatterns = [
    path("", views.index, name="index"),
    path("people/<str:person_id>/", views.person_detail, name="detail"),
]
