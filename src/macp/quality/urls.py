from django.urls import path

from macp.quality import views

app_name = "quality"
urlpatterns = [
    path("quality/", views.dashboard, name="dashboard"),
    path("quality/measures.csv", views.dashboard_csv, name="dashboard_csv"),
    path("quality/measures/<slug:code>/", views.measure, name="measure"),
    path("quality/measures/<slug:code>/trend.csv", views.trend_csv, name="trend_csv"),
]
