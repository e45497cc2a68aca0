"""The public look-up of awards (/tra-cuu/): anyone finds by name, with or without diacritics, the
registered, non-revoked awards of the councils that keep it on, with the decision's number and date
and the council, and nothing else of the person; a council turns it off on its profile page; the
page is rate-limited per address."""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.audit import history_for
from councils.models import Council
from councils.tests.views.test_profile_setup import admin_of, profile_data
from decisions.models import Decision, DecisionLine, SignerCapacity
from decisions.services import decisions as ds
from nominations import services as ns
from nominations.models import AwardType, HouseholdNaming, NominationLine, Person, Round, RoundAwardType

pytestmark = pytest.mark.django_db

URL = "/tra-cuu/"
ROW = re.compile(r"<tr>\s*(<td data-label=.*?)</tr>", re.S)


@pytest.fixture(autouse=True)
def _year_2025(world: Any, rates: None) -> None:
    """The world's rounds are of 2025, whatever today's year, so the expected years are literal."""
    Round.objects.filter(pk__in=[world.round.pk, world.other_round.pk]).update(year=2025)
    world.round.refresh_from_db()
    world.other_round.refresh_from_db()


def _nominees(world: Any, nominees: list[ns.NomineeData], *, award: AwardType, round_: Round | None = None) -> list:
    """A dossier of the council's first unit (unit A, or the other council's unit) with a line per nominee."""
    round_ = round_ or world.round
    other = round_.council_id == world.other_council.pk
    unit, user = (world.other_unit, world.other_unit_user) if other else (world.unit_a, world.unit_a_user)
    dossier = ns.nomination_create(actor=user, unit=unit, round=round_, title="Đề nghị khen thưởng")
    return [
        ns.line_add(actor=user, nomination=dossier, award_type=award, nominee=nominee, achievement="Hoàn thành tốt")
        for nominee in nominees
    ]


def _decision(
    world: Any,
    lines: list[NominationLine],
    *,
    number: int,
    signed_on: dt.date | None,
    round_: Round | None = None,
) -> Decision:
    """A decision on ``lines``; registered (number, date) unless ``signed_on`` is None (a draft)."""
    round_ = round_ or world.round
    decision = Decision.objects.create(
        council_id=round_.council_id,
        round=round_,
        year=round_.year,
        subject="Về việc khen thưởng",
        created_by=world.chairman,
    )
    DecisionLine.objects.bulk_create(
        DecisionLine(decision=decision, line=line, position=position, achievement="Hoàn thành tốt")
        for position, line in enumerate(lines, start=1)
    )
    if signed_on is None:
        return decision
    other = round_.council_id == world.other_council.pk
    return ds.decision_register(
        actor=world.other_secretariat if other else world.secretariat,
        decision=decision,
        signed_on=signed_on,
        signer_name="Trịnh Văn Hùng",
        signer_capacity=SignerCapacity.CHAIRMAN,
        number=number,
        without_money=True,
    )


def person(full_name: str, **extra: Any) -> ns.NomineeData:
    return ns.NomineeData(kind="individual", full_name=full_name, **extra)


def _rows(response: Any) -> list[list[str]]:
    """The results table's cells, row by row, as the page shows them."""
    assert response.status_code == 200
    body = response.content.decode()
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in ROW.findall(body)
    ]


def _page(client: Client, **params: Any) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def an(world: Any) -> Person:
    """Nguyễn Văn An (born 15/03/1985, citizen ID 038085001234, a teacher), Lao động tiên tiến,
    decision 07/QĐ-UBND of 20/01/2026."""
    (line,) = _nominees(
        world,
        [person("Nguyễn Văn An", birth_date=dt.date(1985, 3, 15), gender="male", position="Giáo viên dạy Toán")],
        award=world.ldtt,
    )
    Person.objects.filter(pk=line.person_id).update(citizen_id="038085001234")
    _decision(world, [line], number=7, signed_on=dt.date(2026, 1, 20))
    return Person.objects.get(pk=line.person_id)


def test_the_url_and_the_first_visit(world: Any) -> None:
    assert reverse("decisions:public_lookup") == URL
    response = Client().get(URL)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    body = html.unescape(response.content.decode())
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert "Tra cứu khen thưởng" in body
    assert "<script>" not in body
    assert " onclick=" not in body
    # the first visit asks for nothing yet
    assert 'id="lookup-results"' not in body
    assert 'id="lookup-none"' not in body
    assert "Hãy nhập họ và tên" not in body
    assert Client().post(URL, {"q": "an"}).status_code == 405


