from django.urls import path

from macp.core.limits import limited
from macp.referrals import views

app_name = "referrals"
urlpatterns = [
    path("requests/", views.my_requests, name="mine"),
    path("requests/new/", views.start, name="start"),
    path("requests/draft/<int:draft_id>/children/", views.children, name="children"),
    path("requests/draft/<int:draft_id>/children/<int:index>/", views.child, name="child"),
    path("requests/draft/<int:draft_id>/children/<int:index>/remove/", views.remove_child, name="remove_child"),
    path("requests/draft/<int:draft_id>/adults/", views.adults, name="adults"),
    path("requests/draft/<int:draft_id>/adults/<int:index>/", views.adult, name="adult"),
    path("requests/draft/<int:draft_id>/adults/<int:index>/remove/", views.remove_adult, name="remove_adult"),
    path("requests/draft/<int:draft_id>/documents/", views.attachments, name="attachments"),
    path("requests/draft/<int:draft_id>/check/", limited("request_for_help", "user")(views.check), name="check"),
    path("requests/draft/<int:draft_id>/<str:step>/", views.step, name="step"),
    path("requests/<str:reference>/sent/", views.sent, name="sent"),
    path("requests/<str:reference>/", views.status, name="status"),
    path("front-door/", views.queue, name="queue"),
    path("front-door/decided/", views.decided, name="decided"),
    path("front-door/<str:reference>/", views.triage, name="triage"),
    path("front-door/<str:reference>/allocate/", views.allocate, name="allocate"),
    path("front-door/<str:reference>/sign-off/", views.sign_off, name="sign_off"),
    path("requests/<str:reference>/documents/<int:attachment_id>/", views.attachment, name="attachment"),
    path("mash/", views.mash_list, name="mash_list"),
    path("mash/<int:enquiry_id>/", views.mash_answer, name="mash_answer"),
]
