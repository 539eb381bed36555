from django.urls import path

from macp.reviews import views

app_name = "reviews"
urlpatterns = [
    path("practice-reviews/", views.index, name="index"),
    path("practice-reviews/new/", views.new_review, name="new"),
    path("practice-reviews/overdue/", views.overdue, name="overdue"),
    path("practice-reviews/themes/", views.themes, name="themes"),
    path("practice-reviews/actions/", views.my_actions, name="my_actions"),
    path("practice-reviews/actions/<int:action_id>/", views.action, name="action"),
    path("practice-reviews/<int:review_id>/", views.detail, name="detail"),
    path("practice-reviews/<int:review_id>/rapid-review/", views.rapid_review, name="rapid_review"),
    path("practice-reviews/<int:review_id>/progress/", views.progress, name="progress"),
    path("practice-reviews/<int:review_id>/child/", views.link_child, name="link_child"),
    path("practice-reviews/<int:review_id>/recommendations/new/", views.add_recommendation, name="add_recommendation"),
    path(
        "practice-reviews/<int:review_id>/recommendations/<int:recommendation_id>/themes/",
        views.change_themes,
        name="change_themes",
    ),
    path(
        "practice-reviews/<int:review_id>/recommendations/<int:recommendation_id>/actions/new/",
        views.add_action,
        name="add_action",
    ),
]
