"""The embedded default (no Redis, Celery eager): registering a decision of 3,000 lines
through the real page answers before any of its documents is built; the web process's
documents thread builds them all afterwards, each once.

A ``transaction=True`` test: the registration commits for real, so the documents thread
(its own database connection; SQLite's in-memory test database is shared between
connections) sees the rows.  The thread is held while the test reads the rows right
after the response, so the reads never race its writes."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from decisions.models import SignerCapacity
from documents import background
from documents.models import DocumentKind, DocumentStatus, GeneratedDocument
from documents.tests.registered import draft_decision, many_people, sha256, stored_bytes
from notifications.models import Notice

pytestmark = pytest.mark.django_db(transaction=True)

COUNT = 3000


def _statuses(decision: Any) -> dict[str, int]:
    rows = GeneratedDocument.objects.filter(decision=decision).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def test_registering_answers_first_and_the_documents_are_built_after(world: Any, media: Any, settings: Any) -> None:
    settings.DOCUMENTS_IN_BACKGROUND = True  # the embedded default (config/settings/base.py)
    decision = draft_decision(world, many_people(COUNT))
    client = Client()
    client.force_login(world.secretariat)

    with background.paused():
        response = client.post(
            reverse("workflows:decision_register", kwargs={"pk": decision.pk}),
            {
                "number": "",
                "signed_on": "2026-12-20",
                "signer_name": "Trịnh Văn Hùng",
                "signer_capacity": SignerCapacity.CHAIRMAN,
            },
        )
        # the page is back and every document is waiting: none was built in the request
        assert response.status_code == 302, response.content.decode()[:2000]
        assert _statuses(decision) == {DocumentStatus.PENDING: COUNT + 2}
        progress = client.get(reverse("documents:decision_documents", kwargs={"pk": decision.pk}))
        assert 'id="documents-done">0<' in progress.content.decode()

    assert background.wait_idle(timeout=600)
    assert _statuses(decision) == {DocumentStatus.DONE: COUNT + 2}
    documents = list(GeneratedDocument.objects.filter(decision=decision))
    assert {(doc.current, doc.version, doc.attempts) for doc in documents} == {(True, 1, 1)}
    assert len([doc for doc in documents if doc.kind == DocumentKind.CERTIFICATE]) == COUNT
    assert media() == sorted(doc.file.name for doc in documents)
    sample = documents[:: COUNT // 10]
    assert all(sha256(stored_bytes(doc.file.name)) == doc.sha256 for doc in sample)
    assert Notice.objects.filter(verb="documents_ready").count() == 2  # the secretariat, told once each
