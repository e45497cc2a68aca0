"""The legal basis setup pages: a council keeps its own versions, reads the national table; the
top-level admin keeps the national table (and completes the seeded Nghị định 152/2025 row)."""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from councils import access
from councils.models import Council, CouncilMembership, CouncilRole
from decisions.models import LegalBasis
from tests import factories

OVERLAP = "Thời gian áp dụng chồng lên một phiên bản khác của cùng căn cứ"
DECREE_FAMILY = "nghi-dinh-thi-dua-khen-thuong"
DECREE_152 = (
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 21 tháng 6 năm 2025 của Chính phủ quy định chi tiết thi hành "
    "một số điều của Luật Thi đua, khen thưởng;"
)


def admin_of(council: Council, username: str) -> tuple[Any, Client]:
    user = factories.UserFactory(username=username)
    CouncilMembership.objects.create(council=council, user=user, role=CouncilRole.ADMIN)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def child(world: Any) -> Council:
    return factories.CouncilFactory(parent=world.council, name="Hội đồng Thi đua – Khen thưởng xã Hà Sơn")


@pytest.fixture
def top(world: Any) -> tuple[Any, Client]:
    return admin_of(world.council, "qt_tinh")


@pytest.fixture
def commune(child: Council) -> tuple[Any, Client]:
    return admin_of(child, "qt_xa")


@pytest.fixture
def decree_152(db: Any) -> LegalBasis:
    basis, _made = LegalBasis.objects.get_or_create(
        council=None,
        family=DECREE_FAMILY,
        valid_from=dt.date(2025, 7, 1),
        defaults={"text": "Căn cứ Nghị định số 152/2025/NĐ-CP …", "position": 30},
    )
    return basis


def basis_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "family": "quy-che-ha-son",
        "text": "Căn cứ Quyết định số 05/2024/QĐ-UBND ban hành Quy chế thi đua, khen thưởng xã Hà Sơn;",
        "for_decision": "on",
        "for_proposal": "on",
        "valid_from": "2024-01-01",
        "valid_until": "",
        "position": "40",
    }
    data.update(overrides)
    return data


def test_who_keeps_the_national_tables(world: Any, child: Council, top: Any, commune: Any) -> None:
    assert access.may_keep_national_tables(top[0])
    assert access.may_keep_national_tables(world.admin)  # the superuser
    assert not access.may_keep_national_tables(commune[0])  # the admin of a council with a parent
    assert not access.may_keep_national_tables(world.secretariat)  # not an admin
    world.council.is_active = False
    world.council.save()
    assert not access.may_keep_national_tables(factories.UserFactory(username="x"))


def test_a_council_keeps_its_own_versions_and_overlap_is_refused(child: Council, commune: Any) -> None:
    _user, client = commune
    create = reverse("decisions:legal_basis_create", args=[child.pk])
    response = client.post(
        create, basis_data(text=unicodedata.normalize("NFD", basis_data()["text"]), valid_until="2025-06-30")
    )
    assert response.status_code == 302
    first = LegalBasis.objects.get(council=child)
    assert first.text == basis_data()["text"]
    assert unicodedata.is_normalized("NFC", first.text)

    overlapping = client.post(create, basis_data(text="Căn cứ Quy chế mới;", valid_from="2025-06-01"))
    assert overlapping.status_code == 200
    assert OVERLAP in html.unescape(overlapping.content.decode())
    assert LegalBasis.objects.filter(council=child).count() == 1

    assert client.post(create, basis_data(text="Căn cứ Quy chế mới;", valid_from="2025-07-01")).status_code == 302
    assert LegalBasis.objects.filter(council=child).count() == 2

    # ending the old version after the new one started overlaps too: refused, nothing written
    edit = reverse("decisions:legal_basis_edit", args=[first.pk])
    refused = client.post(edit, {"action": "end", "end-valid_until": "2025-12-31"})
    assert refused.status_code == 200
    assert OVERLAP in html.unescape(refused.content.decode())
    first.refresh_from_db()
    assert first.valid_until == dt.date(2025, 6, 30)
    assert client.post(edit, {"action": "end", "end-valid_until": "2025-03-31"}).status_code == 302
    first.refresh_from_db()
    assert first.valid_until == dt.date(2025, 3, 31)

    page = html.unescape(client.get(reverse("decisions:legal_basis_list", args=[child.pk])).content.decode())
    assert "Căn cứ Quy chế mới;" in page
    assert "hết áp dụng" in page
    assert "đang áp dụng" in page
    assert "Lịch sử thay đổi" in html.unescape(client.get(edit).content.decode())


