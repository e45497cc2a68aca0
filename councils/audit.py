"""The audit of the council's setup (django-auditlog): who changed what, when, from where, with
the old and the new value, for every setup object.

The tracked models are listed in the settings (``AUDITLOG_INCLUDE_TRACKING_MODELS``), never a
ballot, a cast or a sealed ballot.  The log is append-only in the database itself: triggers on
both engines refuse an UPDATE or a DELETE of a log row (and, on PostgreSQL, a TRUNCATE), so no
page, admin or script can rewrite history.  ``manage.py flush`` (tests, development) drops them
for the time of the flush and puts them back.

``history_for`` is what an object's page shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "auditlog_logentry"
MESSAGE = "audit log entries are append-only: they cannot be changed or deleted"

SQLITE_TRIGGERS = (
    f"CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
)
SQLITE_DROP = ("DROP TRIGGER IF EXISTS audit_no_update;", "DROP TRIGGER IF EXISTS audit_no_delete;")
POSTGRES_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$;",
    f"DROP TRIGGER IF EXISTS audit_no_change ON {TABLE};",
    f"CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only();",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE};",
    f"CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();",
)
POSTGRES_DROP = (
    f"DROP TRIGGER IF EXISTS audit_no_change ON {TABLE};",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE};",
)


def _run(connection: BaseDatabaseWrapper, statements: tuple[str, ...]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        _run(connection, POSTGRES_TRIGGERS)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_TRIGGERS)


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        _run(connection, POSTGRES_DROP)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_DROP)


def triggers_installed(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE])
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        return bool(cursor.fetchone()[0])


@dataclass(frozen=True)
class Change:
    """One recorded change of an object: who, when, from where, and each field's old and new value."""

    at: Any
    who: str
    where: str
    action: str
    fields: tuple[tuple[str, str, str], ...]  # (field, old, new)


def history_for(obj: Any) -> list[Change]:
    """The recorded changes of ``obj``, newest first."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")
    changes = []
    for entry in entries:
        actor = entry.actor
        who = (actor.get_full_name() or actor.username) if actor is not None else ""
        diff = entry.changes_dict or {}
        fields = tuple((name, str(values[0]), str(values[1])) for name, values in sorted(diff.items()))
        changes.append(Change(entry.timestamp, who, entry.remote_addr or "", entry.get_action_display(), fields))
    return changes
