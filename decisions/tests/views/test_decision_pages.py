"""The decision's life cycle through the pages (draft → registered with a typed
number or the register's → signed scan → revoked), the bad input a user can
send, and what the honours registry shows before and after a revocation."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import PDF_BYTES
from decisions.models import Decision, DecisionLine, DecisionStatus, Honour, SignerCapacity
from decisions.tests.fixtures import PROVINCE_NOMINEE, another_draft
from nominations.models import Person

pytestmark = pytest.mark.django_db

# The first bytes of a Windows executable: renamed .pdf, it is still refused.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _namespace(name: str) -> str:
    """Registering and editing run across apps (workflows); the printable pages are documents'."""
    if name in ("decision_register", "decision_edit", "proposal_send"):
        return "workflows"
    if name.startswith("print_"):
        return "documents"
    return "decisions"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _url(name: str, decision: Decision) -> str:
    return reverse(f"{_namespace(name)}:{name}", kwargs={"pk": decision.pk})


def _register(client: Client, decision: Decision, **overrides: Any) -> Any:
    data = {
        "number": "",
        "signed_on": "2026-12-20",
        "signer_name": "Trịnh Văn Hùng",
        "signer_capacity": SignerCapacity.CHAIRMAN,
        **overrides,
    }
    return client.post(_url("decision_register", decision), data)


def _holder_url(person: Person) -> str:
    return reverse("decisions:registry_holder", kwargs={"kind": "person", "pk": person.pk})


def _hường(world: Any) -> Person:
    return Person.objects.get(council=world.council, full_name="Lê Thị Hường")


