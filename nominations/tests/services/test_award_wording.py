"""An award type's printed wording and the longest achievement its paper holds: the defaults per
kind (new rows and the migration's), the setup service filling a blank wording from the kind and
refusing a wording that would print wrong, the achievement refused when the line is entered (one
line, a bulk list: the row named, nothing saved) and when the draft decision is edited, and an
award type in use that cannot be deleted."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import row_counts
from decisions.models import Decision, DecisionLine, Honour
from decisions.services.decisions import decision_update_text
from nominations import award_services
from nominations import services as ns
from nominations.award_wording import wording_defaults
from nominations.models import AwardType, NominationLine, RoundAwardType
from printing.certificate import achievement_fit_error
from tests import factories
from workflows import services as ws

pytestmark = pytest.mark.django_db


def _refused(call: Any) -> list[str]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.messages


def _award_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "code": "GDVH2",
        "name_vi": "Gia đình văn hoá",
        "kind": "title",
        "for_household": True,
        "deciding_level": "commune",
        "needs_vote": False,
        "carries_money": False,
    }
    fields.update(overrides)
    return fields


# --- defaults per kind ----------------------------------------------------------------


def test_the_defaults_of_a_title_and_of_a_commendation() -> None:
    title, commendation = wording_defaults("title"), wording_defaults("commendation")
    assert (title["paper_title"], title["award_verb"]) == ("Giấy chứng nhận", "")
    assert wording_defaults("title", "Lao động tiên tiến")["certificate_phrase"] == "Đạt danh hiệu “Lao động tiên tiến”"
    assert wording_defaults("title", "Lao động tiên tiến")["paper_title"] == "Giấy chứng nhận"
    assert wording_defaults("title", "Gia đình văn hoá")["paper_title"] == "Giấy công nhận"
    assert commendation["certificate_phrase"] == ""
    assert (commendation["paper_title"], commendation["award_verb"]) == ("Giấy khen", "Tặng")
    assert title["household_naming"] == commendation["household_naming"] == "household"
    # a commendation named after its paper prints that paper
    assert wording_defaults("commendation", "Bằng khen của Chủ tịch UBND tỉnh")["paper_title"] == "Bằng khen"
    assert wording_defaults("commendation", "Giấy khen của Bí thư Đảng ủy")["paper_title"] == "Giấy khen"
    assert wording_defaults("commendation", "Khen thưởng đột xuất")["paper_title"] == "Giấy khen"
    assert wording_defaults("title", "Giấy khen")["paper_title"] == "Giấy chứng nhận"
    # the full A4 certificate holds a few hundred characters at its smallest size, and the default does fit
    limit = commendation["achievement_max_chars"]
    assert 400 <= limit <= 1000
    assert title["achievement_max_chars"] == limit
    typical = (
        "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2026, góp phần hoàn thành nhiệm vụ. " * 20
    )[:limit]
    assert achievement_fit_error(typical) is None


def test_a_row_made_without_wording_prints_its_kinds(world: Any) -> None:
    """Rows made by scripts and factories leave the texts blank: the paper reads its kind's."""
    assert (world.gdvh.award_verb_text, world.gdvh.printed_award_name, world.gdvh.paper_title_text) == (
        "",
        "Giấy công nhận",
        "Giấy công nhận",
    )
    assert world.gdvh.certificate_phrase_for(2026) == "Đạt danh hiệu “Gia đình văn hoá” năm 2026"
    commendation = factories.AwardTypeFactory(
        council=world.council, code="GK-CT", name_vi="Giấy khen của Chủ tịch UBND thị trấn", kind="commendation"
    )
    assert (commendation.award_verb_text, commendation.printed_award_name) == ("Tặng", "Giấy khen")
    assert commendation.household_name("Nguyễn Văn An") == "Hộ gia đình Nguyễn Văn An"


