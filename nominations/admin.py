from typing import Any

from django.contrib import admin
from django.http import HttpRequest

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

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "parent_award_type":
            # Editing: only the parent council's award types (the model's clean() checks it on add too).
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            editing = (
                models.AwardType.objects.filter(pk=object_id).select_related("council").first()
                if str(object_id or "").isdigit()
                else None
            )
            if editing is not None:
                kwargs["queryset"] = models.AwardType.objects.filter(
                    council_id=editing.council.parent_id
                ).select_related("council")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
