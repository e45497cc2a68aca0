"""``python manage.py session_verify SESSION_ID``: check a closed session's signed results
against the rows as they are now; exit 0 when they hold, 1 naming each part that fails."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.models import CouncilSession
from decisions.services.ballot_box import session_verify


class Command(BaseCommand):
    help = "Verify a council session's signed results (agenda lines, counts, trackers, voters, signature)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("session_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        session = CouncilSession.objects.filter(pk=options["session_id"]).first()
        if session is None:
            raise CommandError(f"session {options['session_id']} does not exist")
        if not session.results:
            raise CommandError(f"session {session.pk} has no frozen results yet (status: {session.status})")
        integrity = session_verify(session)
        if integrity.ok:
            self.stdout.write(f"session {session.pk}: OK (signature, agenda, counts, trackers, voters)")
            return
        for part, problem in integrity.findings:
            self.stderr.write(f"session {session.pk}: FAILED {part}: {problem}")
        raise CommandError(f"session {session.pk}: verification failed: {', '.join(integrity.parts)}", returncode=1)
