"""The council's round setup pages: create, copy last year's, open, extend (the units
are told), close, quotas per unit; and the bad input each of them refuses."""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils.calendar import LOCAL_TZ
from nominations import round_services
from nominations.models import Round, RoundAwardType, RoundQuota
from notifications.models import Channel, Delivery, Notice
from notifications.services import notice_emit
from tests import factories

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LOCAL_TZ)


def _round_data(world: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "council": world.council.pk,
        "name": "Xét khen thưởng chuyên đề phòng chống lụt bão",
        "year": 2027,
        "kind": "thematic",
        "opens_at": "2027-01-05T07:00",
        "closes_at": "2027-02-10T17:00",
        "award_types": [world.ldtt.pk, world.gk.pk],
    }
    data.update(overrides)
    return data


def _url(name: str, round: Round) -> str:
    return reverse(f"nominations:{name}", kwargs={"pk": round.pk})


# --- Create and open ---------------------------------------------------------------------------


def test_the_secretariat_creates_a_draft_round_then_opens_it(world: Any, time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2027, 1, 2, 8, 0, tzinfo=LOCAL_TZ), tick=False)
    client = _client(world.secretariat)
    assert client.get(reverse("nominations:round_create")).status_code == 200

    response = client.post(reverse("nominations:round_create"), _round_data(world))

    round = Round.objects.get(name="Xét khen thưởng chuyên đề phòng chống lụt bão")
    assert response.status_code == 302
    assert round.council == world.council
    assert round.is_draft
    assert _local(round.opens_at) == dt.datetime(2027, 1, 5, 7, 0, tzinfo=LOCAL_TZ)
    assert _local(round.closes_at) == dt.datetime(2027, 2, 10, 17, 0, tzinfo=LOCAL_TZ)
    assert set(round.award_types.all()) == {world.ldtt, world.gk}
    # a draft takes no dossiers, even on its dates
    time_machine.move_to(dt.datetime(2027, 1, 6, 8, 0, tzinfo=LOCAL_TZ), tick=False)
    client = _client(world.secretariat)  # four days on: the idle session has ended, a new login
    assert not Round.objects.open().filter(pk=round.pk).exists()
    listing = _text(client.get(reverse("nominations:round_list")))
    assert "Đang soạn (chưa mở)" in listing
    assert "05/01/2027 07:00" in listing
    assert "10/02/2027 17:00" in listing

    response = client.post(_url("round_open", round))

    assert response.status_code == 302
    round.refresh_from_db()
    assert not round.is_draft
    assert round.is_open()
    assert Round.objects.open().filter(pk=round.pk).exists()


def test_a_round_closing_before_it_opens_is_refused_and_nothing_saved(world: Any) -> None:
    before = Round.objects.count()
    response = _client(world.admin).post(
        reverse("nominations:round_create"),
        _round_data(world, opens_at="2027-02-10T07:00", closes_at="2027-01-05T17:00"),
    )

    assert response.status_code == 200
    assert "Hạn nộp phải sau thời điểm mở đợt." in _text(response)
    assert Round.objects.count() == before
    assert not RoundAwardType.objects.filter(round__name__contains="lụt bão").exists()


def test_a_decomposed_name_is_stored_composed(world: Any) -> None:
    name = "Xét khen thưởng chuyên đề phòng chống lụt bão"
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name

    _client(world.secretariat).post(reverse("nominations:round_create"), _round_data(world, name=f"  {decomposed} "))

    stored = Round.objects.get(year=2027).name
    assert stored == name
    assert unicodedata.is_normalized("NFC", stored)


# --- Copy from last year's ---------------------------------------------------------------------


