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
from nominations.models import (
    AwardMethod,
    AwardType,
    Collective,
    MinistryAwardColumn,
    Nomination,
    NominationLine,
    NomineeKind,
    SubjectCategory,
)
from printing.tt02 import campaign_duration_code
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
        council=province,
        code="BKCT",
        name_vi="Bằng khen của Chủ tịch UBND tỉnh",
        for_collective=True,
        ministry_0603_column=MinistryAwardColumn.COMMENDATION,
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


def _migration() -> Any:
    import importlib

    return importlib.import_module("nominations.migrations.0019_award_type_ministry_column")


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("Bằng khen của Chủ tịch UBND tỉnh", "bang_khen"),
        ("  Bằng   khen của Chủ tịch UBND tỉnh", "bang_khen"),
        ("Danh hiệu Chiến sĩ thi đua cấp tỉnh", "chien_si_thi_dua"),
        ("Cờ thi đua của UBND tỉnh", "co_thi_dua"),
        ("Kỷ niệm chương Vì sự nghiệp giáo dục", "huy_hieu"),
        ("Huy hiệu Tuổi trẻ dũng cảm", "huy_hieu"),
        ("Giấy khen", ""),
    ],
)
def test_the_migration_takes_the_column_the_name_gave(name: str, column: str) -> None:
    assert _migration().column_from_name(name) == column
    assert column == "" or column in MinistryAwardColumn.values


def test_the_migration_fills_only_the_award_types_that_reach_0603(world: Any) -> None:
    from django.apps import apps
    from django.db import connection

    province = factories.CouncilFactory(level=CouncilLevel.PROVINCE)
    flag = factories.AwardTypeFactory(council=province, code="CTD", name_vi="Cờ thi đua của UBND tỉnh")
    proposed_up = factories.AwardTypeFactory(
        council=world.council,
        code="BKT",
        name_vi="Bằng khen của Chủ tịch UBND tỉnh",
        deciding_level=CouncilLevel.PROVINCE,
    )
    own = factories.AwardTypeFactory(council=world.council, code="CSTDCS", name_vi="Chiến sĩ thi đua cơ sở")
    _migration().fill_from_name(apps, type("Editor", (), {"connection": connection})())
    columns = dict(AwardType.objects.values_list("pk", "ministry_0603_column"))
    assert columns[flag.pk] == "co_thi_dua"
    assert columns[proposed_up.pk] == "bang_khen"
    assert columns[own.pk] == ""  # the commune's own title is not the province's emulation fighter
    assert columns[world.gk.pk] == ""


def test_0603_reads_the_award_types_column_not_its_name(world: Any) -> None:
    province = factories.CouncilFactory(level=CouncilLevel.PROVINCE)
    prize = factories.AwardTypeFactory(
        council=province,
        code="PTCQ",
        name_vi="Phần thưởng cao quý của tỉnh",
        deciding_level=CouncilLevel.PROVINCE,
        ministry_0603_column=MinistryAwardColumn.BADGE,
    )
    unreported = factories.AwardTypeFactory(
        council=province,
        code="BKC",
        name_vi="Bằng khen của Chủ tịch UBND tỉnh (mẫu cũ)",
        deciding_level=CouncilLevel.PROVINCE,
    )
    for award in (prize, prize, unreported):
        person = factories.PersonFactory()
        line = _line(
            world,
            province,
            award,
            NomineeKind.INDIVIDUAL,
            SubjectCategory.DIRECT_WORKER,
            AwardMethod.REGULAR,
            person=person,
        )
        _decide(world, province, line)
    form = form_0603(province, YEAR)
    assert [form.cell("01", c) for c in range(1, 6)] == [2, 0, 0, 0, 2]
    assert [form.cell("05", c) for c in range(1, 6)] == [2, 0, 0, 0, 2]
    assert [form.cell("10", c) for c in range(1, 6)] == [2, 0, 0, 0, 2]
    assert [form.cell("11", c) for c in range(1, 6)] == [2, 0, 0, 0, 2]


def _forward(world: Any, up: Any, line: Any, award: Any) -> Any:
    """``line`` proposed by its council to ``up``, where it becomes a line of ``award``."""
    council = line.nomination.round.council
    proposal = Proposal.objects.create(
        council=council, parent=up, session=_session(world), created_by=world.secretariat
    )
    nominee = {"person": line.person} if line.person_id else {"collective": line.collective}
    upper = _line(world, up, award, line.nominee_kind, line.subject_category, line.method, **nominee)
    ProposalLine.objects.create(proposal=proposal, line=line, forwarded_line=upper)
    return upper


