"""The two small services of the decision pages: editing a draft's words and
keeping the signed scan; and the registry pages of a collective and a household."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from common.text import fold, name_sort_key
from conftest import PDF_BYTES
from decisions.models import Decision, Honour, SignerCapacity
from decisions.services import decisions as ds
from nominations.models import Collective, Household

pytestmark = pytest.mark.django_db


def _text_args(decision: Decision, **overrides: Any) -> dict[str, Any]:
    return {
        "decision": decision,
        "subject": "Về việc khen thưởng năm 2026",
        "legal_bases": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "recipients": "- Lưu: VT.",
        **overrides,
    }


def test_only_the_councils_staff_edit_the_words(world: Any, draft: Decision) -> None:
    for user in (world.member, world.unit_a_user, world.other_secretariat):
        with pytest.raises(PermissionError):
            ds.decision_update_text(actor=user, **_text_args(draft))
    for user in (world.secretariat, world.chairman, world.admin):
        ds.decision_update_text(actor=user, **_text_args(draft, subject=f"Về việc khen thưởng ({user.username})"))
        draft.refresh_from_db()
        assert draft.subject == f"Về việc khen thưởng ({user.username})"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subject": "   "}, "Chưa nhập trích yếu"),
        ({"subject": "x" * 301}, "300"),
        ({"achievements": {999_999: "Thành tích"}}, "Có dòng không thuộc quyết định này."),
        ({"achievements": "blank"}, r"Thành tích không được để trống \(dòng 1\)\."),
    ],
)
def test_bad_words_are_refused(world: Any, draft: Decision, overrides: dict[str, Any], message: str) -> None:
    if overrides.get("achievements") == "blank":
        overrides = {"achievements": {draft.lines.get().pk: " \n "}}
    before = Decision.objects.values().get(pk=draft.pk)
    with pytest.raises(ValidationError, match=message):
        ds.decision_update_text(actor=world.secretariat, **_text_args(draft, **overrides))
    assert Decision.objects.values().get(pk=draft.pk) == before


def test_a_scan_is_a_pdf_of_a_registered_decision(world: Any, draft: Decision, media: Any, settings: Any) -> None:
    def upload(content: bytes = PDF_BYTES, name: str = "qd.pdf") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, content, "application/pdf")

    with pytest.raises(ValidationError, match="đã vào số"):
        ds.decision_attach_scan(actor=world.secretariat, decision=draft, upload=upload())
    ds.decision_register(
        actor=world.secretariat,
        decision=draft,
        signed_on=dt.date(2026, 12, 20),
        signer_name="Trịnh Văn Hùng",
        signer_capacity=SignerCapacity.CHAIRMAN,
    )
    with pytest.raises(PermissionError):
        ds.decision_attach_scan(actor=world.member, decision=draft, upload=upload())
    with pytest.raises(ValidationError, match="không phải PDF"):
        ds.decision_attach_scan(actor=world.secretariat, decision=draft, upload=upload(name="qd.png"))
    with pytest.raises(ValidationError, match="không phải PDF"):
        ds.decision_attach_scan(actor=world.secretariat, decision=draft, upload=upload(b"%PDX not a pdf at all"))
    with pytest.raises(ValidationError, match="Tệp rỗng"):
        ds.decision_attach_scan(actor=world.secretariat, decision=draft, upload=upload(b""))
    settings.ATTACHMENT_MAX_BYTES = 50
    with pytest.raises(ValidationError, match="quá lớn"):
        ds.decision_attach_scan(actor=world.secretariat, decision=draft, upload=upload())
    assert media() == []
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    decision = ds.decision_attach_scan(actor=world.secretariat, decision=draft, upload=upload(name="../../etc/qd.PDF"))
    assert decision.scan.name.startswith("decisions/")
    assert media() == [decision.scan.name]


def test_the_registry_of_a_collective_and_a_household(world: Any, draft: Decision) -> None:
    collective = Collective.objects.create(
        council=world.council, name="Chi hội Phụ nữ tiểu khu 3", search_name=fold("Chi hội Phụ nữ tiểu khu 3")
    )
    household = Household.objects.create(
        council=world.council,
        head_name="Nguyễn Văn Tâm",
        address="Tiểu khu 3",
        search_name=fold("Nguyễn Văn Tâm"),
        sort_key=name_sort_key("Nguyễn Văn Tâm"),
    )
    Honour.objects.create(council=world.council, award_type=world.gk, year=2026, collective=collective)
    Honour.objects.create(council=world.council, award_type=world.gdvh, year=2025, household=household)
    client = Client()
    client.force_login(world.secretariat)
    search = client.get(reverse("decisions:registry_search"), {"q": "tam"}).content.decode()
    url = reverse("decisions:registry_holder", kwargs={"kind": "household", "pk": household.pk})
    assert url in search
    page = client.get(url).content.decode()
    assert "Gia đình văn hoá" in page
    assert ">2025<" in page
    search = client.get(reverse("decisions:registry_search"), {"q": "phu nu"}).content.decode()
    url = reverse("decisions:registry_holder", kwargs={"kind": "collective", "pk": collective.pk})
    assert url in search
    page = client.get(url).content.decode()
    assert "Chi hội Phụ nữ tiểu khu 3" in page
    assert "Giấy khen" in page
