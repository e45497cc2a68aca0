"""The dossier search (the dossier list, the officers' task lists, the API): every word typed
must be in the dossier's title or its unit's name, with or without diacritics, as people type
on a phone or an old keyboard ("de nghi lut bao" finds "Đề nghị … lụt bão").  The expected
matches are written out by hand here, not computed with the product's folding."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from nominations import services as ns
from nominations.models import Nomination

pytestmark = pytest.mark.django_db

LIST = reverse("nominations:list")
TASKS = reverse("workflows:tasks")


def _titled(dossier: Nomination, title: str) -> Nomination:
    return ns.nomination_update(actor=dossier.created_by, nomination=dossier, title=title, note="")


def _found(page: Any, *titles: str) -> list[str]:
    text = page.content.decode()
    return [title for title in titles if title in text]


FLOOD = "Đề nghị khen thưởng đột xuất phòng chống lụt bão"
YEAR = "Đề nghị xét danh hiệu thi đua năm 2026"
SCHOOL = "Khen thưởng chuyên đề an toàn giao thông"


@pytest.fixture
def dossiers(world: Any, make_dossier: Any) -> dict[str, Nomination]:
    return {
        "flood": _titled(make_dossier("draft"), FLOOD),
        "year": _titled(make_dossier("submitted"), YEAR),
        "school": _titled(make_dossier("submitted", unit=world.unit_b), SCHOOL),
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lụt bão", [FLOOD]),
        ("lut bao", [FLOOD]),  # no diacritics
        ("LỤT BÃO", [FLOOD]),  # capitals
        ("bao lut", [FLOOD]),  # the words in any order
        ("dot xuat", [FLOOD]),  # "đột xuất": đ is d
        ("hạn bão", []),  # every word, not any: "hạn" is in no title
        ("thi dua", [YEAR]),
        ("trang cac", [FLOOD, YEAR]),  # the unit's name: Tiểu khu Trang Các
        ("de nghi", [FLOOD, YEAR]),
    ],
)
def test_the_units_dossier_list_finds_words_with_or_without_diacritics(
    client: Any, world: Any, dossiers: dict[str, Nomination], typed: str, expected: list[str]
) -> None:
    client.force_login(world.unit_a_user)
    page = client.get(LIST, {"q": typed})
    assert page.status_code == 200
    # the other unit's dossier is never in unit A's list, whatever is typed
    assert _found(page, FLOOD, YEAR, SCHOOL) == expected


def test_the_secretariat_queue_and_the_api_search_the_same_way(
    client: Any, world: Any, dossiers: dict[str, Nomination]
) -> None:
    client.force_login(world.secretariat)
    assert _found(client.get(TASKS, {"q": "an toan giao thong"}), YEAR, SCHOOL) == [SCHOOL]
    assert _found(client.get(TASKS, {"q": "mam non"}), YEAR, SCHOOL) == [SCHOOL]  # Trường Mầm non thị trấn
    assert _found(client.get(TASKS, {"q": "xet danh hieu"}), YEAR, SCHOOL) == [YEAR]
    # the secretariat's dossier list: the sent dossiers, not unit A's draft
    assert _found(client.get(LIST, {"q": "de nghi"}), FLOOD, YEAR, SCHOOL) == [YEAR]


def test_a_changed_title_is_found_by_its_new_words_only(
    client: Any, world: Any, dossiers: dict[str, Nomination]
) -> None:
    _titled(dossiers["flood"], "Đề nghị khen thưởng người tốt việc tốt")
    client.force_login(world.unit_a_user)
    assert "người tốt việc tốt" in client.get(LIST, {"q": "nguoi tot"}).content.decode()
    assert _found(client.get(LIST, {"q": "lut bao"}), FLOOD, YEAR) == []


def test_the_migration_fills_in_the_search_text_of_the_dossiers_already_there(
    world: Any, dossiers: dict[str, Nomination]
) -> None:
    Nomination.objects.update(search_text="")  # as the rows were before the column
    migration = importlib.import_module("nominations.migrations.0024_nomination_search_text")
    migration.fill_search_text(apps, SimpleNamespace(connection=connection))  # all it reads of the schema editor
    texts = dict(Nomination.objects.values_list("pk", "search_text"))
    assert texts[dossiers["flood"].pk] == "de nghi khen thuong dot xuat phong chong lut bao tieu khu trang cac"
    assert texts[dossiers["school"].pk] == "khen thuong chuyen de an toan giao thong truong mam non thi tran"
    assert texts[dossiers["year"].pk] == "de nghi xet danh hieu thi dua nam 2026 tieu khu trang cac"
