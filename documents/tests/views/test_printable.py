"""The printable documents: the administrative header, numbers and dates as
Nghị định 30/2020 writes them, the attached list with Vietnamese money, the
paper ballot, the minutes and the proposal to the higher council."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decisions.models import AgendaItem, Decision, SignerCapacity
from decisions.services import decisions as ds
from decisions.tests.fixtures import PROVINCE_AWARD, PROVINCE_NOMINEE, closed_session
from documents import mappers as documents_data

pytestmark = pytest.mark.django_db

HEADER = (
    '<div class="name">ỦY BAN NHÂN DÂN</div><div class="name">THỊ TRẤN HÀ TRUNG</div>',
    '<div class="national-name">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>',
    '<div class="motto">Độc lập - Tự do - Hạnh phúc</div>',
)


def _namespace(name: str) -> str:
    """Registering and editing run across apps (workflows); the printable pages are documents'."""
    if name in ("decision_register", "decision_edit", "proposal_send"):
        return "workflows"
    if name.startswith("print_"):
        return "documents"
    return "decisions"


def _get(user: Any, name: str, pk: int, language: str = "vi") -> str:
    client = Client()
    client.force_login(user)
    if language != "vi":
        client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse(f"{_namespace(name)}:{name}", kwargs={"pk": pk}))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _squeeze(page: str) -> str:
    """The page with the whitespace between tags removed, so markup can be matched."""
    return re.sub(r">\s+<", "><", page)


def _register(world: Any, decision: Decision, day: dt.date, number: int | None = None, **extra: Any) -> Decision:
    return ds.decision_register(
        actor=world.secretariat,
        decision=decision,
        signed_on=day,
        signer_name=extra.get("signer_name", "Trịnh Văn Hùng"),
        signer_capacity=extra.get("capacity", SignerCapacity.CHAIRMAN),
        number=number,
    )


def test_a_draft_decision_leaves_the_number_and_the_day_blank(world: Any, draft: Decision) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        page = _squeeze(_get(world.secretariat, "print_decision", draft.pk))
    for part in HEADER:
        assert part in page
    assert '<div class="number">Số:      /QĐ-UBND</div>' in page
    assert '<div class="place-date">Hà Trung, ngày     tháng 01 năm 2027</div>' in page
    assert (
        "(Kèm theo Quyết định số      /QĐ-UBND ngày    /01/2027 của Chủ tịch Ủy ban nhân dân thị trấn Hà Trung)" in page
    )
    assert 'id="stamp">DỰ THẢO<' in page
    assert '<h1 class="doc-title">QUYẾT ĐỊNH</h1>' in page
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG" in page


def test_a_registered_decision_with_leading_zeros_and_its_list(world: Any, draft: Decision) -> None:
    _register(world, draft, dt.date(2027, 1, 5), number=5)
    page = _squeeze(_get(world.secretariat, "print_decision", draft.pk))
    assert '<div class="number">Số: 05/QĐ-UBND</div>' in page
    assert '<div class="place-date">Hà Trung, ngày 05 tháng 01 năm 2027</div>' in page
    assert "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05/01/2027 của Chủ tịch Ủy ban nhân dân thị trấn Hà Trung)" in page
    assert 'id="stamp"' not in page
    # the attached list: No., name, position/unit, form, money; the total
    assert (
        '<tr><td class="center">1</td><td>Lê Thị Hường</td><td>Tiểu khu Trang Các</td>'
        '<td>Lao động tiên tiến</td><td class="num">759.000</td></tr>'
    ) in page
    assert '<td class="num"><strong>759.000</strong></td>' in page
    assert "tổng cộng 759.000 đồng (theo mức lương cơ sở 2.530.000 đồng)" in page
    assert '<div class="capacity">CHỦ TỊCH</div>' in page
    assert '<div class="signer">Trịnh Văn Hùng</div>' in page
    assert (
        f"<strong>Điều 1.</strong> Tặng danh hiệu “Lao động tiên tiến” năm {world.round.year} cho 1 cá nhân "
        "có tên trong danh sách kèm theo Quyết định này, đã có thành tích trong đợt xét khen thưởng tổng kết năm."
    ) in page


def test_a_deputy_signs_on_the_chairmans_behalf(world: Any, draft: Decision) -> None:
    _register(world, draft, dt.date(2027, 3, 15), number=15, capacity=SignerCapacity.DEPUTY, signer_name="Lê Văn Phó")
    page = _squeeze(_get(world.secretariat, "print_decision", draft.pk))
    assert '<div class="number">Số: 15/QĐ-UBND</div>' in page
    assert "Hà Trung, ngày 15 tháng 3 năm 2027" in page
    assert '<div class="capacity">KT. CHỦ TỊCH</div><div class="capacity">PHÓ CHỦ TỊCH</div>' in page
    detail = _get(world.secretariat, "decision_detail", draft.pk)
    assert "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" in detail


def test_a_revoked_decision_is_stamped(world: Any, draft: Decision) -> None:
    _register(world, draft, dt.date(2027, 1, 5), number=5)
    ds.decision_revoke(
        actor=world.chairman,
        decision=draft,
        reason="Sai đối tượng",
        revoked_by_number="25/QĐ-UBND",
        revoked_by_date=None,
    )
    page = _squeeze(_get(world.secretariat, "print_decision", draft.pk))
    assert 'id="stamp">ĐÃ THU HỒI<' in page
    assert '<div class="number">Số: 05/QĐ-UBND</div>' in page


