"""The account's API tokens page: a token is shown once and stored only as knox's hash, it works
until revoked or expired, one user never touches another's, and the record stays after revoking."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from api.models import ApiToken

pytestmark = pytest.mark.django_db


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _create(client: Client, name: str = "Phần mềm kế toán", days: str = "30") -> str:
    page = client.post(reverse("api_tokens"), {"name": name, "days": days})
    assert page.status_code == 200
    found = re.search(r'id="new-api-token-value">([^<]+)<', page.content.decode())
    assert found, "the new token is shown on the answer to the POST"
    return found.group(1)


def test_a_token_is_shown_once_stored_hashed_and_works(world: Any) -> None:
    client = _signed_in(world.unit_a_user)
    token = _create(client)
    assert token.startswith("tdkt_")
    record = ApiToken.objects.get(user=world.unit_a_user)
    assert record.name == "Phần mềm kế toán"
    assert record.is_usable
    # only the hash is stored: the token's text is in no column of knox's row nor of the record
    stored = AuthToken.objects.get(user=world.unit_a_user)
    assert token not in (stored.digest, stored.token_key, record.token_key)
    assert token.startswith(stored.token_key)
    # the list shows the prefix, never the token again
    again = client.get(reverse("api_tokens")).content.decode()
    assert token not in again
    assert f"{record.token_key}…" in again
    api = Client().get("/api/councils/", HTTP_AUTHORIZATION=f"Token {token}")
    assert api.status_code == 200
    assert [row["name"] for row in api.json()["results"]] == [world.council.name]


def test_revoking_stops_the_token_and_keeps_the_record(world: Any) -> None:
    client = _signed_in(world.unit_a_user)
    token = _create(client)
    record = ApiToken.objects.get(user=world.unit_a_user)
    # another user cannot revoke it: not found
    assert _signed_in(world.unit_b_user).post(reverse("api_token_revoke", args=[record.pk])).status_code == 404
    assert Client().get("/api/councils/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    response = client.post(reverse("api_token_revoke", args=[record.pk]))
    assert response.status_code == 302
    assert Client().get("/api/councils/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    record.refresh_from_db()
    assert record.revoked_at is not None
    assert record.revoked_by == world.unit_a_user
    assert "đã thu hồi lúc" in client.get(reverse("api_tokens")).content.decode()


def test_revoke_all_and_the_bad_inputs(world: Any) -> None:
    client = _signed_in(world.secretariat)
    first, second = _create(client, "Một"), _create(client, "Hai")
    page = client.post(reverse("api_tokens"), {"name": "  ", "days": "30"}).content.decode()
    assert "Hãy đặt tên cho mã truy cập" in page or "bắt buộc" in page
    page = client.post(reverse("api_tokens"), {"name": "Ba", "days": "3650"}).content.decode()
    assert "new-api-token-value" not in page
    assert ApiToken.objects.filter(user=world.secretariat).count() == 2
    assert client.post(reverse("api_tokens_revoke_all")).status_code == 302
    for token in (first, second):
        assert Client().get("/api/councils/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert not AuthToken.objects.filter(user=world.secretariat).exists()


def test_the_docs_page_serves_its_assets_from_static_files(client: Client) -> None:
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()
    assert "<script>" not in page, "no inline script under the CSP"
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/dossiers/" in schema.content
