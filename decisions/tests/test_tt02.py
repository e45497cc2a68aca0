"""Forms 0601 and 0603.N/BNV-TĐKT from seeded rows: the cells against figures written here."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from councils.models import CouncilLevel
from decisions.models import (
    Campaign,
    CampaignLevel,
    CampaignScope,
    CampaignWay,
    Decision,
    DecisionLine,
    DecisionStatus,
    Proposal,
    ProposalLine,
)
from decisions.tt02 import form_0601, form_0603
from nominations.models import AwardMethod, Collective, Nomination, NominationLine, NomineeKind, SubjectCategory
from printing.tt02 import campaign_duration_code, ministry_0603_column
from tests import factories

YEAR = 2023


def _line(world: Any, council: Any, award: Any, kind: str, subject: str, method: str, **nominee: Any) -> Any:
    round_ = factories.RoundFactory(council=council, year=YEAR)
    unit = factories.UnitFactory(council=council)
    nomination = Nomination.objects.create(round=round_, unit=unit, title="Đề nghị", created_by=world.secretariat)
    return NominationLine.objects.create(
        nomination=nomination,
        award_type=award,
        nominee_kind=kind,
        achievement="Hoàn thành xuất sắc nhiệm vụ",
        method=method,
        subject_category=subject,
        **nominee,
    )


def _decide(world: Any, council: Any, line: Any, *, status: str = DecisionStatus.REGISTERED, year: int = YEAR) -> None:
    decision = Decision.objects.create(
        council=council,
        round=line.nomination.round,
        year=year,
        subject="Về việc tặng Bằng khen",
        status=status,
        created_by=world.chairman,
    )
    DecisionLine.objects.create(decision=decision, line=line, position=1, achievement="x")


@pytest.fixture
def province(world: Any) -> Any:
    province = factories.CouncilFactory(name="Hội đồng TĐKT tỉnh Thanh Hoá", level=CouncilLevel.PROVINCE)
    award = factories.AwardTypeFactory(
        council=province, code="BKCT", name_vi="Bằng khen của Chủ tịch UBND tỉnh", for_collective=True
    )
    enterprise = Collective.objects.create(council=province, name="Công ty Cổ phần Hà Trung", is_enterprise=True)
    person = factories.PersonFactory()
    _decide(
        world,
        province,
        _line(
            world,
            province,
            award,
            NomineeKind.COLLECTIVE,
            SubjectCategory.COLLECTIVE,
            AwardMethod.REGULAR,
            collective=enterprise,
        ),
    )
    _decide(
        world,
        province,
        _line(
            world,
            province,
            award,
            NomineeKind.INDIVIDUAL,
            SubjectCategory.DIRECT_WORKER,
            AwardMethod.AD_HOC,
            person=person,
        ),
    )
    revoked = _line(
        world, province, award, NomineeKind.INDIVIDUAL, SubjectCategory.BUSINESS, AwardMethod.REGULAR, person=person
    )
    _decide(world, province, revoked, status=DecisionStatus.REVOKED)
    other_year = _line(
        world, province, award, NomineeKind.INDIVIDUAL, SubjectCategory.BUSINESS, AwardMethod.REGULAR, person=person
    )
    _decide(world, province, other_year, year=YEAR - 1)
    return province


def test_0603_of_a_province_counts_its_registered_lines_of_the_year(province: Any) -> None:
    form = form_0603(province, YEAR)
    assert [form.cell("01", c) for c in range(1, 6)] == [2, 2, 0, 0, 0]
    assert form.cell("02", 1) == 1
    assert form.cell("03", 2) == 1
    assert form.cell("04", 1) == 0
    assert form.cell("05", 1) == 1
    assert form.cell("10", 2) == 1
    assert form.cell("08", 1) == 0  # the revoked and the other year's business people
    assert form.cell("11", 1) == 1
    assert form.cell("13", 1) == 1
    assert form.cell("12", 1) == 0


def test_0603_of_a_commune_counts_what_its_proposals_forwarded(world: Any, province: Any) -> None:
    commune = world.council
    commune.parent = province
    commune.save()
    forwarded = DecisionLine.objects.filter(decision__council=province, decision__year=YEAR).order_by("pk").first()
    assert forwarded is not None
    session = _session(world)
    proposal = Proposal.objects.create(council=commune, parent=province, session=session, created_by=world.secretariat)
    own_line = _line(
        world,
        commune,
        world.gk,
        NomineeKind.INDIVIDUAL,
        SubjectCategory.DIRECT_WORKER,
        AwardMethod.REGULAR,
        person=factories.PersonFactory(),
    )
    ProposalLine.objects.create(proposal=proposal, line=own_line, forwarded_line=forwarded.line)
    form = form_0603(commune, YEAR)
    assert form.cell("01", 1) == 1
    assert form.cell("02", 2) == 1
    assert form_0603(other := world.other_council, YEAR).cell("01", 1) == 0, other
    # the province and its child: the province's own 2 (the forwarded one counted once)
    assert form_0603(province, YEAR, include_children=True).cell("01", 1) == 2


def _session(world: Any) -> Any:
    from django.utils import timezone

    from decisions.models import CouncilSession

    return CouncilSession.objects.create(
        council=world.council,
        round=world.round,
        held_at=timezone.now(),
        place="Hội trường",
        chair=world.chairman,
        secretary=world.secretariat,
        created_by=world.secretariat,
    )


def _campaign(council: Any, start: dt.date, end: dt.date, **fields: Any) -> Campaign:
    return Campaign.objects.create(council=council, name="Phong trào", starts_on=start, ends_on=end, **fields)


def test_0601_counts_the_campaigns_running_in_the_year(world: Any) -> None:
    council, child = world.council, factories.CouncilFactory(parent=world.council)
    _campaign(council, dt.date(2023, 1, 1), dt.date(2023, 12, 31))  # agency, regular, 1 year
    _campaign(
        council,
        dt.date(2021, 5, 1),
        dt.date(2025, 12, 31),
        launched_by=CampaignLevel.MINISTRY_PROVINCE,
        scope=CampaignScope.SECTOR_LOCALITY,
        way=CampaignWay.THEMATIC,
    )  # 4 years 8 months
    _campaign(council, dt.date(2023, 3, 1), dt.date(2023, 6, 30), way=CampaignWay.THEMATIC)  # under 1 year
    _campaign(council, dt.date(2022, 1, 1), dt.date(2022, 12, 31))  # another year: not counted
    _campaign(council, dt.date(2024, 1, 1), dt.date(2024, 12, 31))  # another year: not counted
    _campaign(child, dt.date(2023, 1, 1), dt.date(2027, 12, 31), scope=CampaignScope.CLUSTER_BLOC)  # 5 years
    form = form_0601(council, YEAR)
    assert [form.cell("01", c) for c in range(1, 5)] == [3, 0, 1, 2]
    assert [form.cell("03", c) for c in range(1, 5)] == [1, 0, 1, 0]
    assert [form.cell("05", c) for c in range(1, 5)] == [2, 0, 0, 2]
    assert form.cell("02", 1) == 0
    assert form.cell("04", 1) == 0
    assert (form.cell("06", 1), form.cell("07", 1), form.cell("08", 1), form.cell("09", 1), form.cell("10", 1)) == (
        1,
        1,
        0,
        1,
        0,
    )
    assert (form.cell("11", 1), form.cell("12", 1)) == (2, 1)
    summed = form_0601(council, YEAR, include_children=True)
    assert summed.cell("01", 1) == 4
    assert summed.cell("04", 4) == 1
    assert summed.cell("10", 4) == 1
    assert form_0601(child, YEAR).cell("01", 1) == 1


def test_an_empty_year_is_all_zero(world: Any) -> None:
    for form in (form_0601(world.council, 1999), form_0603(world.council, 1999)):
        assert all(value == 0 for row in form.rows for value in row.cells)
        assert all(len(row.cells) == len(form.columns) for row in form.rows if row.code)


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (dt.date(2023, 1, 1), dt.date(2023, 12, 30), "06"),
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31), "07"),
        (dt.date(2023, 3, 15), dt.date(2024, 3, 14), "07"),
        (dt.date(2023, 1, 1), dt.date(2024, 1, 1), "08"),
        (dt.date(2023, 1, 1), dt.date(2025, 12, 30), "08"),
        (dt.date(2023, 1, 1), dt.date(2025, 12, 31), "09"),
        (dt.date(2023, 1, 1), dt.date(2027, 12, 30), "09"),
        (dt.date(2023, 1, 1), dt.date(2027, 12, 31), "10"),
        (dt.date(2024, 2, 29), dt.date(2025, 2, 27), "07"),
    ],
)
def test_campaign_duration_rule_at_its_edges(start: dt.date, end: dt.date, code: str) -> None:
    assert campaign_duration_code(start, end) == code


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("Bằng khen của Chủ tịch UBND tỉnh", 2),
        ("Danh hiệu Chiến sĩ thi đua cấp tỉnh", 3),
        ("Cờ thi đua của UBND tỉnh", 4),
        ("Kỷ niệm chương Vì sự nghiệp giáo dục", 5),
        ("Huy hiệu Tuổi trẻ dũng cảm", 5),
        ("Giấy khen", None),
    ],
)
def test_ministry_0603_column(name: str, column: int | None) -> None:
    assert ministry_0603_column(name) == column


@pytest.mark.parametrize(("form", "fmt"), [("0601", "pdf"), ("0601", "xlsx"), ("0603", "pdf"), ("0603", "xlsx")])
def test_the_files_are_the_secretariat_s_only(client: Any, world: Any, form: str, fmt: str) -> None:
    from django.urls import reverse

    _campaign(world.council, dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    url = reverse("documents:yearend_tt02", kwargs={"year": YEAR, "form": form, "fmt": fmt})
    url += f"?council={world.council.pk}&children=1"
    client.force_login(world.unit_a_user)
    assert client.get(url).status_code == 404
    client.force_login(world.secretariat)
    response = client.get(url)
    assert response.status_code == 200
    assert f'filename="bieu-{form}-{YEAR}-cong-cap-duoi.{fmt}"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF" if fmt == "pdf" else b"PK")
    bad = reverse("documents:yearend_tt02", kwargs={"year": YEAR, "form": "0602", "fmt": fmt})
    assert client.get(bad).status_code == 404


def test_yearend_page_links_the_forms(client: Any, world: Any) -> None:
    factories.CouncilFactory(parent=world.council)
    client.force_login(world.secretariat)
    page = client.get("/yearend/?year=2023").content.decode()
    assert "Biểu 0601 (PDF)" in page
    assert "Biểu 0603 (Excel)" in page
    assert 'name="children"' in page


def test_campaign_services_admin_only(world: Any) -> None:
    from decisions import campaign_services

    with pytest.raises(PermissionError):
        campaign_services.campaign_create(
            actor=world.secretariat,
            council=world.council,
            name="X",
            starts_on=dt.date(2023, 1, 1),
            ends_on=dt.date(2023, 12, 31),
        )
    campaign = campaign_services.campaign_create(
        actor=world.admin,
        council=world.council,
        name="  Phong trào   thi đua  ",
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 12, 31),
        rounds=[world.round, world.other_round],
    )
    assert campaign.name == "Phong trào thi đua"
    assert list(campaign.rounds.all()) == [world.round]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        campaign_services.campaign_update(actor=world.admin, campaign=campaign, ends_on=dt.date(2022, 1, 1))
    campaign_services.campaign_delete(actor=world.admin, campaign=campaign)
    assert not Campaign.objects.exists()
