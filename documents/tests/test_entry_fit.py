"""A line is measured at entry against the council's own certificate layout (a pre-printed blank
with narrower boxes), with its award type's phrase ("Đạt danh hiệu “…” năm 2026") in the box: what
fits the full A4 paper but not the council's blank is refused when typed, one by one or in bulk,
and when the draft decision's achievement is edited; nothing is saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import row_counts
from decisions.models import Decision, DecisionLine
from decisions.services.decisions import decision_update_text
from documents import services as document_services
from nominations import services as ns
from printing.data import FieldPosition
from workflows import services as ws

pytestmark = pytest.mark.django_db

# fits the full A4 box (four lines of 250 mm), not a blank whose box is 50 mm wide
ACHIEVEMENT = "Đã hoàn thành xuất sắc nhiệm vụ năm 2026, tích cực tham gia các phong trào thi đua của địa phương."
NAME = "Nguyễn Thị Phương Thảo Minh Khai"


def _narrow_blank(world: Any) -> None:
    document_services.certificate_settings_update(
        actor=world.secretariat,
        council=world.council,
        paper="A4",
        text_only=True,
        offset_x_mm=0,
        offset_y_mm=0,
        positions={
            "awardee": FieldPosition(x_mm=148.5, y_mm=88, width_mm=25, size_pt=22),
            "achievement": FieldPosition(x_mm=148.5, y_mm=117, width_mm=50, size_pt=13),
        },
    )


def _add(world: Any, nomination: Any, *, full_name: str = "Lê Thị Hường", achievement: str = ACHIEVEMENT) -> Any:
    return ns.line_add(
        actor=world.unit_a_user,
        nomination=nomination,
        award_type=world.ldtt,
        nominee=ns.NomineeData(kind="individual", full_name=full_name, gender="female"),
        achievement=achievement,
    )


def test_what_fits_the_full_paper_but_not_the_councils_blank_is_refused_at_entry(world: Any) -> None:
    nomination = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Đề nghị")
    first = _add(world, nomination)  # the full A4 layout holds it
    assert first.pk
    _narrow_blank(world)
    before = row_counts()
    with pytest.raises(ValidationError) as info:
        _add(world, nomination)
    assert info.value.messages == [
        f"Thành tích dài {len(ACHIEVEMENT)} ký tự, không in vừa Giấy chứng nhận theo mẫu in của hội đồng; "
        "hãy rút gọn (danh sách kèm quyết định vẫn in đủ)."
    ]
    with pytest.raises(ValidationError) as info:
        _add(world, nomination, full_name=NAME, achievement="Hoàn thành tốt nhiệm vụ")
    assert info.value.messages == [
        f"Tên “Bà {NAME}” dài quá, không in vừa một dòng của Giấy chứng nhận; hãy ghi gọn hơn."
    ]
    assert row_counts() == before
    # a short one still goes in
    assert _add(world, nomination, achievement="Hoàn thành tốt nhiệm vụ").pk


def test_a_bulk_row_that_does_not_fit_the_blank_is_named(world: Any) -> None:
    _narrow_blank(world)
    nomination = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Đề nghị")
    rows = ns.read_table(
        text="Họ và tên\tHình thức\tThành tích\n"
        "Nguyễn Văn An\tLDTT\tHoàn thành tốt nhiệm vụ\n"
        f"Trần Văn Bình\tLDTT\t{ACHIEVEMENT}\n"
    )
    before = row_counts()
    with pytest.raises(ns.BulkImportError) as info:
        ns.lines_bulk_add(actor=world.unit_a_user, nomination=nomination, rows=rows)
    assert info.value.messages == [
        f"Dòng 3 (Trần Văn Bình): Thành tích dài {len(ACHIEVEMENT)} ký tự, không in vừa Giấy chứng nhận theo "
        "mẫu in của hội đồng; hãy rút gọn (danh sách kèm quyết định vẫn in đủ)."
    ]
    assert row_counts() == before


def test_the_draft_decision_edit_is_held_to_the_blank_with_the_phrase(world: Any) -> None:
    nomination = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Đề nghị")
    line = _add(world, nomination, achievement="Hoàn thành tốt nhiệm vụ")
    decision = Decision.objects.create(
        council=world.council, round=world.round, year=2026, subject="Về việc khen thưởng", created_by=world.chairman
    )
    row = DecisionLine.objects.create(decision=decision, line=line, position=1, achievement=line.achievement)
    _narrow_blank(world)
    with pytest.raises(ValidationError) as info:
        decision_update_text(
            actor=world.chairman,
            decision=decision,
            subject=decision.subject,
            legal_bases="",
            recipients="",
            achievements={row.pk: ACHIEVEMENT},
        )
    assert info.value.messages == [
        f"Dòng 1: Thành tích dài {len(ACHIEVEMENT)} ký tự, không in vừa Giấy chứng nhận theo mẫu in của hội đồng; "
        "hãy rút gọn (danh sách kèm quyết định vẫn in đủ)."
    ]
    row.refresh_from_db()
    assert row.achievement == "Hoàn thành tốt nhiệm vụ"