def test_the_migration_fills_existing_rows_by_kind() -> None:
    """The data step of 0015 stores each existing row's kind's wording."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("nominations.migrations.0015_award_type_wording")
    council = factories.CouncilFactory(name="Hội đồng Thi đua – Khen thưởng xã Hà Lai")
    title = factories.AwardTypeFactory(council=council, code="LDTT-X", name_vi="Lao động tiên tiến", kind="title")
    gk = factories.AwardTypeFactory(council=council, code="GK-X", name_vi="Giấy khen", kind="commendation")
    bk = factories.AwardTypeFactory(
        council=council, code="BK-T", name_vi="Bằng khen của Chủ tịch UBND tỉnh", kind="commendation"
    )
    AwardType.objects.filter(pk__in=[title.pk, gk.pk, bk.pk]).update(
        paper_title="", award_verb="", household_naming="short"
    )
    migration.fill_wording(apps, None)
    rows = {
        row.code: (row.paper_title, row.award_verb, row.household_naming)
        for row in AwardType.objects.filter(pk__in=[title.pk, gk.pk, bk.pk])
    }
    assert rows == {
        "LDTT-X": ("Giấy chứng nhận", "", "household"),
        "GK-X": ("Giấy khen", "Tặng", "household"),
        "BK-T": ("Bằng khen", "Tặng", "household"),
    }


def test_the_migration_gives_existing_titles_their_papers_wording() -> None:
    """The data step of 0020: a title names its paper and says "Đạt danh hiệu “…”"; the old award line
    "Tặng danh hiệu" goes; a council's own wording and a commendation stay as they are."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("nominations.migrations.0020_award_type_certificate_phrase")
    council = factories.CouncilFactory(name="Hội đồng Thi đua – Khen thưởng xã Hà Lai")
    ldtt = factories.AwardTypeFactory(council=council, code="LDTT-X", name_vi="Lao động tiên tiến", kind="title")
    gdvh = factories.AwardTypeFactory(council=council, code="GDVH-X", name_vi="Gia đình văn hoá", kind="title")
    own = factories.AwardTypeFactory(council=council, code="CSTD-X", name_vi="Chiến sĩ thi đua cơ sở", kind="title")
    gk = factories.AwardTypeFactory(council=council, code="GK-X", name_vi="Giấy khen", kind="commendation")
    AwardType.objects.filter(pk__in=[ldtt.pk, gdvh.pk]).update(
        paper_title="Giấy chứng nhận", award_verb="Tặng danh hiệu", certificate_phrase=""
    )
    AwardType.objects.filter(pk=own.pk).update(paper_title="Bằng chứng nhận", award_verb="Chứng nhận")
    AwardType.objects.filter(pk=gk.pk).update(paper_title="Giấy khen", award_verb="Tặng", certificate_phrase="")
    migration.title_papers(apps, None)
    rows = {
        row.code: (row.paper_title, row.award_verb, row.certificate_phrase)
        for row in AwardType.objects.filter(council=council)
    }
    assert rows == {
        "LDTT-X": ("Giấy chứng nhận", "", "Đạt danh hiệu “Lao động tiên tiến”"),
        "GDVH-X": ("Giấy công nhận", "", "Đạt danh hiệu “Gia đình văn hoá”"),
        "CSTD-X": ("Bằng chứng nhận", "Chứng nhận", "Đạt danh hiệu “Chiến sĩ thi đua cơ sở”"),
        "GK-X": ("Giấy khen", "Tặng", ""),
    }


# --- the setup service ------------------------------------------------------------------


def test_a_new_title_left_blank_stores_its_kinds_wording(world: Any) -> None:
    award = award_services.award_type_create(actor=world.admin, council=world.council, **_award_fields())
    award.refresh_from_db()
    assert (award.paper_title, award.award_verb, award.household_naming, award.certificate_phrase) == (
        "Giấy công nhận",
        "",
        "household",
        "Đạt danh hiệu “Gia đình văn hoá”",
    )
    assert award.achievement_max_chars == wording_defaults("title")["achievement_max_chars"]


