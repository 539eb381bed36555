from django.contrib import admin

from macp.reviews.models import Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    """Themes are made as recommendations are tagged; an administrator may tidy their names."""

    list_display = ("name",)
    search_fields = ("name",)
