"""A registered decision's documents with the S3 store (issue 15, item 6): its papers and its
certificates are built into the private bucket, one object per document at the row's fixed
name, as is the print bundle (built in a temporary file, written once); the download pages
stream them through their access checks to the secretariat and to the unit concerned, and
refuse everyone else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from documents.models import DocumentKind, DocumentStatus, GeneratedDocument
from documents.tests.registered import draft_decision, pdf_pages, register, sha256
from tests.s3 import S3Store

pytestmark = pytest.mark.django_db

PEOPLE = [("Lê Thị Hường", "female"), ("Trần Văn Bình", "male")]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _registered(world: Any, capture: Any) -> Any:
    decision = draft_decision(world, PEOPLE)
    with capture(execute=True):
        register(world, decision)
    return decision


def _documents(decision: Any) -> dict[str, GeneratedDocument]:
    found = {}
    for document in GeneratedDocument.objects.filter(decision=decision, current=True).select_related(
        "decision_line__line__person"
    ):
        assert document.status == DocumentStatus.DONE, document.error
        found[document.decision_line.line.person.full_name if document.decision_line else document.kind] = document
    return found


def test_registering_builds_every_document_into_the_bucket(
    world: Any, s3_store: S3Store, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    decision = _registered(world, django_capture_on_commit_callbacks)

    documents = _documents(decision)
    assert sorted(documents) == ["Lê Thị Hường", "Trần Văn Bình", "decision", "list"]
    assert s3_store.keys(f"documents/{decision.pk}/") == sorted(doc.file.name for doc in documents.values())
    for document in documents.values():
        content = s3_store.read(document.file.name)
        assert content.startswith(b"%PDF")
        assert sha256(content) == document.sha256
        assert len(content) == document.size
        assert not Path(settings.MEDIA_ROOT, document.file.name).exists()
    assert "Lê Thị Hường" in " ".join(pdf_pages(s3_store.read(documents["Lê Thị Hường"].file.name)))


def test_the_secretariat_downloads_them_through_the_app_and_others_are_refused(
    world: Any, s3_store: S3Store, django_capture_on_commit_callbacks: Any
) -> None:
    decision = _registered(world, django_capture_on_commit_callbacks)
    documents = _documents(decision)
    url = reverse("documents:download", kwargs={"pk": documents["decision"].pk})

    response = _client(world.secretariat).get(url)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert content == s3_store.read(documents["decision"].file.name)

    assert _client(world.other_secretariat).get(url).status_code == 404  # another council's
    assert _client(world.member).get(url).status_code == 403  # reads decisions, does not manage them
    assert _client(world.unit_b_user).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page


def test_a_unit_downloads_its_own_certificate_only(
    world: Any, s3_store: S3Store, django_capture_on_commit_callbacks: Any
) -> None:
    """The lines are unit B's staff: unit B gets their certificates; unit A is not concerned."""
    decision = _registered(world, django_capture_on_commit_callbacks)
    certificate = _documents(decision)["Lê Thị Hường"]
    url = reverse("documents:unit_document_download", kwargs={"pk": certificate.pk})

    response = _client(world.unit_b_user).get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert sha256(content) == certificate.sha256
    assert "Lê Thị Hường" in " ".join(pdf_pages(content))

    for user in (world.unit_a_user, world.other_unit_user):
        assert _client(user).get(url).status_code == 404


def test_the_print_bundle_is_written_to_the_bucket_once_and_the_old_one_removed(
    world: Any, s3_store: S3Store, django_capture_on_commit_callbacks: Any
) -> None:
    decision = _registered(world, django_capture_on_commit_callbacks)
    client = _client(world.secretariat)
    print_url = reverse("documents:decision_documents_print", kwargs={"pk": decision.pk})

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(print_url).status_code == 302
    first = GeneratedDocument.objects.get(decision=decision, kind=DocumentKind.PRINT, current=True)
    assert first.status == DocumentStatus.DONE, first.error
    assert first.file.name in s3_store.keys()
    assert len(pdf_pages(s3_store.read(first.file.name))) == 2

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(print_url).status_code == 302
    second = GeneratedDocument.objects.get(decision=decision, kind=DocumentKind.PRINT, current=True)
    assert second.pk != first.pk
    prints = [key for key in s3_store.keys(f"documents/{decision.pk}/") if "/print-" in key]
    assert prints == [second.file.name]  # only the newest bundle is kept

    response = client.get(reverse("documents:download", kwargs={"pk": second.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == s3_store.read(second.file.name)
    assert (
        _client(world.other_secretariat).get(reverse("documents:download", kwargs={"pk": second.pk})).status_code == 404
    )
