"""Schemathesis against the API's own OpenAPI schema (/api/schema/), through the WSGI application
in the test's database: for every operation, generated requests — valid ones (positive) and
malformed ones (negative) — each sent with the token of one of the roles (a unit, the secretariat,
the chairman, a member, the council's admin).  No answer may be a server error, and every answer
must match the schema: its content type and, where the schema describes the status, its body.

About 20 examples per operation (``EXAMPLES``), so the whole run stays bounded in .ci/run."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from knox.models import AuthToken
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance
from schemathesis.generation import GenerationMode

from decisions.models import AgendaItem, AttendanceState, Choice
from decisions.services import decisions as decision_services
from decisions.services import sessions
from nominations import models
from workflows import session_services

pytestmark = pytest.mark.django_db(transaction=False)

#: examples per operation and generation mode (positive and negative: 20 in all)
EXAMPLES = 10
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


@pytest.fixture
def tokens(world: Any, make_dossier: Any) -> list[str]:
    """A world with something behind every endpoint (dossiers in two states, a closed and decided
    session, a registered decision and its registry), and one token per role."""
    models.BaseSalary.objects.create(valid_from=dt.date(2024, 7, 1), amount=2_340_000)
    for award in (world.ldtt, world.gk):
        models.AwardRate.objects.create(
            award_type=award,
            nominee_kind=models.NomineeKind.INDIVIDUAL,
            valid_from=dt.date(2024, 1, 1),
            multiplier="0.3",
        )
    accepted = make_dossier("accepted")
    session = session_services.session_start(
        actor=world.secretariat,
        round=world.round,
        held_at=timezone.now(),
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    voters = (world.chairman, world.member)
    sessions.attendance_record(
        actor=world.secretariat, session=session, states={u.pk: AttendanceState.PRESENT for u in voters}
    )
    session = session_services.session_open_voting(actor=world.secretariat, session=session)
    items = list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
    assert items, "the accepted dossier's line is on the agenda"
    for voter in voters:
        session_services.session_ballot_cast(member=voter, session=session, choices=dict.fromkeys(items, Choice.AGREE))
    decision = session_services.session_chairman_decide(
        chairman=world.chairman, session=session, approve_item_ids=items
    )
    assert decision is not None
    assert accepted.pk
    decision_services.decision_register(
        actor=world.secretariat,
        decision=decision,
        signed_on=dt.date(2026, 12, 1),
        signer_name="Trịnh Văn Hùng",
        signer_capacity="chairman",
        number=41,
    )
    make_dossier("draft")
    make_dossier("submitted")
    users = (world.unit_a_user, world.secretariat, world.chairman, world.member, world.admin)
    return [AuthToken.objects.create(user=user)[1] for user in users]


def test_no_server_error_and_no_schema_violation(tokens: list[str]) -> None:
    # the WSGI handler closes the database connection after each request; in a test it is the
    # test's own transaction (Django's test client keeps it open the same way)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        _fuzz_every_operation(tokens)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _fuzz_every_operation(tokens: list[str]) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20, "the schema lists the API's operations"
    failures: list[str] = []
    calls = 0

    def fuzz(operation: Any, mode: GenerationMode) -> None:
        label = f"{operation.label} [{mode.value}]"

        @given(case=operation.as_strategy(generation_mode=mode), token=st.sampled_from(tokens))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any, token: str) -> None:
            nonlocal calls
            calls += 1
            try:
                case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - collected with its operation
                failures.append(f"{label}: {str(error)[:600]}")

        run()

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz(operation, mode)
    assert calls >= len(operations) * 2, "every operation was called"
    assert not failures, "\n".join(failures[:10])
