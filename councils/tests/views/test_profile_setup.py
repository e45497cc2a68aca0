"""The council's profile page: the names and symbols its papers print, its "Nơi nhận", money
rounding, quorum and signers, with the change history; a parent's admin edits its child's."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from councils.models import Council, CouncilMembership, CouncilRole, CouncilSigner, SigningCapacity
from decisions.models import SignerCapacity
from documents.mappers import decision_document, minutes_document, proposal_document
from tests import factories


def profile_data(council: Council, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": council.name,
        "locality": council.locality,
        "place_name": council.place_name,
        "issuing_body": council.issuing_body,
        "decision_symbol": "QĐ-UBND",
        "proposal_symbol": "TTr-HĐTĐKT",
        "minutes_symbol": "BB-HĐTĐKT",
        "report_symbol": "BC-HĐTĐKT",
        "decision_recipients": "- Như Điều 3;\n- Lưu: VT.",
        "decision_legal_bases": "",
        "money_rounding": "1000",
        "quorum_numerator": "2",
        "quorum_denominator": "3",
    }
    data.update(overrides)
    return data


def admin_of(council: Council, username: str) -> Client:
    user = factories.UserFactory(username=username)
    CouncilMembership.objects.create(council=council, user=user, role=CouncilRole.ADMIN)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client(world: Any) -> Client:
    return admin_of(world.council, "qt_hatrung")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_profile_edit_stores_nfc_shows_history_and_reaches_the_printed_papers(
    world: Any, client: Client, draft: Any, session: Any
) -> None:
    council = world.council
    url = reverse("councils:profile", args=[council.pk])
    response = client.post(
        url,
        profile_data(
            council,
            issuing_body=nfd("Ủy ban nhân dân thị trấn Hà Trung mới"),
            proposal_symbol="TTr-HĐTĐKT-TT",
            minutes_symbol="BB-HĐ",
            decision_recipients=nfd("- Như Điều 3;\n- Lưu: VT, Văn phòng."),
            money_rounding="500",
            paper_second_officer="on",
        ),
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.issuing_body == "Ủy ban nhân dân thị trấn Hà Trung mới"
    assert unicodedata.is_normalized("NFC", council.issuing_body)
    assert council.decision_recipients == "- Như Điều 3;\n- Lưu: VT, Văn phòng."
    assert (council.money_rounding, council.paper_second_officer) == (500, True)
    page = html.unescape(client.get(url).content.decode())
    assert "Lịch sử thay đổi" in page
    assert "issuing_body" in page
    assert "Ủy ban nhân dân thị trấn Hà Trung mới" in page
    # the printed papers read the new names and symbols
    draft.refresh_from_db()
    document = decision_document(draft)
    assert document.header.body_lines == ("ỦY BAN NHÂN DÂN", "THỊ TRẤN HÀ TRUNG MỚI")
    assert "Ủy ban nhân dân thị trấn Hà Trung mới" in document.list_caption
    session.refresh_from_db()
    proposal = proposal_document(session)
    assert proposal.header.parent_body == "ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG MỚI"
    assert proposal.header.number.endswith("/TTr-HĐTĐKT-TT")
    assert "/TTr-HĐTĐKT-TT" in proposal.list_caption
    assert minutes_document(session).header.number.endswith("/BB-HĐ")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"proposal_symbol": "TTr/HĐ"}, "không được chứa dấu “/”"),
        ({"quorum_numerator": "1", "quorum_denominator": "3"}, "Số thành viên tối thiểu dự họp phải từ một nửa"),
        ({"money_rounding": "0"}, "Làm tròn tiền thưởng đến ít nhất 1 đồng."),
    ],
)
def test_bad_profile_input_is_refused_and_nothing_is_written(
    world: Any, client: Client, overrides: dict[str, str], message: str
) -> None:
    before = Council.objects.filter(pk=world.council.pk).values().get()
    response = client.post(
        reverse("councils:profile", args=[world.council.pk]),
        profile_data(world.council, name="Tên mới không được lưu", **overrides),
    )
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert Council.objects.filter(pk=world.council.pk).values().get() == before


def test_a_parent_admin_edits_its_child_profile_but_a_child_admin_not_its_parent(world: Any) -> None:
    child = factories.CouncilFactory(parent=world.council, name="Hội đồng xã Hà Sơn")
    parent_admin = admin_of(world.council, "qt_cha")
    child_admin = admin_of(child, "qt_con")
    response = parent_admin.post(
        reverse("councils:profile", args=[child.pk]), profile_data(child, name="Hội đồng xã Hà Sơn (mới)")
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.name == "Hội đồng xã Hà Sơn (mới)"
    assert child_admin.get(reverse("councils:profile", args=[world.council.pk])).status_code == 404
    refused = child_admin.post(reverse("councils:profile", args=[world.council.pk]), profile_data(world.council))
    assert refused.status_code == 404
    assert child_admin.get(reverse("councils:profile", args=[world.other_council.pk])).status_code == 404


def test_signing_capacities_are_the_decisions_ones() -> None:
    assert dict(SigningCapacity.choices) == dict(SignerCapacity.choices)


def test_signers_are_offered_on_the_registration_form(world: Any, client: Client, draft: Any) -> None:
    response = client.post(
        reverse("councils:signer_create", args=[world.council.pk]),
        {"full_name": nfd("Lê Văn Phó"), "capacity": SigningCapacity.DEPUTY, "position": "1", "is_active": "on"},
    )
    assert response.status_code == 302
    deputy = CouncilSigner.objects.get(council=world.council)
    assert deputy.full_name == "Lê Văn Phó"
    client.post(
        reverse("councils:signer_create", args=[world.council.pk]),
        {"full_name": "Trịnh Văn Chủ", "capacity": SigningCapacity.CHAIRMAN, "position": "5", "is_active": "on"},
    )
    client.post(
        reverse("councils:signer_create", args=[world.council.pk]),
        {"full_name": "Người Đã Nghỉ", "capacity": SigningCapacity.CHAIRMAN, "position": "0"},
    )
    duplicate = client.post(
        reverse("councils:signer_create", args=[world.council.pk]),
        {"full_name": "lê văn phó", "capacity": SigningCapacity.DEPUTY, "position": "3", "is_active": "on"},
    )
    assert "đã có trong danh sách người ký" in html.unescape(duplicate.content.decode())
    assert CouncilSigner.objects.filter(council=world.council).count() == 3

    secretariat = Client()
    secretariat.force_login(world.secretariat)
    page = html.unescape(secretariat.get(reverse("decisions:decision_detail", args=[draft.pk])).content.decode())
    assert '<datalist id="decision-signers">' in page
    assert '<option value="Lê Văn Phó">' in page
    assert '<option value="Trịnh Văn Chủ">' in page
    assert "Người Đã Nghỉ" not in page  # not active
    # the first active signer is the default, with its capacity
    assert 'name="signer_name" value="Lê Văn Phó"' in page
    assert re.search(r'<input[^>]*name="signer_capacity" value="deputy"[^>]*checked', page)

    edit = reverse("councils:signer_edit", args=[deputy.pk])
    client.post(edit, {"full_name": "Lê Văn Phó", "capacity": SigningCapacity.DEPUTY, "position": "9"})
    deputy.refresh_from_db()
    assert not deputy.is_active
    assert "Lịch sử thay đổi" in client.get(edit).content.decode()
    assert client.post(edit, {"action": "delete"}).status_code == 302
    assert not CouncilSigner.objects.filter(pk=deputy.pk).exists()


def test_another_councils_signer_is_a_404(world: Any, client: Client) -> None:
    theirs = CouncilSigner.objects.create(council=world.other_council, full_name="Nguyễn Văn Khác")
    url = reverse("councils:signer_edit", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "delete"}).status_code == 404
    assert CouncilSigner.objects.filter(pk=theirs.pk).exists()


def test_hub_lists_the_new_sections(world: Any, client: Client) -> None:
    page = client.get(reverse("councils:setup")).content.decode()
    for url in (
        reverse("councils:profile", args=[world.council.pk]),
        reverse("decisions:legal_basis_list", args=[world.council.pk]),
        reverse("nominations:base_salary_list"),
        reverse("councils:holiday_list"),
        reverse("documents:certificate_settings", args=[world.council.pk]),
    ):
        assert f'href="{url}"' in page
