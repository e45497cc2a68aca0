"""The signed decision's scan with the S3 store (issue 15, item 6): uploaded through the
decision's page it is an object of the private bucket, streamed back to the council's
secretariat and refused to another council's; a new scan replaces the old object."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import PDF_BYTES
from documents.tests.registered import draft_decision, register
from tests.s3 import S3Store

pytestmark = pytest.mark.django_db

# the same small PDF with another comment line: another file, as a second scan would be
OTHER_PDF = PDF_BYTES.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%second scan\n")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _scan(client: Client, decision: Any, content: bytes) -> Any:
    return client.post(
        reverse("decisions:decision_scan", kwargs={"pk": decision.pk}),
        {"file": SimpleUploadedFile("qd-15.pdf", content, "application/pdf")},
    )


def test_the_scan_is_stored_in_the_bucket_and_streamed_to_the_secretariat_only(
    world: Any, s3_store: S3Store, django_capture_on_commit_callbacks: Any
) -> None:
    decision = draft_decision(world, [("Lê Thị Hường", "female")])
    with django_capture_on_commit_callbacks(execute=True):
        register(world, decision)
    secretariat = _client(world.secretariat)

    assert _scan(secretariat, decision, PDF_BYTES).status_code == 302
    decision.refresh_from_db()
    first = decision.scan.name
    assert re.fullmatch(r"decisions/\d{4}/[0-9a-f]{32}\.pdf", first)
    assert s3_store.keys("decisions/") == [first]
    assert s3_store.read(first) == PDF_BYTES

    url = reverse("decisions:decision_scan_download", kwargs={"pk": decision.pk})
    response = secretariat.get(url)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert _client(world.other_secretariat).get(url).status_code == 404
    assert _client(world.unit_a_user).get(url).status_code == 404
    assert _client(world.other_secretariat).post(
        reverse("decisions:decision_scan", kwargs={"pk": decision.pk}),
        {"file": SimpleUploadedFile("qd-15.pdf", OTHER_PDF, "application/pdf")},
    ).status_code in (403, 404)
    assert s3_store.keys("decisions/") == [first]

    # a new scan replaces the old object once the change is committed
    with django_capture_on_commit_callbacks(execute=True):
        assert _scan(secretariat, decision, OTHER_PDF).status_code == 302
    decision.refresh_from_db()
    assert decision.scan.name != first
    assert s3_store.keys("decisions/") == [decision.scan.name]
    assert b"".join(secretariat.get(url).streaming_content) == OTHER_PDF