def test_found_with_and_without_diacritics(world: Any, an: Person) -> None:
    client = Client()
    expected = [["Nguyễn Văn An", "Lao động tiên tiến", "07/QĐ-UBND", "20/01/2026", world.council.name]]
    assert world.council.name == "Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung"
    assert _rows(client.get(URL, {"q": "nguyen van an"})) == expected
    assert _rows(client.get(URL, {"q": "Nguyễn Văn An"})) == expected
    assert _rows(client.get(URL, {"q": unicodedata.normalize("NFD", "NGUYỄN VĂN AN")})) == expected
    assert _rows(client.get(URL, {"q": "van an", "year": "2025"})) == expected
    assert _rows(client.get(URL, {"q": "nguyen van an", "council": str(world.council.pk)})) == expected
    # every word must be in the name; another year has nothing
    assert _rows(client.get(URL, {"q": "nguyen van binh"})) == []
    assert "Không tìm thấy khen thưởng nào" in _page(client, q="nguyen van binh")
    round_2024 = Round.objects.create(
        council=world.council,
        name="Xét khen thưởng năm 2024",
        year=2024,
        kind=world.round.kind,
        opens_at=world.round.opens_at,
        closes_at=world.round.closes_at,
    )
    assert _rows(client.get(URL, {"q": "nguyen van an", "year": "2024"})) == []
    RoundAwardType.objects.create(round=round_2024, award_type=world.ldtt)
    (line,) = _nominees(
        world, [person("Nguyễn Văn An", birth_date=dt.date(1985, 3, 15))], award=world.ldtt, round_=round_2024
    )
    _decision(world, [line], number=3, signed_on=dt.date(2025, 1, 8), round_=round_2024)
    page = _page(client)
    assert '<option value="2025">2025</option>' in page
    assert '<option value="2024">2024</option>' in page
    assert page.index('value="2025"') < page.index('value="2024"')
    assert _rows(client.get(URL, {"q": "nguyen van an", "year": "2024"})) == [
        ["Nguyễn Văn An", "Lao động tiên tiến", "03/QĐ-UBND", "08/01/2025", world.council.name]
    ]
    # newest decision first
    assert [row[2] for row in _rows(client.get(URL, {"q": "an"}))] == ["07/QĐ-UBND", "03/QĐ-UBND"]


def test_a_revoked_decision_and_a_draft_are_hidden(world: Any, an: Person) -> None:
    revoked_line, draft_line = _nominees(
        world, [person("Trần Thị Bích"), person("Trần Thị Bích Hạnh")], award=world.ldtt
    )
    revoked = _decision(world, [revoked_line], number=9, signed_on=dt.date(2026, 2, 2))
    _decision(world, [draft_line], number=0, signed_on=None)
    client = Client()
    assert _rows(client.get(URL, {"q": "tran thi bich"})) == [
        ["Trần Thị Bích", "Lao động tiên tiến", "09/QĐ-UBND", "02/02/2026", world.council.name]
    ]
    ds.decision_revoke(
        actor=world.chairman,
        decision=revoked,
        reason="Khen thưởng không đúng đối tượng",
        revoked_by_number="25/QĐ-UBND",
        revoked_by_date=dt.date(2026, 3, 1),
    )
    assert _rows(client.get(URL, {"q": "tran thi bich"})) == []
    page = _page(client, q="tran thi bich")
    assert "09/QĐ-UBND" not in page
    assert "Trần Thị Bích" not in page
    # a draft's line (never registered) is nobody's award yet
    assert _rows(client.get(URL, {"q": "bich hanh"})) == []
    assert [row[0] for row in _rows(client.get(URL, {"q": "nguyen van an"}))] == ["Nguyễn Văn An"]


