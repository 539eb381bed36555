from django.contrib import admin

from macp.escalations.models import Stage


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    """The partnership's stages, roles and timescales are data it may change."""

    list_display = ("number", "title", "who", "working_days")
    ordering = ("number",)
