"""No stored file has a public address (issue 15, item 6): the bucket and its objects are
private, so a stranger's unsigned GET of an object is refused by the S3 server, and no page
the app renders (the secretariat's documents page, the unit's decision page, the dossier,
the superuser's admin) carries the store's address: every file goes out through a view
that checks who asks."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import pdf_upload
from documents.models import DocumentStatus, GeneratedDocument
from documents.tests.registered import draft_decision, register
from nominations.models import Attachment
from tests.s3 import S3Store

pytestmark = pytest.mark.django_db

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _anonymous_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  the local moto server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _registered(world: Any, capture: Any) -> Any:
    decision = draft_decision(world, [("Lê Thị Hường", "female")])
    with capture(execute=True):
        register(world, decision)
    return decision


def test_the_server_does_serve_a_public_object_to_a_stranger(s3_store: S3Store) -> None:
    """The control of the test below: the S3 server enforces ACLs, so a refusal means something."""
    client = s3_store.server.client()
    client.put_object(Bucket=s3_store.bucket, Key="public.txt", Body=b"public", ACL="public-read")
    client.put_object(Bucket=s3_store.bucket, Key="private.txt", Body=b"private")

    assert _anonymous_status(s3_store.plain_url("public.txt")) == 200
    assert _anonymous_status(s3_store.plain_url("private.txt")) == 403


def test_stored_files_are_private_objects(
    world: Any, make_dossier: Any, s3_store: S3Store, django_capture_on_commit_callbacks: Any
) -> None:
    decision = _registered(world, django_capture_on_commit_callbacks)
    nomination = make_dossier("draft")
    keys = s3_store.keys()
    documents = [doc.file.name for doc in GeneratedDocument.objects.filter(decision=decision)]
    attachments = [a.file.name for a in Attachment.objects.filter(nomination=nomination)]
    assert documents
    assert attachments
    assert set(documents + attachments) == set(keys)

    client = s3_store.server.client()
    for key in keys:
        assert _anonymous_status(s3_store.plain_url(key)) == 403, key
        grantees = {
            grant["Grantee"].get("URI") for grant in client.get_object_acl(Bucket=s3_store.bucket, Key=key)["Grants"]
        }
        assert ALL_USERS not in grantees, key
        assert AUTHENTICATED_USERS not in grantees, key
    bucket_grantees = {grant["Grantee"].get("URI") for grant in client.get_bucket_acl(Bucket=s3_store.bucket)["Grants"]}
    # (moto answers an anonymous listing of any bucket, so the bucket's own ACL is what is checked)
    assert ALL_USERS not in bucket_grantees
    assert AUTHENTICATED_USERS not in bucket_grantees


def test_no_page_carries_the_stores_address(
    world: Any, make_dossier: Any, s3_store: S3Store, django_capture_on_commit_callbacks: Any
) -> None:
    decision = _registered(world, django_capture_on_commit_callbacks)
    nomination = make_dossier("draft")
    assert (
        _client(world.unit_a_user)
        .post(
            reverse("nominations:attachment_add", kwargs={"pk": nomination.pk}),
            {"kind": "other", "file": pdf_upload("them.pdf")},
        )
        .status_code
        == 302
    )
    document = GeneratedDocument.objects.filter(decision=decision, status=DocumentStatus.DONE).first()
    assert document is not None
    pages = [
        (world.secretariat, reverse("documents:decision_documents", kwargs={"pk": decision.pk})),
        (world.secretariat, reverse("decisions:decision_detail", kwargs={"pk": decision.pk})),
        (world.unit_b_user, reverse("documents:unit_decision", kwargs={"pk": decision.pk})),
        (world.unit_a_user, reverse("workflows:dossier_detail", kwargs={"pk": nomination.pk})),
        (world.admin, reverse("admin:documents_generateddocument_change", args=[document.pk])),
    ]
    host = s3_store.endpoint_url.split("//", 1)[1]
    for user, url in pages:
        response = _client(user).get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert host not in content, url
        assert s3_store.bucket not in content, url
        assert "X-Amz-Signature" not in content, url
    # the pages do link the files, through the app's own download views
    documents_page = _client(world.secretariat).get(pages[0][1]).content.decode()
    assert reverse("documents:download", kwargs={"pk": document.pk}) in documents_page
    dossier_page = _client(world.unit_a_user).get(pages[3][1]).content.decode()
    attachment = Attachment.objects.get(nomination=nomination, original_name="them.pdf")
    assert (
        reverse("nominations:attachment_download", kwargs={"pk": nomination.pk, "attachment_pk": attachment.pk})
        in dossier_page
    )
