"""The dossier flow driven end to end through the test client, as each role
would: the unit drafts and submits, the secretariat opens, returns, accepts;
the unit recalls or withdraws.  Every step checks the dossier's status, the
viewflow task rows, the transition history and what the pages show."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from viewflow.workflow.status import PROCESS, STATUS

from conftest import pdf_upload
from nominations.models import Attachment, Nomination, NominationLine, NominationStatus, Transition, TransitionAction
from notifications.models import Delivery, DeliveryStatus, Notice
from workflows.models import DossierTask
from workflows.services import process_for

pytestmark = pytest.mark.django_db

DETAIL = "workflows:dossier_detail"


def _url(name: str, nomination: Nomination, *extra: Any) -> str:
    return reverse(name, args=[nomination.pk, *extra])


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _tasks(nomination: Nomination) -> list[tuple[str, str, str | None]]:
    """(node, status, owner) of each task of the dossier's process, oldest first."""
    process = process_for(nomination)
    return [
        (task.flow_task.name, task.status, task.owner.username if task.owner else None)
        for task in DossierTask.objects.filter(process=process).select_related("owner").order_by("id")
    ]


def _history(nomination: Nomination) -> list[tuple[str, str, str, str, str]]:
    return list(
        Transition.objects.filter(nomination=nomination)
        .order_by("at", "id")
        .values_list("action", "from_status", "to_status", "actor__username", "reason")
    )


