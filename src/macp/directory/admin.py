from django.contrib import admin

from macp.directory.models import AgencyRole


@admin.register(AgencyRole)
class AgencyRoleAdmin(admin.ModelAdmin):
    list_display = ("agency_type", "updated_at", "updated_by")
