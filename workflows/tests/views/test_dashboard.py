"""The round's dashboard: the counts against a seeded round, the overdue steps and who holds
them, who may open it, and a query count that does not grow with the council's units."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from workflows.dashboard import round_dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(world: Any, make_dossier: Any) -> Any:
    """Unit A: a draft, a sent dossier, a returned one and an accepted one; unit B: one sent;
    every dossier has one Lao động tiên tiến line."""
    make_dossier("draft")
    make_dossier("submitted")
    make_dossier("returned")
    make_dossier("accepted")
    make_dossier("submitted", unit=world.unit_b)
    factories.UnitFactory(council=world.council, name="Chi hội Cựu chiến binh")
    return world


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_counts_of_a_seeded_round(seeded: Any) -> None:
    world = seeded
    board = round_dashboard(world.round)
    rows = {row.name: row for row in board.units}
    unit_a, unit_b = rows["Tiểu khu Trang Các"], rows["Trường Mầm non thị trấn"]
    assert [unit_a.count(s) for s in ("draft", "submitted", "returned", "accepted", "withdrawn")] == [1, 1, 1, 1, 0]
    assert [unit_b.count(s) for s in ("draft", "submitted", "returned", "accepted", "withdrawn")] == [0, 1, 0, 0, 0]
    assert [row.name for row in board.units_without_dossier] == ["Chi hội Cựu chiến binh"]
    assert board.units[-1].name == "Chi hội Cựu chiến binh", "the units that sent nothing come last"
    assert board.totals["submitted"] == 2
    # the lines of the dossiers that reached the council (not the draft)
    assert [(award.code, count) for award, count in board.awards] == [("LDTT", 4)]
    assert board.lines_sent == 4
    assert board.overdue == [], "nothing is late on the day it was sent"


def test_overdue_steps_and_who_holds_them(seeded: Any) -> None:
    world = seeded
    later = timezone.now() + dt.timedelta(days=60)
    overdue = round_dashboard(world.round, now=later).overdue
    # two reviews nobody has taken (the secretariat's) and the returned dossier (its unit's)
    assert sorted((step.step, step.holder) for step in overdue) == [
        ("review", ""),
        ("review", ""),
        ("revise", "Tiểu khu Trang Các"),
    ]
    assert all(step.overdue_days > 0 for step in overdue)


def test_the_page_for_the_secretariat_and_chairman_only(seeded: Any) -> None:
    world = seeded
    url = reverse("workflows:round_dashboard", kwargs={"pk": world.round.pk})
    page = _client(world.secretariat).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Chi hội Cựu chiến binh" in text
    assert text.count("<svg") == 2
    assert 'id="lines-sent">4<' in text
    assert 'id="units-sent">2 / 3<' in text
    assert _client(world.chairman).get(url).status_code == 200
    assert _client(world.member).get(url).status_code == 403
    assert _client(world.unit_a_user).get(url).status_code == 404
    assert _client(world.other_secretariat).get(url).status_code == 404
    latest = _client(world.secretariat).get(reverse("workflows:dashboard"))
    assert latest.status_code == 302
    assert latest["Location"] == url
    assert _client(world.unit_a_user).get(reverse("workflows:dashboard")).status_code == 404


def test_the_query_count_does_not_grow_with_the_units(seeded: Any, make_dossier: Any) -> None:
    world = seeded
    client = _client(world.secretariat)
    url = reverse("workflows:round_dashboard", kwargs={"pk": world.round.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for index in range(5):
        unit = factories.UnitFactory(council=world.council, name=f"Thôn {index}")
        user = factories.UserFactory(username=f"thon-{index}")
        unit.memberships.create(user=user)
        make_dossier("submitted", unit=unit, user=user)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.content.decode().count("data-unit=") == 8
    assert len(many) == len(few)
