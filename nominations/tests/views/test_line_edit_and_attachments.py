"""Issue 16 item 6 through the pages: a line edited (same rules as a new line, recorded in the
history), a line deleted after a confirmation page, the checklist of required documents, several
files in one upload (all or none), the same content refused twice, and the files' SHA-256 shown to
the secretariat only."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import pdf_upload, row_counts
from nominations import services as ns
from nominations.models import Attachment, NominationLine, Person, Transition, TransitionAction
from workflows import services as ws

pytestmark = pytest.mark.django_db

ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
HEX64 = re.compile(r"\b[0-9a-f]{64}\b")


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _edit_url(line: NominationLine) -> str:
    return reverse("nominations:line_edit", args=[line.nomination_id, line.pk])


def _delete_url(line: NominationLine) -> str:
    return reverse("nominations:line_delete", args=[line.nomination_id, line.pk])


def _detail_url(nomination: Any) -> str:
    return reverse("workflows:dossier_detail", args=[nomination.pk])


def _line_data(world: Any, **overrides: Any) -> dict[str, Any]:
    return {
        "award_type": world.ldtt.pk,
        "nominee_kind": "individual",
        "full_name": "Lê Thị Hường",
        "birth_date": "",
        "gender": "",
        "position": "",
        "address": "",
        "achievement": "Hoàn thành xuất sắc nhiệm vụ",
        "method": "regular",
        "subject_category": "",
        **overrides,
    }


def _line_state(line: NominationLine) -> tuple[Any, ...]:
    line = NominationLine.objects.get(pk=line.pk)
    return (line.award_type_id, line.person_id, line.achievement, line.method, line.subject_category)


@pytest.fixture
def unit_client(client: Any, world: Any) -> Any:
    client.force_login(world.unit_a_user)
    return client


# --- 1. editing a line ------------------------------------------------------------------------


def test_the_edit_page_is_filled_with_the_line_and_saving_records_the_change(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    line = nomination.lines.get()
    first_person = line.person

    page = unit_client.get(_edit_url(line))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["full_name"].value() == "Lê Thị Hường"
    assert form["achievement"].value() == "Hoàn thành xuất sắc nhiệm vụ"
    assert form["award_type"].value() == world.ldtt.pk
    assert "Sửa dòng đề nghị số 1" in _text(page)

    response = unit_client.post(
        _edit_url(line),
        _line_data(
            world,
            award_type=world.gk.pk,
            birth_date="12/03/1985",
            gender="female",
            position="Kế toán",
            achievement="Hoàn thành xuất sắc nhiệm vụ kế toán năm 2026",
        ),
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.award_type == world.gk
    assert line.achievement == "Hoàn thành xuất sắc nhiệm vụ kế toán năm 2026"
    # a new birth date is another person (as a new line would find or make); the first one is kept as it was
    assert line.person_id != first_person.pk
    assert (line.person.full_name, line.person.birth_date, line.person.position, line.person.gender) == (
        "Lê Thị Hường",
        dt.date(1985, 3, 12),
        "Kế toán",
        "female",
    )
    first_person.refresh_from_db()
    assert (first_person.birth_date, first_person.position) == (None, "")
    recorded = Transition.objects.get(nomination=nomination, action=TransitionAction.LINE_UPDATED)
    assert recorded.actor == world.unit_a_user
    assert (recorded.from_status, recorded.to_status) == ("draft", "draft")
    assert recorded.reason == (
        "Dòng 1: hình thức LDTT → GK; đối tượng “Lê Thị Hường” → “Lê Thị Hường (12/03/1985)”; tóm tắt thành tích."
    )
    history = _text(unit_client.get(_detail_url(nomination)))
    assert "Sửa dòng đề nghị" in history
    assert "Dòng 1: hình thức LDTT → GK" in history


def test_a_position_typed_for_a_person_only_this_dossier_names_is_written(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    line = nomination.lines.get()
    response = unit_client.post(_edit_url(line), _line_data(world, position="Tổ trưởng tổ dân phố", gender="female"))
    assert response.status_code == 302
    person = Person.objects.get(pk=line.person_id)
    assert (person.position, person.gender) == ("Tổ trưởng tổ dân phố", "female")
    assert Transition.objects.get(nomination=nomination, action=TransitionAction.LINE_UPDATED).reason == (
        "Dòng 1: thông tin người được đề nghị."
    )


def test_a_person_another_dossier_names_is_not_changed_from_this_one(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    other = make_dossier("draft", unit=world.unit_b)  # the same Lê Thị Hường, matched by name and birth date
    line, other_line = nomination.lines.get(), other.lines.get()
    assert line.person_id == other_line.person_id
    before = _line_state(line)

    response = unit_client.post(_edit_url(line), _line_data(world, position="Kế toán"))
    assert response.status_code == 200
    assert (
        "Không sửa được giới tính, chức vụ của “Lê Thị Hường”: người (hộ) này còn có trong hồ sơ khác, "
        "sửa ở đây sẽ làm đổi cả các hồ sơ đó."
    ) in _text(response)
    assert _line_state(line) == before
    assert Person.objects.get(pk=line.person_id).position == ""
    assert not Transition.objects.filter(action=TransitionAction.LINE_UPDATED).exists()

    # a corrected name points this line at that person; the other dossier keeps its own
    response = unit_client.post(_edit_url(line), _line_data(world, full_name="Lê Thị Hương"))
    assert response.status_code == 302
    line.refresh_from_db()
    other_line.refresh_from_db()
    assert line.person.full_name == "Lê Thị Hương"
    assert other_line.person.full_name == "Lê Thị Hường"


def test_an_edit_the_line_rules_refuse_saves_nothing(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    line = nomination.lines.get()
    before, counts = _line_state(line), row_counts()

    # Gia đình văn hoá is for households only
    response = unit_client.post(_edit_url(line), _line_data(world, award_type=world.gdvh.pk, full_name="Trần Văn Tư"))
    assert response.status_code == 200
    assert "“Gia đình văn hoá” không xét cho đối tượng “Cá nhân”." in _text(response)

    # the certificate fit check of a new line runs at an edit too
    world.ldtt.achievement_max_chars = 40
    world.ldtt.save()
    response = unit_client.post(
        _edit_url(line),
        _line_data(world, full_name="Trần Văn Tư", achievement="Hoàn thành xuất sắc nhiệm vụ được giao trong năm 2026"),
    )
    assert response.status_code == 200
    assert "Thành tích dài 53 ký tự; Giấy chứng nhận chỉ in được tối đa 40 ký tự." in _text(response)

    assert _line_state(line) == before
    assert row_counts() == counts
    assert not Person.objects.filter(full_name="Trần Văn Tư").exists()


def test_a_submitted_dossiers_line_is_not_edited_and_other_units_get_nothing(client, world, make_dossier):
    nomination = make_dossier("submitted")
    line = nomination.lines.get()
    before = _line_state(line)
    client.force_login(world.unit_a_user)
    response = client.post(_edit_url(line), _line_data(world, achievement="Sửa sau khi đã gửi"))
    assert response.status_code == 200
    assert "Hồ sơ đang ở trạng thái “Đã gửi, chờ thẩm định”, không sửa được." in _text(response)
    assert _line_state(line) == before
    detail = _text(client.get(_detail_url(nomination)))
    assert _edit_url(line) not in detail
    assert _delete_url(line) not in detail

    # the secretariat sees the dossier but does not edit it; another unit does not even see it
    client.force_login(world.secretariat)
    assert client.get(_edit_url(line)).status_code == 403
    assert client.post(_edit_url(line), _line_data(world, achievement="x")).status_code == 403
    draft = make_dossier("draft")
    draft_line = draft.lines.get()
    client.force_login(world.unit_b_user)
    assert client.get(_edit_url(draft_line)).status_code == 404
    assert client.post(_edit_url(draft_line), _line_data(world, achievement="x")).status_code == 404
    # unit B's own dossier does not reach unit A's line
    own = make_dossier("draft", unit=world.unit_b)
    assert client.get(reverse("nominations:line_edit", args=[own.pk, draft_line.pk])).status_code == 404
    assert _line_state(line) == before
    assert NominationLine.objects.get(pk=draft_line.pk).achievement == "Hoàn thành xuất sắc nhiệm vụ"


def test_a_returned_dossiers_line_is_edited(unit_client, world, make_dossier):
    nomination = make_dossier("returned")
    line = nomination.lines.get()
    response = unit_client.post(_edit_url(line), _line_data(world, achievement="Bổ sung: hoàn thành xuất sắc"))
    assert response.status_code == 302
    assert NominationLine.objects.get(pk=line.pk).achievement == "Bổ sung: hoàn thành xuất sắc"
    recorded = Transition.objects.get(nomination=nomination, action=TransitionAction.LINE_UPDATED)
    assert (recorded.from_status, recorded.to_status, recorded.reason) == (
        "returned",
        "returned",
        "Dòng 1: tóm tắt thành tích.",
    )


# --- 2. deleting after a confirmation ---------------------------------------------------------


def test_delete_asks_first_then_deletes(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    line = nomination.lines.get()

    detail = _text(unit_client.get(_detail_url(nomination)))
    assert f'href="{_delete_url(line)}"' in detail
    assert f'href="{_edit_url(line)}"' in detail
    assert f'action="{_delete_url(line)}"' not in detail  # no one-click delete on the dossier page

    page = unit_client.get(_delete_url(line))
    assert page.status_code == 200
    text = _text(page)
    assert "Xoá dòng này?" in text
    assert "Lê Thị Hường" in text
    assert "Hoàn thành xuất sắc nhiệm vụ" in text
    assert f'action="{_delete_url(line)}"' in text
    assert "onclick" not in text
    assert NominationLine.objects.filter(pk=line.pk).exists()

    response = unit_client.post(_delete_url(line))
    assert response.status_code == 302
    assert not NominationLine.objects.filter(pk=line.pk).exists()
    recorded = Transition.objects.get(nomination=nomination, action=TransitionAction.LINE_REMOVED)
    assert (recorded.actor, recorded.reason) == (world.unit_a_user, "Dòng 1: Lê Thị Hường – LDTT.")


def test_a_submitted_dossiers_line_is_not_deleted(unit_client, world, make_dossier):
    nomination = make_dossier("submitted")
    line = nomination.lines.get()
    page = _text(unit_client.get(_delete_url(line)))
    assert 'id="confirm-delete"' not in page
    response = unit_client.post(_delete_url(line))
    assert response.status_code == 200
    assert "Hồ sơ đang ở trạng thái “Đã gửi, chờ thẩm định”, không sửa được." in _text(response)
    assert NominationLine.objects.filter(pk=line.pk).exists()
    assert not Transition.objects.filter(action=TransitionAction.LINE_REMOVED).exists()


# --- 3. the checklist -------------------------------------------------------------------------


def _checklist(response: Any) -> list[str]:
    block = re.search(r'<ul class="checklist" id="document-checklist">(.*?)</ul>', response.content.decode(), re.S)
    if block is None:
        return []
    items = re.findall(r"<li[^>]*>(.*?)</li>", block.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", html.unescape(item)).split()) for item in items]


def test_the_checklist_shows_what_is_missing_then_what_is_present(unit_client, world, media):
    nomination = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Khen năm")
    ns.line_add(
        actor=world.unit_a_user,
        nomination=nomination,
        award_type=world.ldtt,
        nominee=ns.NomineeData(kind="individual", full_name="Phạm Văn Hải"),
        achievement="Hoàn thành tốt nhiệm vụ",
    )
    ns.line_add(
        actor=world.unit_a_user,
        nomination=nomination,
        award_type=world.gk,
        nominee=ns.NomineeData(kind="collective", collective_name="Chi đoàn tiểu khu Trang Các"),
        achievement="Hoàn thành xuất sắc nhiệm vụ",
    )
    assert _checklist(unit_client.get(_detail_url(nomination))) == [
        "✗ Tờ trình của đơn vị (còn thiếu) cho GK, LDTT",
        "✗ Biên bản bình xét (còn thiếu) cho LDTT",
    ]
    unit_client.post(
        reverse("nominations:attachment_add", args=[nomination.pk]), {"kind": "cover_letter", "file": pdf_upload()}
    )
    assert _checklist(unit_client.get(_detail_url(nomination))) == [
        "✓ Tờ trình của đơn vị (đã có) cho GK, LDTT",
        "✗ Biên bản bình xét (còn thiếu) cho LDTT",
    ]
    # the submit check says the same
    with pytest.raises(Exception, match="Thiếu tài liệu bắt buộc: Biên bản bình xét \\(cho LDTT\\)."):
        ns.nomination_check_submittable(nomination=nomination)
    unit_client.post(
        reverse("nominations:attachment_add", args=[nomination.pk]),
        {"kind": "review_minutes", "file": pdf_upload("bien-ban.pdf")},
    )
    assert _checklist(unit_client.get(_detail_url(nomination))) == [
        "✓ Tờ trình của đơn vị (đã có) cho GK, LDTT",
        "✓ Biên bản bình xét (đã có) cho LDTT",
    ]
    ns.nomination_check_submittable(nomination=nomination)


def test_no_checklist_once_submitted(client, world, make_dossier):
    nomination = make_dossier("submitted")
    for user in (world.unit_a_user, world.secretariat):
        client.force_login(user)
        assert _checklist(client.get(_detail_url(nomination))) == []


# --- 4, 5. several files at once, the same content refused ----------------------------------------


def _upload(client: Any, nomination: Any, *files: Any, kind: str = "achievement_proof") -> Any:
    return client.post(reverse("nominations:attachment_add", args=[nomination.pk]), {"kind": kind, "file": list(files)})


def _names(nomination: Any) -> list[str]:
    return sorted(Attachment.objects.filter(nomination=nomination).values_list("original_name", flat=True))


def test_the_form_takes_several_files(unit_client, world, make_dossier, media):
    nomination = make_dossier("draft")
    page = unit_client.get(reverse("nominations:attachment_add", args=[nomination.pk]))
    assert re.search(r'<input type="file" name="file"[^>]* multiple', page.content.decode())

    response = _upload(unit_client, nomination, pdf_upload("minh-chung-1.pdf"), pdf_upload("minh-chung-2.pdf"))
    assert response.status_code == 302
    assert _names(nomination) == ["bien-ban.pdf", "minh-chung-1.pdf", "minh-chung-2.pdf", "to-trinh.pdf"]
    assert set(
        nomination.attachments.filter(original_name__startswith="minh-chung").values_list("kind", flat=True)
    ) == {"achievement_proof"}


def test_one_bad_file_and_none_is_saved(unit_client, world, make_dossier, media):
    nomination = make_dossier("draft")
    before, files_before = row_counts(), media()
    bad = SimpleUploadedFile("anh-chup.pdf", ELF_BYTES, content_type="application/pdf")
    empty = SimpleUploadedFile("rong.pdf", b"", content_type="application/pdf")
    response = _upload(unit_client, nomination, pdf_upload("minh-chung-1.pdf"), bad, empty)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Nội dung tệp “anh-chup.pdf” không phải là PDF như tên tệp ghi; tệp bị từ chối.",
        "“rong.pdf”: Tệp rỗng, không có nội dung.",
        "Chưa lưu tệp nào; hãy bỏ hoặc sửa các tệp trên rồi tải lên lại.",
    ]
    assert _names(nomination) == ["bien-ban.pdf", "to-trinh.pdf"]
    assert row_counts() == before
    assert media() == files_before


def test_the_same_content_twice_is_refused_by_name(unit_client, world, make_dossier, media):
    nomination = make_dossier("draft")
    stored = nomination.attachments.get(original_name="to-trinh.pdf")
    with stored.file.open("rb") as handle:
        content = handle.read()
    copy = SimpleUploadedFile("ban-sao-to-trinh.pdf", content, content_type="application/pdf")
    response = _upload(unit_client, nomination, copy, kind="other")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Tệp “ban-sao-to-trinh.pdf” đã được đính kèm (trùng nội dung với “to-trinh.pdf”)."
    ]
    assert _names(nomination) == ["bien-ban.pdf", "to-trinh.pdf"]

    # twice in one upload: neither is saved
    twin = pdf_upload("bao-cao.pdf")
    twin_bytes = twin.read()
    twin.seek(0)
    again = SimpleUploadedFile("bao-cao (1).pdf", twin_bytes, content_type="application/pdf")
    response = _upload(unit_client, nomination, twin, again)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Tệp “bao-cao (1).pdf” trùng nội dung với tệp “bao-cao.pdf” chọn cùng lần này.",
        "Chưa lưu tệp nào; hãy bỏ hoặc sửa các tệp trên rồi tải lên lại.",
    ]
    assert _names(nomination) == ["bien-ban.pdf", "to-trinh.pdf"]

    # the service says the same to any caller
    with pytest.raises(Exception, match="đã được đính kèm"):
        ns.attachment_add(
            actor=world.unit_a_user,
            nomination=nomination,
            upload=SimpleUploadedFile("lan-nua.pdf", content, content_type="application/pdf"),
            kind="other",
        )


# --- 6. hashes ------------------------------------------------------------------------------


def test_hashes_are_the_secretariats_not_the_units(client, world, make_dossier):
    nomination = make_dossier("submitted")
    digest = nomination.attachments.get(original_name="to-trinh.pdf").sha256
    assert HEX64.fullmatch(digest)

    client.force_login(world.unit_a_user)
    unit_page = client.get(_detail_url(nomination)).content.decode()
    assert "to-trinh.pdf" in unit_page
    assert HEX64.search(unit_page) is None
    assert "SHA-256" not in unit_page

    client.force_login(world.secretariat)
    staff_page = client.get(_detail_url(nomination)).content.decode()
    assert digest in staff_page
