from django.urls import path

from macp.transfers import views

app_name = "transfers"
urlpatterns = [
    path("transfers/", views.index, name="index"),
    path("transfers/new/<str:person_id>/", views.propose, name="propose"),
    path("transfers/<int:transfer_id>/", views.detail, name="detail"),
    path("transfers/<int:transfer_id>/accept/", views.accept, name="accept"),
    path("transfers/<int:transfer_id>/decline/", views.decline, name="decline"),
]
