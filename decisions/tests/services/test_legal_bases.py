"""Legal bases as dated entries (issue 12): each paper cites the bases in force on its own
date — the national table seeded by the migration, and the council's own — checked on
the data and on the text extracted from the built PDFs."""

from __future__ import annotations

import datetime as dt
import importlib
import unicodedata
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from decisions.legal_bases import bases_in_force, decision_bases_text
from decisions.models import AgendaItem, CouncilSession, LegalBasis, SignerCapacity
from decisions.services import decisions as ds
from documents.mappers import decision_document, proposal_document
from nominations.models import AwardRate, BaseSalary, NomineeKind
from printing.decision import build_decision
from printing.proposal import build_proposal
from printing.tests.documents.pdfcheck import flat, pages

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LGL_2015 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
LGL_2019 = (
    "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
    "ngày 22 tháng 11 năm 2019;"
)
LGL_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
LAW_2003 = (
    "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật "
    "Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013;"
)
LAW_2022 = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
DECREE_91 = (
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng;"
)
DECREE_98 = (
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng;"
)
DECREE_152 = "Căn cứ Nghị định số 152/2025/NĐ-CP …"
OWN_REGULATION = (
    "Căn cứ Quyết định số 05/2024/QĐ-UBND ngày 10 tháng 01 năm 2024 của Ủy ban nhân dân thị trấn Hà Trung "
    "ban hành Quy chế thi đua, khen thưởng;"
)
DECEMBER_2023 = dt.datetime(2023, 12, 15, 8, 0, tzinfo=TZ)
SEED = importlib.import_module("decisions.migrations.0005_legal_bases")


@pytest.fixture(autouse=True)
def national_bases(db: Any) -> None:
    """The seeded national table, even after a transactional test flushed the migration's rows
    (the seed is idempotent; today's model is the one the migration created)."""
    SEED.seed_national_bases(apps, None)


def _pdf_text(pdf: bytes) -> str:
    return flat("\n".join(page.text for page in pages(pdf, chars=False)))


def _cites(pdf_text: str, basis: str) -> bool:
    return flat(basis) in pdf_text


def _held_in_december_2023(session: CouncilSession) -> CouncilSession:
    CouncilSession.objects.filter(pk=session.pk).update(held_at=DECEMBER_2023)
    session.refresh_from_db()
    return session


def _decide(world: Any, session: CouncilSession) -> Any:
    items = list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
    return ds.session_decide(chairman=world.chairman, session=session, approve_item_ids=items)


def _register(world: Any, decision: Any, signed_on: dt.date) -> Any:
    return ds.decision_register(
        actor=world.secretariat,
        decision=decision,
        signed_on=signed_on,
        signer_name="Trịnh Văn Hùng",
        signer_capacity=SignerCapacity.CHAIRMAN,
    )


@pytest.fixture
def rates_2023(world: Any, rates: None) -> None:
    BaseSalary.objects.create(amount=1_800_000, valid_from=dt.date(2023, 7, 1))
    AwardRate.objects.create(
        award_type=world.ldtt,
        nominee_kind=NomineeKind.INDIVIDUAL,
        multiplier=Decimal("0.3"),
        valid_from=dt.date(2023, 1, 1),
    )


# --- the seeded national table ------------------------------------------------------------


def test_the_seeded_sentences_are_nfc_and_each_family_has_no_overlap() -> None:
    rows = list(LegalBasis.objects.filter(council__isnull=True))
    assert len(rows) == 8
    SEED.seed_national_bases(apps, None)
    assert LegalBasis.objects.count() == 8  # seeding again adds nothing
    for row in rows:
        assert unicodedata.is_normalized("NFC", row.text)
        row.full_clean()  # no seeded version overlaps another of its family


def test_the_bases_in_force_on_each_date() -> None:
    assert bases_in_force(None, "decision", dt.date(2023, 12, 31)) == [f"{LGL_2015} {LGL_2019}", LAW_2003, DECREE_91]
    assert bases_in_force(None, "decision", dt.date(2024, 1, 1)) == [f"{LGL_2015} {LGL_2019}", LAW_2022, DECREE_98]
    assert bases_in_force(None, "decision", dt.date(2025, 6, 30)) == [f"{LGL_2015} {LGL_2019}", LAW_2022, DECREE_98]
    assert bases_in_force(None, "decision", dt.date(2025, 7, 1)) == [LGL_2025, LAW_2022, DECREE_152]
    assert bases_in_force(None, "decision", dt.date(2019, 5, 1)) == [LGL_2015, LAW_2003, DECREE_91]
    # the proposal of the council does not cite the local-government law; the minutes cite none
    assert bases_in_force(None, "proposal", dt.date(2023, 12, 15)) == [LAW_2003, DECREE_91]
    assert bases_in_force(None, "proposal", dt.date(2026, 12, 15)) == [LAW_2022, DECREE_152]
    assert bases_in_force(None, "minutes", dt.date(2026, 12, 15)) == []
    with pytest.raises(ValueError, match="unknown document kind"):
        bases_in_force(None, "letter", dt.date(2026, 12, 15))


