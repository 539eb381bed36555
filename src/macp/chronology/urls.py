from django.urls import path

from macp.chronology import views

app_name = "chronology"
urlpatterns = [
    path("people/<str:person_id>/chronology/", views.chronology, name="child"),
    path("people/<str:person_id>/chronology/family/", views.family, name="family"),
    path("people/<str:person_id>/chronology/timeline/", views.timeline, name="timeline"),
    path("people/<str:person_id>/chronology.csv", views.export_csv, name="csv"),
    path("people/<str:person_id>/chronology.docx", views.export_docx, name="docx"),
    path("people/<str:person_id>/chronology/new/", views.add_entry, name="add"),
    path("people/<str:person_id>/chronology/<str:entry_key>/analysis/", views.analysis, name="analysis"),
]
