"""A unit account's temporary password is shown once, in the answer to the POST that made it,
and goes nowhere else: not in a message, the session or a cookie."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _secretariat(world: Any) -> Client:
    client = Client()
    client.force_login(world.secretariat)
    return client


def _stored_anywhere(client: Client, password: str) -> bool:
    sessions = [row.get_decoded() for row in Session.objects.all()]
    cookies = " ".join(morsel.value for morsel in client.cookies.values())
    return password in repr(sessions) or password in cookies


@pytest.mark.parametrize("how", ["create", "reset"])
def test_the_temporary_password_is_shown_once_and_stored_nowhere(world: Any, how: str) -> None:
    client = _secretariat(world)
    if how == "create":
        response = client.post(
            reverse("councils:unit_accounts"),
            {"unit": world.unit_a.pk, "username": "tieukhu_moi", "full_name": "Trần Văn Mới"},
        )
    else:
        response = client.post(reverse("councils:unit_account_reset", kwargs={"user_pk": world.unit_a_user.pk}))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    found = re.search(r'<code class="tracker" id="temporary-password">([^<]+)</code>', response.content.decode())
    assert found
    password = found.group(1)
    assert len(password) >= 8
    assert not [str(m) for m in response.context["messages"]]
    assert not _stored_anywhere(client, password)
    again = client.get(reverse("councils:unit_accounts")).content.decode()
    assert password not in again