def test_nothing_personal(world: Any, an: Person) -> None:
    assert (an.birth_date, an.citizen_id, an.gender) == (dt.date(1985, 3, 15), "038085001234", "male")
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": "nguyen van an"})
    assert [row[0] for row in _rows(response)] == ["Nguyễn Văn An"]
    page = html.unescape(response.content.decode())
    for personal in (
        "15/03/1985",
        "1985",
        "038085001234",
        "Ông Nguyễn Văn An",
        "Nam",
        "Giáo viên dạy Toán",
        "Tiểu khu Trang Các",
        "Hoàn thành tốt",
    ):
        assert personal not in page, personal
    # nor do they leave the database: the look-up reads only the columns it shows
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "nominations_decisionline" in sql
    for column in ("birth_date", "citizen_id", '"gender"', "position", "address", "achievement"):
        assert column not in sql, column


def test_a_household_by_its_heads_name_never_by_its_address(world: Any) -> None:
    AwardType.objects.filter(pk=world.gdvh.pk).update(household_naming=HouseholdNaming.FAMILY)
    world.gdvh.refresh_from_db()
    nominee = ns.NomineeData(
        kind="household", household_head="Phạm Văn Bình", household_address="Số nhà 12, phố Chợ", gender="male"
    )
    (line,) = _nominees(world, [nominee], award=world.gdvh)
    _decision(world, [line], number=11, signed_on=dt.date(2026, 1, 25))
    client = Client()
    assert _rows(client.get(URL, {"q": "pham van binh"})) == [
        ["Gia đình ông Phạm Văn Bình", "Gia đình văn hoá", "11/QĐ-UBND", "25/01/2026", world.council.name]
    ]
    assert _rows(client.get(URL, {"q": "so nha 12 pho cho"})) == []
    assert _rows(client.get(URL, {"q": "binh cho"})) == []
    assert "Số nhà 12" not in _page(client, q="pham van binh")


def test_a_council_with_the_look_up_off_is_absent(world: Any, an: Person) -> None:
    other_ldtt = AwardType.objects.get(council=world.other_council, code="LDTT")
    (line,) = _nominees(world, [person("Nguyễn Văn Anh")], award=other_ldtt, round_=world.other_round)
    _decision(world, [line], number=4, signed_on=dt.date(2026, 1, 22), round_=world.other_round)
    client = Client()
    assert _rows(client.get(URL, {"q": "nguyen van an"})) == [
        [
            "Nguyễn Văn Anh",
            "Lao động tiên tiến",
            "04/QĐ-UBND",
            "22/01/2026",
            "Hội đồng Thi đua – Khen thưởng xã Hà Phong",
        ],
        ["Nguyễn Văn An", "Lao động tiên tiến", "07/QĐ-UBND", "20/01/2026", world.council.name],
    ]
    assert f'<option value="{world.other_council.pk}">' in _page(client)

    # the other council's admin turns it off on the council's profile page, and the change is audited
    admin = admin_of(world.other_council, "qt_haphong")
    response = admin.post(reverse("councils:profile", args=[world.other_council.pk]), profile_data(world.other_council))
    assert response.status_code == 302
    assert Council.objects.get(pk=world.other_council.pk).public_lookup_enabled is False
    changed = [name for change in history_for(world.other_council) for name, _old, _new in change.fields]
    assert "public_lookup_enabled" in changed

    assert _rows(client.get(URL, {"q": "nguyen van an"})) == [
        ["Nguyễn Văn An", "Lao động tiên tiến", "07/QĐ-UBND", "20/01/2026", world.council.name]
    ]
    page = _page(client)
    assert f'<option value="{world.other_council.pk}">' not in page
    assert "xã Hà Phong" not in page
    # asked for by its number, it is refused as any council not offered, and nothing is looked up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": "nguyen van anh", "council": str(world.other_council.pk)})
    assert _rows(response) == []
    assert not any("nominations_decisionline" in query["sql"] for query in queries.captured_queries)

    # on again, it is back
    response = admin.post(
        reverse("councils:profile", args=[world.other_council.pk]),
        profile_data(world.other_council, public_lookup_enabled="on"),
    )
    assert response.status_code == 302
    assert [row[2] for row in _rows(client.get(URL, {"q": "nguyen van anh"}))] == ["04/QĐ-UBND"]


def test_a_new_council_keeps_it_on_and_the_profile_form_shows_the_switch(world: Any) -> None:
    assert Council.objects.get(pk=world.council.pk).public_lookup_enabled is True
    page = html.unescape(
        admin_of(world.council, "qt_hatrung").get(reverse("councils:profile", args=[world.council.pk])).content.decode()
    )
    assert 'name="public_lookup_enabled"' in page
    assert "Cho phép tra cứu khen thưởng công khai" in page


