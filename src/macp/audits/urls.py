from django.urls import path

from macp.audits import views

app_name = "audits"
urlpatterns = [
    path("audits/", views.index, name="index"),
    path("audits/new/", views.new, name="new"),
    path("audits/<int:audit_id>/", views.detail, name="detail"),
    path("audits/<int:audit_id>/sample/", views.sample, name="sample"),
    path("audits/<int:audit_id>/sample/choose/", views.choose, name="choose"),
    path("audits/<int:audit_id>/agencies/new/", views.add_agency, name="add_agency"),
    path("audits/<int:audit_id>/start-grading/", views.start_grading, name="start_grading"),
    path("audits/<int:audit_id>/children/<int:child_id>/grade/", views.grade, name="grade"),
    path("audits/<int:audit_id>/start-moderation/", views.start_moderation, name="start_moderation"),
    path("audits/<int:audit_id>/meeting/", views.meeting, name="meeting"),
    path("audits/<int:audit_id>/children/<int:child_id>/moderate/", views.moderate, name="moderate"),
    path("audits/<int:audit_id>/brief/", views.write_brief, name="brief"),
    path("audits/<int:audit_id>/brief.<str:fmt>", views.download_brief, name="download_brief"),
    path("audits/<int:audit_id>/close/", views.close, name="close"),
]