def test_the_whole_life_of_a_decision(world: Any, draft: Decision, media: Any) -> None:
    secretariat = _client(world.secretariat)
    page = _text(secretariat.get(_url("decision_detail", draft)))
    assert "Số:      /QĐ-UBND" in page
    assert 'id="decision-status">Dự thảo<' in page
    assert "Lê Thị Hường" in page
    assert PROVINCE_NOMINEE not in page  # a provincial award is proposed upward, not decided here
    assert 'id="register-submit"' in page

    # registered with the number typed from the People's Committee's register
    response = _register(secretariat, draft, number="15")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.signed_on) == (DecisionStatus.REGISTERED, 15, dt.date(2026, 12, 20))
    assert list(draft.lines.values_list("amount", flat=True)) == [759_000]  # 0.3 × 2,530,000 on 20/12/2026
    page = _text(secretariat.get(_url("decision_detail", draft)))
    assert "Số: 15/QĐ-UBND" in page
    assert 'id="decision-status">Đã vào số<' in page
    assert 'id="decision-total"><strong>759.000<' in page
    assert 'id="register-submit"' not in page
    hường = _hường(world)
    assert Honour.objects.filter(decision=draft, person=hường, award_type=world.ldtt).count() == 1
    registry = _text(secretariat.get(_holder_url(hường)))
    assert "Lao động tiên tiến" in registry
    assert "Số 15/QĐ-UBND" in registry
    assert "20/12/2026" in registry

    # the signed scan: a real PDF is kept, an executable named .pdf is refused
    response = secretariat.post(
        _url("decision_scan", draft), {"file": SimpleUploadedFile("qd-15.pdf", PDF_BYTES, "application/pdf")}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    kept = draft.scan.name
    assert kept.endswith(".pdf")
    assert Path(media.root, kept).read_bytes() == PDF_BYTES
    download = secretariat.get(_url("decision_scan_download", draft))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    response = secretariat.post(
        _url("decision_scan", draft), {"file": SimpleUploadedFile("qd-15.pdf", EXE_BYTES, "application/pdf")}
    )
    assert response.status_code == 200
    assert "không phải PDF nên bị từ chối" in _text(response)
    draft.refresh_from_db()
    assert draft.scan.name == kept
    assert media() == [kept]

    # the secretariat may not revoke; the chairman does, with a reason
    assert secretariat.get(_url("decision_revoke", draft)).status_code == 403
    chairman = _client(world.chairman)
    form = _text(chairman.get(_url("decision_revoke", draft)))
    assert "Số quyết định thu hồi" in form
    assert "Ngày quyết định thu hồi" in form
    response = chairman.post(_url("decision_revoke", draft), {"reason": "  ", "revoked_by_number": "25/QĐ-UBND"})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.REGISTERED
    # a revocation is itself a decision: without its number nothing changes
    response = chairman.post(
        _url("decision_revoke", draft), {"reason": "Phát hiện sai sót về đối tượng", "revoked_by_number": "   "}
    )
    assert response.status_code == 200
    assert "Hãy ghi số quyết định thu hồi." in _text(response)
    draft.refresh_from_db()
    assert (draft.status, draft.revoked_reason, draft.revoked_by_number) == (DecisionStatus.REGISTERED, "", "")
    assert Honour.objects.filter(decision=draft).exists()
    response = chairman.post(
        _url("decision_revoke", draft),
        {"reason": "Phát hiện sai sót về đối tượng", "revoked_by_number": "25/QĐ-UBND", "revoked_by_date": ""},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.REVOKED
    assert draft.revoked_reason == "Phát hiện sai sót về đối tượng"
    assert (draft.revoked_by_number, draft.revoked_by_date) == ("25/QĐ-UBND", None)
    assert not Honour.objects.filter(decision=draft).exists()
    page = _text(chairman.get(_url("decision_detail", draft)))
    assert 'id="decision-status">Đã thu hồi<' in page
    assert "Phát hiện sai sót về đối tượng" in page
    assert "theo Quyết định số 25/QĐ-UBND:" in " ".join(re.sub(r"<[^>]+>", " ", page).split())
    registry = _text(secretariat.get(_holder_url(hường)))
    assert "Số 15/QĐ-UBND" not in registry
    assert 'id="no-honours"' in registry


def test_the_number_comes_from_the_register_with_a_leading_zero(world: Any, draft: Decision) -> None:
    secretariat = _client(world.secretariat)
    assert _register(secretariat, draft).status_code == 302
    draft.refresh_from_db()
    assert draft.number == 1
    assert "Số: 01/QĐ-UBND" in _text(secretariat.get(_url("decision_detail", draft)))
    second = another_draft(world)
    assert _register(secretariat, second, signed_on="2026-12-21").status_code == 302
    second.refresh_from_db()
    assert second.number == 2
    # a number typed by hand is skipped by the register
    third = another_draft(world, "Về việc khen thưởng chuyên đề")
    assert _register(secretariat, third, number="3").status_code == 302
    fourth = another_draft(world, "Về việc khen thưởng thành tích phòng chống bão lụt")
    assert _register(secretariat, fourth).status_code == 302
    fourth.refresh_from_db()
    assert fourth.number == 4


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"number": "15"}, "Số 15/QĐ-UBND năm 2026 đã được dùng cho quyết định khác."),
        ({"signed_on": "2020-01-01"}, "Chưa có mức lương cơ sở áp dụng cho ngày 01/01/2020"),
        ({"signer_name": "   "}, "Trường này là bắt buộc."),
        ({"signer_capacity": "secretary"}, "Hãy chọn một lựa chọn hợp lệ."),
        ({"number": "0"}, "lớn hơn hoặc bằng với 1"),
        ({"signed_on": "31/02/2026"}, "Nhập một ngày hợp lệ."),
    ],
)
def test_bad_register_input_is_refused_and_nothing_is_stored(
    world: Any, draft: Decision, overrides: dict[str, str], message: str
) -> None:
    used = another_draft(world)
    _register(_client(world.secretariat), used, number="15")
    honours = Honour.objects.count()
    response = _register(_client(world.secretariat), draft, **overrides)
    assert response.status_code == 200
    assert message in _text(response)
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.signed_on, draft.signer_name) == (DecisionStatus.DRAFT, None, None, "")
    assert set(DecisionLine.objects.filter(decision=draft).values_list("amount", flat=True)) == {None}
    assert Honour.objects.count() == honours


def test_the_draft_words_are_edited_until_it_is_registered(world: Any, draft: Decision) -> None:
    secretariat = _client(world.secretariat)
    row = draft.lines.get()
    data = {
        "subject": "Về việc khen thưởng  tổng kết năm 2026",
        "legal_bases": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n\nCăn cứ Nghị định số 152/2025/NĐ-CP;",
        "recipients": "- Như Điều 3;\n- Lưu: VT.",
        f"achievement_{row.pk}": "Đã có thành tích xuất sắc trong công tác dân số",
    }
    assert secretariat.post(_url("decision_edit", draft), {**data, f"achievement_{row.pk}": ""}).status_code == 200
    assert secretariat.post(_url("decision_edit", draft), data).status_code == 302
    draft.refresh_from_db()
    row.refresh_from_db()
    assert draft.subject == "Về việc khen thưởng tổng kết năm 2026"
    assert draft.legal_bases.splitlines() == [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "",
        "Căn cứ Nghị định số 152/2025/NĐ-CP;",
    ]
    assert row.achievement == "Đã có thành tích xuất sắc trong công tác dân số"
    printed = _text(secretariat.get(_url("print_decision", draft)))
    assert '<p class="basis">Căn cứ Nghị định số 152/2025/NĐ-CP;</p>' in printed
    assert "<div>- Lưu: VT.</div>" in printed
    # the member reads it but may not edit it
    assert _client(world.member).get(_url("decision_edit", draft)).status_code == 403
    _register(secretariat, draft)
    response = secretariat.post(_url("decision_edit", draft), data)
    assert response.status_code == 302
    assert "Chỉ sửa được quyết định còn là dự thảo." in _text(secretariat.get(response["Location"]))


