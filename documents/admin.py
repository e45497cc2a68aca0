"""The superuser's view of the stored documents: read only (their rows move
only through ``documents.services``); the print settings are edited on the
secretariat's own page."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from documents import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.GeneratedDocument)
class GeneratedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["decision", "kind", "slot", "version", "current", "status", "size", "finished_at"]
    list_filter = ["kind", "status", "current"]
    search_fields = ["slot", "sha256"]
    list_select_related = ["decision"]
    # The file's name as text, never a link: the field's own display would print the store's
    # URL (a signed S3 address), a way round the download view's access check.
    exclude = ["file"]
    readonly_fields = ["stored_name"]

    @admin.display(description=_("tệp"))
    def stored_name(self, obj: models.GeneratedDocument) -> str:
        return obj.file.name


@admin.register(models.GenerationBatch)
class GenerationBatchAdmin(ReadOnlyAdmin):
    list_display = ["decision", "purpose", "requested_by", "created_at", "notified", "settled_at"]
    list_filter = ["purpose", "notified"]


@admin.register(models.Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["serial", "council", "decision_line", "created_at"]
    list_filter = ["council", "year"]
    exclude = ["token"]  # the verification page's key is not shown, even here


@admin.register(models.CertificateSettings)
class CertificateSettingsAdmin(ReadOnlyAdmin):
    list_display = ["council", "paper", "text_only", "updated_at", "updated_by"]
