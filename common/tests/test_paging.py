"""The shared pager: the page asked for, its neighbours' links keep the other query parameters."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from common.paging import page_of


def _get(**params: str):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/", params)
    request.user = AnonymousUser()
    return request


def test_a_page_out_of_range_or_not_a_number_gives_the_nearest_page() -> None:
    rows = list(range(120))
    assert page_of(RequestFactory().get("/", {"page": "9"}), rows, size=50).number == 3
    assert page_of(RequestFactory().get("/", {"page": "abc"}), rows, size=50).number == 1
    assert list(page_of(RequestFactory().get("/", {"page": "2"}), rows, size=50)) == list(range(50, 100))


def test_the_pager_keeps_search_and_filters_when_it_moves() -> None:
    request = _get(q="Nguyễn", unit="7", page="2")
    page = page_of(request, list(range(120)), size=50)
    html = render_to_string("pager.html", {"page": page}, request=request)
    assert "q=Nguy%E1%BB%85n&amp;unit=7&amp;page=3" in html
    assert "q=Nguy%E1%BB%85n&amp;unit=7&amp;page=1" in html
    assert "Trang 2/3 · 120 dòng" in html


def test_one_page_shows_no_pager() -> None:
    request = _get()
    assert render_to_string("pager.html", {"page": page_of(request, [1, 2])}, request=request).strip() == ""
