from django.urls import path

from macp.tools import views

app_name = "tools"
urlpatterns = [
    path("recording-check/", views.recording_check, name="recording_check"),
    path("recording-check/dismiss/", views.dismiss_finding, name="dismiss_finding"),
    path("children/<str:person_id>/tools/", views.child_tools, name="child"),
    path("children/<str:person_id>/tools/panel/", views.child_panel, name="child_panel"),
    path("children/<str:person_id>/tools/<slug:code>/new/", views.complete_tool, name="complete"),
    path("children/<str:person_id>/contexts/link/", views.link_child, name="link_child"),
    path("children/<str:person_id>/who/<str:adult_id>/", views.record_who, name="who"),
    path("tools/completions/<int:completion_id>/", views.completion, name="completion"),
    path("contexts/", views.context_list, name="contexts"),
    path("contexts/new/", views.context_new, name="context_new"),
    path("contexts/<int:context_id>/", views.context_detail, name="context"),
    path("contexts/<int:context_id>/edit/", views.context_edit, name="context_edit"),
    path("contexts/<int:context_id>/links/<int:link_id>/end/", views.unlink_child, name="unlink_child"),
    path("rtg/", views.rtg_list, name="rtg_list"),
    path("rtg/refer/", views.rtg_refer, name="rtg_refer"),
    path("rtg/new/", views.rtg_new, name="rtg_new"),
    path("rtg/<int:meeting_id>/", views.rtg_meeting, name="rtg_meeting"),
    path("rtg/<int:meeting_id>/agenda/", views.rtg_add_item, name="rtg_add_item"),
    path("rtg/<int:meeting_id>/items/<int:item_id>/discussion/", views.rtg_discussion, name="rtg_discussion"),
    path("rtg/<int:meeting_id>/actions/new/", views.rtg_action, name="rtg_action"),
    path("rtg/<int:meeting_id>/actions/<int:action_id>/done/", views.rtg_action_done, name="rtg_action_done"),
    path("rtg/<int:meeting_id>/attendees/new/", views.rtg_attendee, name="rtg_attendee"),
    path(
        "rtg/<int:meeting_id>/attendees/<int:attendee_id>/remove/",
        views.rtg_remove_attendee,
        name="rtg_remove_attendee",
    ),
    path("rtg/<int:meeting_id>/held/", views.rtg_held, name="rtg_held"),
]
