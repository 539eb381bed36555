from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "macp.reviews"
    label = "reviews"
    verbose_name = "Practice reviews"

    def ready(self):
        from macp.core.home import register
        from macp.reviews.services import home_panel

        register(home_panel)
