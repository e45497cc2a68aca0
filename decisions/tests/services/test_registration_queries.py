"""Registering a decision is set-based: its queries do not grow with its lines (the
money, the honours, the units' notices, the security event, then the hook that makes
the certificate register entries and the documents' rows)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.models import DecisionLine, Honour
from documents import services as document_services
from documents.models import Certificate, GeneratedDocument
from documents.tests.registered import draft_decision, many_people, register

pytestmark = pytest.mark.django_db

# written out: a change that adds a query per line, or any query, shows here
REGISTRATION_QUERIES = 30  # one fewer since the roles, units and TOTP enrolment are read in one statement
DOCUMENTS_QUERIES = 16


def _counts(world: Any, lines: int, django_capture_on_commit_callbacks: Any) -> tuple[int, int]:
    decision = draft_decision(world, many_people(lines))
    with django_capture_on_commit_callbacks(execute=False) as hooks:
        with CaptureQueriesContext(connection) as registration:
            register(world, decision)
    assert len(hooks) >= 1
    with django_capture_on_commit_callbacks(execute=False):
        with CaptureQueriesContext(connection) as documents:
            document_services.decision_documents_after_registration(decision_id=decision.pk)
    # everything was done, for every line
    assert Honour.objects.filter(decision=decision).count() == lines
    assert set(DecisionLine.objects.filter(decision=decision).values_list("amount", flat=True)) == {759_000}
    assert Certificate.objects.filter(decision_line__decision=decision).count() == lines
    assert GeneratedDocument.objects.filter(decision=decision).count() == lines + 2
    return len(registration.captured_queries), len(documents.captured_queries)


@pytest.mark.parametrize("lines", [10, 200])
def test_registering_runs_the_same_queries_for_10_and_200_lines(
    world: Any, media: Any, lines: int, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    if connection.vendor == "sqlite":
        # Django 5.2 cuts a bulk INSERT on SQLite at 999 parameters (the limit of SQLite before
        # 3.32; 32766 since): 200 honours would be three INSERTs of one kind, not a query per line
        monkeypatch.setattr(connection.features, "max_query_params", 32766)
    # counted from cold caches (the content types cached by whatever ran before in the process)
    ContentType.objects.clear_cache()
    assert _counts(world, lines, django_capture_on_commit_callbacks) == (REGISTRATION_QUERIES, DOCUMENTS_QUERIES)
