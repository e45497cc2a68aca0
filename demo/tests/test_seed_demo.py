"""The demo of the README's first command: seed_demo builds today's story (the 2023 past, the
reorganisation of 1 July 2025, the commune's dossiers in every state), and runs twice harmlessly."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from councils.models import Council, CouncilLevel, CouncilMembership, CouncilRole, Unit, UnitKind, User
from decisions.models import Decision, DecisionStatus, Honour, LegalBasis
from decisions.yearend import yearend_figures
from demo import demo_data
from demo.management.commands.seed_demo import reseed_shared_tables
from nominations.models import AwardType, Nomination, NominationStatus
from tests.otp import pass_second_step

pytestmark = pytest.mark.django_db

LOGINS = (
    "admin",
    "thuky",
    "thuky2",
    "chutich",
    "uyvien1",
    "uyvien2",
    "uyvien3",
    "uyvien4",
    "uyvien5",
    "tk1",
    "tk2",
    "trangcac",
    "mamnon",
    "tieuhoc",
    "thcs",
    "tramyte",
    "phunu",
    "congan",
    "thuky_huyen",
    "ubndtt",
    "quantri_tinh",
    "thuky_tinh",
)


@pytest.fixture
def seeded() -> str:
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_commune_and_dossiers_in_every_state(seeded: str, client) -> None:
    commune = Council.objects.select_related("parent").get(name="Hội đồng Thi đua – Khen thưởng xã Hà Trung")
    assert commune.level == CouncilLevel.COMMUNE
    assert commune.locality == "xã Hà Trung"
    assert commune.issuing_body == "Ủy ban nhân dân xã Hà Trung"
    assert commune.parent is not None
    assert commune.parent.level == CouncilLevel.PROVINCE
    assert not Council.objects.filter(name__contains="thị trấn").exists()
    district = Council.objects.get(level=CouncilLevel.DISTRICT)
    assert district.is_active is False
    # ten quarters in 2023, nine today (Tiểu khu 8 merged into Tiểu khu 7)
    quarters = Unit.objects.filter(kind=UnitKind.QUARTER, council=commune)
    assert quarters.count() == 10
    assert quarters.filter(is_active=True).count() == 9
    assert not Unit.objects.filter(council=commune, name__contains="thị trấn").exists()
    assert Unit.objects.filter(council=commune, name="Trường Tiểu học xã Hà Trung").exists()

    states = set(Nomination.objects.values_list("status", flat=True))
    assert states == set(NominationStatus.values)
    current = Nomination.objects.filter(round__year__gt=2023)
    assert not current.filter(unit__name="Tiểu khu 8").exists()
    assert not current.filter(title__contains="thị trấn").exists()
    assert current.filter(title__contains="xã Hà Trung").exists()

    for login in LOGINS:
        assert login in seeded
        assert User.objects.get(username=login).check_password("demo12345"), login
    assert User.objects.get(username="admin").is_superuser
    assert CouncilMembership.objects.filter(user__username="admin", council=commune, role=CouncilRole.ADMIN).exists()
    assert CouncilMembership.objects.filter(
        user__username="quantri_tinh", council=commune.parent, role=CouncilRole.ADMIN
    ).exists()
    assert CouncilMembership.objects.filter(
        user__username="thuky_tinh", council=commune.parent, role=CouncilRole.SECRETARIAT
    ).exists()
    assert "01/07/2025" in seeded
    assert "Tiểu khu 8 sáp nhập vào Tiểu khu 7" in seeded
    assert "đã ngừng hoạt động" in seeded  # thuky_huyen's council is a past one
    # through the login page: the lockout backend (django-axes) needs the request
    assert client.post("/accounts/login/", {"username": "thuky", "password": "demo12345"}).status_code == 302
    # the secretariat signs in with a second factor: enrolled at the first login
    assert client.get("/tasks/")["Location"].startswith("/accounts/otp/setup/")
    pass_second_step(client, "thuky")
    assert "Việc cần làm" in client.get("/tasks/").content.decode()

    again = StringIO()
    count = Nomination.objects.count()
    call_command("seed_demo", force=True, stdout=again)
    assert Nomination.objects.count() == count
    assert "không tạo thêm gì" in again.getvalue()


def test_the_2023_decision_cites_the_law_of_its_own_date(seeded: str) -> None:
    decision = Decision.objects.get(year=2023)
    assert decision.status == DecisionStatus.REGISTERED
    assert decision.signed_on == dt.date(2023, 12, 20)
    assert decision.reference in seeded
    assert "Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003" in decision.legal_bases
    assert "91/2017/NĐ-CP" in decision.legal_bases
    assert "ngày 15 tháng 6 năm 2022" not in decision.legal_bases
    # paid at the base salary of 20/12/2023 (1,800,000) and the Nghị định 91/2017 multipliers
    assert set(decision.lines.exclude(amount=None).values_list("base_salary", flat=True)) == {1_800_000}
    assert Honour.objects.filter(decision=decision, year=2023).count() == decision.lines.count() > 0


def test_tieu_khu_8_is_merged_and_its_2023_honours_keep_its_name(seeded: str) -> None:
    tk8 = Unit.objects.select_related("merged_into").get(name="Tiểu khu 8")
    assert tk8.is_active is False
    assert tk8.merged_into is not None
    assert tk8.merged_into.name == "Tiểu khu 7"
    assert tk8.merged_on == dt.date(2025, 7, 1)
    assert User.objects.get(username="tk8").unit_memberships.get().unit == tk8.merged_into

    figures = yearend_figures(tk8.council, 2023)
    by_unit = {row.label: row.awarded for row in figures.by_unit.rows}
    assert by_unit["Tiểu khu 8"].collectives == 1  # Tiểu khu văn hoá 2023
    assert by_unit["Tiểu khu 8"].households == len(demo_data.HOUSEHOLDS_2023)
    # the school was renamed in 2025; its 2023 awards keep the name they were issued under
    assert by_unit["Trường Tiểu học thị trấn Hà Trung"].individuals == 2
    assert "Trường Tiểu học xã Hà Trung" not in by_unit


def test_the_award_types_follow_the_reorganisation(seeded: str) -> None:
    commune = Council.objects.get(name="Hội đồng Thi đua – Khen thưởng xã Hà Trung")
    gkh = AwardType.objects.get(council=commune, code="GKH")
    assert gkh.is_active is False
    assert gkh.parent_award_type is None
    gk = AwardType.objects.get(council=commune, code="GK")
    assert gk.name_vi == "Giấy khen của Chủ tịch Ủy ban nhân dân xã"
    assert not AwardType.objects.filter(council=commune, issuing_authority__contains="thị trấn").exists()


def test_reset_fills_the_shared_tables_again_after_the_flush() -> None:
    """``--reset`` flushes the database, which empties the dated legal bases that a migration
    filled; they are filled again (as migrate filled them), so the 2023 decision cites its law."""
    filled = sorted(LegalBasis.objects.values_list("family", "valid_from", "text"))
    assert filled
    LegalBasis.objects.all().delete()
    reseed_shared_tables()
    assert sorted(LegalBasis.objects.values_list("family", "valid_from", "text")) == filled
    reseed_shared_tables()  # idempotent
    assert LegalBasis.objects.count() == len(filled)
