"""Flow rows are administered through the dossier pages; only the time limits
of the flow steps, data a council edits, are registered here."""

from django.contrib import admin

from workflows.models import StepDeadline


@admin.register(StepDeadline)
class StepDeadlineAdmin(admin.ModelAdmin):
    list_display = [
        "council",
        "step",
        "working_days",
        "escalate_to_secretariat_after_days",
        "escalate_to_chairman_after_days",
    ]
    list_filter = ["council", "step"]