def _history_on_page(response: Any) -> list[str]:
    """The history list of the dossier page, one plain-text entry per item."""
    section = re.search(r'<ol class="history" id="history">(.*?)</ol>', response.content.decode(), re.S)
    assert section, "the dossier page has no history list"
    items = re.findall(r"<li>(.*?)</li>", section.group(1), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


def _name(user: Any, family: str, given: str) -> Any:
    user.last_name, user.first_name = family, given
    user.save(update_fields=["last_name", "first_name"])
    return user


@pytest.fixture
def people(world: Any) -> Any:
    """Distinct display names, so the history on the page shows who acted."""
    _name(world.unit_a_user, "Phạm Văn", "Đơn")
    _name(world.secretariat, "Trần Thị", "Thư")
    return world


def _create_through_pages(client: Any, world: Any, title: str = "Đề nghị khen thưởng tổng kết năm 2025") -> Nomination:
    client.force_login(world.unit_a_user)
    page = client.get(reverse("workflows:dossier_create"))
    assert page.status_code == 200
    assert world.round.name in _text(page)
    response = client.post(
        reverse("workflows:dossier_create"),
        {"unit": world.unit_a.pk, "round": world.round.pk, "title": title, "note": "Tiểu khu đề nghị"},
    )
    nomination = Nomination.objects.get(title=title)
    assert response.status_code == 302
    assert response.url == _url(DETAIL, nomination)
    return nomination


def _add_line_through_page(client: Any, world: Any, nomination: Nomination, **overrides: Any) -> Any:
    data = {
        "award_type": world.ldtt.pk,
        "nominee_kind": "individual",
        "full_name": "Lê Thị Hường",
        "birth_date": "15/03/1985",
        "gender": "female",
        "position": "Tổ trưởng tổ dân phố",
        "achievement": "Hoàn thành xuất sắc nhiệm vụ năm 2025",
        "method": "regular",
        "subject_category": "",
        **overrides,
    }
    return client.post(_url("nominations:line_add", nomination), data)


def _upload_through_page(client: Any, nomination: Nomination, kind: str, name: str) -> Any:
    return client.post(_url("nominations:attachment_add", nomination), {"kind": kind, "file": pdf_upload(name)})


def _prepared_dossier(client: Any, world: Any) -> Nomination:
    nomination = _create_through_pages(client, world)
    assert _add_line_through_page(client, world, nomination).status_code == 302
    assert _upload_through_page(client, nomination, "cover_letter", "to-trinh.pdf").status_code == 302
    assert _upload_through_page(client, nomination, "review_minutes", "bien-ban.pdf").status_code == 302
    return nomination


def test_unit_and_secretariat_take_a_dossier_through_return_and_resubmission_to_acceptance(client, people):
    world = people

    # --- the unit drafts ---------------------------------------------------
    nomination = _create_through_pages(client, world)
    assert nomination.status == NominationStatus.DRAFT
    assert nomination.unit == world.unit_a
    assert nomination.created_by == world.unit_a_user
    assert _tasks(nomination) == [("start", STATUS.DONE, None), ("prepare", STATUS.NEW, None)]
    assert process_for(nomination).status == PROCESS.NEW

    response = _add_line_through_page(client, world, nomination)
    assert response.status_code == 302
    line = NominationLine.objects.get(nomination=nomination)
    assert (line.person.full_name, line.award_type, line.achievement) == (
        "Lê Thị Hường",
        world.ldtt,
        "Hoàn thành xuất sắc nhiệm vụ năm 2025",
    )
    assert _upload_through_page(client, nomination, "cover_letter", "to-trinh.pdf").status_code == 302
    assert _upload_through_page(client, nomination, "review_minutes", "bien-ban.pdf").status_code == 302
    assert sorted(nomination.attachments.values_list("kind", flat=True)) == ["cover_letter", "review_minutes"]

    page = client.get(_url(DETAIL, nomination))
    assert 'id="submit-dossier"' in page.content.decode()
    assert "Lê Thị Hường" in _text(page)

    # --- the unit submits --------------------------------------------------
    response = client.post(_url("workflows:dossier_submit", nomination), follow=True)
    assert "Đã gửi hồ sơ đến thường trực hội đồng." in _messages(response)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.submission_count == 1
    assert nomination.submitted_at is not None
    assert nomination.opened_at is None
    assert _tasks(nomination)[1:] == [
        ("prepare", STATUS.DONE, "unit_a"),
        ("after_prepare", STATUS.DONE, None),
        ("review", STATUS.NEW, None),
    ]
    assert 'id="submit-dossier"' not in response.content.decode()
    assert 'id="recall-dossier"' in response.content.decode()

    # the secretariat finds it in its queue
    client.force_login(world.secretariat)
    queue = client.get(reverse("workflows:tasks"))
    assert nomination.title in _text(queue)

    # --- the secretariat opens it --------------------------------------------
    response = client.post(_url("workflows:dossier_open", nomination), follow=True)
    assert "Bạn đã nhận thẩm định hồ sơ này." in _messages(response)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.opened_at is not None
    assert _tasks(nomination)[-1] == ("review", STATUS.ASSIGNED, "secretariat")
    assert 'id="review-submit"' in response.content.decode()

    # --- and returns it with a general reason and a reason for the line ------
    response = client.post(
        _url("workflows:dossier_review", nomination),
        {
            "decision": "return",
            "reason": "Tờ trình chưa có chữ ký của trưởng tiểu khu",
            "lines": [line.pk],
            "line_reason": "Thành tích chưa nêu số liệu cụ thể",
        },
        follow=True,
    )
    assert "Đã trả lại hồ sơ cho đơn vị." in _messages(response)
    nomination.refresh_from_db()
    line.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED
    assert nomination.return_reason == "Tờ trình chưa có chữ ký của trưởng tiểu khu"
    assert line.return_reason == "Thành tích chưa nêu số liệu cụ thể"
    assert _tasks(nomination)[3:] == [
        ("review", STATUS.DONE, "secretariat"),
        ("after_review", STATUS.DONE, None),
        ("prepare", STATUS.NEW, None),
    ]

    # --- the unit sees both reasons on its dossier page ---------------------
    client.force_login(world.unit_a_user)
    page = client.get(_url(DETAIL, nomination))
    text = _text(page)
    assert "Lý do trả lại: Tờ trình chưa có chữ ký của trưởng tiểu khu" in " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())).split()
    )
    assert "Trả lại: Thành tích chưa nêu số liệu cụ thể" in text
    assert 'id="submit-dossier"' in page.content.decode()
    assert "Gửi lại hồ sơ" in text

    # --- fixes: a signed cover letter, the line replaced with figures --------
    old_cover = nomination.attachments.get(kind="cover_letter")
    response = client.post(_url("nominations:attachment_delete", nomination, old_cover.pk))
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=old_cover.pk).exists()
    assert _upload_through_page(client, nomination, "cover_letter", "to-trinh-co-chu-ky.pdf").status_code == 302
    response = client.post(_url("nominations:line_delete", nomination, line.pk))
    assert response.status_code == 302
    fixed = "Vận động 100% hộ nộp quỹ khuyến học\r\nTổ đạt danh hiệu văn hoá 3 năm liền"
    response = _add_line_through_page(client, world, nomination, achievement=fixed)
    assert response.status_code == 302
    fixed_line = NominationLine.objects.get(nomination=nomination)
    assert fixed_line.return_reason == ""
    assert fixed_line.achievement == "Vận động 100% hộ nộp quỹ khuyến học\nTổ đạt danh hiệu văn hoá 3 năm liền"

    # --- resubmits ------------------------------------------------------------
    response = client.post(_url("workflows:dossier_submit", nomination), follow=True)
    assert "Đã gửi hồ sơ đến thường trực hội đồng." in _messages(response)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.submission_count == 2
    assert nomination.return_reason == ""
    assert nomination.opened_at is None
    assert "Lý do trả lại:" not in _text(response)

    # --- the secretariat accepts -----------------------------------------------
    client.force_login(world.secretariat)
    response = client.post(
        _url("workflows:dossier_review", nomination), {"decision": "accept", "reason": "Đủ hồ sơ"}, follow=True
    )
    assert "Đã chấp nhận hồ sơ." in _messages(response)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED
    assert nomination.opened_at is not None

    assert _tasks(nomination) == [
        ("start", STATUS.DONE, None),
        ("prepare", STATUS.DONE, "unit_a"),
        ("after_prepare", STATUS.DONE, None),
        ("review", STATUS.DONE, "secretariat"),
        ("after_review", STATUS.DONE, None),
        ("prepare", STATUS.DONE, "unit_a"),
        ("after_prepare", STATUS.DONE, None),
        ("review", STATUS.DONE, "secretariat"),
        ("after_review", STATUS.DONE, None),
        ("accepted", STATUS.DONE, None),
    ]
    process = process_for(nomination)
    assert process.status == PROCESS.DONE
    assert process.finished is not None
    assert process.artifact == nomination

    returned_reason = "Tờ trình chưa có chữ ký của trưởng tiểu khu\n1. Lê Thị Hường: Thành tích chưa nêu số liệu cụ thể"
    assert _history(nomination) == [
        (TransitionAction.CREATED, "draft", "draft", "unit_a", ""),
        (TransitionAction.SUBMITTED, "draft", "submitted", "unit_a", ""),
        (TransitionAction.OPENED, "submitted", "submitted", "secretariat", ""),
        (TransitionAction.RETURNED, "submitted", "returned", "secretariat", returned_reason),
        (TransitionAction.LINE_REMOVED, "returned", "returned", "unit_a", "Dòng 1: Lê Thị Hường – LDTT."),
        (TransitionAction.RESUBMITTED, "returned", "submitted", "unit_a", ""),
        (TransitionAction.ACCEPTED, "submitted", "accepted", "secretariat", "Đủ hồ sơ"),
    ]

    # --- the history shows on the dossier page, in order, with who and why ---
    client.force_login(world.unit_a_user)
    page = client.get(_url(DETAIL, nomination))
    entries = _history_on_page(page)
    assert len(entries) == 7
    expected = [
        ("Tạo hồ sơ", "Phạm Văn Đơn"),
        ("Gửi hồ sơ", "Phạm Văn Đơn"),
        ("Thường trực mở hồ sơ", "Trần Thị Thư"),
        ("Trả lại để bổ sung", "Trần Thị Thư"),
        ("Xoá dòng đề nghị", "Phạm Văn Đơn"),
        ("Gửi lại hồ sơ", "Phạm Văn Đơn"),
        ("Chấp nhận đưa vào xét", "Trần Thị Thư"),
    ]
    for entry, (action, actor) in zip(entries, expected, strict=True):
        assert f"· {action} · {actor}" in entry
    assert "Tờ trình chưa có chữ ký của trưởng tiểu khu" in entries[3]
    assert "1. Lê Thị Hường: Thành tích chưa nêu số liệu cụ thể" in entries[3]
    # the two reasons stay on separate lines
    assert "Tờ trình chưa có chữ ký của trưởng tiểu khu<br>1. Lê Thị Hường" in page.content.decode()
    assert "Dòng 1: Lê Thị Hường – LDTT." in entries[4]
    assert "Đủ hồ sơ" in entries[6]
    # an accepted dossier offers the unit nothing to change
    assert 'id="submit-dossier"' not in page.content.decode()
    assert _url("nominations:line_add", nomination) not in page.content.decode()


