"""/api/dossiers/ with real knox tokens: who reads which dossier, a unit's draft, its bulk lines
(all or none, each bad row named), its files, its transitions, and the secretariat's review."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from api.filters import MAX_ID
from conftest import pdf_upload, row_counts
from nominations.models import Attachment, Nomination, NominationLine, NominationStatus, Person, Transition
from workflows.services import process_for

pytestmark = pytest.mark.django_db

LIST = "/api/dossiers/"


def detail(pk: int) -> str:
    return f"/api/dossiers/{pk}/"


def api(user: Any = None) -> APIClient:
    """A client that sends ``user``'s own new token (none: anonymous)."""
    client = APIClient()
    if user is not None:
        _instance, token = AuthToken.objects.create(user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- Who reads what ------------------------------------------------------------------------------


def test_a_unit_lists_and_reads_only_its_own_dossiers(world: Any, make_dossier: Any, media: Any) -> None:
    own = make_dossier("draft")
    other = make_dossier("submitted", unit=world.unit_b)
    client = api(world.unit_a_user)

    assert ids(client.get(LIST)) == [own.pk]
    refused = client.get(detail(other.pk))
    assert refused.status_code == 404
    assert refused.json() == {"detail": "Không tìm thấy."}

    body = client.get(detail(own.pk)).json()
    assert body["status"] == "draft"
    assert body["unit"] == world.unit_a.pk
    assert body["line_count"] == 1
    assert body["lines_truncated"] is False
    [line] = body["lines"]
    assert line["nominee"] == "Lê Thị Hường"
    assert line["nominee_kind"] == "individual"
    assert (line["award_code"], line["award_name"]) == ("LDTT", "Lao động tiên tiến")
    assert line["achievement"] == "Hoàn thành xuất sắc nhiệm vụ"
    assert line["method"] == "regular"
    assert line["position"] == 1
    files = sorted((a["kind"], a["name"]) for a in body["attachments"])
    assert files == [("cover_letter", "to-trinh.pdf"), ("review_minutes", "bien-ban.pdf")]
    # the page hides the files' fingerprints from the unit
    assert all(a["sha256"] is None for a in body["attachments"])
    assert body["actions"]["submit"] is True
    assert body["actions"]["review"] is False


def test_the_list_filters_by_status_round_unit_and_title(world: Any, make_dossier: Any, media: Any) -> None:
    draft = make_dossier("draft")
    sent = make_dossier("submitted")
    sent.title = "Khen thưởng chuyên đề phòng chống lụt bão"
    sent.save(update_fields=["title"])
    client = api(world.unit_a_user)

    assert ids(client.get(LIST, {"status": "submitted"})) == [sent.pk]
    assert ids(client.get(LIST, {"search": "lụt bão"})) == [sent.pk]
    assert ids(client.get(LIST, {"search": "LUT bao"})) == [sent.pk]  # with or without diacritics
    assert ids(client.get(LIST, {"search": "hạn bão"})) == []  # every word, not any
    assert sorted(ids(client.get(LIST, {"round": world.round.pk}))) == sorted([draft.pk, sent.pk])
    assert ids(client.get(LIST, {"round": world.other_round.pk})) == []
    assert ids(client.get(LIST, {"unit": world.unit_b.pk})) == []
    assert client.get(LIST, {"round": MAX_ID + 1}).status_code == 400
    assert client.get(LIST, {"status": "nonsense"}).status_code == 400


def test_the_secretariat_reads_its_councils_sent_dossiers_with_the_hashes(
    world: Any, make_dossier: Any, media: Any
) -> None:
    draft = make_dossier("draft")
    sent = make_dossier("submitted", unit=world.unit_b)
    client = api(world.secretariat)

    assert ids(client.get(LIST)) == [sent.pk]
    assert client.get(detail(draft.pk)).status_code == 404  # a draft is the unit's workspace
    body = client.get(detail(sent.pk)).json()
    stored = dict(Attachment.objects.filter(nomination=sent).values_list("original_name", "sha256"))
    assert {a["name"]: a["sha256"] for a in body["attachments"]} == stored
    assert all(len(a["sha256"]) == 64 for a in body["attachments"])
    assert body["actions"]["review"] is True

    assert ids(api(world.other_secretariat).get(LIST)) == []
    assert api(world.other_secretariat).get(detail(sent.pk)).status_code == 404


def test_a_member_reads_only_what_was_accepted_and_changes_nothing(world: Any, make_dossier: Any, media: Any) -> None:
    sent = make_dossier("submitted")
    accepted = make_dossier("accepted", unit=world.unit_b)
    client = api(world.member)

    assert ids(client.get(LIST)) == [accepted.pk]
    assert client.get(detail(sent.pk)).status_code == 404
    assert client.get(detail(accepted.pk)).status_code == 200

    refused = client.post(f"{detail(accepted.pk)}review/", {"outcome": "return", "reason": "x"}, format="json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Chỉ thường trực hội đồng mới thẩm định hồ sơ."}
    assert client.post(f"{detail(accepted.pk)}withdraw/", {"reason": "x"}, format="json").status_code == 403
    rows = {"rows": [{"name": "Ngô Văn Tùng", "achievement": "Tốt"}], "award": "LDTT"}
    assert client.post(f"{detail(accepted.pk)}lines/", rows, format="json").status_code == 403
    created = client.post(LIST, {"round": world.round.pk, "title": "Hồ sơ"}, format="json")
    assert created.status_code == 403
    assert Nomination.objects.count() == 2
    accepted.refresh_from_db()
    assert accepted.status == NominationStatus.ACCEPTED


def test_anonymous_and_bad_tokens_get_401(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("draft")
    anonymous = api()
    for response in (
        anonymous.get(LIST),
        anonymous.get(detail(nomination.pk)),
        anonymous.post(f"{detail(nomination.pk)}submit/"),
        anonymous.post(LIST, {"round": world.round.pk, "title": "Hồ sơ"}, format="json"),
    ):
        assert response.status_code == 401
        assert "detail" in response.json()
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Token tdkt_not-a-real-token")
    assert forged.get(LIST).status_code == 401
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT


def test_ids_beyond_any_column_are_404(world: Any) -> None:
    client = api(world.unit_a_user)
    assert client.get(detail(MAX_ID + 1)).status_code == 404
    assert client.post(f"{detail(MAX_ID + 1)}submit/").status_code == 404
    assert client.get(f"{detail(99999999999999999999999)}lines/").status_code == 404


def test_a_user_of_no_council_nor_unit_is_refused(world: Any) -> None:
    from tests import factories

    outsider = factories.UserFactory(username="outsider")
    response = api(outsider).get(LIST)
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền xem dữ liệu này."}


# --- A unit's draft, lines and files -------------------------------------------------------------


def test_a_unit_creates_a_draft_in_an_open_round(world: Any) -> None:
    client = api(world.unit_a_user)
    response = client.post(
        LIST, {"round": world.round.pk, "title": "Đề nghị khen thưởng năm 2026", "note": "Gửi sớm"}, format="json"
    )
    assert response.status_code == 201, response.content
    nomination = Nomination.objects.get(pk=response.json()["id"])
    assert (nomination.unit_id, nomination.round_id, nomination.status) == (
        world.unit_a.pk,
        world.round.pk,
        NominationStatus.DRAFT,
    )
    assert nomination.title == "Đề nghị khen thưởng năm 2026"
    assert nomination.created_by == world.unit_a_user
    assert process_for(nomination) is not None  # its flow started, as the page's
    assert Transition.objects.filter(nomination=nomination, action="created", actor=world.unit_a_user).exists()


def test_creating_in_a_round_not_the_units_or_closed_is_400(world: Any) -> None:
    client = api(world.unit_a_user)
    other = client.post(LIST, {"round": world.other_round.pk, "title": "Hồ sơ"}, format="json")
    assert other.status_code == 400
    assert "round" in other.json()
    assert client.post(LIST, {"round": MAX_ID + 5, "title": "Hồ sơ"}, format="json").status_code == 400
    assert client.post(LIST, {"round": 1e300, "title": "Hồ sơ"}, format="json").status_code == 400
    assert (
        client.post(LIST, {"round": world.round.pk, "unit": world.unit_b.pk, "title": "X"}, format="json").status_code
        == 400
    )
    assert client.post(LIST, {"round": world.round.pk, "title": ""}, format="json").status_code == 400
    assert client.post(LIST, ["not", "an", "object"], format="json").status_code == 400

    world.round.closes_at = world.round.opens_at + dt.timedelta(seconds=1)
    world.round.save(update_fields=["closes_at"])
    closed = client.post(LIST, {"round": world.round.pk, "title": "Hồ sơ"}, format="json")
    assert closed.status_code == 400
    assert "đã hết hạn nhận hồ sơ" in closed.json()["detail"]
    assert Nomination.objects.count() == 0


def test_the_secretariat_cannot_create_a_dossier(world: Any) -> None:
    response = api(world.secretariat).post(LIST, {"round": world.round.pk, "title": "Hồ sơ"}, format="json")
    assert response.status_code == 403
    assert Nomination.objects.count() == 0


THREE_ROWS = [
    {
        "name": "Nguyễn Văn An",
        "kind": "individual",
        "birth_date": "15/03/1985",
        "award": "LDTT",
        "achievement": "Hoàn thành xuất sắc nhiệm vụ năm",
        "position": "Tổ trưởng",
    },
    {"name": "Trần Thị Bình", "birth_date": "1970", "award": "ldtt", "achievement": "Hoàn thành tốt nhiệm vụ"},
    {
        "name": "Phạm Văn Cường",
        "kind": "Hộ gia đình",
        "award": "GDVH",
        "achievement": "Gia đình văn hoá tiêu biểu",
        "address": "Số nhà 3, Tiểu khu Trang Các",
    },
]


def test_bulk_lines_add_every_row(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("draft")
    response = api(world.unit_a_user).post(
        f"{detail(nomination.pk)}lines/", {"rows": THREE_ROWS, "method": "regular"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] == 3
    assert [line["nominee"] for line in body["lines"]] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Hộ gia đình Phạm Văn Cường",
    ]
    assert [line["position"] for line in body["lines"]] == [2, 3, 4]
    lines = list(NominationLine.objects.filter(nomination=nomination).order_by("position"))
    assert [(line.position, line.award_type.code, line.nominee_kind) for line in lines] == [
        (1, "LDTT", "individual"),
        (2, "LDTT", "individual"),
        (3, "LDTT", "individual"),
        (4, "GDVH", "household"),
    ]
    an = Person.objects.get(full_name="Nguyễn Văn An")
    assert (an.birth_date, an.birth_year_only, an.position) == (dt.date(1985, 3, 15), False, "Tổ trưởng")
    binh = Person.objects.get(full_name="Trần Thị Bình")
    assert (binh.birth_date, binh.birth_year_only) == (dt.date(1970, 1, 1), True)
    assert lines[3].household is not None
    assert lines[3].household.address == "Số nhà 3, Tiểu khu Trang Các"

    read = api(world.unit_a_user).get(f"{detail(nomination.pk)}lines/").json()
    assert read["count"] == 4
    assert read["results"][2]["birth_date"] == "1970-01-01"
    assert read["results"][2]["birth_year_only"] is True


def test_a_bad_row_names_itself_and_nothing_is_saved(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("draft")
    before = row_counts()
    rows = [THREE_ROWS[0], {**THREE_ROWS[1], "award": "XYZ"}, {**THREE_ROWS[2], "achievement": ""}]
    response = api(world.unit_a_user).post(f"{detail(nomination.pk)}lines/", {"rows": rows}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Danh sách có 2 dòng lỗi; chưa lưu dòng nào. Hãy sửa rồi gửi lại."
    assert body["rows"] == [
        {"index": 1, "name": "Trần Thị Bình", "problems": ["hình thức “XYZ” không có trong đợt này"]},
        {"index": 2, "name": "Phạm Văn Cường", "problems": ["thiếu tóm tắt thành tích"]},
    ]
    assert row_counts() == before
    assert not Person.objects.filter(full_name="Nguyễn Văn An").exists()


def test_bulk_rows_twice_and_a_default_award(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("draft")
    row = {"name": "Đỗ Quang Huy", "birth_date": "02/09/1990", "achievement": "Hoàn thành tốt nhiệm vụ"}
    client = api(world.unit_a_user)
    twice = client.post(f"{detail(nomination.pk)}lines/", {"rows": [row, row], "award": "LDTT"}, format="json")
    assert twice.status_code == 400
    assert twice.json()["rows"] == [{"index": 1, "name": "Đỗ Quang Huy", "problems": ["trùng với một dòng phía trên"]}]
    unknown = client.post(f"{detail(nomination.pk)}lines/", {"rows": [row], "award": "NOPE"}, format="json")
    assert unknown.status_code == 400
    assert "award" in unknown.json()
    once = client.post(f"{detail(nomination.pk)}lines/", {"rows": [row], "award": "LDTT"}, format="json")
    assert once.status_code == 201
    assert NominationLine.objects.filter(nomination=nomination).count() == 2


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"rows": []},
        {"rows": "Họ và tên\tThành tích"},
        {"rows": [["Nguyễn Văn An", "Tốt"]]},
        {"rows": [{"name": {"a": 1}, "achievement": "Tốt"}]},
        {"rows": [{"name": "An"}]},
        {"rows": [{"name": "An", "achievement": "Tốt"}], "method": "sometimes"},
        {"rows": [{"name": "An", "achievement": "Tốt"}], "kind": "robot"},
        [1, 2],
    ],
)
def test_malformed_bulk_bodies_are_400(world: Any, make_dossier: Any, media: Any, body: Any) -> None:
    nomination = make_dossier("draft")
    response = api(world.unit_a_user).post(f"{detail(nomination.pk)}lines/", body, format="json")
    assert response.status_code == 400
    assert NominationLine.objects.filter(nomination=nomination).count() == 1


def test_bulk_lines_of_another_units_or_a_sent_dossier_are_refused(world: Any, make_dossier: Any, media: Any) -> None:
    other = make_dossier("draft", unit=world.unit_b)
    sent = make_dossier("submitted")
    client = api(world.unit_a_user)
    body = {"rows": THREE_ROWS}
    assert client.post(f"{detail(other.pk)}lines/", body, format="json").status_code == 404
    refused = client.post(f"{detail(sent.pk)}lines/", body, format="json")
    assert refused.status_code == 400
    assert "không sửa được" in refused.json()["detail"]
    assert NominationLine.objects.filter(nomination=sent).count() == 1


def test_a_unit_attaches_files(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("draft")
    client = api(world.unit_a_user)
    response = client.post(
        f"{detail(nomination.pk)}attachments/",
        {"kind": "achievement_report", "file": [pdf_upload("bao-cao.pdf"), pdf_upload("minh-chung.pdf")]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert sorted(a["name"] for a in response.json()) == ["bao-cao.pdf", "minh-chung.pdf"]
    assert all(a["sha256"] is None for a in response.json())
    stored = Attachment.objects.filter(nomination=nomination, kind="achievement_report")
    assert sorted(stored.values_list("original_name", flat=True)) == ["bao-cao.pdf", "minh-chung.pdf"]
    assert all(a.uploaded_by == world.unit_a_user for a in stored)


def test_bad_files_are_400_and_none_is_kept(world: Any, make_dossier: Any, media: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    nomination = make_dossier("draft")
    client = api(world.unit_a_user)
    url = f"{detail(nomination.pk)}attachments/"
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"kind": "other", "file": [pdf_upload("ok.pdf"), fake]}, format="multipart")
    assert response.status_code == 400
    assert "virus.pdf" in response.json()["detail"]
    assert client.post(url, {"kind": "nonsense", "file": [pdf_upload()]}, format="multipart").status_code == 400
    assert client.post(url, {"kind": "other"}, format="multipart").status_code == 400
    assert client.post(url, {"kind": "other", "file": "x"}, format="json").status_code == 415
    assert Attachment.objects.filter(nomination=nomination).count() == 2


def test_the_api_takes_as_many_files_as_the_page() -> None:
    from api.dossier_serializers import ATTACHMENTS_PER_UPLOAD
    from nominations import forms

    assert ATTACHMENTS_PER_UPLOAD == forms.ATTACHMENTS_PER_UPLOAD


# --- The transitions -----------------------------------------------------------------------------


def test_submit_then_the_secretariat_returns_it_and_the_unit_sees_why(
    world: Any, make_dossier: Any, media: Any
) -> None:
    nomination = make_dossier("draft")
    unit = api(world.unit_a_user)
    sent = unit.post(f"{detail(nomination.pk)}submit/")
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "submitted"
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.submission_count == 1
    assert Transition.objects.filter(nomination=nomination, action="submitted", actor=world.unit_a_user).exists()

    # a unit may not review its own dossier
    refused = unit.post(f"{detail(nomination.pk)}review/", {"outcome": "accept"}, format="json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Chỉ thường trực hội đồng mới thẩm định hồ sơ."}
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED

    secretariat = api(world.secretariat)
    no_reason = secretariat.post(f"{detail(nomination.pk)}review/", {"outcome": "return"}, format="json")
    assert no_reason.status_code == 400
    assert no_reason.json() == {"detail": "Khi trả lại hồ sơ phải ghi lý do (chung hoặc cho từng dòng)."}
    line = nomination.lines.get()
    returned = secretariat.post(
        f"{detail(nomination.pk)}review/",
        {"outcome": "return", "reason": "Thiếu chữ ký", "lines": [{"line": line.pk, "reason": "Ghi rõ năm sinh"}]},
        format="json",
    )
    assert returned.status_code == 200, returned.content
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED
    assert nomination.return_reason == "Thiếu chữ ký"
    transition = Transition.objects.get(nomination=nomination, action="returned")
    assert transition.actor == world.secretariat

    seen = unit.get(detail(nomination.pk)).json()
    assert seen["status"] == "returned"
    assert seen["return_reason"] == "Thiếu chữ ký"
    assert seen["lines"][0]["return_reason"] == "Ghi rõ năm sinh"
    assert seen["actions"]["submit"] is True

    again = unit.post(f"{detail(nomination.pk)}submit/")
    assert again.status_code == 200
    nomination.refresh_from_db()
    assert (nomination.status, nomination.submission_count) == (NominationStatus.SUBMITTED, 2)


def test_the_secretariat_accepts(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("submitted")
    response = api(world.secretariat).post(f"{detail(nomination.pk)}review/", {"outcome": "accept"}, format="json")
    assert response.status_code == 200, response.content
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED
    # done once: the second time is the service's refusal
    twice = api(world.secretariat2).post(f"{detail(nomination.pk)}review/", {"outcome": "accept"}, format="json")
    assert twice.status_code == 400
    assert "detail" in twice.json()


@pytest.mark.parametrize(
    "body", [{}, {"outcome": "maybe"}, {"outcome": "return", "lines": [{"line": MAX_ID + 1, "reason": "x"}]}, [1]]
)
def test_malformed_reviews_are_400(world: Any, make_dossier: Any, media: Any, body: Any) -> None:
    nomination = make_dossier("submitted")
    response = api(world.secretariat).post(f"{detail(nomination.pk)}review/", body, format="json")
    assert response.status_code == 400
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED


def test_a_line_of_another_dossier_cannot_be_returned(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("submitted")
    other_line = make_dossier("submitted", unit=world.unit_b).lines.get()
    response = api(world.secretariat).post(
        f"{detail(nomination.pk)}review/",
        {"outcome": "return", "lines": [{"line": other_line.pk, "reason": "Sai"}]},
        format="json",
    )
    assert response.status_code == 400
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED


def test_another_councils_secretariat_cannot_review(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("submitted")
    response = api(world.other_secretariat).post(
        f"{detail(nomination.pk)}review/", {"outcome": "accept"}, format="json"
    )
    assert response.status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED


def test_a_unit_recalls_then_withdraws(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("submitted")
    client = api(world.unit_a_user)
    recalled = client.post(f"{detail(nomination.pk)}recall/", {"reason": "Bổ sung hồ sơ"}, format="json")
    assert recalled.status_code == 200, recalled.content
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT
    assert Transition.objects.get(nomination=nomination, action="recalled").reason == "Bổ sung hồ sơ"

    assert client.post(f"{detail(nomination.pk)}recall/", {}, format="json").status_code == 400  # a draft
    no_reason = client.post(f"{detail(nomination.pk)}withdraw/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400
    assert no_reason.json() == {"reason": ["Hãy ghi lý do rút hồ sơ."]}
    withdrawn = client.post(f"{detail(nomination.pk)}withdraw/", {"reason": "Không đủ điều kiện"}, format="json")
    assert withdrawn.status_code == 200
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN


def test_another_unit_cannot_move_a_dossier(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("draft")
    client = api(world.unit_b_user)
    assert client.post(f"{detail(nomination.pk)}submit/").status_code == 404
    assert client.post(f"{detail(nomination.pk)}withdraw/", {"reason": "x"}, format="json").status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT


def test_the_secretariat_cannot_submit_or_recall_for_a_unit(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("submitted")
    client = api(world.secretariat)
    refused = client.post(f"{detail(nomination.pk)}recall/", {}, format="json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Bạn không thuộc đơn vị của hồ sơ này."}
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED


def test_refusals_come_in_the_users_language(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("submitted")
    response = api(world.unit_a_user).post(
        f"{detail(nomination.pk)}review/", {"outcome": "accept"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert response.json()["detail"] != "Chỉ thường trực hội đồng mới thẩm định hồ sơ."


@pytest.mark.parametrize("role", ["chairman", "admin"])
def test_the_chairman_and_the_admin_read_but_do_not_review(
    world: Any, make_dossier: Any, media: Any, role: str
) -> None:
    draft = make_dossier("draft")
    sent = make_dossier("submitted", unit=world.unit_b)
    client = api(getattr(world, role))
    assert ids(client.get(LIST)) == [sent.pk]
    assert client.get(detail(draft.pk)).status_code == 404
    body = client.get(detail(sent.pk)).json()
    assert body["actions"] == {
        "edit": False,
        "submit": False,
        "withdraw": False,
        "recall": False,
        "open": False,
        "review": False,
    }
    assert all(a["sha256"] is None for a in body["attachments"])  # the reviewers' check only
    assert client.post(f"{detail(sent.pk)}review/", {"outcome": "accept"}, format="json").status_code == 403
    assert client.post(f"{detail(sent.pk)}recall/", {}, format="json").status_code == 403
    assert client.post(LIST, {"round": world.round.pk, "title": "Hồ sơ"}, format="json").status_code == 403
    sent.refresh_from_db()
    assert sent.status == NominationStatus.SUBMITTED


def test_more_files_than_django_takes_is_a_json_400(world: Any, make_dossier: Any, media: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    nomination = make_dossier("draft")
    files = [pdf_upload(f"tep-{n}.pdf") for n in range(4)]
    response = api(world.unit_a_user).post(
        f"{detail(nomination.pk)}attachments/", {"kind": "other", "file": files}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Mỗi lần tải lên tối đa 10 tệp."}
    assert Attachment.objects.filter(nomination=nomination).count() == 2