def test_a_council_admin_reads_the_national_rows_but_cannot_edit_them(
    world: Any, child: Council, commune: Any, decree_152: LegalBasis
) -> None:
    _user, client = commune
    page = html.unescape(client.get(reverse("decisions:legal_basis_list", args=[child.pk])).content.decode())
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP …" in page
    assert reverse("decisions:national_legal_basis_edit", args=[decree_152.pk]) not in page
    data = basis_data(family=DECREE_FAMILY, text=DECREE_152, valid_from="2025-07-01")
    assert client.get(reverse("decisions:national_legal_basis_list")).status_code == 403
    assert client.post(reverse("decisions:national_legal_basis_edit", args=[decree_152.pk]), data).status_code == 403
    assert client.post(reverse("decisions:national_legal_basis_create"), data).status_code == 403
    assert client.post(reverse("decisions:legal_basis_edit", args=[decree_152.pk]), data).status_code == 404
    decree_152.refresh_from_db()
    assert decree_152.text == "Căn cứ Nghị định số 152/2025/NĐ-CP …"
    # its own version of the national family replaces the national one for it
    assert client.post(reverse("decisions:legal_basis_create", args=[child.pk]), data).status_code == 302
    assert LegalBasis.objects.filter(council=child, family=DECREE_FAMILY).exists()


def test_another_councils_rows_are_a_404(world: Any, child: Council, commune: Any) -> None:
    _user, client = commune
    theirs = LegalBasis.objects.create(
        council=world.other_council,
        family="quy-che-ha-phong",
        text="Căn cứ Quy chế xã Hà Phong;",
        valid_from=dt.date(2024, 1, 1),
    )
    parents = LegalBasis.objects.create(
        council=world.council,
        family="quy-che-cap-tren",
        text="Căn cứ Quy chế cấp trên;",
        valid_from=dt.date(2024, 1, 1),
    )
    for basis in (theirs, parents):
        url = reverse("decisions:legal_basis_edit", args=[basis.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "delete"}).status_code == 404
        assert LegalBasis.objects.filter(pk=basis.pk).exists()
    for council in (world.other_council, world.council):
        assert client.get(reverse("decisions:legal_basis_list", args=[council.pk])).status_code == 404
        assert client.post(reverse("decisions:legal_basis_create", args=[council.pk]), basis_data()).status_code == 404
    assert not LegalBasis.objects.filter(family="quy-che-ha-son").exists()


def test_the_top_level_admin_completes_the_seeded_decree_152(top: Any, decree_152: LegalBasis) -> None:
    _user, client = top
    url = reverse("decisions:national_legal_basis_edit", args=[decree_152.pk])
    assert "152/2025" in html.unescape(client.get(url).content.decode())
    response = client.post(
        url,
        basis_data(
            family=DECREE_FAMILY, text=unicodedata.normalize("NFD", DECREE_152), valid_from="2025-07-01", position="30"
        ),
    )
    assert response.status_code == 302
    decree_152.refresh_from_db()
    assert decree_152.text == DECREE_152
    assert decree_152.council_id is None
    listing = html.unescape(client.get(reverse("decisions:national_legal_basis_list")).content.decode())
    assert DECREE_152 in listing
    # a national version overlapping it is refused
    overlapping = client.post(
        reverse("decisions:national_legal_basis_create"),
        basis_data(family=DECREE_FAMILY, text="Căn cứ Nghị định khác;", valid_from="2026-01-01"),
    )
    assert OVERLAP in html.unescape(overlapping.content.decode())


def test_a_cited_basis_is_not_deleted_one_entered_by_mistake_is(world: Any, top: Any, draft: Any) -> None:
    _user, client = top
    cited = LegalBasis.objects.create(
        council=world.council, family="quy-che", text="Căn cứ Quy chế đã trích dẫn;", valid_from=dt.date(2020, 1, 1)
    )
    draft.legal_bases = f"{draft.legal_bases}\n{cited.text}"
    draft.save(update_fields=["legal_bases"])
    response = client.post(reverse("decisions:legal_basis_edit", args=[cited.pk]), {"action": "delete"}, follow=True)
    assert "Không xoá được" in html.unescape(response.content.decode())
    assert LegalBasis.objects.filter(pk=cited.pk).exists()
    mistake = LegalBasis.objects.create(
        council=world.council,
        family="nham",
        text="Căn cứ nhập nhầm;",
        for_proposal=False,
        valid_from=dt.date(2030, 1, 1),
    )
    assert (
        client.post(reverse("decisions:legal_basis_edit", args=[mistake.pk]), {"action": "delete"}).status_code == 302
    )
    assert not LegalBasis.objects.filter(pk=mistake.pk).exists()