def test_the_document_stays_vietnamese_on_an_english_page(world: Any, draft: Decision) -> None:
    _register(world, draft, dt.date(2027, 2, 3), number=9)
    page = _squeeze(_get(world.secretariat, "print_decision", draft.pk, language="en"))
    assert 'id="print-button" data-print>Print<' in page  # the page around it follows the user
    assert "Hà Trung, ngày 03 tháng 02 năm 2027" in page
    assert "<th>Họ và tên</th>" in page
    assert "759.000" in page
    for part in HEADER:
        assert part in page


def test_the_paper_ballot(world: Any, session: Any) -> None:
    page = _squeeze(_get(world.member, "print_ballot", session.pk))
    assert '<h1 class="doc-title">PHIẾU BẦU</h1>' in page
    assert '<div class="parent">ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG</div>' in page
    assert '<div class="name">HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG</div>' in page
    for part in HEADER[1:]:
        assert part in page
    assert "Phiên họp Hội đồng ngày 15/12/2026 tại Hội trường UBND thị trấn" in page
    items = AgendaItem.objects.filter(session=session).count()
    assert page.count('<span class="box"') == 2 * items
    assert "Lê Thị Hường" in page
    assert PROVINCE_NOMINEE in page
    # no voter's name on a ballot
    assert world.member.get_full_name() not in page.split('<article class="sheet">')[1]


def test_the_minutes_of_a_closed_session(world: Any, session: Any) -> None:
    page = _squeeze(_get(world.member, "print_minutes", session.pk))
    assert '<h1 class="doc-title">BIÊN BẢN</h1>' in page
    assert '<div class="number">Số:      /BB-HĐTĐKT</div>' in page
    assert '<div class="place-date">Hà Trung, ngày 15 tháng 12 năm 2026</div>' in page
    assert "Vào hồi 08 giờ 00, ngày 15 tháng 12 năm 2026, tại Hội trường UBND thị trấn" in page
    assert f"Chủ trì: {world.chairman.get_full_name()}." in page
    assert "Có mặt 2/2 thành viên; quy chế yêu cầu ít nhất 2 thành viên: đủ điều kiện họp." in page
    assert f"{world.chairman.get_full_name()}, Chủ tịch UBND thị trấn" in page
    assert '<td class="num">2</td><td class="num">0</td>' in page
    assert '<td class="num">100,00%</td><td>Đạt</td>' in page
    assert session.results_digest in page
    closed = timezone.localtime(session.closed_at)
    # the test closes the ballot today, not on the meeting day
    assert f"Biên bản kết thúc lúc {closed:%H} giờ {closed:%M} ngày {closed:%d/%m/%Y}, đã được đọc lại" in page
    assert '<div class="capacity">CHỦ TRÌ</div>' in page
    assert '<div class="capacity">THƯ KÝ</div>' in page
    assert 'id="integrity-warning"' not in page


def test_the_minutes_say_when_the_results_were_changed(world: Any, session: Any) -> None:
    from decisions.models import LineTally

    first = AgendaItem.objects.filter(session=session).order_by("position").first()
    assert first is not None
    LineTally.objects.filter(session=session, item=first).update(agree=0, disagree=2)
    page = _get(world.secretariat, "print_minutes", session.pk)
    assert 'id="integrity-warning"' in page
    assert f"Số phiếu của dòng {first.position} khác bản đã ký." in page


def test_the_minutes_wait_for_the_results(world: Any, make_dossier: Any, rates: None) -> None:
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
    client = Client()
    client.force_login(world.secretariat)
    assert client.get(reverse("documents:print_minutes", kwargs={"pk": session.pk})).status_code == 404
    assert client.get(reverse("documents:print_proposal", kwargs={"pk": session.pk})).status_code == 404
    assert client.get(reverse("documents:print_ballot", kwargs={"pk": session.pk})).status_code == 200


def test_the_proposal_lists_only_what_a_higher_level_decides(world: Any, session: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 16, 9, 0, tzinfo=dt.UTC), tick=False):
        page = _squeeze(_get(world.secretariat, "print_proposal", session.pk))
    assert '<h1 class="doc-title">TỜ TRÌNH</h1>' in page
    assert '<div class="number">Số:      /TTr-HĐTĐKT</div>' in page
    assert '<div class="place-date">Hà Trung, ngày     tháng 12 năm 2026</div>' in page
    assert "Kính gửi: Hội đồng Thi đua – Khen thưởng cấp trên." in page
    table = page.split('id="proposal-list">')[1]
    assert f"<td>{PROVINCE_NOMINEE}</td>" in table
    assert f"<td>{PROVINCE_AWARD}</td>" in table
    assert '<td class="num">2/2 (100,00%)</td>' in table
    assert "Lê Thị Hường" not in table  # the commune decides LDTT itself
    assert '<div class="capacity">TM. HỘI ĐỒNG</div><div class="capacity">CHỦ TỊCH</div>' in page
    assert "đề nghị Hội đồng Thi đua – Khen thưởng cấp trên xem xét, khen thưởng cho 1 cá nhân" in page


def test_a_line_that_failed_is_not_proposed(world: Any, make_dossier: Any, rates: None, province_award: Any) -> None:
    from decisions.tests.fixtures import accepted_line

    accepted_line(world, province_award, PROVINCE_NOMINEE)
    session = closed_session(world, agree=False)
    document = documents_data.proposal_document(session)
    assert document.rows == ()
    page = _get(world.secretariat, "print_proposal", session.pk)
    assert 'id="proposal-empty"' in page