def test_the_service_stores_its_own_wording_nfc(world: Any) -> None:
    decomposed = unicodedata.normalize(
        "NFD", "Được công nhận danh hiệu “Gia đình văn hoá”"
    )  # as some keyboards send it
    assert decomposed != "Được công nhận danh hiệu “Gia đình văn hoá”"
    award = award_services.award_type_create(
        actor=world.admin,
        council=world.council,
        **_award_fields(
            paper_title=" Giấy công nhận ",
            award_verb="Công nhận",
            household_naming="family",
            achievement_max_chars=300,
        ),
    )
    award.refresh_from_db()
    assert (award.paper_title, award.award_verb, award.household_naming, award.achievement_max_chars) == (
        "Giấy công nhận",
        "Công nhận",
        "family",
        300,
    )
    award = award_services.award_type_update(actor=world.admin, award_type=award, certificate_phrase=decomposed)
    award.refresh_from_db()
    assert award.certificate_phrase == "Được công nhận danh hiệu “Gia đình văn hoá”"
    assert award.household_name("Lê Văn Tám") == "Gia đình Lê Văn Tám"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"kind": "commendation", "paper_title": "Giấy khen của Chủ tịch UBND thị trấn"},
            "paper_title",
            "Chỉ ghi tên giấy, ví dụ “Giấy khen”: người tặng đã in ở dòng trên, không in lại sau “Tặng”.",
        ),
        (
            {"certificate_phrase": "Đạt Gia đình văn hoá"},
            "certificate_phrase",
            "Giấy của danh hiệu thi đua ghi tên danh hiệu kèm chữ “danh hiệu”, ví dụ “Đạt danh hiệu “Lao động tiên tiến””.",
        ),
        (
            {"award_verb": "Tặng danh hiệu"},
            "award_verb",
            "Lời tặng in ngay trên tên giấy (TẶNG / GIẤY KHEN), không kèm chữ “danh hiệu”; danh hiệu thi đua ghi "
            "ở “lời chứng nhận”, ví dụ “Đạt danh hiệu “Lao động tiên tiến””.",
        ),
        (
            {"kind": "commendation", "award_verb": "Tặng danh hiệu"},
            "award_verb",
            "Lời tặng in ngay trên tên giấy (TẶNG / GIẤY KHEN), không kèm chữ “danh hiệu”; danh hiệu thi đua ghi "
            "ở “lời chứng nhận”, ví dụ “Đạt danh hiệu “Lao động tiên tiến””.",
        ),
        (
            {"achievement_max_chars": 5},
            "achievement_max_chars",
            "Thành tích tối đa phải từ 20 ký tự trở lên.",
        ),
        (
            {"household_naming": "ong_ba"},
            "household_naming",
            "Giá trị 'ong_ba' không phải là lựa chọn hợp lệ.",
        ),
    ],
)
def test_a_wording_that_would_print_wrong_is_refused(
    world: Any, overrides: dict[str, Any], field: str, message: str
) -> None:
    before = AwardType.objects.count()
    with pytest.raises(ValidationError) as info:
        award_services.award_type_create(actor=world.admin, council=world.council, **_award_fields(**overrides))
    assert info.value.message_dict[field] == [message]
    assert AwardType.objects.count() == before


# --- the achievement, when the line is entered ------------------------------------------------


@pytest.fixture
def short_paper(world: Any) -> AwardType:
    """The world's LDTT, whose paper holds 60 characters."""
    AwardType.objects.filter(pk=world.ldtt.pk).update(paper_title="Giấy chứng nhận", achievement_max_chars=60)
    world.ldtt.refresh_from_db()
    return world.ldtt


def _dossier(world: Any) -> Any:
    return ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Đề nghị năm 2026")


def test_a_line_whose_achievement_is_longer_than_its_paper_holds_is_refused(world: Any, short_paper: Any) -> None:
    nomination = _dossier(world)
    before = row_counts()
    messages = _refused(
        lambda: ns.line_add(
            actor=world.unit_a_user,
            nomination=nomination,
            award_type=short_paper,
            nominee=ns.NomineeData(kind="individual", full_name="Lê Thị Hường"),
            achievement="x" * 61,
        )
    )
    assert messages == ["Thành tích dài 61 ký tự; Giấy chứng nhận chỉ in được tối đa 60 ký tự."]
    assert row_counts() == before
    line = ns.line_add(
        actor=world.unit_a_user,
        nomination=nomination,
        award_type=short_paper,
        nominee=ns.NomineeData(kind="individual", full_name="Lê Thị Hường"),
        achievement="x" * 60,
    )
    assert NominationLine.objects.get(pk=line.pk).achievement == "x" * 60


def test_the_giay_khen_message_names_its_paper(world: Any) -> None:
    AwardType.objects.filter(pk=world.gk.pk).update(paper_title="Giấy khen", achievement_max_chars=300)
    world.gk.refresh_from_db()
    nomination = _dossier(world)
    messages = _refused(
        lambda: ns.line_add(
            actor=world.unit_a_user,
            nomination=nomination,
            award_type=world.gk,
            nominee=ns.NomineeData(kind="collective", collective_name="Chi đoàn Tiểu khu Trang Các"),
            achievement="a" * 412,
        )
    )
    assert messages == ["Thành tích dài 412 ký tự; Giấy khen chỉ in được tối đa 300 ký tự."]


def test_a_bulk_row_too_long_is_named_and_nothing_is_saved(world: Any, short_paper: Any) -> None:
    nomination = _dossier(world)
    long_text = "Hoàn thành xuất sắc nhiệm vụ năm 2026, tích cực trong mọi phong trào thi đua"  # 76
    rows = ns.read_table(
        text="Họ và tên\tHình thức\tThành tích\n"
        "Nguyễn Văn An\tLDTT\tHoàn thành tốt nhiệm vụ\n"
        f"Trần Văn Bình\tLDTT\t{long_text}\n"
        "Lê Thị Cúc\tLDTT\tGương mẫu"
    )
    before = row_counts()
    with pytest.raises(ns.BulkImportError) as info:
        ns.lines_bulk_add(actor=world.unit_a_user, nomination=nomination, rows=rows)
    assert info.value.messages == [
        "Dòng 3 (Trần Văn Bình): Thành tích dài 76 ký tự; Giấy chứng nhận chỉ in được tối đa 60 ký tự."
    ]
    assert row_counts() == before
    assert not nomination.lines.exists()


