"""The session pages stay bounded however long the agenda: the secretariat's session page and
the results page show a page of 100 lines (searchable by name, filtered by award type, unit and
outcome) and run the same queries for 10 lines and for 1,000; the member's ballot stays one form
of every line, in a section per award type; the chairman's page lists every line he decides on,
folded under each award type's counts.

Two sessions of the world's council are built in one test, a short one and a long one
(``decisions.tests.long_session``: the lines in bulk, then the real services)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import AgendaItem
from decisions.tests import long_session as ls
from nominations.models import AwardType

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    """Signed in, its first request made (which writes the sign-in's bookkeeping once)."""
    client = Client()
    client.force_login(user)
    client.get(reverse("workflows:session_list"))
    return client


def _queries(client: Client, url: str, data: dict[str, Any] | None = None) -> tuple[list[str], str]:
    """The SQL ``url`` runs (numbers blanked, so two runs compare) and the page's text."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return [re.sub(r"\b\d+\b", "N", query["sql"]) for query in captured.captured_queries], html.unescape(
        response.content.decode()
    )


def _same(many: list[str], few: list[str]) -> None:
    assert len(many) == len(few), "\n".join(sorted(set(many) ^ set(few)))


def _numbers(page: str, row_id: str) -> list[int]:
    """The nominees' numbers (``Số0042``) of the page's rows ``<tr id="<row_id>-…">``, in order."""
    rows = re.findall(rf'<tr id="{row_id}-\d+">(.*?)</tr>', page, re.S)
    return [int(number) for row in rows for number in re.findall(r"Số(\d{4})", row)]


@pytest.fixture
def sessions(world: Any) -> tuple[Any, Any]:
    """(10 lines, 1,000 lines), both closed: each fifth agenda position failed."""
    return ls.closed_session(world, 10), ls.closed_session(world, 1000, first=11)


def test_the_session_page_shows_one_page_of_lines_and_its_queries_do_not_grow(world: Any, sessions: Any) -> None:
    few, many = sessions
    client = _client(world.secretariat)
    few_sql, few_page = _queries(client, reverse("workflows:session_detail", args=[few.pk]))
    many_sql, many_page = _queries(client, reverse("workflows:session_detail", args=[many.pk]))
    _same(many_sql, few_sql)
    assert len(_numbers(few_page, "agenda")) == 10
    first = _numbers(many_page, "agenda")
    assert len(first) == 100
    assert len(re.findall(r'<tr id="result-\d+">', many_page)) == 100  # the results of the same page
    assert re.search(r'id="agenda-count">1000<', many_page)
    assert "1000 dòng: <strong>800</strong> dòng đạt, <strong>200</strong> dòng không đạt." in many_page

    _sql, second_page = _queries(client, reverse("workflows:session_detail", args=[many.pk]), {"page": 2})
    second = _numbers(second_page, "agenda")
    assert len(second) == 100
    assert not set(first) & set(second)
    positions = list(AgendaItem.objects.filter(session=many).order_by("position").values_list("pk", flat=True))
    assert re.findall(r'<tr id="agenda-(\d+)">', second_page) == [str(pk) for pk in positions[100:200]]


def test_the_session_page_finds_a_nominee_by_name_without_diacritics_and_filters_by_award_and_unit(
    world: Any, sessions: Any
) -> None:
    _few, many = sessions
    client = _client(world.secretariat)
    url = reverse("workflows:session_detail", args=[many.pk])
    # nominee 517 is "Đỗ Văn Bình Số0517"
    _sql, found = _queries(client, url, {"q": "do binh so0517"})
    assert _numbers(found, "agenda") == [517]
    _sql, ldtt = _queries(client, url, {"award": world.ldtt.pk})
    assert re.search(r'id="agenda-count">500<', ldtt)
    assert all(number % 2 == 1 for number in _numbers(ldtt, "agenda"))  # the odd numbers are LĐTT
    _sql, unit_b = _queries(client, url, {"unit": world.unit_b.pk, "page": 4})
    assert all(number % 2 == 0 for number in _numbers(unit_b, "agenda"))  # unit B's are the even ones
    assert "unit=" in re.search(r'<a href="([^"]*)" rel="next"', unit_b).group(1)  # the pager keeps the filter
    _sql, nobody = _queries(client, url, {"q": "không có ai"})
    assert "Không tìm thấy dòng nào." in nobody


def test_the_results_page_is_a_page_of_lines_filtered_by_outcome_with_the_totals_of_all(
    world: Any, sessions: Any
) -> None:
    few, many = sessions
    client = _client(world.secretariat)
    few_sql, few_page = _queries(client, reverse("workflows:session_results", args=[few.pk]))
    many_sql, many_page = _queries(client, reverse("workflows:session_results", args=[many.pk]))
    _same(many_sql, few_sql)
    assert len(_numbers(few_page, "result")) == 10
    assert len(_numbers(many_page, "result")) == 100
    assert "1000 dòng: <strong>800</strong> dòng đạt, <strong>200</strong> dòng không đạt." in many_page

    url = reverse("workflows:session_results", args=[many.pk])
    _sql, failed = _queries(client, url, {"outcome": "failed", "page": 2})
    failed_ids = re.findall(r'<tr id="result-(\d+)">', failed)
    failing = list(
        AgendaItem.objects.filter(session=many, position__in=range(5, 1001, 5))
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert failed_ids == [str(pk) for pk in failing[100:200]]
    assert failed.count('<span class="status s-failed">') == 100
    _sql, passed = _queries(client, url, {"outcome": "passed", "award": world.gk.pk})
    assert passed.count('<span class="status s-passed">') == 100
    assert "s-failed" not in re.sub(r"<form.*?</form>", "", passed, flags=re.S)
    assert 'rel="next"' in passed
    assert "award=" in re.search(r'<a href="([^"]*)" rel="next"', passed).group(1)


def test_the_long_ballot_is_one_form_with_a_section_per_award_type_and_every_line(world: Any) -> None:
    session = ls.voting_session(world, 1000)
    response = _client(world.member).get(reverse("workflows:session_ballot", args=[session.pk]))
    page = response.content.decode()
    assert page.count('<form method="post" id="ballot"') == 1
    sections = re.findall(r'<fieldset class="card ballot-group" data-group="([A-Z]+)"', page)
    assert sections == ["GK", "LDTT"]
    assert page.count("Đồng ý tất cả trong mục này") == 2
    items = AgendaItem.objects.filter(session=session)
    assert items.count() == 1000
    for item in items:
        assert f'name="item_{item.pk}" value="agree" required' in page
        assert f'name="item_{item.pk}" value="disagree"' in page
    gk = page[page.index('data-group="GK"') : page.index('data-group="LDTT"')]
    assert gk.count('value="agree"') == 500
    # the lines' markup is lean: well under half a kilobyte a line
    assert len(response.content) < 1000 * 500, len(response.content)


def test_the_decide_page_lists_every_line_folded_by_award_type_under_its_counts(world: Any) -> None:
    session = ls.closed_session(world, 1000)
    response = _client(world.chairman).get(reverse("workflows:session_decide", args=[session.pk]))
    page = html.unescape(response.content.decode())
    form = page[page.index('<form method="post" id="decide"') : page.index("</form>", page.index('id="decide"'))]
    groups = re.findall(r'<details class="decide-group" id="decide-group-([A-Z]+)"( open)?>', form)
    assert groups == [("GK", ""), ("LDTT", "")]  # folded: the page opens short
    assert "500 dòng: 400 đạt (400 đang đánh dấu), 100 không đạt" in form
    assert form.count('name="approve"') == 1000
    assert form.count('name="approve" value=') == 1000
    assert len(re.findall(r'name="approve" value="\d+" checked', form)) == 800
    assert len(re.findall(r'name="approve" value="\d+" disabled', form)) == 200
    assert form.count('name="reason_') == 800
    assert '<tr id="result-' not in page  # the full results table is the results page's
    assert AwardType.objects.filter(code__in=["GK", "LDTT"], council=world.council).count() == 2


def test_a_short_decide_page_opens_its_groups_and_a_refused_approval_reopens_the_group_concerned(
    world: Any,
) -> None:
    session = ls.closed_session(world, 30)
    client = _client(world.chairman)
    url = reverse("workflows:session_decide", args=[session.pk])
    short = ls.closed_session(world, 6, first=31)
    opened = html.unescape(client.get(reverse("workflows:session_decide", args=[short.pk])).content.decode())
    assert re.findall(r'<details class="decide-group" id="decide-group-([A-Z]+)"( open)?>', opened) == [
        ("GK", " open"),
        ("LDTT", " open"),
    ]
    items = list(AgendaItem.objects.filter(session=session).select_related("line__award_type").order_by("position"))
    passed = [item.pk for item in items if item.position % 5]
    left_out = next(item for item in items if item.position % 5 and item.line.award_type.code == "LDTT")
    response = client.post(url, {"approve": [pk for pk in passed if pk != left_out.pk], "subject": ""})
    page = html.unescape(response.content.decode())
    assert "Dòng bị loại phải có lý do." in page
    assert re.findall(r'<details class="decide-group" id="decide-group-([A-Z]+)"( open)?>', page) == [
        ("GK", ""),
        ("LDTT", " open"),
    ]
    assert not re.search(rf'name="approve" value="{left_out.pk}" checked', page)
    session.refresh_from_db()
    assert not session.is_decided
