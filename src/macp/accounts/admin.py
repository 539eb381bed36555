"""Administration of agencies, teams, users and roles (system administrators only)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from macp.accounts.models import Agency, ApiToken, LocalAuthority, Team, User, UserRole


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "local_authority", "active"]
    list_filter = ["type", "local_authority", "active"]
    search_fields = ["code", "name"]
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "agency"]
    list_filter = ["agency__type"]
    search_fields = ["name", "code", "agency__name"]


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1


@admin.register(User)
class MacpUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "team", "is_active"]
    list_filter = ["is_active", "agency__type", "roles__role"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = UserAdmin.fieldsets + (("Agency", {"fields": ("agency", "team", "job_title", "phone")}),)
    inlines = [UserRoleInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["digest", "prefix", "created_at", "last_used_at"]
