"""A dossier's attachment with the S3 store (issue 15, item 6): uploaded through the unit's page,
it is an object of the private bucket (nothing on the web node's disk), streamed back by the
app to the unit's own users only, and removed from the bucket when the unit deletes it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import PDF_BYTES
from nominations.models import Attachment
from tests.s3 import S3Store

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _download_url(attachment: Attachment) -> str:
    return reverse(
        "nominations:attachment_download", kwargs={"pk": attachment.nomination_id, "attachment_pk": attachment.pk}
    )


def _uploaded(world: Any, make_dossier: Any, s3_store: S3Store) -> Attachment:
    nomination = make_dossier("draft")
    before = set(s3_store.keys())
    response = _client(world.unit_a_user).post(
        reverse("nominations:attachment_add", kwargs={"pk": nomination.pk}),
        {"kind": "other", "file": SimpleUploadedFile("Bien ban hop xet.pdf", PDF_BYTES, "application/pdf")},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(nomination=nomination, original_name="Bien ban hop xet.pdf")
    added = sorted(set(s3_store.keys()) - before)
    assert added == [attachment.file.name]
    return attachment


def test_an_upload_through_the_page_is_an_object_of_the_bucket(
    world: Any, make_dossier: Any, s3_store: S3Store, settings: Any
) -> None:
    attachment = _uploaded(world, make_dossier, s3_store)

    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert s3_store.read(attachment.file.name) == PDF_BYTES
    # nothing was written to the local media folder: a second web node would not have it
    assert not Path(settings.MEDIA_ROOT, attachment.file.name).exists()


def test_the_unit_downloads_it_through_the_app_and_others_are_refused(
    world: Any, make_dossier: Any, s3_store: S3Store
) -> None:
    attachment = _uploaded(world, make_dossier, s3_store)
    url = _download_url(attachment)

    for user in (world.unit_a_user, world.unit_a_user2):
        response = _client(user).get(url)
        assert response.status_code == 200
        assert response.streaming
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert "Bien ban hop xet.pdf" in response["Content-Disposition"]
        # streamed by the app, not a redirect to the store
        assert "Location" not in response

    for user in (world.unit_b_user, world.other_unit_user, world.other_secretariat):
        assert _client(user).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))


def test_a_removed_attachment_leaves_the_bucket(
    world: Any, make_dossier: Any, s3_store: S3Store, django_capture_on_commit_callbacks: Any
) -> None:
    attachment = _uploaded(world, make_dossier, s3_store)
    kept = [key for key in s3_store.keys() if key != attachment.file.name]

    with django_capture_on_commit_callbacks(execute=True):
        response = _client(world.unit_a_user).post(
            reverse(
                "nominations:attachment_delete",
                kwargs={"pk": attachment.nomination_id, "attachment_pk": attachment.pk},
            )
        )
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert s3_store.keys() == kept


def test_an_object_gone_from_the_bucket_is_a_404_not_an_error(world: Any, make_dossier: Any, s3_store: S3Store) -> None:
    attachment = _uploaded(world, make_dossier, s3_store)
    s3_store.server.client().delete_object(Bucket=s3_store.bucket, Key=attachment.file.name)

    assert _client(world.unit_a_user).get(_download_url(attachment)).status_code == 404
