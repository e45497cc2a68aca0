from django.contrib import admin

from nominations import models


class AwardRateInline(admin.TabularInline):
    model = models.AwardRate
    extra = 0


class RoundAwardTypeInline(admin.TabularInline):
    model = models.RoundAwardType
    extra = 0


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
