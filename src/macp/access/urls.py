from django.urls import path

from macp.access import views

app_name = "access"
urlpatterns = [
    path("people/<str:person_id>/break-glass/", views.break_glass, name="break_glass"),
    path("people/<str:person_id>/request-access/", views.request_access, name="request_access"),
    path("dpo/", views.dpo_home, name="dpo"),
    path("dpo/person/", views.dpo_person, name="dpo_person"),
    path("dpo/user/", views.dpo_user, name="dpo_user"),
    path("dpo/break-glass/<int:glass_id>/", views.dpo_review_break_glass, name="dpo_review"),
    path("dpo/requests/<int:request_id>/", views.dpo_decide_request, name="dpo_request"),
]
