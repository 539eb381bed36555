from django.urls import path

from macp.returns import views

app_name = "returns"
urlpatterns = [
    path("returns/", views.index, name="index"),
    path("returns/annex-a.xlsx", views.annex_a_download, name="annex_a"),
    path("returns/cin-census.xml", views.census_download, name="census"),
]
