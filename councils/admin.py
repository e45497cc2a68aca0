from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from councils import models as council_models


@admin.register(council_models.Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "is_active"]
    list_filter = ["level"]


@admin.register(council_models.CouncilMembership)
class CouncilMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "council", "role", "position", "is_active"]
    list_filter = ["council", "role"]


@admin.register(council_models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "council", "staff_count", "household_count", "is_active"]
    list_filter = ["council", "kind"]
    search_fields = ["name"]


@admin.register(council_models.UnitMembership)
class UnitMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit"]
    list_filter = ["unit__council"]


@admin.register(council_models.User)
class UserAdmin(DjangoUserAdmin):
    pass


@admin.register(council_models.Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_day_off"]
    list_filter = ["is_day_off"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(council_models.SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read only: the security event log is append-only (``councils.security``)."""

    list_display = ["at", "kind", "username", "address", "outcome", "council"]
    list_filter = ["kind", "outcome"]
    search_fields = ["username"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
