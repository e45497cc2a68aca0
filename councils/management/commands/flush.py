"""``flush``, around the append-only triggers of the audit log and of the security event log:
they refuse every DELETE of a log row (``councils.audit``, ``councils.security``), so they are dropped for the time of the flush and put back after it.
Tests and development use it; the triggers stand whenever the site runs."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections

from councils import audit, security

APPEND_ONLY = (audit, security)  # each: TABLE, triggers_installed, drop_triggers, install_triggers


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        tables = connection.introspection.table_names()
        installed = [log for log in APPEND_ONLY if log.TABLE in tables and log.triggers_installed(connection)]
        for log in installed:
            log.drop_triggers(connection)
        try:
            super().handle(**options)
        finally:
            for log in installed:
                log.install_triggers(connection)
