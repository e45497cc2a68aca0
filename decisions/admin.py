"""Sessions, ballots and decisions are kept through the product's pages; only the
national table of legal bases (and a council's own bases, until the council setup
pages of issue 12 edit them) is registered here, for the superuser."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from decisions.models import LegalBasis


@admin.register(LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    list_display = ["text", "council", "family", "valid_from", "valid_until", "position"]
    list_filter = [("council", admin.EmptyFieldListFilter), "family", "for_decision", "for_proposal"]
    search_fields = ["text", "family"]
    ordering = ["council", "position", "family", "valid_from"]
    fieldsets = [
        (None, {"fields": ["council", "family", "text", "position"]}),
        (_("Văn bản trích dẫn"), {"fields": ["for_decision", "for_proposal", "for_minutes"]}),
        (_("Thời gian áp dụng"), {"fields": ["valid_from", "valid_until"]}),
    ]
