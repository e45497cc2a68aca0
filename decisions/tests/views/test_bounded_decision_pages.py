"""The decision pages stay bounded however long the decision: its page, its documents page and
the registry search show one page of rows (searchable, filtered) and run the same queries for 10
rows and for 1,000.

The decisions come from real sessions (``decisions.tests.long_session``); the documents are
rows of a generation batch in the states the tasks leave them (made in bulk: building 1,000
PDFs is the documents tests' business, not the page's)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.text import fold, name_sort_key
from decisions.tests import long_session as ls
from documents.models import DocumentKind, DocumentStatus, GeneratedDocument, GenerationBatch
from nominations.models import Person

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    """Signed in, its first request made (which writes the sign-in's bookkeeping once)."""
    client = Client()
    client.force_login(user)
    client.get(reverse("decisions:decision_list"))
    return client


def _queries(client: Client, url: str, data: dict[str, Any] | None = None) -> tuple[list[str], str]:
    """The SQL ``url`` runs (numbers blanked, so two runs compare) and the page's text."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200
    sql = [re.sub(r"\b\d+\b", "N", query["sql"]) for query in captured.captured_queries]
    return sql, html.unescape(response.content.decode())


def _same(many: list[str], few: list[str]) -> None:
    assert len(many) == len(few), "\n".join(sorted(set(many) ^ set(few)))


def _numbers(page: str, row_id: str) -> list[int]:
    """The nominees' numbers (``Số0042``) in the page's rows ``<tr id="<row_id>-…">``, in order."""
    rows = re.findall(rf'<tr id="{row_id}-\d+"[^>]*>(.*?)</tr>', page, re.S)
    return [int(number) for row in rows for number in re.findall(r"Số(\d{4})", row)]


@pytest.fixture
def decisions(world: Any) -> tuple[Any, Any]:
    """Two drafts: of 8 lines and of 800 (the lines that passed of sessions of 10 and 1,000)."""
    return ls.decided_session(world, 10), ls.decided_session(world, 1000, first=11)


def test_the_decision_page_shows_one_page_of_its_lines_and_its_queries_do_not_grow(world: Any, decisions: Any) -> None:
    few, many = decisions
    assert (few.lines.count(), many.lines.count()) == (8, 800)
    client = _client(world.secretariat)
    few_sql, few_page = _queries(client, reverse("decisions:decision_detail", args=[few.pk]))
    many_sql, many_page = _queries(client, reverse("decisions:decision_detail", args=[many.pk]))
    _same(many_sql, few_sql)
    assert len(_numbers(few_page, "decision-line")) == 8
    first = _numbers(many_page, "decision-line")
    assert len(first) == 100
    assert re.search(r'id="line-count">800<', many_page)
    _sql, second_page = _queries(client, reverse("decisions:decision_detail", args=[many.pk]), {"page": 2})
    lines = list(many.lines.order_by("position", "id").values_list("pk", flat=True))
    assert re.findall(r'<tr id="decision-line-(\d+)">', second_page) == [str(pk) for pk in lines[100:200]]
    assert re.findall(r'<td data-label="TT" class="num">(\d+)</td>', second_page)[:2] == ["101", "102"]


def test_the_decision_page_finds_a_line_by_name_and_filters_by_award_type(world: Any, decisions: Any) -> None:
    _few, many = decisions
    client = _client(world.secretariat)
    url = reverse("decisions:decision_detail", args=[many.pk])
    # nominee 517 is "Đỗ Văn Bình Số0517" (a Lao động tiên tiến of unit A)
    _sql, found = _queries(client, url, {"q": "Đỗ bình số0517"})
    assert _numbers(found, "decision-line") == [517]
    _sql, gk = _queries(client, url, {"award": world.gk.pk, "page": 4})
    numbers = _numbers(gk, "decision-line")
    assert len(numbers) == 100
    assert all(number % 2 == 0 for number in numbers)  # the even numbers are Giấy khen
    assert "award=" in re.search(r'<a href="([^"]*)" rel="prev"', gk).group(1)
    _sql, nobody = _queries(client, url, {"q": "không có ai"})
    assert "Không tìm thấy dòng nào." in nobody


def _documents(world: Any, decision: Any) -> None:
    """The decision's papers as the tasks leave them: a certificate per line, every third one made,
    every third failed, the rest waiting; and the decision itself, made."""
    batch = GenerationBatch.objects.create(decision=decision, requested_by=world.secretariat)
    statuses = [DocumentStatus.DONE, DocumentStatus.FAILED, DocumentStatus.PENDING]
    rows = [
        GeneratedDocument(
            decision=decision,
            batch=batch,
            kind=DocumentKind.CERTIFICATE,
            decision_line=line,
            slot=f"certificate-{line.pk}",
            status=statuses[index % 3],
            error="Không đọc được phông chữ" if index % 3 == 1 else "",
        )
        for index, line in enumerate(decision.lines.order_by("position", "id"))
    ]
    rows.append(
        GeneratedDocument(
            decision=decision, batch=batch, kind=DocumentKind.DECISION, slot="decision", status=DocumentStatus.DONE
        )
    )
    GeneratedDocument.objects.bulk_create(rows)


def test_the_documents_page_is_a_page_of_certificates_filtered_by_status_and_name(world: Any, decisions: Any) -> None:
    few, many = decisions
    _documents(world, few)
    _documents(world, many)
    client = _client(world.secretariat)
    few_sql, few_page = _queries(client, reverse("documents:decision_documents", args=[few.pk]))
    many_sql, many_page = _queries(client, reverse("documents:decision_documents", args=[many.pk]))
    _same(many_sql, few_sql)
    certificates = r'<tr id="document-\d+" data-kind="certificate"'
    assert len(re.findall(certificates, few_page)) == 8
    assert len(re.findall(certificates, many_page)) == 100
    assert re.search(r'id="certificate-count">800<', many_page)

    url = reverse("documents:decision_documents", args=[many.pk])
    _sql, failed = _queries(client, url, {"status": "failed", "page": 2})
    failed_rows = re.findall(r'<tr id="document-\d+" data-kind="certificate" data-status="(\w+)"', failed)
    assert failed_rows == ["failed"] * 100  # 267 failed: page 2 is the second hundred
    assert re.search(r'id="certificate-count">267<', failed)
    _sql, pending = _queries(client, url, {"status": "pending"})
    assert re.search(r'id="certificate-count">266<', pending)
    assert set(re.findall(r'data-kind="certificate" data-status="(\w+)"', pending)) == {"pending"}
    _sql, found = _queries(client, url, {"q": "do binh so0517"})
    assert len(re.findall(certificates, found)) == 1
    assert "Đỗ Văn Bình Số0517" in found


def _people(world: Any, family: str, count: int) -> None:
    names = [f"{family} Văn Thanh Số{index:04d}" for index in range(1, count + 1)]
    Person.objects.bulk_create(
        [
            Person(council=world.council, full_name=name, search_name=fold(name), sort_key=name_sort_key(name))
            for name in names
        ]
    )


def test_the_registry_search_pages_its_matches_and_its_queries_do_not_grow(world: Any) -> None:
    _people(world, "Lý", 10)
    _people(world, "Ngô", 1000)
    client = _client(world.secretariat)
    url = reverse("decisions:registry_search")
    few_sql, few_page = _queries(client, url, {"q": "ly thanh"})
    many_sql, many_page = _queries(client, url, {"q": "ngo thanh"})
    _same(many_sql, few_sql)
    people = r'<a href="/registry/person/\d+/">([^<]+)</a>'
    assert len(re.findall(people, few_page)) == 10
    first = re.findall(people, many_page)
    assert len(first) == 50
    _sql, second_page = _queries(client, url, {"q": "ngo thanh", "page": 2})
    second = re.findall(people, second_page)
    assert len(second) == 50
    assert not set(first) & set(second)
    assert "q=ngo+thanh" in re.search(r'<a href="([^"]*)" rel="next"', second_page).group(1)
