from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from . import models


class AwardRateInline(admin.TabularInline):
    model = models.AwardRate
    extra = 0


class RoundAwardTypeInline(admin.TabularInline):
    model = models.RoundAwardType
    extra = 0


@admin.register(models.Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "is_active"]
    list_filter = ["level"]


@admin.register(models.CouncilMembership)
class CouncilMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "council", "role", "position", "is_active"]
    list_filter = ["council", "role"]


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "council", "staff_count", "household_count", "is_active"]
    list_filter = ["council", "kind"]
    search_fields = ["name"]


@admin.register(models.UnitMembership)
class UnitMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit"]
    list_filter = ["unit__council"]


@admin.register(models.AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_vi",
        "council",
        "kind",
        "deciding_level",
        "needs_vote",
        "threshold_share",
        "threshold_comparison",
        "threshold_base",
    ]
    list_filter = ["council", "kind", "deciding_level"]
    inlines = [AwardRateInline]


@admin.register(models.BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "amount"]


@admin.register(models.Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "council", "year", "kind", "opens_at", "closes_at"]
    list_filter = ["council", "year", "kind"]
    inlines = [RoundAwardTypeInline]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "birth_date", "unit", "council"]
    search_fields = ["search_name", "full_name"]
    list_filter = ["council"]


@admin.register(models.User)
class UserAdmin(DjangoUserAdmin):
    pass


@admin.register(models.Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_day_off"]
    list_filter = ["is_day_off"]
    date_hierarchy = "date"
    search_fields = ["name"]