@pytest.mark.parametrize("query", ["", "   ", "a", "Ấ", " n "])
def test_an_empty_or_too_short_name_says_so_and_looks_nothing_up(world: Any, an: Person, query: str) -> None:
    with CaptureQueriesContext(connection) as queries:
        page = _page(Client(), q=query, year="2025")
    expected = "Hãy nhập họ và tên cần tra cứu." if not query.strip() else "Hãy nhập ít nhất 2 chữ cái của họ và tên."
    assert expected in page
    assert "Nguyễn Văn An" not in page
    assert not any("nominations_decisionline" in query["sql"] for query in queries.captured_queries)


def test_twenty_a_page_in_order_and_a_fixed_number_of_queries(world: Any) -> None:
    client = Client()
    (first,) = _nominees(world, [person("Lê Văn Tâm")], award=world.ldtt)
    _decision(world, [first], number=1, signed_on=dt.date(2026, 1, 5))
    client.get(URL)  # the address's rate-limit counter is made by the first request, counted by the next ones
    with CaptureQueriesContext(connection) as one:
        assert len(_rows(client.get(URL, {"q": "le van"}))) == 1

    given = ["Bình", "An", "Ánh", "Ân", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải"]
    names = [f"Lê Văn {middle} {name}" for middle in ("Minh", "Quốc", "Thành") for name in given][:29]
    lines = _nominees(world, [person(name) for name in names], award=world.ldtt)
    _decision(world, lines, number=2, signed_on=dt.date(2026, 1, 12))
    with CaptureQueriesContext(connection) as thirty:
        rows = _rows(client.get(URL, {"q": "le van"}))
    assert len(one.captured_queries) == len(thirty.captured_queries)
    assert len(rows) == 20
    # the newer decision first, then by given name in the Vietnamese order: An < Ánh < Ân < Bình
    assert [row[0] for row in rows[:6]] == [
        "Lê Văn Minh An",
        "Lê Văn Quốc An",
        "Lê Văn Thành An",
        "Lê Văn Minh Ánh",
        "Lê Văn Quốc Ánh",
        "Lê Văn Thành Ánh",
    ]
    assert [row[0] for row in rows[6:9]] == ["Lê Văn Minh Ân", "Lê Văn Quốc Ân", "Lê Văn Thành Ân"]
    assert {row[2] for row in rows} == {"02/QĐ-UBND"}
    second = _rows(client.get(URL, {"q": "le van", "page": "2"}))
    assert len(second) == 10
    assert second[-1] == ["Lê Văn Tâm", "Lao động tiên tiến", "01/QĐ-UBND", "05/01/2026", world.council.name]
    assert "Trang 1/2 · 30 dòng" in _page(client, q="le van")


def test_the_results_are_capped(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from decisions import lookup_views

    assert lookup_views.LOOKUP_MATCHES == 200
    monkeypatch.setattr(lookup_views, "LOOKUP_MATCHES", 3)  # the cap's figure, not the rule, is made small
    lines = _nominees(world, [person(f"Hoàng Văn Sơn {n}") for n in range(4)], award=world.ldtt)
    _decision(world, lines, number=5, signed_on=dt.date(2026, 1, 9))
    client = Client()
    page = _page(client, q="hoang van son")
    assert len(_rows(client.get(URL, {"q": "hoang van son"}))) == 3
    assert "Chỉ hiện 3 kết quả đầu tiên" in page


@override_settings(RATELIMITS={"lookup": "3/m"})
@pytest.mark.usefixtures("still_ratelimit_clock")
def test_rate_limited_per_address(world: Any) -> None:
    anonymous = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        assert anonymous.get(URL, {"q": "nguyen van an"}).status_code == 200
    refused = Client(REMOTE_ADDR="203.0.113.7").get(URL, {"q": "nguyen van an"})
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in html.unescape(refused.content.decode())
    assert refused["Retry-After"] == "60"
    assert Client(REMOTE_ADDR="198.51.100.9").get(URL).status_code == 200  # another address has its own count


def test_the_login_page_links_to_it(world: Any) -> None:
    page = html.unescape(Client().get(reverse("login")).content.decode())
    assert f'href="{URL}"' in page
    assert "Tra cứu khen thưởng (không cần đăng nhập)" in page
