"""The public verification page behind each certificate's QR code: it says plainly
that the paper is valid (or "ĐÃ THU HỒI" with the decision that revoked it), who
gave and signed it, the decision and the awardee's name, and nothing else personal;
an unknown token is the site's own 404 page, never Django's debug page."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from decisions.models import Decision, DecisionLine
from decisions.services import decisions as decision_services
from documents.models import Certificate
from documents.tests.registered import ACHIEVEMENT, draft_decision, register
from nominations.models import Person

pytestmark = pytest.mark.django_db

BIRTH_DATE = dt.date(1987, 3, 14)
CITIZEN_ID = "038187001234"


@pytest.fixture
def certificate(world: Any, django_capture_on_commit_callbacks: Any) -> Certificate:
    decision = draft_decision(world, [("Lê Thị Hường", "female")])
    Person.objects.update(birth_date=BIRTH_DATE, citizen_id=CITIZEN_ID)
    with django_capture_on_commit_callbacks(execute=True):
        register(world, decision)
    return Certificate.objects.select_related("decision_line__decision").get()


def _url(certificate: Certificate) -> str:
    return reverse("documents:verify", kwargs={"token": certificate.token})


def _main(response: Any) -> str:
    """The page's own content, without the site's header."""
    body = html.unescape(response.content.decode())
    return re.search(r"<main[^>]*>(.*)</main>", body, re.S).group(1)  # type: ignore[union-attr]


def _facts(main: str) -> dict[str, str]:
    found = re.findall(r'<dd id="([a-z-]+)"[^>]*>(.*?)</dd>', main, re.S)
    return {key: " ".join(re.sub(r"<[^>]+>", " ", value).split()) for key, value in found}


def test_a_valid_certificate_says_so_and_who_gave_it(world: Any, certificate: Certificate) -> None:
    response = Client().get(_url(certificate))

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    body = response.content.decode()
    assert '<meta name="robots" content="noindex">' in body
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in body
    main = _main(response)
    # a "danh hiệu" prints on a "Giấy chứng nhận": the page names the paper the awardee holds
    assert re.search(r'id="valid"[^>]*><strong>Giấy chứng nhận hợp lệ</strong>', main)
    assert _facts(main) == {
        "awardee": "Bà Lê Thị Hường",
        "award": "Lao động tiên tiến",
        "issuer": "Chủ tịch Ủy ban nhân dân thị trấn Hà Trung",
        "signer": "CHỦ TỊCH Trịnh Văn Hùng",
        "decision-number": "15/QĐ-UBND",
        "decision-date": "20/12/2026",
    }
    assert "ĐÃ THU HỒI" not in main


def test_the_award_types_own_paper_and_issuer_are_shown(world: Any, certificate: Certificate) -> None:
    world.ldtt.paper_title = "GIẤY KHEN"
    world.ldtt.issuing_authority = "Giám đốc Sở Giáo dục và Đào tạo"
    world.ldtt.save(update_fields=["paper_title", "issuing_authority"])

    main = _main(Client().get(_url(certificate)))

    assert "<strong>Giấy khen hợp lệ</strong>" in main
    assert _facts(main)["issuer"] == "Giám đốc Sở Giáo dục và Đào tạo"


def test_nothing_personal_beyond_the_name(world: Any, certificate: Certificate) -> None:
    main = _main(Client().get(_url(certificate)))

    row = DecisionLine.objects.select_related("line__person").get()
    assert row.line.person.birth_date == BIRTH_DATE
    assert row.amount == 759_000  # 0.3 × 2,530,000: what must not show
    for private in (
        "14/03/1987",
        "1987",
        CITIZEN_ID,
        world.unit_b.name,  # the unit
        "Giáo viên",  # the position
        ACHIEVEMENT,
        "759.000",  # the award money
        str(row.amount),
        certificate.serial,
    ):
        assert private not in main, private


def test_the_page_is_one_query_light_read(certificate: Certificate, django_assert_max_num_queries: Any) -> None:
    from django.test import override_settings

    client = Client()
    # the page's own reads; the rate limit's counter (the database cache here, Redis in production) is apart
    with override_settings(RATELIMIT_ENABLE=False), django_assert_max_num_queries(3):
        assert client.get(_url(certificate)).status_code == 200


def _revoked_notice(main: str) -> str:
    notice = re.search(r'<p class="notice danger" id="revoked">(.*?)</p>', main, re.S)
    assert notice is not None
    return " ".join(notice.group(1).split())


def test_a_revoked_decision_shows_the_revoking_decision_and_no_reason(
    world: Any, certificate: Certificate, time_machine: Any
) -> None:
    time_machine.move_to(dt.datetime(2027, 1, 10, 3, 0, tzinfo=dt.UTC), tick=False)  # 10/01/2027 in Hà Nội
    decision_services.decision_revoke(
        actor=world.chairman,
        decision=certificate.decision_line.decision,
        reason="Phát hiện hồ sơ khai sai",
        revoked_by_number="25/QĐ-UBND",
        revoked_by_date=dt.date(2027, 1, 5),
    )

    main = _main(Client().get(_url(certificate)))

    notice = _revoked_notice(main)
    assert notice.startswith(
        '<strong>ĐÃ THU HỒI</strong> <span id="revoked-by">theo Quyết định số 25/QĐ-UBND ngày 05/01/2027</span>'
    )
    assert "Giấy chứng nhận này không còn giá trị: quyết định khen thưởng đã bị thu hồi." in notice
    assert "10/01/2027" not in main  # the day it was keyed in is not the revoking decision's day
    assert "hợp lệ" not in main
    assert _facts(main)["decision-number"] == "15/QĐ-UBND"
    assert "Bà Lê Thị Hường" in main
    assert "khai sai" not in main


def test_a_revoking_decision_without_its_date_is_cited_by_number(world: Any, certificate: Certificate) -> None:
    decision_services.decision_revoke(
        actor=world.chairman,
        decision=certificate.decision_line.decision,
        reason="Phát hiện hồ sơ khai sai",
        revoked_by_number="25/QĐ-UBND",
        revoked_by_date=None,
    )

    notice = _revoked_notice(_main(Client().get(_url(certificate))))

    assert '<span id="revoked-by">theo Quyết định số 25/QĐ-UBND</span>' in notice
    assert "khai sai" not in notice


def test_a_revocation_recorded_before_its_number_was_kept_shows_its_day(world: Any, certificate: Certificate) -> None:
    decision_services.decision_revoke(
        actor=world.chairman,
        decision=certificate.decision_line.decision,
        reason="Phát hiện hồ sơ khai sai",
        revoked_by_number="25/QĐ-UBND",
        revoked_by_date=None,
    )
    Decision.objects.update(revoked_by_number="")  # as the rows revoked before the number was asked for
    revoked_on = timezone.localdate(Decision.objects.get().revoked_at).strftime("%d/%m/%Y")

    main = _main(Client().get(_url(certificate)))

    notice = _revoked_notice(main)
    assert "<strong>ĐÃ THU HỒI</strong>" in notice
    assert f"thu hồi ngày {revoked_on}" in notice
    assert "revoked-by" not in notice
    assert "khai sai" not in main


@pytest.mark.parametrize("debug", [True, False])
def test_an_unknown_token_is_the_sites_own_404(certificate: Certificate, debug: bool) -> None:
    with override_settings(DEBUG=debug):
        for token in ("khong-co-ma-nay-0000000", certificate.token[:-1], certificate.token.upper()):
            response = Client().get(reverse("documents:verify", kwargs={"token": token}))
            assert response.status_code == 404
            body = response.content.decode()
            assert "Lê Thị Hường" not in body
            assert "Không tìm thấy trang" in body
            assert f'href="{reverse("home")}"' in body  # a way back
            assert '<meta name="robots" content="noindex">' in body
            for debug_text in ("Page not found", "Django tried these URL patterns", "DEBUG = True", "technical"):
                assert debug_text not in body, debug_text


def test_a_draft_decisions_token_is_a_404(world: Any, certificate: Certificate) -> None:
    Decision.objects.update(status="draft")
    response = Client().get(_url(certificate))
    assert response.status_code == 404
    assert "Lê Thị Hường" not in response.content.decode()


@override_settings(DEBUG=False)
def test_any_missing_page_uses_the_sites_404(db: Any) -> None:
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_in_english(world: Any, certificate: Certificate) -> None:
    world.ldtt.name_en = "Advanced Worker"
    world.ldtt.save(update_fields=["name_en"])
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(_url(certificate))

    main = _main(response)
    assert '<html lang="en">' in response.content.decode()
    assert "Certificate of merit verification" in main
    assert "Awarded to" in main
    assert "Decision No." in main
    facts = _facts(main)
    assert facts["award"] == "Advanced Worker"
    # the names stay as on the paper
    assert facts["awardee"] == "Bà Lê Thị Hường"
    assert facts["issuer"] == "Chủ tịch Ủy ban nhân dân thị trấn Hà Trung"
