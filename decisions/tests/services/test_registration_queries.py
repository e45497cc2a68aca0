"""Registering a decision is set-based: its queries do not grow with its lines (the
money, the honours, the units' notices, the security event, then the hook that makes
the certificate register entries and the documents' rows), nor with the units whose
lines it settles (each unit told in the same few statements)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.models import Unit, UnitMembership
from decisions.models import DecisionLine, Honour
from documents import services as document_services
from documents.models import Certificate, GeneratedDocument
from documents.tests.registered import draft_decision, many_people, register
from nominations.models import Nomination, NominationLine, NominationStatus
from notifications.models import Delivery, DeliveryStatus, Notice
from tests import factories

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


def _spread_over_units(world: Any, decision: Any, units: int) -> list[int]:
    """Move the decision's lines into accepted dossiers of ``units`` units of the council (the
    first stays unit B's), each unit with two users; their ids, unit B's first."""
    lines = list(NominationLine.objects.filter(decision_lines__decision=decision).order_by("pk"))
    unit_ids = [world.unit_b.pk]
    for number in range(1, units):
        unit = factories.UnitFactory(council=world.council, name=f"Thôn Đông {number}")
        for person in range(2):
            user = factories.UserFactory(
                username=f"thon{number}-{person}", email=f"thon{number}-{person}@thidua.example"
            )
            UnitMembership.objects.create(unit=unit, user=user)
        dossier = Nomination.objects.create(
            round=world.round,
            unit=unit,
            title="Đề nghị khen thưởng",
            status=NominationStatus.ACCEPTED,
            created_by=world.unit_b_user,
        )
        NominationLine.objects.filter(pk__in=[line.pk for line in lines[number::units]]).update(nomination=dossier)
        unit_ids.append(unit.pk)
    return unit_ids


@pytest.mark.parametrize("units", [1, 6])
def test_registering_runs_the_same_queries_for_1_and_6_units_and_tells_each(
    world: Any, media: Any, units: int, django_capture_on_commit_callbacks: Any
) -> None:
    decision = draft_decision(world, many_people(12))
    unit_ids = _spread_over_units(world, decision, units)
    ContentType.objects.clear_cache()
    with django_capture_on_commit_callbacks(execute=False):
        with CaptureQueriesContext(connection) as registration:
            register(world, decision)
    assert len(registration.captured_queries) == REGISTRATION_QUERIES
    for unit_id in unit_ids:
        told = Notice.objects.filter(event_key=f"decision-result:{decision.pk}:{unit_id}", verb="decision_result")
        staff = set(UnitMembership.objects.filter(unit_id=unit_id).values_list("user_id", flat=True))
        assert set(told.values_list("recipient_id", flat=True)) == staff
        assert told.count() == len(staff)  # once each
        unit = Unit.objects.get(pk=unit_id)
        lines = NominationLine.objects.filter(nomination__unit_id=unit_id, decision_lines__decision=decision).count()
        # its own lines only, all of them awarded (a decision made without a session)
        assert {n.title for n in told} == {
            f"Kết quả xét khen thưởng: {lines}/{lines} đề nghị của {unit.name} được khen thưởng"
        }
    pending = Delivery.objects.filter(notice__event_key__startswith=f"decision-result:{decision.pk}:")
    assert (
        pending.filter(status=DeliveryStatus.PENDING).count()
        == Notice.objects.filter(event_key__startswith=f"decision-result:{decision.pk}:").count()
    )
