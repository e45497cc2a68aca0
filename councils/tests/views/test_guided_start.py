"""The guided start of a new council: each step's state read from the data, its links, and the
new admin's landing there until a round is open."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils.models import Council, CouncilMembership, CouncilRole, CouncilSigner
from decisions.models import LegalBasis
from nominations.models import AwardType
from tests import factories
from tests.otp import pass_second_step

pytestmark = pytest.mark.django_db

SIGNER = {"full_name": "Trịnh Văn Hùng"}


@pytest.fixture
def commune() -> Council:
    province = factories.CouncilFactory(name="Hội đồng TĐKT tỉnh", level="province")
    return factories.CouncilFactory(name="Hội đồng TĐKT xã Hà Phong", parent=province)


@pytest.fixture
def admin(commune: Council) -> Any:
    user = factories.UserFactory(username="qt_haphong")
    CouncilMembership.objects.create(council=commune, user=user, role=CouncilRole.ADMIN)
    return user


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def states(client: Client, council: Council) -> dict[str, str]:
    body = client.get(reverse("councils:start", args=[council.pk])).content.decode()
    keys = ("profile", "units", "members", "awards", "legal", "round")
    found = {}
    for key in keys:
        marker = f'id="step-{key}" data-done="'
        assert marker in body, key
        found[key] = body.split(marker, 1)[1][:3].rstrip('"')
    return found


def test_a_new_council_starts_with_every_step_to_do_and_its_links(commune: Council, admin: Any) -> None:
    client = client_for(admin)
    response = client.get(reverse("councils:start", args=[commune.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for link in ("start-units-import", "start-members-import", "start-award-defaults", "start-round-create"):
        assert f'id="{link}"' in body, link
    assert reverse("councils:unit_import", args=[commune.pk]) in body
    found = states(client, commune)
    # the national bases in force (seeded by decisions' migration) already serve every council
    assert found.pop("legal") == ("yes" if LegalBasis.objects.in_force(timezone.localdate()).of_scope(None) else "no")
    assert set(found.values()) == {"no"}


def test_each_step_is_done_when_its_data_is_there(commune: Council, admin: Any) -> None:
    LegalBasis.objects.filter(council__isnull=True).delete()
    client = client_for(admin)
    commune.decision_recipients = "Như Điều 3;\nLưu: VT."
    commune.save()
    assert states(client, commune)["profile"] == "no"  # nobody signs yet
    CouncilSigner.objects.create(council=commune, **SIGNER)
    factories.UnitFactory(council=commune, name="Tiểu khu 1")
    member = factories.UserFactory(username="tv1")
    CouncilMembership.objects.create(council=commune, user=member, role=CouncilRole.SECRETARIAT)
    assert states(client, commune)["members"] == "no"  # the secretariat does not vote
    CouncilMembership.objects.create(council=commune, user=member, role=CouncilRole.MEMBER)
    factories.AwardTypeFactory(council=commune, code="LDTT")
    found = states(client, commune)
    assert found == {"profile": "yes", "units": "yes", "members": "yes", "awards": "yes", "legal": "no", "round": "no"}
    LegalBasis.objects.create(
        council=None,
        family="luat-tdkt",
        text="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        valid_from=dt.date(2024, 1, 1),
    )
    assert states(client, commune)["legal"] == "yes"
    factories.RoundFactory(council=commune, is_draft=True)
    assert states(client, commune)["round"] == "no"  # a draft is not open
    factories.RoundFactory(council=commune)
    assert set(states(client, commune).values()) == {"yes"}


def test_a_member_whose_term_ended_does_not_count(commune: Council, admin: Any) -> None:
    member = factories.UserFactory(username="tv_cu")
    CouncilMembership.objects.create(
        council=commune, user=member, role=CouncilRole.MEMBER, term_until=timezone.localdate() - dt.timedelta(days=1)
    )
    assert states(client_for(admin), commune)["members"] == "no"


def test_a_legal_basis_out_of_force_or_of_another_council_does_not_count(commune: Council, admin: Any) -> None:
    LegalBasis.objects.filter(council__isnull=True).delete()
    other = factories.CouncilFactory(name="Hội đồng khác")
    LegalBasis.objects.create(council=other, family="quy-che", text="Căn cứ Quy chế;", valid_from=dt.date(2024, 1, 1))
    LegalBasis.objects.create(
        council=None,
        family="luat-2003",
        text="Căn cứ Luật 2003;",
        valid_from=dt.date(2004, 1, 1),
        valid_until=dt.date(2023, 12, 31),
    )
    assert states(client_for(admin), commune)["legal"] == "no"
    LegalBasis.objects.create(council=commune, family="quy-che", text="Căn cứ Quy chế;", valid_from=dt.date(2024, 1, 1))
    assert states(client_for(admin), commune)["legal"] == "yes"


def test_the_default_award_types_button_makes_them_and_comes_back(commune: Council, admin: Any) -> None:
    client = client_for(admin)
    response = client.post(reverse("nominations:award_defaults", args=[commune.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("councils:start", args=[commune.pk])
    assert AwardType.objects.filter(council=commune).count() == 6
    assert states(client, commune)["awards"] == "yes"
    client.post(reverse("nominations:award_defaults", args=[commune.pk]))
    assert AwardType.objects.filter(council=commune).count() == 6


def test_another_councils_start_page_is_a_404_and_the_parent_admin_sees_it(commune: Council, admin: Any) -> None:
    sibling = factories.CouncilFactory(name="Hội đồng TĐKT xã Hà Long", parent=commune.parent)
    client = client_for(admin)
    assert client.get(reverse("councils:start", args=[sibling.pk])).status_code == 404
    assert client.post(reverse("nominations:award_defaults", args=[sibling.pk])).status_code == 404
    assert not AwardType.objects.filter(council=sibling).exists()
    parent_admin = factories.UserFactory(username="qt_tinh")
    CouncilMembership.objects.create(council=commune.parent, user=parent_admin, role=CouncilRole.ADMIN)
    assert client_for(parent_admin).get(reverse("councils:start", args=[commune.pk])).status_code == 200


def test_the_setup_hub_offers_the_start_first(commune: Council, admin: Any) -> None:
    body = client_for(admin).get(reverse("councils:setup")).content.decode()
    assert reverse("councils:start", args=[commune.pk]) in body
    sections = body.split('class="setup-sections"', 1)[1]
    assert sections.index(reverse("councils:start", args=[commune.pk])) < sections.index(
        reverse("councils:unit_list", args=[commune.pk])
    )


def test_a_new_admin_lands_on_the_start_page_after_changing_the_password(commune: Council) -> None:
    admin = factories.UserFactory(username="qt_moi", must_change_password=True)
    admin.set_password("TamThoi-123456")
    admin.save()
    CouncilMembership.objects.create(council=commune, user=admin, role=CouncilRole.ADMIN)
    client = Client()
    assert client.post(reverse("login"), {"username": "qt_moi", "password": "TamThoi-123456"}).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_setup"))  # an admin: the second factor first
    pass_second_step(client, "qt_moi")
    assert client.get(reverse("home"))["Location"] == reverse("password_change")
    changed = client.post(
        reverse("password_change"),
        {
            "old_password": "TamThoi-123456",
            "new_password1": "Mat-khau-rieng-2026",
            "new_password2": "Mat-khau-rieng-2026",
        },
    )
    assert changed.status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("councils:start", args=[commune.pk])
    factories.RoundFactory(council=commune)
    assert client.get(reverse("home"))["Location"] == reverse("workflows:tasks")


def _filled_template(client: Client, url: str, rows: list[list[Any]]) -> bytes:
    """The downloaded template with its example row replaced by ``rows``."""
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get(url).content))
    sheet = workbook.worksheets[0]
    sheet.delete_rows(2)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _confirmed(client: Client, body: str) -> Any:
    import re

    action = re.search(r'<form method="post" action="([^"]+)" id="import-confirm-form"', body).group(1)
    token = re.search(r'name="token" value="([^"]+)"', body).group(1)
    return client.post(action, {"token": token})


def test_from_nothing_to_an_open_round_through_the_links(commune: Council) -> None:
    """The path the browser test takes: a new commune admin, five units, seven members, the
    default award types, the national legal bases, a round opened."""
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    from councils.models import Unit
    from nominations.models import Round

    province_admin = factories.UserFactory(username="qt_tinh")
    CouncilMembership.objects.create(council=commune.parent, user=province_admin, role=CouncilRole.ADMIN)
    made = client_for(province_admin).post(
        reverse("councils:child_create", args=[commune.parent.pk]),
        {
            "name": "Hội đồng TĐKT xã Hà Ninh",
            "locality": "xã Hà Ninh",
            "place_name": "Hà Ninh",
            "issuing_body": "Ủy ban nhân dân xã Hà Ninh",
            "level": "commune",
            "admin_username": "qt_hanin",
            "admin_full_name": "Lê Văn Quản",
        },
    )
    password = re.search(r'id="sheet-password"[^>]*>([^<]+)<', made.content.decode()).group(1)
    council = Council.objects.get(name="Hội đồng TĐKT xã Hà Ninh")
    client = Client()
    client.post(reverse("login"), {"username": "qt_hanin", "password": password})
    pass_second_step(client, "qt_hanin")
    new = "Mat-khau-rieng-2026"
    client.post(reverse("password_change"), {"old_password": password, "new_password1": new, "new_password2": new})
    start = client.get(reverse("home"), follow=True)
    assert start.request["PATH_INFO"] == reverse("councils:start", args=[council.pk])
    page = start.content.decode()

    units_url = re.search(r'id="start-units-import" href="([^"]+)"', page).group(1)
    upload_page = client.get(units_url).content.decode()
    template_url = re.search(r'id="import-template" href="([^"]+)"', upload_page).group(1)
    quarters = [
        [f"Thôn {n}", "Tiểu khu / thôn / tổ dân phố", 10, 200, f"thon{n}", f"Nguyễn Văn {n}"] for n in range(1, 5)
    ]
    data = _filled_template(client, template_url, [*quarters, ["Ủy ban MTTQ", "Mặt trận, đoàn thể", 9, 0, "", ""]])
    preview = client.post(units_url, {"file": SimpleUploadedFile("don-vi.xlsx", data)})
    sheet = _confirmed(client, preview.content.decode())
    assert sheet.status_code == 200
    assert sheet.content.decode().count("sheet-password") == 4
    assert Unit.objects.filter(council=council).count() == 5

    page = client.get(reverse("councils:start", args=[council.pk])).content.decode()
    members_url = re.search(r'id="start-members-import" href="([^"]+)"', page).group(1)
    template_url = re.search(r'id="import-template" href="([^"]+)"', client.get(members_url).content.decode()).group(1)
    roles = ["Chủ tịch hội đồng", "Thường trực / thư ký", *["Thành viên hội đồng"] * 5]
    members = [[f"Trần Văn {n}", f"tv{n}", role, "", "Ủy ban MTTQ", "01/01/2026", ""] for n, role in enumerate(roles)]
    data = _filled_template(client, template_url, members)
    sheet = _confirmed(client, client.post(members_url, {"file": SimpleUploadedFile("tv.xlsx", data)}).content.decode())
    assert sheet.content.decode().count("sheet-password") == 7

    page = client.get(reverse("councils:start", args=[council.pk])).content.decode()
    defaults_url = re.search(r'action="([^"]+)" class="inline" id="start-award-defaults-form"', page).group(1)
    client.post(defaults_url)
    assert AwardType.objects.filter(council=council).count() == 6

    page = client.get(reverse("councils:start", args=[council.pk])).content.decode()
    round_url = re.search(r'id="start-round-create" href="([^"]+)"', page).group(1)
    now = timezone.localtime()
    client.post(
        round_url,
        {
            "council": council.pk,
            "name": "Xét khen thưởng năm 2026",
            "year": now.year,
            "kind": "yearly",
            "opens_at": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
            "award_types": list(AwardType.objects.filter(council=council).values_list("pk", flat=True)),
        },
    )
    created = Round.objects.get(council=council)
    client.post(reverse("nominations:round_open", args=[created.pk]))
    found = states(client, council)
    assert found.pop("profile") == "no"  # the recipients are the profile page's, not this path's
    assert set(found.values()) == {"yes"}
    assert client.get(reverse("home"))["Location"] == reverse("workflows:tasks")
