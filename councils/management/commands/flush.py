"""``flush``, around the audit log's append-only triggers: they refuse every DELETE of a log row
(``councils.audit``), so they are dropped for the time of the flush and put back after it.
Tests and development use it; the triggers stand whenever the site runs."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections

from councils import audit


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        installed = connection.introspection.table_names().__contains__(audit.TABLE) and audit.triggers_installed(
            connection
        )
        if installed:
            audit.drop_triggers(connection)
        try:
            super().handle(**options)
        finally:
            if installed:
                audit.install_triggers(connection)
