"""Rate limits on the expensive pages: /verify per address, bulk imports and PDFs per user; a
refused request gets the 429 page in Vietnamese, and the counter lives in the shared cache."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from common.ratelimits import DEFAULT_RATES, rate_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("still_ratelimit_clock")]

TOO_MANY = "Quá nhiều yêu cầu"


def _client(user: Any = None, address: str = "203.0.113.7") -> Client:
    client = Client(REMOTE_ADDR=address)
    if user is not None:
        client.force_login(user)
    return client


def _refused(response: Any) -> None:
    assert response.status_code == 429
    body = html.unescape(response.content.decode())
    assert TOO_MANY in body
    assert "Vui lòng đợi một phút rồi thử lại." in body
    assert 'id="too-many-requests"' in body
    assert response["Retry-After"] == "60"


def _rows_in_ratelimit_cache() -> int:
    table = caches["ratelimit"]._table  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return int(cursor.fetchone()[0])


def test_the_defaults_and_the_settings() -> None:
    assert DEFAULT_RATES == {"verify": "30/m", "lookup": "30/m", "import": "10/m", "pdf": "60/m", "bundle": "10/m"}
    with override_settings(RATELIMITS={"verify": "5/m"}):
        assert rate_for("verify") == "5/m"
        assert rate_for("pdf") == "60/m"


@override_settings(RATELIMITS={"verify": "3/m"})
def test_verify_is_limited_per_address_in_the_database_cache(world: Any) -> None:
    assert caches["ratelimit"].__class__.__name__ == "DatabaseCache"
    url = reverse("documents:verify", kwargs={"token": "khong-co-ma-nay"})
    anonymous = _client()
    for _ in range(3):  # below the limit the page answers as always (an unknown code is a 404)
        assert anonymous.get(url).status_code == 404
    assert _rows_in_ratelimit_cache() >= 1  # the counter is a row of the shared cache, not a process's memory
    _refused(_client().get(url))  # a new client (no cookies) from the same address is still counted
    _refused(anonymous.get(url))
    assert _client(address="198.51.100.9").get(url).status_code == 404  # another address has its own count


@override_settings(RATELIMITS={"import": "2/m"})
def test_a_bulk_import_is_limited_per_user(world: Any) -> None:
    url = reverse("councils:unit_import", kwargs={"council_pk": world.council.pk})
    admin = _client(world.admin)
    for _ in range(2):  # no file: the upload page says so (400), and the try is counted
        assert admin.post(url, {}).status_code == 400
    _refused(admin.post(url, {}))
    _refused(_client(world.admin, address="198.51.100.9").post(url, {}))  # per user, whatever the address
    assert admin.get(url).status_code == 200  # the form itself is not counted
    confirm = reverse("councils:unit_import_confirm", kwargs={"council_pk": world.council.pk})
    _refused(admin.post(confirm, {"token": "x"}))  # one counter for the group


@override_settings(RATELIMITS={"import": "1/m"})
def test_the_bulk_entry_of_lines_is_limited(world: Any, make_dossier: Any) -> None:
    nomination = make_dossier("draft")
    url = reverse("nominations:lines_bulk", args=[nomination.pk])
    unit = _client(world.unit_a_user)
    assert unit.post(url, {}).status_code != 429
    _refused(unit.post(url, {}))


@override_settings(RATELIMITS={"pdf": "2/m"})
def test_pdf_downloads_are_limited_per_user(world: Any) -> None:
    url = reverse("documents:yearend_pdf", kwargs={"year": 2023})
    secretariat = _client(world.secretariat)
    first = secretariat.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert secretariat.get(reverse("documents:download", kwargs={"pk": 999_999})).status_code == 404
    _refused(secretariat.get(url))
    assert _client(world.chairman).get(url).status_code == 200  # another user is not held back