# --- the decision ---------------------------------------------------------------------------


def test_a_decision_dated_in_december_2023_cites_the_2003_law_and_decree_91(
    world: Any, session: Any, rates_2023: None
) -> None:
    decision = _decide(world, _held_in_december_2023(session))
    assert decision.legal_bases.splitlines() == [f"{LGL_2015} {LGL_2019}", LAW_2003, DECREE_91]
    decision = _register(world, decision, dt.date(2023, 12, 20))
    printed = _pdf_text(build_decision(decision_document(decision)))
    for basis in (LGL_2015, LGL_2019, LAW_2003, DECREE_91):
        assert _cites(printed, basis)
    for basis in (LAW_2022, DECREE_98, "152/2025", LGL_2025):
        assert flat(basis) not in printed


def test_a_decision_dated_in_2026_cites_the_2022_law_and_decree_152(world: Any, draft: Any) -> None:
    assert draft.legal_bases.splitlines() == [LGL_2025, LAW_2022, DECREE_152]
    decision = _register(world, draft, dt.date(2026, 12, 20))
    assert decision.legal_bases.splitlines() == [LGL_2025, LAW_2022, DECREE_152]
    printed = _pdf_text(build_decision(decision_document(decision)))
    for basis in (LGL_2025, LAW_2022, DECREE_152):
        assert _cites(printed, basis)
    for basis in (LAW_2003, DECREE_91, DECREE_98, LGL_2015):
        assert flat(basis) not in printed


def test_a_draft_of_2023_signed_in_2024_cites_the_bases_of_its_signing_date(
    world: Any, session: Any, rates_2023: None
) -> None:
    decision = _decide(world, _held_in_december_2023(session))
    assert LAW_2003 in decision.legal_bases.splitlines()
    decision = _register(world, decision, dt.date(2024, 1, 5))
    assert decision.legal_bases.splitlines() == [f"{LGL_2015} {LGL_2019}", LAW_2022, DECREE_98]
    printed = _pdf_text(build_decision(decision_document(decision)))
    assert _cites(printed, LAW_2022)
    assert _cites(printed, DECREE_98)
    assert flat(LAW_2003) not in printed


def test_bases_the_office_edited_by_hand_are_kept_at_registration(world: Any, session: Any, rates_2023: None) -> None:
    decision = _decide(world, _held_in_december_2023(session))
    edited = f"{LAW_2003}\n{DECREE_91}\nCăn cứ Kế hoạch số 01/KH-UBND ngày 05 tháng 01 năm 2023;"
    ds.decision_update_text(
        actor=world.secretariat, decision=decision, subject=decision.subject, legal_bases=edited, recipients=""
    )
    decision = _register(world, decision, dt.date(2024, 1, 5))
    assert decision.legal_bases == edited


def test_the_councils_extra_text_is_appended_to_the_bases_in_force(world: Any, session: Any) -> None:
    world.council.decision_legal_bases = "Căn cứ Kế hoạch số 12/KH-UBND ngày 02 tháng 02 năm 2026;"
    world.council.save(update_fields=["decision_legal_bases"])
    session.council.refresh_from_db()
    decision = _decide(world, session)
    assert decision.legal_bases.splitlines() == [
        LGL_2025,
        LAW_2022,
        DECREE_152,
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 02 tháng 02 năm 2026;",
    ]


# --- the proposal to the higher council ------------------------------------------------------


def test_the_proposal_of_a_2023_session_cites_the_2003_law_and_decree_91(world: Any, session: Any) -> None:
    doc = proposal_document(_held_in_december_2023(session))
    assert doc.paragraphs[:3] == (
        LAW_2003,
        DECREE_91,
        f"Căn cứ kết quả họp xét của {world.council.name} ngày 15/12/2023,",
    )
    printed = _pdf_text(build_proposal(doc))
    assert _cites(printed, LAW_2003)
    assert _cites(printed, DECREE_91)
    assert flat(LAW_2022) not in printed
    assert flat("152/2025") not in printed


def test_the_proposal_of_a_2026_session_cites_the_2022_law_and_decree_152(world: Any, session: Any) -> None:
    doc = proposal_document(session)
    assert doc.paragraphs[:2] == (LAW_2022, DECREE_152)
    printed = _pdf_text(build_proposal(doc))
    assert _cites(printed, LAW_2022)
    assert _cites(printed, DECREE_152)
    assert flat(LAW_2003) not in printed
    assert flat("91/2017") not in printed


# --- the council's own bases and bad input -----------------------------------------------------


def test_a_councils_own_basis_is_cited_by_that_council_only(world: Any) -> None:
    own = LegalBasis(
        council=world.council,
        family="quy-che-thi-dua",
        text=unicodedata.normalize("NFD", OWN_REGULATION),
        valid_from=dt.date(2024, 1, 10),
        position=40,
    )
    own.full_clean()
    own.save()
    assert own.text == OWN_REGULATION  # NFD input is stored in NFC
    day = dt.date(2026, 12, 15)
    assert bases_in_force(world.council, "decision", day) == [LGL_2025, LAW_2022, DECREE_152, OWN_REGULATION]
    assert bases_in_force(world.council, "proposal", day) == [LAW_2022, DECREE_152, OWN_REGULATION]
    assert OWN_REGULATION not in bases_in_force(world.other_council, "decision", day)
    assert OWN_REGULATION not in bases_in_force(None, "decision", day)
    assert OWN_REGULATION not in bases_in_force(world.council, "decision", dt.date(2024, 1, 9))
    assert OWN_REGULATION not in decision_bases_text(world.other_council, day)


