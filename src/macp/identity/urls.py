from django.urls import path

from macp.identity import views

app_name = "identity"
urlpatterns = [
    path("identity/review/", views.queue, name="queue"),
    path("identity/review/<int:item_id>/", views.review, name="review"),
    path("identity/runs/", views.runs, name="runs"),
    path("identity/runs/<int:run_id>/", views.run, name="run"),
    path("people/<str:person_id>/records/<int:record_id>/separate/", views.separate, name="separate"),
]
