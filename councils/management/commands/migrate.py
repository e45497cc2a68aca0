"""``migrate``, with one step before Django's own for databases made before the
council tree moved out of ``nominations`` (2026).

The custom user model moved from ``nominations`` to ``councils`` (``AUTH_USER_MODEL
= "councils.User"``), and every migration that points at the user model (the
admin's, viewflow's, ours) now depends on ``councils.0001``.  On such a database
those migrations are applied while ``councils.0001`` is not, which Django refuses
as an inconsistent history before it migrates anything.  ``councils.0001`` only
takes over the existing tables in the migration state (it runs no SQL), so it is
recorded as applied here, once, when ``nominations.0009`` (the state it takes over)
is applied; then Django's ``migrate`` runs as always.  A database older than
``nominations.0009`` must first be migrated with the release before the move."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

TAKEN_OVER = ("nominations", "0009_award_type_carries_money")
TAKEOVER = ("councils", "0001_take_over_from_nominations")


def record_takeover(database: str = DEFAULT_DB_ALIAS) -> bool:
    """Record ``councils.0001`` as applied on a database at ``nominations.0009`` or later;
    True if it did."""
    recorder = MigrationRecorder(connections[database])
    if not recorder.has_table():
        return False
    applied = recorder.applied_migrations()
    if TAKEN_OVER not in applied or TAKEOVER in applied:
        return False
    recorder.record_applied(*TAKEOVER)
    return True


class Command(DjangoMigrate):
    def handle(self, *args: Any, **options: Any) -> None:
        if record_takeover(options["database"]) and options["verbosity"] >= 1:
            self.stdout.write("  councils.0001 recorded as applied (takes over the tables of nominations)")
        super().handle(*args, **options)