def test_the_secretariat_can_accept_without_opening_first_and_the_flow_ends(client, world):
    nomination = _prepared_dossier(client, world)
    client.post(_url("workflows:dossier_submit", nomination))

    client.force_login(world.secretariat2)
    response = client.post(_url("workflows:dossier_review", nomination), {"decision": "accept"}, follow=True)
    assert "Đã chấp nhận hồ sơ." in _messages(response)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED
    assert nomination.opened_at is not None
    assert _tasks(nomination)[-3:] == [
        ("review", STATUS.DONE, "secretariat2"),
        ("after_review", STATUS.DONE, None),
        ("accepted", STATUS.DONE, None),
    ]
    assert process_for(nomination).status == PROCESS.DONE
    assert [row[0] for row in _history(nomination)] == ["created", "submitted", "accepted"]
    assert _history(nomination)[-1][3] == "secretariat2"

    # a second decision on the same dossier is refused and changes nothing
    response = client.post(
        _url("workflows:dossier_review", nomination), {"decision": "return", "reason": "Nhầm"}, follow=True
    )
    assert (
        "Hồ sơ đã được xử lý (trạng thái hiện tại: “Đã thẩm định, đưa vào xét”); thao tác không được thực hiện lại."
        in _messages(response)
    )
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED
    assert Transition.objects.filter(nomination=nomination).count() == 3

    # nor can the unit change the accepted dossier
    client.force_login(world.unit_a_user)
    lines_before = NominationLine.objects.count()
    response = _add_line_through_page(client, world, nomination, full_name="Nguyễn Văn Nam")
    assert response.status_code == 200
    assert "Hồ sơ đang ở trạng thái “Đã thẩm định, đưa vào xét”, không sửa được." in _text(response)
    assert NominationLine.objects.count() == lines_before


