from django.contrib import admin

from macp.access.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "user", "team", "reason", "starts_at", "ends_at"]
    raw_id_fields = ["person", "user", "granted_by"]