def test_copy_from_last_year_keeps_award_types_and_quotas_a_year_later(world: Any) -> None:
    source = world.round
    source.name = f"Xét khen thưởng tổng kết năm {source.year}"
    source.opens_at = dt.datetime(source.year, 11, 1, 7, 0, tzinfo=LOCAL_TZ)
    source.closes_at = dt.datetime(source.year, 12, 10, 17, 0, tzinfo=LOCAL_TZ)
    source.reminder_days = [5, 1]
    source.save()
    RoundAwardType.objects.filter(round=source, award_type=world.ldtt).update(
        quota_count=3, quota_percent=Decimal("15")
    )
    RoundQuota.objects.create(round=source, unit=world.unit_a, award_type=None, quota=8)
    RoundQuota.objects.create(round=source, unit=world.unit_a, award_type=world.ldtt, quota=4)
    RoundQuota.objects.create(round=source, unit=world.unit_b, award_type=world.gk, quota=2)
    world.gdvh.is_active = False  # no longer given: not copied
    world.gdvh.save()
    client = _client(world.admin)
    page = _text(client.get(_url("round_copy", source)))
    assert f"01/11/{source.year + 1} 07:00" in page

    response = client.post(_url("round_copy", source))

    copy = Round.objects.get(council=world.council, year=source.year + 1)
    assert response.status_code == 302
    assert response["Location"] == _url("round_edit", copy)
    assert copy.name == f"Xét khen thưởng tổng kết năm {source.year + 1}"
    assert copy.kind == source.kind
    assert copy.reminder_days == [5, 1]
    assert _local(copy.opens_at) == dt.datetime(source.year + 1, 11, 1, 7, 0, tzinfo=LOCAL_TZ)
    assert _local(copy.closes_at) == dt.datetime(source.year + 1, 12, 10, 17, 0, tzinfo=LOCAL_TZ)
    offers = {(o.award_type_id, o.quota_count, o.quota_percent) for o in copy.offers.all()}
    assert offers == {(world.ldtt.pk, 3, Decimal("15.00")), (world.gk.pk, None, None)}
    quotas = {(q.unit_id, q.award_type_id, q.quota) for q in copy.quotas.all()}
    assert quotas == {
        (world.unit_a.pk, None, 8),
        (world.unit_a.pk, world.ldtt.pk, 4),
        (world.unit_b.pk, world.gk.pk, 2),
    }
    # the source is untouched, the copy is a draft that takes nothing until opened
    assert source.quotas.count() == 3
    assert source.offers.count() == 3
    assert copy.is_draft
    assert not copy.is_open(_local(copy.opens_at) + dt.timedelta(days=1))

    # copying the same round again is refused in Vietnamese, nothing added
    again = client.post(_url("round_copy", source), follow=True)
    assert any("Hội đồng đã có đợt" in message for message in _messages(again))
    assert Round.objects.filter(council=world.council, year=source.year + 1).count() == 1


def test_a_copy_of_29_february_falls_on_28_february() -> None:
    moment = dt.datetime(2028, 2, 29, 17, 0, tzinfo=LOCAL_TZ)
    assert _local(round_services.one_year_later(moment)) == dt.datetime(2029, 2, 28, 17, 0, tzinfo=LOCAL_TZ)


# --- Extend ------------------------------------------------------------------------------------


def test_extending_tells_each_unit_once_in_app_and_by_email(world: Any) -> None:
    round = world.round
    new_deadline = _local(round.closes_at + dt.timedelta(days=10)).replace(hour=17, minute=0, second=0, microsecond=0)
    client = _client(world.secretariat)
    assert client.get(_url("round_extend", round)).status_code == 200

    response = client.post(_url("round_extend", round), {"closes_at": f"{new_deadline:%d/%m/%Y %H:%M}"})

    assert response.status_code == 302
    round.refresh_from_db()
    assert round.closes_at == new_deadline
    notices = Notice.objects.filter(verb="round_extended")
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["unit_a", "unit_a2", "unit_b"]
    keys = {n.recipient.username: n.event_key for n in notices.select_related("recipient")}
    assert keys["unit_a"] == keys["unit_a2"] != keys["unit_b"]
    notice = notices.get(recipient=world.unit_b_user)
    assert notice.title == f"Gia hạn nộp hồ sơ {round.name} đến 17:00 ngày {new_deadline:%d/%m/%Y}"
    assert "Trường Mầm non thị trấn" in notice.body
    assert notice.council_id == world.council.pk
    emails = Delivery.objects.filter(notice__verb="round_extended", channel=Channel.EMAIL)
    assert sorted(emails.values_list("notice__recipient__username", flat=True)) == ["unit_a", "unit_a2", "unit_b"]
    assert not Notice.objects.filter(recipient=world.other_unit_user, verb="round_extended").exists()

    # the same event again tells nobody twice
    again = notice_emit(
        recipients=[world.unit_a_user, world.unit_a_user2],
        event_key=keys["unit_a"],
        verb="round_extended",
        context={},
        council_id=world.council.pk,
    )
    assert again == []
    # the same deadline again is refused, nothing sent
    response = client.post(_url("round_extend", round), {"closes_at": f"{new_deadline:%d/%m/%Y %H:%M}"})
    assert "Hạn nộp mới phải sau hạn nộp hiện tại." in _text(response)
    assert notices.count() == 3


# --- Close -------------------------------------------------------------------------------------


def test_closing_ends_the_round_for_good(world: Any) -> None:
    round = world.round
    client = _client(world.admin)
    listing = _text(client.get(reverse("nominations:round_list")))
    assert 'data-confirm="Đóng đợt xét ngay bây giờ?' in listing

    response = client.post(_url("round_close", round))

    assert response.status_code == 302
    round.refresh_from_db()
    assert round.closed_at is not None
    assert round.closes_at <= timezone.now()
    assert not round.is_open()
    assert not Round.objects.open().filter(pk=round.pk).exists()
    # closed is final: no extending it afterwards
    later = _local(timezone.now() + dt.timedelta(days=5))
    response = client.post(_url("round_extend", round), {"closes_at": f"{later:%d/%m/%Y %H:%M}"})
    assert "đợt đã đóng không mở lại được" in _text(response)
    round.refresh_from_db()
    assert round.closes_at <= timezone.now()
    assert not Notice.objects.filter(verb="round_extended").exists()


