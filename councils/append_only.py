"""Database triggers that make a log table append-only: SQLite refuses an UPDATE or a DELETE of a
row, PostgreSQL an UPDATE, a DELETE or a TRUNCATE.  One definition for every such log (the setup
audit, ``councils.audit``; the security events, ``councils.security``); their migrations install
the triggers and ``manage.py flush`` lifts them for the time of a flush."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper


@dataclass(frozen=True)
class AppendOnlyTable:
    """``table``'s triggers, named after ``prefix`` (``audit_no_update``, ``audit_append_only``…)."""

    table: str
    prefix: str
    message: str

    @property
    def sqlite_triggers(self) -> tuple[str, ...]:
        raise_it = f"BEGIN SELECT RAISE(ABORT, '{self.message}'); END;"
        return (
            f"CREATE TRIGGER IF NOT EXISTS {self.prefix}_no_update BEFORE UPDATE ON {self.table} {raise_it}",
            f"CREATE TRIGGER IF NOT EXISTS {self.prefix}_no_delete BEFORE DELETE ON {self.table} {raise_it}",
        )

    @property
    def sqlite_drop(self) -> tuple[str, ...]:
        return (f"DROP TRIGGER IF EXISTS {self.prefix}_no_update;", f"DROP TRIGGER IF EXISTS {self.prefix}_no_delete;")

    @property
    def postgres_triggers(self) -> tuple[str, ...]:
        function = f"{self.prefix}_append_only"
        return (
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{self.message}'; END; $$;",
            f"DROP TRIGGER IF EXISTS {self.prefix}_no_change ON {self.table};",
            f"CREATE TRIGGER {self.prefix}_no_change BEFORE UPDATE OR DELETE ON {self.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}();",
            f"DROP TRIGGER IF EXISTS {self.prefix}_no_truncate ON {self.table};",
            f"CREATE TRIGGER {self.prefix}_no_truncate BEFORE TRUNCATE ON {self.table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
        )

    @property
    def postgres_drop(self) -> tuple[str, ...]:
        return (
            f"DROP TRIGGER IF EXISTS {self.prefix}_no_change ON {self.table};",
            f"DROP TRIGGER IF EXISTS {self.prefix}_no_truncate ON {self.table};",
        )

    def _run(self, connection: BaseDatabaseWrapper, statements: tuple[str, ...]) -> None:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def install_triggers(self, connection: BaseDatabaseWrapper) -> None:
        if connection.vendor == "postgresql":
            self._run(connection, self.postgres_triggers)
        elif connection.vendor == "sqlite":
            self._run(connection, self.sqlite_triggers)

    def drop_triggers(self, connection: BaseDatabaseWrapper) -> None:
        if connection.vendor == "postgresql":
            self._run(connection, self.postgres_drop)
        elif connection.vendor == "sqlite":
            self._run(connection, self.sqlite_drop)

    def triggers_installed(self, connection: BaseDatabaseWrapper) -> bool:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [self.table]
                )
            else:
                cursor.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [self.table]
                )
            return bool(cursor.fetchone()[0])