@pytest.fixture
def chain(world: Any) -> Any:
    """Province ← district ← commune (``world.council``) ← school council, and lines that went
    up through them: the commune's and the school's through every council between, one of the
    school's straight to the province (sent before the school's council was put under the
    commune's), and the province's own."""
    province = factories.CouncilFactory(name="Hội đồng TĐKT tỉnh Thanh Hoá", level=CouncilLevel.PROVINCE)
    district = factories.CouncilFactory(
        name="Hội đồng TĐKT huyện Hà Trung", level=CouncilLevel.DISTRICT, parent=province
    )
    commune = world.council
    commune.parent = district
    commune.save()
    school = factories.CouncilFactory(name="Hội đồng TĐKT Trường THCS thị trấn Hà Trung", parent=commune)
    # only the province's award type has the column: what counts is the award as decided
    bk = factories.AwardTypeFactory(
        council=province,
        code="BK",
        name_vi="Bằng khen của Chủ tịch UBND tỉnh",
        for_collective=True,
        deciding_level=CouncilLevel.PROVINCE,
        ministry_0603_column=MinistryAwardColumn.COMMENDATION,
    )
    prize = factories.AwardTypeFactory(
        council=province,
        code="PTCQ",
        name_vi="Phần thưởng cao quý của tỉnh",
        deciding_level=CouncilLevel.PROVINCE,
        ministry_0603_column=MinistryAwardColumn.BADGE,
    )

    def proposed(council: Any, code: str, parent: Any) -> Any:
        return factories.AwardTypeFactory(
            council=council,
            code=code,
            name_vi="Bằng khen của Chủ tịch UBND tỉnh",
            for_collective=True,
            deciding_level=CouncilLevel.PROVINCE,
            parent_award_type=parent,
        )

    bkt_district = proposed(district, "BKT", bk)
    bkt_commune = proposed(commune, "BKT", bkt_district)
    bkt_school = proposed(school, "BKT", bkt_commune)

    def up_to_province(line: Any) -> Any:
        if line.nomination.round.council_id == school.pk:
            line = _forward(world, commune, line, bkt_commune)
        return _forward(world, province, _forward(world, district, line, bkt_district), bk)

    def person_line(council: Any, award: Any, subject: str, method: str) -> Any:
        person = factories.PersonFactory()
        return _line(world, council, award, NomineeKind.INDIVIDUAL, subject, method, person=person)

    worker, leader = SubjectCategory.DIRECT_WORKER, SubjectCategory.LEADER_OTHER
    for _ in range(2):  # the commune's two workers, decided
        _decide(world, province, up_to_province(person_line(commune, bkt_commune, worker, AwardMethod.REGULAR)))
    team = Collective.objects.create(council=school, name="Tổ Toán – Tin")
    school_team = _line(
        world,
        school,
        bkt_school,
        NomineeKind.COLLECTIVE,
        SubjectCategory.COLLECTIVE,
        AwardMethod.THEMATIC,
        collective=team,
    )
    _decide(world, province, up_to_province(school_team))
    up_to_province(person_line(commune, bkt_commune, worker, AwardMethod.REGULAR))  # not decided yet
    revoked = up_to_province(person_line(commune, bkt_commune, worker, AwardMethod.REGULAR))
    _decide(world, province, revoked, status=DecisionStatus.REVOKED)
    straight = _forward(world, province, person_line(school, bkt_school, leader, AwardMethod.AD_HOC), bk)
    _decide(world, province, straight)
    own = person_line(province, prize, SubjectCategory.LEADER_DEPARTMENT, AwardMethod.SENIORITY)
    _decide(world, province, own)
    return type("Chain", (), {"province": province, "district": district, "commune": commune, "school": school})


def _cells(form: Any, code: str) -> list[int]:
    return [form.cell(code, column) for column in range(1, 6)]


def test_0603_follows_a_line_forwarded_through_every_council_between(chain: Any) -> None:
    commune = form_0603(chain.commune, YEAR)  # its two workers and the school's team, via the district
    assert _cells(commune, "01") == [3, 3, 0, 0, 0]
    assert _cells(commune, "02") == [1, 1, 0, 0, 0]
    assert _cells(commune, "05") == [2, 2, 0, 0, 0]
    assert _cells(commune, "10") == [2, 2, 0, 0, 0]
    assert _cells(commune, "11") == [2, 2, 0, 0, 0]
    assert _cells(commune, "12") == [1, 1, 0, 0, 0]
    district = form_0603(chain.district, YEAR)
    assert _cells(district, "01") == [3, 3, 0, 0, 0]
    school = form_0603(chain.school, YEAR)  # its team (three hops) and its leader (one)
    assert _cells(school, "01") == [2, 2, 0, 0, 0]
    assert _cells(school, "02") == [1, 1, 0, 0, 0]
    assert _cells(school, "09") == [1, 1, 0, 0, 0]
    assert _cells(school, "13") == [1, 1, 0, 0, 0]
    province = form_0603(chain.province, YEAR)  # the four above and its own prize
    assert _cells(province, "01") == [5, 4, 0, 0, 1]
    assert _cells(province, "07") == [1, 0, 0, 0, 1]
    assert _cells(province, "16") == [1, 0, 0, 0, 1]


def test_0603_with_children_sums_over_every_descendant_once(chain: Any) -> None:
    # the school's leader went straight to the province: only the grandchild brings it in
    assert _cells(form_0603(chain.district, YEAR, include_children=True), "01") == [4, 4, 0, 0, 0]
    assert _cells(form_0603(chain.district, YEAR, include_children=True), "09") == [1, 1, 0, 0, 0]
    assert _cells(form_0603(chain.commune, YEAR, include_children=True), "01") == [4, 4, 0, 0, 0]
    assert _cells(form_0603(chain.province, YEAR, include_children=True), "01") == [5, 4, 0, 0, 1]


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


def test_the_setup_form_shows_the_column_and_the_service_stores_it(world: Any) -> None:
    from nominations import award_services
    from nominations.award_forms import AwardTypeForm

    form = AwardTypeForm(councils=None, award_type=world.gk, initial=AwardTypeForm.initial_for(world.gk))
    field = form.fields["ministry_0603_column"]
    assert list(field.choices)[0] == ("", "Không báo cáo trong mẫu 0603")  # type: ignore[attr-defined]
    assert ("co_thi_dua", "Cờ thi đua") in list(field.choices)  # type: ignore[attr-defined]
    assert "Biểu 0603.N/BNV-TĐKT" in str(field.help_text)
    award_services.award_type_update(
        actor=world.admin, award_type=world.gk, ministry_0603_column=MinistryAwardColumn.EMULATION_FLAG
    )
    world.gk.refresh_from_db()
    assert world.gk.ministry_0603_column == "co_thi_dua"
