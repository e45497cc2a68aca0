"""The minutes of a session as a PDF: the session page's main link, the same access
as the printable page (a council the user has no part in is a 404), the nominees'
names in the PDF's text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decisions.models import AgendaItem
from decisions.tests.fixtures import PROVINCE_NOMINEE
from printing.tests.documents.pdfcheck import flat, pages

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_downloads_the_minutes_as_a_pdf(world: Any, session: Any) -> None:
    response = _client(world.member).get(reverse("documents:minutes_pdf", kwargs={"pk": session.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    held = timezone.localtime(session.held_at).date()
    assert (
        response["Content-Disposition"] == f'inline; filename="bien-ban-hop-hoi-dong-{held:%Y-%m-%d}-{session.pk}.pdf"'
    )
    found = pages(response.content)
    text = flat("\n".join(page.text for page in found))
    assert flat("BIÊN BẢN") in text
    names = set(AgendaItem.objects.filter(session=session).values_list("line__person__full_name", flat=True))
    assert {"Lê Thị Hường", PROVINCE_NOMINEE} <= names
    body = "".join(page.raw for page in found)
    for name in names:
        assert flat(name) in body, name
    assert session.results_digest in text
    for page in found:
        assert (round(page.width_mm), round(page.height_mm)) == (210, 297)


def test_another_councils_user_gets_a_404(world: Any, session: Any) -> None:
    response = _client(world.other_secretariat).get(reverse("documents:minutes_pdf", kwargs={"pk": session.pk}))
    assert response.status_code == 404


def test_the_session_page_links_the_pdf_first_and_keeps_the_printable_page(world: Any, session: Any) -> None:
    page = _client(world.secretariat).get(reverse("workflows:session_detail", kwargs={"pk": session.pk}))
    content = page.content.decode()
    pdf_link = re.search(r'<a class="btn" href="([^"]+)" id="minutes-pdf">Tải biên bản \(PDF\)</a>', content)
    assert pdf_link is not None
    assert pdf_link.group(1) == reverse("documents:minutes_pdf", kwargs={"pk": session.pk})
    assert f'href="{reverse("documents:print_minutes", kwargs={"pk": session.pk})}" id="minutes-html"' in content
    assert ">In biên bản<" not in content