def test_a_return_needs_a_reason(client, world, make_dossier):
    nomination = make_dossier("submitted")
    client.force_login(world.secretariat)
    response = client.post(
        _url("workflows:dossier_review", nomination), {"decision": "return", "reason": " "}, follow=True
    )
    assert "Khi trả lại hồ sơ phải ghi lý do (chung hoặc cho từng dòng)." in _messages(response)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert _tasks(nomination)[-1] == ("review", STATUS.NEW, None)
    assert not Transition.objects.filter(nomination=nomination, action=TransitionAction.RETURNED).exists()


def test_a_return_with_only_a_line_reason_shows_it_on_the_line(client, world, make_dossier):
    nomination = make_dossier("submitted")
    line = nomination.lines.get()
    client.force_login(world.secretariat)
    client.post(
        _url("workflows:dossier_review", nomination),
        {"decision": "return", "lines": [line.pk], "line_reason": "Sai ngày sinh"},
    )
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED
    assert nomination.return_reason == ""
    client.force_login(world.unit_a_user)
    text = _text(client.get(_url(DETAIL, nomination)))
    assert "Trả lại: Sai ngày sinh" in text
    assert "1. Lê Thị Hường: Sai ngày sinh" in text


# --- recall ---------------------------------------------------------------------


def test_unit_recalls_an_unopened_dossier_then_edits_and_resubmits_it(client, world, make_dossier):
    nomination = make_dossier("submitted")
    client.force_login(world.unit_a_user)
    page = client.get(_url(DETAIL, nomination))
    assert 'id="recall-dossier"' in page.content.decode()

    response = client.post(_url("workflows:dossier_recall", nomination), {"reason": "Bổ sung thêm người"}, follow=True)
    assert "Đã thu hồi hồ sơ; hồ sơ trở lại trạng thái đang soạn." in _messages(response)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT
    assert _history(nomination)[-1] == (TransitionAction.RECALLED, "submitted", "draft", "unit_a", "Bổ sung thêm người")
    tasks = _tasks(nomination)
    assert [(node, status) for node, status, _owner in tasks[-3:]] == [
        ("review", STATUS.DONE),
        ("after_review", STATUS.DONE),
        ("prepare", STATUS.NEW),
    ]
    active = DossierTask.objects.filter(
        process=process_for(nomination), status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]
    )
    assert [task.flow_task.name for task in active] == ["prepare"]

    # editable again
    response = client.post(
        _url("nominations:edit", nomination), {"title": "Đề nghị khen thưởng năm (bổ sung)", "note": ""}
    )
    assert response.status_code == 302
    assert _add_line_through_page(client, world, nomination, full_name="Nguyễn Văn Nam").status_code == 302
    nomination.refresh_from_db()
    assert nomination.title == "Đề nghị khen thưởng năm (bổ sung)"
    assert nomination.lines.count() == 2

    response = client.post(_url("workflows:dossier_submit", nomination), follow=True)
    assert "Đã gửi hồ sơ đến thường trực hội đồng." in _messages(response)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.submission_count == 2
    assert _tasks(nomination)[-1] == ("review", STATUS.NEW, None)
    assert [row[0] for row in _history(nomination)] == ["created", "submitted", "recalled", "resubmitted"]