def test_a_councils_own_version_of_a_national_basis_replaces_it_for_that_council(world: Any) -> None:
    completed = (
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 15 tháng 6 năm 2025 của Chính phủ quy định chi tiết thi hành "
        "một số điều của Luật Thi đua, khen thưởng;"
    )
    own = LegalBasis(
        council=world.council,
        family="nghi-dinh-thi-dua-khen-thuong",
        text=completed,
        valid_from=dt.date(2025, 7, 1),
        position=30,
    )
    own.full_clean()  # the national version of the family is another scope: no overlap
    own.save()
    day = dt.date(2026, 12, 15)
    assert bases_in_force(world.council, "decision", day) == [LGL_2025, LAW_2022, completed]
    assert bases_in_force(world.other_council, "decision", day) == [LGL_2025, LAW_2022, DECREE_152]


@pytest.mark.parametrize(
    ("valid_from", "valid_until"),
    [
        (dt.date(2025, 1, 1), None),  # reaches back into Nghị định 98/2023
        (dt.date(2023, 6, 1), dt.date(2023, 8, 1)),  # inside Nghị định 91/2017
        (dt.date(2010, 1, 1), dt.date(2030, 1, 1)),  # around every version
    ],
)
def test_overlapping_versions_of_the_same_basis_are_refused(valid_from: dt.date, valid_until: dt.date | None) -> None:
    basis = LegalBasis(
        family="nghi-dinh-thi-dua-khen-thuong",
        text="Căn cứ Nghị định số 999/2025/NĐ-CP;",
        valid_from=valid_from,
        valid_until=valid_until,
        position=30,
    )
    with pytest.raises(ValidationError, match="Thời gian áp dụng chồng lên một phiên bản khác của cùng căn cứ"):
        basis.full_clean()


def test_a_new_version_after_the_old_one_ends_is_accepted_and_the_councils_scope_is_its_own(world: Any) -> None:
    national = LegalBasis.objects.get(council__isnull=True, text=DECREE_152)
    national.valid_until = dt.date(2027, 6, 30)
    national.full_clean()
    national.save()
    successor = LegalBasis(
        family="nghi-dinh-thi-dua-khen-thuong",
        text="Căn cứ Nghị định số 01/2027/NĐ-CP;",
        valid_from=dt.date(2027, 7, 1),
        position=30,
    )
    successor.full_clean()
    successor.save()
    assert bases_in_force(None, "decision", dt.date(2027, 7, 1))[-1] == "Căn cứ Nghị định số 01/2027/NĐ-CP;"
    first = LegalBasis(council=world.council, family="quy-che", text=OWN_REGULATION, valid_from=dt.date(2024, 1, 1))
    first.full_clean()
    first.save()
    second = LegalBasis(
        council=world.council, family="quy-che", text="Căn cứ Quy chế mới;", valid_from=dt.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError, match="chồng lên"):
        second.full_clean()
    LegalBasis(
        council=world.other_council, family="quy-che", text="Căn cứ Quy chế xã;", valid_from=dt.date(2026, 1, 1)
    ).full_clean()


def test_a_version_that_ends_before_it_starts_or_serves_no_paper_is_refused() -> None:
    backwards = LegalBasis(
        family="thu-nghiem", text="Căn cứ Thông tư;", valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError, match="Ngày hết áp dụng không được trước ngày bắt đầu áp dụng"):
        backwards.full_clean()
    unused = LegalBasis(
        family="thu-nghiem",
        text="Căn cứ Thông tư;",
        valid_from=dt.date(2026, 1, 1),
        for_decision=False,
        for_proposal=False,
    )
    with pytest.raises(ValidationError, match="Hãy chọn ít nhất một loại văn bản"):
        unused.full_clean()


def test_the_superuser_keeps_the_table_in_the_admin(world: Any, client: Any) -> None:
    client.force_login(world.admin)
    listing = client.get("/admin/decisions/legalbasis/")
    assert listing.status_code == 200
    assert DECREE_152 in listing.content.decode()
    assert client.get("/admin/decisions/legalbasis/add/").status_code == 200
    response = client.post(
        "/admin/decisions/legalbasis/add/",
        {
            "council": "",
            "family": "nghi-dinh-thi-dua-khen-thuong",
            "text": "Căn cứ Nghị định số 999/2025/NĐ-CP;",
            "position": "30",
            "for_decision": "on",
            "valid_from": "01/01/2025",
            "valid_until": "",
        },
    )
    assert response.status_code == 200  # refused, shown again with the reason
    assert "chồng lên một phiên bản khác" in response.content.decode()
    assert not LegalBasis.objects.filter(text__contains="999/2025").exists()
