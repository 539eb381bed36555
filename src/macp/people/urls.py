from django.urls import path

from macp.people import views

app_name = "people"
urlpatterns = [
    path("people/", views.index, name="index"),  # the home page is the worktray (enquiries)
    path("people/<str:person_id>/", views.person_detail, name="detail"),
    path("people/<str:person_id>/genogram.svg", views.genogram_svg, name="genogram_svg"),
    path("people/<str:person_id>/genogram.pdf", views.genogram_pdf, name="genogram_pdf"),
]