def test_recall_is_refused_once_the_secretariat_has_opened_the_dossier(client, world, make_dossier):
    nomination = make_dossier("submitted")
    client.force_login(world.secretariat)
    client.post(_url("workflows:dossier_open", nomination))
    nomination.refresh_from_db()
    opened_at = nomination.opened_at
    assert opened_at is not None
    tasks_before = _tasks(nomination)
    history_before = _history(nomination)
    assert tasks_before[-1] == ("review", STATUS.ASSIGNED, "secretariat")

    client.force_login(world.unit_a_user)
    page = client.get(_url(DETAIL, nomination))
    assert 'id="recall-dossier"' not in page.content.decode()

    response = client.post(_url("workflows:dossier_recall", nomination), {"reason": "Bổ sung"})
    assert response.status_code == 200
    assert "Thường trực đã mở hồ sơ để thẩm định nên không thu hồi được nữa; hãy liên hệ thường trực." in _text(
        response
    )
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.opened_at == opened_at
    assert _tasks(nomination) == tasks_before
    assert _history(nomination) == history_before


def test_recall_of_a_returned_dossier_is_refused(client, world, make_dossier):
    nomination = make_dossier("returned")
    history_before = _history(nomination)
    client.force_login(world.unit_a_user)
    response = client.post(_url("workflows:dossier_recall", nomination), {"reason": ""})
    assert response.status_code == 200
    assert "Hồ sơ đã được xử lý (trạng thái hiện tại: “Trả lại để bổ sung”)" in _text(response)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED
    assert _history(nomination) == history_before


# --- withdraw ---------------------------------------------------------------


def _assert_nothing_editable(client: Any, world: Any, nomination: Nomination) -> None:
    """After a withdrawal every change the unit tries is refused and nothing is stored."""
    counts = (
        NominationLine.objects.filter(nomination=nomination).count(),
        Attachment.objects.filter(nomination=nomination).count(),
        Transition.objects.filter(nomination=nomination).count(),
    )
    refused = "Hồ sơ đang ở trạng thái “Đơn vị đã rút”, không sửa được."
    page = client.get(_url(DETAIL, nomination))
    content = page.content.decode()
    for marker in (
        'id="submit-dossier"',
        _url("nominations:line_add", nomination),
        _url("nominations:attachment_add", nomination),
        _url("workflows:dossier_withdraw", nomination),
    ):
        assert marker not in content

    response = _add_line_through_page(client, world, nomination, full_name="Nguyễn Văn Nam")
    assert refused in _text(response)
    response = _upload_through_page(client, nomination, "other", "them.pdf")
    assert refused in _text(response)
    response = client.post(_url("nominations:edit", nomination), {"title": "Sửa sau khi rút", "note": ""})
    assert refused in _text(response)
    response = client.post(_url("workflows:dossier_submit", nomination), follow=True)
    assert "Hồ sơ đã được xử lý (trạng thái hiện tại: “Đơn vị đã rút”); thao tác không được thực hiện lại." in (
        _messages(response)
    )
    response = client.post(_url("workflows:dossier_withdraw", nomination), {"reason": "Rút lần nữa"})
    assert "Hồ sơ đã được xử lý (trạng thái hiện tại: “Đơn vị đã rút”)" in _text(response)

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN
    assert nomination.title != "Sửa sau khi rút"
    assert counts == (
        NominationLine.objects.filter(nomination=nomination).count(),
        Attachment.objects.filter(nomination=nomination).count(),
        Transition.objects.filter(nomination=nomination).count(),
    )


