from django.urls import path

from macp.enquiries import views

app_name = "enquiries"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.people_search, name="search"),
    path("enquiries/<int:enquiry_id>/", views.detail, name="detail"),
    path("enquiries/<int:enquiry_id>/allocate/", views.allocate, name="allocate"),
    path("enquiries/<int:enquiry_id>/plan/", views.plan, name="plan"),
    path("enquiries/<int:enquiry_id>/hypotheses/new/", views.add_hypothesis, name="add_hypothesis"),
    path(
        "enquiries/<int:enquiry_id>/hypotheses/<int:hypothesis_id>/", views.change_hypothesis, name="change_hypothesis"
    ),
    path("enquiries/<int:enquiry_id>/tasks/new/", views.add_task, name="add_task"),
    path("enquiries/<int:enquiry_id>/tasks/<int:task_id>/done/", views.complete_task, name="complete_task"),
    path("enquiries/<int:enquiry_id>/child-seen/", views.child_seen, name="child_seen"),
    path("enquiries/<int:enquiry_id>/voice/", views.voice, name="voice"),
    path("enquiries/<int:enquiry_id>/outcome/", views.outcome, name="outcome"),
    path("enquiries/<int:enquiry_id>/matrix/", views.matrix_page, name="matrix"),
    path("enquiries/<int:enquiry_id>/matrix/questions/new/", views.add_question, name="add_question"),
    path(
        "enquiries/<int:enquiry_id>/matrix/questions/<int:question_id>/<slug:agency_code>/", views.answer, name="answer"
    ),
    path("enquiries/<int:enquiry_id>/conference/book/", views.book_conference, name="book_conference"),
    path("conferences/<int:conference_id>/", views.conference, name="conference"),
    path("conferences/<int:conference_id>/children/<str:person_id>/views/", views.child_views, name="child_views"),
    path("conferences/<int:conference_id>/children/<str:person_id>/decision/", views.decision, name="decision"),
    path("conferences/<int:conference_id>/children/<str:person_id>/review/", views.book_review, name="book_review"),
    path("conferences/<int:conference_id>/parents-views/", views.parents_views, name="parents_views"),
    path("conferences/<int:conference_id>/report/", views.report, name="report"),
    path("conferences/<int:conference_id>/dissent/", views.dissent, name="dissent"),
    path("conferences/<int:conference_id>/finalise/", views.finalise, name="finalise"),
    path("conferences/<int:conference_id>/acknowledge/", views.acknowledge, name="acknowledge"),
]