# --- Quotas ------------------------------------------------------------------------------------


def test_quotas_per_unit_are_saved_and_cleared(world: Any) -> None:
    round = world.round
    client = _client(world.secretariat)
    assert client.get(_url("round_quotas", round)).status_code == 200

    response = client.post(
        _url("round_quotas", round),
        {f"q_{world.unit_a.pk}_all": "6", f"q_{world.unit_a.pk}_{world.ldtt.pk}": "3", f"q_{world.unit_b.pk}_all": "2"},
    )

    assert response.status_code == 302
    assert {(q.unit_id, q.award_type_id, q.quota) for q in round.quotas.all()} == {
        (world.unit_a.pk, None, 6),
        (world.unit_a.pk, world.ldtt.pk, 3),
        (world.unit_b.pk, None, 2),
    }
    # an emptied box removes its quota
    client.post(_url("round_quotas", round), {f"q_{world.unit_a.pk}_all": "6"})
    assert {(q.unit_id, q.award_type_id, q.quota) for q in round.quotas.all()} == {(world.unit_a.pk, None, 6)}


def test_a_quota_above_the_units_staff_is_refused_and_nothing_saved(world: Any) -> None:
    round = world.round
    world.unit_a.staff_count = 12
    world.unit_a.save()

    response = _client(world.secretariat).post(
        _url("round_quotas", round), {f"q_{world.unit_a.pk}_all": "13", f"q_{world.unit_b.pk}_all": "2"}
    )

    assert response.status_code == 200
    assert "Chỉ tiêu của Tiểu khu Trang Các (13) vượt số cán bộ, hội viên của đơn vị (12)." in _text(response)
    assert not RoundQuota.objects.exists()


# --- Another council's round -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["round_edit", "round_copy", "round_extend", "round_quotas", "round_open", "round_close"]
)
def test_a_council_admin_editing_another_councils_round_gets_404(world: Any, name: str) -> None:
    other = world.other_round
    other.is_draft = True
    other.save()
    before = Round.objects.filter(pk=other.pk).values().get()
    client = _client(world.admin)  # the admin of world.council (a superuser too)
    data = {"name": "Đã sửa", "closes_at": "01/01/2099 17:00", f"q_{world.other_unit.pk}_all": "1"}

    assert client.get(_url(name, other)).status_code in (404, 405)
    assert client.post(_url(name, other), data).status_code == 404

    assert Round.objects.filter(pk=other.pk).values().get() == before
    assert Round.objects.filter(council=world.other_council).count() == 1
    assert not RoundQuota.objects.exists()


def test_the_chairman_and_units_manage_no_rounds(world: Any) -> None:
    for user in (world.chairman, world.member, world.unit_a_user):
        client = _client(user)
        assert client.get(reverse("nominations:round_list")).status_code == 403
        assert client.post(_url("round_close", world.round)).status_code == 403
    world.round.refresh_from_db()
    assert world.round.closed_at is None


def test_an_opened_round_is_not_edited_only_extended(world: Any) -> None:
    response = _client(world.secretariat).get(_url("round_edit", world.round))
    assert response.status_code == 403
    with pytest.raises(ValidationError, match="Đợt xét đã mở"):
        round_services.round_update(
            actor=world.secretariat,
            round=world.round,
            name="Đổi tên",
            year=world.round.year,
            kind=world.round.kind,
            opens_at=world.round.opens_at,
            closes_at=world.round.closes_at,
            award_types=[world.ldtt],
        )


def test_a_round_is_not_opened_past_its_deadline(world: Any) -> None:
    draft = factories.RoundFactory(
        council=world.council,
        is_draft=True,
        opens_at=timezone.now() - dt.timedelta(days=30),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    RoundAwardType.objects.create(round=draft, award_type=world.ldtt)
    response = _client(world.secretariat).post(_url("round_open", draft), follow=True)
    assert "Hạn nộp của đợt đã qua: hãy sửa hạn nộp trước khi mở đợt." in _messages(response)
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_units_quota_for_an_award_type_limits_its_lines(world: Any, make_dossier: Any) -> None:
    from nominations import services as ns

    nomination = make_dossier("draft")  # one LDTT line already
    RoundQuota.objects.create(round=world.round, unit=world.unit_a, award_type=world.ldtt, quota=1)

    with pytest.raises(ValidationError, match="Vượt chỉ tiêu: đơn vị được đề nghị tối đa 1"):
        ns.line_add(
            actor=world.unit_a_user,
            nomination=nomination,
            award_type=world.ldtt,
            nominee=ns.NomineeData(kind="individual", full_name="Trần Văn Bình"),
            achievement="Hoàn thành tốt nhiệm vụ",
        )
    assert nomination.lines.count() == 1
