from django.urls import path

from macp.strategy import views

app_name = "strategy"
urlpatterns = [
    path("strategy/", views.queue, name="queue"),
    path("strategy/request/", views.request_discussion, name="request"),
    path("strategy/availability/", views.availability, name="availability"),
    path("strategy/availability/<int:slot_id>/remove/", views.remove_duty_slot, name="remove_duty_slot"),
    path("strategy/<int:discussion_id>/", views.detail, name="detail"),
    path("strategy/<int:discussion_id>/book/", views.book, name="book"),
    path("strategy/<int:discussion_id>/children/add/", views.add_child, name="add_child"),
    path("strategy/<int:discussion_id>/complexity/set-aside/", views.set_aside_complexity, name="set_aside_complexity"),
    path("strategy/<int:discussion_id>/invitations/add/", views.add_invitation, name="add_invitation"),
    path(
        "strategy/<int:discussion_id>/invitations/<int:invitation_id>/remove/",
        views.remove_invitation,
        name="remove_invitation",
    ),
    path("strategy/<int:discussion_id>/respond/", views.respond, name="respond"),
    # The meeting: one page, one form, one view per step, in the agenda's order.
    path("strategy/<int:discussion_id>/meeting/", views.meeting, name="meeting"),
    path("strategy/<int:discussion_id>/meeting/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("strategy/<int:discussion_id>/meeting/information/", views.meeting_information, name="meeting_information"),
    path(
        "strategy/<int:discussion_id>/meeting/information/<str:agency_code>/",
        views.meeting_contribution,
        name="meeting_contribution",
    ),
    path("strategy/<int:discussion_id>/meeting/genogram/", views.meeting_genogram, name="meeting_genogram"),
    path("strategy/<int:discussion_id>/meeting/children/<int:index>/", views.meeting_child, name="meeting_child"),
    path("strategy/<int:discussion_id>/meeting/actions/", views.meeting_actions, name="meeting_actions"),
    path("strategy/<int:discussion_id>/meeting/dissent/", views.meeting_dissent, name="meeting_dissent"),
    path("strategy/<int:discussion_id>/meeting/finalise/", views.meeting_finalise, name="meeting_finalise"),
    path("strategy/<int:discussion_id>/meeting/text/<slug:key>/", views.meeting_text, name="meeting_text"),
    path("strategy/<int:discussion_id>/minutes/", views.minutes, name="minutes"),
    path("strategy/<int:discussion_id>/minutes/receipt/", views.confirm_receipt, name="confirm_receipt"),
    path("strategy/<int:discussion_id>/minutes/challenge/", views.challenge_minutes, name="challenge_minutes"),
    path("strategy/<int:discussion_id>/minutes/edit/", views.edit_minutes, name="edit_minutes"),
    path("strategy/<int:discussion_id>/minutes/amend/", views.amend_minutes, name="amend_minutes"),
    path(
        "strategy/<int:discussion_id>/distribution/<int:distribution_id>/answer/",
        views.answer_challenge,
        name="answer_challenge",
    ),
    path("strategy/<int:discussion_id>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("strategy/<int:discussion_id>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<int:action_id>/done/", views.complete_action, name="complete_action"),
]