def test_a_scan_needs_a_registered_decision(world: Any, draft: Decision, media: Any) -> None:
    secretariat = _client(world.secretariat)
    response = secretariat.post(
        _url("decision_scan", draft), {"file": SimpleUploadedFile("qd.pdf", PDF_BYTES, "application/pdf")}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.scan
    assert media() == []
    assert secretariat.get(_url("decision_scan_download", draft)).status_code == 404


def test_the_pages_by_role(world: Any, draft: Decision, session: Any) -> None:
    member = _client(world.member)
    assert member.get(reverse("decisions:decision_list")).status_code == 200
    page = _text(member.get(_url("decision_detail", draft)))
    assert 'id="register-submit"' not in page
    assert 'id="print-decision"' not in page
    assert _register(member, draft).status_code == 403
    assert member.get(_url("print_decision", draft)).status_code == 403
    assert member.get(_url("print_minutes", session)).status_code == 200
    assert member.get(_url("print_ballot", session)).status_code == 200
    assert member.get(_url("print_proposal", session)).status_code == 403
    assert member.get(reverse("decisions:registry_search")).status_code == 404
    for user in (world.unit_a_user, world.other_secretariat):
        client = _client(user)
        for name in ("decision_detail", "print_decision", "decision_revoke", "decision_edit"):
            assert client.get(_url(name, draft)).status_code == 404, (user, name)
        for name in ("print_minutes", "print_ballot", "print_proposal"):
            assert client.get(_url(name, session)).status_code == 404, (user, name)
        assert client.get(_holder_url(_hường(world))).status_code == 404
    assert _client(world.unit_a_user).get(reverse("decisions:decision_list")).status_code == 404
    listing = _text(_client(world.other_secretariat).get(reverse("decisions:decision_list")))
    assert draft.subject not in listing


def test_money_is_written_the_vietnamese_way_in_either_language(world: Any, draft: Decision) -> None:
    secretariat = _client(world.secretariat)
    _register(secretariat, draft, number="7")
    secretariat.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = _text(secretariat.get(_url("decision_detail", draft)))
    assert '<html lang="en">' in page
    assert "759.000" in page
    assert "759,000" not in page
    listing = _text(secretariat.get(reverse("decisions:decision_list")))
    assert "759.000" in listing
    assert "07/QĐ-UBND" in listing


def test_the_registry_search_finds_names_without_diacritics_in_vietnamese_order(world: Any, draft: Decision) -> None:
    from tests.factories import PersonFactory

    for name in ("Trần Văn Bình", "Lê Văn Ân", "Nguyễn Thị Ánh", "Phạm An"):
        PersonFactory(council=world.council, full_name=name)
    PersonFactory(council=world.other_council, full_name="Hoàng Văn An")
    secretariat = _client(world.secretariat)
    page = _text(secretariat.get(reverse("decisions:registry_search"), {"q": "an"}))
    order = ["Phạm An", "Nguyễn Thị Ánh", "Lê Văn Ân"]
    positions = [page.index(name) for name in order]
    assert positions == sorted(positions)
    assert "Hoàng Văn An" not in page  # another council's
    page = _text(secretariat.get(reverse("decisions:registry_search"), {"q": "Huong"}))
    assert _holder_url(_hường(world)) in page
    # reachable from the person search too
    page = _text(secretariat.get(reverse("nominations:person_search"), {"q": "huong"}))
    assert _holder_url(_hường(world)) in page
    page = _text(_client(world.unit_a_user).get(reverse("nominations:person_search"), {"q": "huong"}))
    assert "Lê Thị Hường" in page
    assert _holder_url(_hường(world)) not in page  # units keep no registry


def test_the_registry_shows_a_higher_councils_award(world: Any, province_award: Any) -> None:
    from tests.factories import PersonFactory

    person = PersonFactory(council=world.council, full_name="Vũ Thị Giang")
    Honour.objects.create(
        council=world.council,
        award_type=province_award,
        year=2025,
        person=person,
        external_reference="2150/QĐ-UBND",
        external_date=dt.date(2025, 9, 5),
    )
    page = _text(_client(world.chairman).get(_holder_url(person)))
    assert "Bằng khen của Chủ tịch UBND tỉnh" in page
    assert "Số 2150/QĐ-UBND" in page
    assert "05/09/2025" in page
    assert ">2025<" in page  # a year, not "2.025"