@pytest.mark.parametrize("state", ["draft", "returned"])
def test_unit_withdraws_a_dossier_with_a_reason_and_the_flow_ends(client, world, make_dossier, state):
    nomination = make_dossier(state)
    history_before = _history(nomination)
    client.force_login(world.unit_a_user)

    page = client.get(_url("workflows:dossier_withdraw", nomination))
    assert page.status_code == 200
    assert nomination.title in _text(page)

    # the reason is required: an empty or blank reason changes nothing
    for blank in ("", "   "):
        response = client.post(_url("workflows:dossier_withdraw", nomination), {"reason": blank})
        assert response.status_code == 200
        assert "Trường này là bắt buộc." in _text(response)
    nomination.refresh_from_db()
    assert nomination.status == state
    assert _history(nomination) == history_before
    assert _tasks(nomination)[-1] == ("prepare", STATUS.NEW, None)

    response = client.post(
        _url("workflows:dossier_withdraw", nomination), {"reason": "Người được đề nghị chuyển công tác"}, follow=True
    )
    assert "Đã rút hồ sơ." in _messages(response)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN
    assert _history(nomination)[-1] == (
        TransitionAction.WITHDRAWN,
        state,
        "withdrawn",
        "unit_a",
        "Người được đề nghị chuyển công tác",
    )
    assert _tasks(nomination)[-3:] == [
        ("prepare", STATUS.DONE, "unit_a"),
        ("after_prepare", STATUS.DONE, None),
        ("withdrawn", STATUS.DONE, None),
    ]
    process = process_for(nomination)
    assert process.status == PROCESS.DONE
    assert not DossierTask.objects.filter(process=process, status__in=[STATUS.NEW, STATUS.ASSIGNED]).exists()
    assert "Người được đề nghị chuyển công tác" in _history_on_page(response)[-1]

    _assert_nothing_editable(client, world, nomination)


@pytest.mark.parametrize("reason", ["", " \n\t "])
def test_the_withdraw_service_also_needs_a_reason(world, make_dossier, reason):
    from django.core.exceptions import ValidationError

    from workflows import services as ws

    nomination = make_dossier("draft")
    history_before = _history(nomination)
    with pytest.raises(ValidationError) as info:
        ws.dossier_withdraw(user=world.unit_a_user, nomination=nomination, reason=reason)
    assert info.value.messages == ["Hãy ghi lý do rút hồ sơ."]
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT
    assert _history(nomination) == history_before
    assert _tasks(nomination)[-1] == ("prepare", STATUS.NEW, None)


def test_a_submitted_dossier_cannot_be_withdrawn(client, world, make_dossier):
    nomination = make_dossier("submitted")
    client.force_login(world.unit_a_user)
    response = client.post(_url("workflows:dossier_withdraw", nomination), {"reason": "Không đề nghị nữa"})
    assert response.status_code == 200
    assert "Hồ sơ đã được xử lý (trạng thái hiện tại: “Đã gửi, chờ thẩm định”)" in _text(response)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert _tasks(nomination)[-1] == ("review", STATUS.NEW, None)


# --- notices ------------------------------------------------------------------


def _notices(verb: str) -> list[tuple[str, str]]:
    return sorted(Notice.objects.filter(verb=verb).values_list("recipient__username", "deliveries__status"))


