"""The Word copies of the decision, its list, the minutes and the proposal: who may
download them (the same as the printable pages) and what the files hold."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import unquote

import docx
import pytest
from django.test import Client
from django.urls import reverse

from decisions.models import Decision
from decisions.tests.fixtures import PROVINCE_NOMINEE

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WORD_PAGES = ("word_decision", "word_decision_list", "word_minutes", "word_proposal")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pk(name: str, draft: Decision) -> int:
    return draft.pk if name.startswith("word_decision") else draft.session_id


def _text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("word_decision", ("QUYẾT ĐỊNH", "Điều 1.", "Nơi nhận:", "Số:      /QĐ-UBND")),
        ("word_decision_list", ("DANH SÁCH", "Lê Thị Hường", "Lao động tiên tiến")),
        ("word_minutes", ("BIÊN BẢN", "Lê Thị Hường", PROVINCE_NOMINEE, "III. KẾT LUẬN")),
        ("word_proposal", ("TỜ TRÌNH", PROVINCE_NOMINEE)),
    ],
)
def test_the_secretariat_downloads_each_word_copy(world: Any, draft: Decision, name: str, expected: Any) -> None:
    response = _client(world.secretariat).get(reverse(f"documents:{name}", kwargs={"pk": _pk(name, draft)}))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("attachment;")
    assert disposition.endswith(".docx")
    assert any(word in disposition for word in ("Quyết định", "Danh sách", "Biên bản", "Tờ trình"))
    text = _text(response.content)
    for part in expected:
        assert part in text


def test_the_printable_pages_link_their_word_copies(world: Any, draft: Decision) -> None:
    client = _client(world.secretariat)
    for page, word in (
        ("print_decision", "word_decision"),
        ("print_minutes", "word_minutes"),
        ("print_proposal", "word_proposal"),
    ):
        pk = _pk(word, draft)
        html = client.get(reverse(f"documents:{page}", kwargs={"pk": pk})).content.decode()
        assert reverse(f"documents:{word}", kwargs={"pk": pk}) in html
        assert "Tải bản Word (.docx)" in html


@pytest.mark.parametrize(
    ("name", "member_status"),
    [("word_decision", 403), ("word_decision_list", 403), ("word_minutes", 200), ("word_proposal", 403)],
)
def test_the_same_people_as_on_the_printable_pages(world: Any, draft: Decision, name: str, member_status: int) -> None:
    url = reverse(f"documents:{name}", kwargs={"pk": _pk(name, draft)})
    printable = reverse(
        "documents:" + {"word_decision_list": "print_decision"}.get(name, name.replace("word_", "print_")),
        kwargs={"pk": _pk(name, draft)},
    )
    member = _client(world.member)
    assert member.get(url).status_code == member_status == member.get(printable).status_code
    for outsider in (world.other_secretariat, world.unit_a_user):
        client = _client(outsider)
        assert client.get(url).status_code == 404 == client.get(printable).status_code
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]


def test_the_minutes_and_the_proposal_wait_for_the_results(world: Any, make_dossier: Any, rates: None) -> None:
    from django.utils import timezone

    from decisions.services import sessions as cs

    make_dossier("accepted")
    session = cs.session_create(
        actor=world.secretariat,
        round=world.round,
        held_at=timezone.now(),
        place="Hội trường",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    client = _client(world.secretariat)
    for name in ("word_minutes", "word_proposal"):
        assert client.get(reverse(f"documents:{name}", kwargs={"pk": session.pk})).status_code == 404
