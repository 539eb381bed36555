from django.urls import path

from macp.strategy import views

app_name = "strategy"
urlpatterns = [
    path("strategy/", views.queue, name="queue"),
    path("strategy/request/", views.request_discussion, name="request"),
    path("strategy/availability/", views.availability, name="availability"),
    path("strategy/<int:discussion_id>/", views.detail, name="detail"),
    path("strategy/<int:discussion_id>/book/", views.book, name="book"),
    path("strategy/<int:discussion_id>/invitations/<int:invitation_id>/remove/", views.remove_invitation, name="remove_invitation"),
    path("strategy/<int:discussion_id>/respond/", views.respond, name="respond"),
    path("strategy/<int:discussion_id>/meeting/", views.meeting, name="meeting"),
    path("strategy/<int:discussion_id>/minutes/", views.minutes, name="minutes"),
    path("strategy/<int:discussion_id>/minutes/edit/", views.edit_minutes, name="edit_minutes"),
    path("strategy/<int:discussion_id>/minutes/amend/", views.amend_minutes, name="amend_minutes"),
    path("strategy/<int:discussion_id>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("strategy/<int:discussion_id>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("tasks/", views.tasks, name="tasks"),
]