def test_notices_go_to_the_other_side_on_submit_return_and_accept(
    client, world, make_dossier, django_capture_on_commit_callbacks
):
    nomination = make_dossier("draft")
    url = _url(DETAIL, nomination)
    client.force_login(world.unit_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("workflows:dossier_submit", nomination))
    # the council's secretariat is told, nobody else (not the chairman, nor another council)
    assert _notices("dossier_submitted") == [
        ("secretariat", DeliveryStatus.SENT),
        ("secretariat2", DeliveryStatus.SENT),
    ]
    notice = Notice.objects.filter(verb="dossier_submitted").first()
    assert notice.title == "Tiểu khu Trang Các đã gửi hồ sơ “Đề nghị khen thưởng năm”"
    assert notice.url == url
    assert "Tiểu khu Trang Các đã gửi hồ sơ “Đề nghị khen thưởng năm” (1 dòng đề nghị)" in notice.body
    delivery = notice.deliveries.get()
    assert delivery.sent_at is not None
    assert delivery.attempts == 1
    sent = [m for m in mail.outbox if m.extra_headers["Message-ID"] == delivery.message_id]
    assert len(sent) == 1
    assert sent[0].subject == notice.title
    assert sent[0].to == [notice.recipient.email]

    client.force_login(world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("workflows:dossier_review", nomination), {"decision": "return", "reason": "Thiếu chữ ký"})
    # both staff of the unit are told, not the other unit
    assert _notices("dossier_returned") == [("unit_a", DeliveryStatus.SENT), ("unit_a2", DeliveryStatus.SENT)]
    notice = Notice.objects.filter(verb="dossier_returned").first()
    assert notice.title == "Hồ sơ “Đề nghị khen thưởng năm” bị trả lại để bổ sung"
    assert "Lý do:\nThiếu chữ ký\n" in notice.body

    client.force_login(world.unit_a_user2)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("workflows:dossier_submit", nomination))
    assert _notices("dossier_resubmitted") == [
        ("secretariat", DeliveryStatus.SENT),
        ("secretariat2", DeliveryStatus.SENT),
    ]

    client.force_login(world.secretariat2)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("workflows:dossier_review", nomination), {"decision": "accept"})
    assert _notices("dossier_accepted") == [("unit_a", DeliveryStatus.SENT), ("unit_a2", DeliveryStatus.SENT)]

    assert Notice.objects.count() == 8
    assert not Notice.objects.filter(
        recipient__in=[world.unit_b_user, world.other_unit_user, world.other_secretariat, world.chairman, world.member]
    ).exists()
    assert not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists()
    assert len(mail.outbox) == 8
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 8


def test_a_refused_action_sends_no_notice(client, world, make_dossier, django_capture_on_commit_callbacks):
    nomination = make_dossier("draft")
    nomination.attachments.filter(kind="review_minutes").delete()
    client.force_login(world.unit_a_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(_url("workflows:dossier_submit", nomination), follow=True)
    assert "Thiếu tài liệu bắt buộc: Biên bản bình xét (cho LDTT)." in _messages(response)
    assert Notice.objects.count() == 0
    assert callbacks == []


def test_a_withdrawal_and_a_recall_tell_the_secretariat(
    client, world, make_dossier, django_capture_on_commit_callbacks
):
    recalled = make_dossier("submitted")
    withdrawn = make_dossier("draft")
    Notice.objects.all().delete()
    client.force_login(world.unit_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("workflows:dossier_recall", recalled), {"reason": ""})
        client.post(_url("workflows:dossier_withdraw", withdrawn), {"reason": "Không đủ điều kiện"})
    assert _notices("dossier_recalled") == [("secretariat", DeliveryStatus.SENT), ("secretariat2", DeliveryStatus.SENT)]
    assert _notices("dossier_withdrawn") == [
        ("secretariat", DeliveryStatus.SENT),
        ("secretariat2", DeliveryStatus.SENT),
    ]
    assert "Lý do: Không đủ điều kiện" in Notice.objects.get(verb="dossier_withdrawn", recipient=world.secretariat).body
