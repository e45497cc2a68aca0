"""The public verification page behind each certificate's QR code: four facts
and nothing else, "ĐÃ THU HỒI" once the decision is revoked, a plain 404 for a
token nobody was given."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from decisions.models import DecisionLine
from decisions.services import decisions as decision_services
from documents.models import Certificate
from documents.tests.registered import ACHIEVEMENT, draft_decision, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(world: Any, django_capture_on_commit_callbacks: Any) -> Certificate:
    decision = draft_decision(world, [("Lê Thị Hường", "female")])
    with django_capture_on_commit_callbacks(execute=True):
        register(world, decision)
    return Certificate.objects.select_related("decision_line__decision").get()


def _main(response: Any) -> str:
    """The page's own content, without the site's header."""
    body = html.unescape(response.content.decode())
    return re.search(r"<main[^>]*>(.*)</main>", body, re.S).group(1)  # type: ignore[union-attr]


def test_the_page_shows_four_facts_and_nothing_else(world: Any, certificate: Certificate) -> None:
    response = Client().get(reverse("documents:verify", kwargs={"token": certificate.token}))

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    main = _main(response)
    facts = dict(re.findall(r'<dd id="([a-z-]+)"[^>]*>(?:<strong>)?([^<]*)', main))
    assert facts == {
        "awardee": "Bà Lê Thị Hường",
        "award": "Lao động tiên tiến",
        "decision-number": "15/QĐ-UBND",
        "decision-date": "20/12/2026",
    }
    row = DecisionLine.objects.select_related("line__person").get()
    for private in (
        world.unit_b.name,  # the unit
        "Giáo viên",  # the position
        ACHIEVEMENT,
        "759.000",  # the award money
        str(row.amount),
        certificate.serial,
        "Trịnh Văn Hùng",
        "ĐÃ THU HỒI",
    ):
        assert private not in main, private
    assert row.amount == 759_000  # 0.3 × 2,530,000: what must not show


def test_a_revoked_decision_shows_revoked_and_no_reason(world: Any, certificate: Certificate) -> None:
    decision_services.decision_revoke(
        actor=world.chairman, decision=certificate.decision_line.decision, reason="Phát hiện hồ sơ khai sai"
    )
    main = _main(Client().get(reverse("documents:verify", kwargs={"token": certificate.token})))
    assert "ĐÃ THU HỒI" in main
    assert "Bà Lê Thị Hường" in main
    assert "khai sai" not in main


def test_an_unknown_token_is_a_plain_404(certificate: Certificate) -> None:
    for token in ("khong-co-ma-nay-0000000", certificate.token[:-1], certificate.token.upper()):
        response = Client().get(reverse("documents:verify", kwargs={"token": token}))
        assert response.status_code == 404
        assert "Lê Thị Hường" not in response.content.decode()