def test_an_achievement_edited_on_the_draft_decision_is_held_to_the_same_limit(world: Any, short_paper: Any) -> None:
    nomination = _dossier(world)
    line = ns.line_add(
        actor=world.unit_a_user,
        nomination=nomination,
        award_type=short_paper,
        nominee=ns.NomineeData(kind="individual", full_name="Lê Thị Hường"),
        achievement="Hoàn thành tốt nhiệm vụ",
    )
    decision = Decision.objects.create(
        council=world.council, round=world.round, year=2026, subject="Về việc khen thưởng", created_by=world.chairman
    )
    row = DecisionLine.objects.create(decision=decision, line=line, position=1, achievement=line.achievement)
    messages = _refused(
        lambda: decision_update_text(
            actor=world.chairman,
            decision=decision,
            subject="Về việc khen thưởng",
            legal_bases="",
            recipients="",
            achievements={row.pk: "y" * 70},
        )
    )
    assert messages == ["Dòng 1: Thành tích dài 70 ký tự; Giấy chứng nhận chỉ in được tối đa 60 ký tự."]
    row.refresh_from_db()
    assert row.achievement == "Hoàn thành tốt nhiệm vụ"


# --- deleting one in use ------------------------------------------------------------------------


def _unused(world: Any, code: str) -> AwardType:
    return factories.AwardTypeFactory(council=world.council, code=code, name_vi=f"Khen thưởng {code}")


def test_an_award_type_used_by_a_line_a_round_an_honour_or_a_rate_is_not_deleted(world: Any) -> None:
    used = {}
    used["line"] = world.ldtt  # a dossier's line
    _line_dossier = _dossier(world)
    ns.line_add(
        actor=world.unit_a_user,
        nomination=_line_dossier,
        award_type=world.ldtt,
        nominee=ns.NomineeData(kind="individual", full_name="Lê Thị Hường"),
        achievement="Hoàn thành tốt nhiệm vụ",
    )
    used["round"] = _unused(world, "R1")
    RoundAwardType.objects.create(round=world.round, award_type=used["round"])
    used["honour"] = _unused(world, "H1")
    person = factories.PersonFactory(council=world.council, full_name="Phạm Văn Đức")
    Honour.objects.create(council=world.council, award_type=used["honour"], person=person, year=2025)
    used["parent"] = _unused(world, "P1")
    child = factories.CouncilFactory(name="Hội đồng Thi đua – Khen thưởng trường", parent=world.council)
    factories.AwardTypeFactory(council=child, code="C1", name_vi="Giấy khen trường", parent_award_type=used["parent"])
    for reason, award in used.items():
        with pytest.raises(ValidationError) as info:
            award_services.award_type_delete(actor=world.admin, award_type=award)
        assert "Ngừng áp dụng" in info.value.messages[0], reason
        assert info.value.code == "award_type_used", reason
        assert AwardType.objects.filter(pk=award.pk).exists(), reason
    rated = _unused(world, "M1")
    rated.rates.create(nominee_kind="individual", multiplier="0.3", valid_from=dt.date(2025, 7, 1))
    award_services.award_type_delete(actor=world.admin, award_type=rated)
    assert not AwardType.objects.filter(pk=rated.pk).exists()


def test_a_name_fits_its_line_unless_the_councils_own_box_is_too_narrow() -> None:
    """Names up to their fields' lengths (200 characters) fit the full layout's line; a council's own
    narrow box on a pre-printed blank does not hold a long one."""
    from printing.certificate import awardee_fits
    from printing.data import CertificateLayout, FieldPosition

    long_name = "Chi hội Phụ nữ và Câu lạc bộ Dân vũ, Văn nghệ, Thể dục thể thao của Tiểu khu Trang Các " * 2
    assert len(long_name) <= 200
    assert awardee_fits(long_name)
    narrow = CertificateLayout(
        text_only=True, positions={"awardee": FieldPosition(x_mm=148.5, y_mm=88.5, width_mm=40, size_pt=24)}
    )
    assert not awardee_fits(long_name, narrow)
    assert awardee_fits("Ông Nguyễn Văn An", narrow)
