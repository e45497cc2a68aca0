"""Seed values of the demo database built by ``manage.py seed_demo``.

Plain data only: the councils of Hà Trung as they were in 2023 (town → district →
province), their units, award types with their money history, the logins, people,
households and the dossiers that the command drives through the flow services; then
what changed on 1 July 2025, when the districts went and the town became a commune
(xã) directly under the province (``REORGANISATION``), and today's dossiers on that
commune.  The unit seeds hold the 2023 names ("… thị trấn Hà Trung"); the texts of
today's dossiers, people and households say "xã Hà Trung".  Names of the
quarters come from the town's 2023 report (``Tiểu khu 2``, ``Tiểu khu Tương Lạc``,
``Tiểu khu Trang Các``, ``TK 5, 6``); the other quarters are numbered.  People and
households are invented.  Texts containing ``{year}`` are formatted with the
year of their round.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from common.text import fold
from councils.models import CouncilLevel, CouncilRole, UnitKind
from nominations.models import (
    AwardKind,
    AwardMethod,
    DocumentKind,
    Gender,
    MinistryAwardColumn,
    NomineeKind,
    SubjectCategory,
    ThresholdBase,
    ThresholdComparison,
)

PASSWORD = "demo12345"  # noqa: S105  the demo logins' documented password (README), demo data only

# --- Councils and units ---------------------------------------------------------


@dataclass(frozen=True)
class CouncilSeed:
    key: str
    name: str
    level: str
    locality: str
    place_name: str
    issuing_body: str
    parent: str = ""


PROVINCE, DISTRICT, TOWN = "province", "district", "town"

COUNCILS = (
    CouncilSeed(
        key=PROVINCE,
        name="Hội đồng Thi đua – Khen thưởng tỉnh Thanh Hoá",
        level=CouncilLevel.PROVINCE,
        locality="tỉnh Thanh Hoá",
        place_name="Thanh Hoá",
        issuing_body="Ủy ban nhân dân tỉnh Thanh Hoá",
    ),
    CouncilSeed(
        key=DISTRICT,
        name="Hội đồng Thi đua – Khen thưởng huyện Hà Trung",
        level=CouncilLevel.DISTRICT,
        locality="huyện Hà Trung",
        place_name="Hà Trung",
        issuing_body="Ủy ban nhân dân huyện Hà Trung",
        parent=PROVINCE,
    ),
    CouncilSeed(
        key=TOWN,
        name="Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung",
        level=CouncilLevel.COMMUNE,
        locality="thị trấn Hà Trung",
        place_name="Hà Trung",
        issuing_body="Ủy ban nhân dân thị trấn Hà Trung",
        parent=DISTRICT,
    ),
)


@dataclass(frozen=True)
class UnitSeed:
    key: str
    council: str
    name: str
    kind: str
    staff_count: int
    household_count: int = 0


# staff_count: officers for an office or school, members for a union or a party
# cell, the quarter's officers (ban điều hành, chi hội trưởng) for a quarter.
# The quarters' households add up to about 2,900, the town's figure.
UNITS = (
    UnitSeed("tk1", TOWN, "Tiểu khu 1", UnitKind.QUARTER, 18, 296),
    UnitSeed("tk2", TOWN, "Tiểu khu 2", UnitKind.QUARTER, 16, 284),
    UnitSeed("tk3", TOWN, "Tiểu khu 3", UnitKind.QUARTER, 15, 301),
    UnitSeed("tk4", TOWN, "Tiểu khu 4", UnitKind.QUARTER, 17, 278),
    UnitSeed("tk5", TOWN, "Tiểu khu 5", UnitKind.QUARTER, 16, 292),
    UnitSeed("tk6", TOWN, "Tiểu khu 6", UnitKind.QUARTER, 15, 287),
    UnitSeed("tk7", TOWN, "Tiểu khu 7", UnitKind.QUARTER, 14, 270),
    UnitSeed("tk8", TOWN, "Tiểu khu 8", UnitKind.QUARTER, 15, 283),
    UnitSeed("tuonglac", TOWN, "Tiểu khu Tương Lạc", UnitKind.QUARTER, 18, 312),
    UnitSeed("trangcac", TOWN, "Tiểu khu Trang Các", UnitKind.QUARTER, 19, 305),
    UnitSeed("mamnon", TOWN, "Trường Mầm non thị trấn Hà Trung", UnitKind.SCHOOL, 34),
    UnitSeed("tieuhoc", TOWN, "Trường Tiểu học thị trấn Hà Trung", UnitKind.SCHOOL, 38),
    UnitSeed("thcs", TOWN, "Trường THCS thị trấn Hà Trung", UnitKind.SCHOOL, 41),
    UnitSeed("tramyte", TOWN, "Trạm Y tế thị trấn Hà Trung", UnitKind.HEALTH, 9),
    UnitSeed("mttq", TOWN, "Ủy ban MTTQ Việt Nam thị trấn Hà Trung", UnitKind.ORGANISATION, 31),
    UnitSeed("doantn", TOWN, "Đoàn Thanh niên thị trấn Hà Trung", UnitKind.ORGANISATION, 415),
    UnitSeed("phunu", TOWN, "Hội Liên hiệp Phụ nữ thị trấn Hà Trung", UnitKind.ORGANISATION, 1860),
    UnitSeed("nongdan", TOWN, "Hội Nông dân thị trấn Hà Trung", UnitKind.ORGANISATION, 640),
    UnitSeed("ccb", TOWN, "Hội Cựu chiến binh thị trấn Hà Trung", UnitKind.ORGANISATION, 365),
    UnitSeed("congan", TOWN, "Công an thị trấn Hà Trung", UnitKind.POLICE, 14),
    UnitSeed("quansu", TOWN, "Ban Chỉ huy quân sự thị trấn Hà Trung", UnitKind.MILITARY, 6),
    UnitSeed("vanphong", TOWN, "Văn phòng HĐND và UBND thị trấn Hà Trung", UnitKind.AGENCY, 22),
    UnitSeed("cb_coquan", TOWN, "Chi bộ Cơ quan thị trấn", UnitKind.PARTY_CELL, 27),
    UnitSeed("cb_tk1", TOWN, "Chi bộ Tiểu khu 1", UnitKind.PARTY_CELL, 58),
    UnitSeed("cb_trangcac", TOWN, "Chi bộ Tiểu khu Trang Các", UnitKind.PARTY_CELL, 64),
    UnitSeed("cb_thcs", TOWN, "Chi bộ Trường THCS thị trấn Hà Trung", UnitKind.PARTY_CELL, 19),
    UnitSeed("cb_congan", TOWN, "Chi bộ Công an thị trấn", UnitKind.PARTY_CELL, 11),
    UnitSeed("h_ubndtt", DISTRICT, "Ủy ban nhân dân thị trấn Hà Trung", UnitKind.AGENCY, 22),
    UnitSeed("h_halong", DISTRICT, "Ủy ban nhân dân xã Hà Long", UnitKind.AGENCY, 20),
    UnitSeed("h_thpt", DISTRICT, "Trường THPT Hà Trung", UnitKind.SCHOOL, 76),
    UnitSeed("h_pgd", DISTRICT, "Phòng Giáo dục và Đào tạo huyện Hà Trung", UnitKind.AGENCY, 11),
    UnitSeed("h_ttyt", DISTRICT, "Trung tâm Y tế huyện Hà Trung", UnitKind.HEALTH, 185),
)

# --- Award types and money --------------------------------------------------------


@dataclass(frozen=True)
class RateSeed:
    nominee_kind: str
    multiplier: Decimal
    valid_from: dt.date


@dataclass(frozen=True)
class AwardTypeSeed:
    council: str
    code: str
    name_vi: str
    name_en: str
    kind: str
    deciding_level: str
    issuing_authority: str
    required_documents: tuple[str, ...]
    for_individual: bool = False
    for_collective: bool = False
    for_household: bool = False
    needs_vote: bool = True
    carries_money: bool = True
    threshold_share: Decimal = Decimal("50")
    threshold_comparison: str = ThresholdComparison.GREATER
    threshold_base: str = ThresholdBase.ALL_MEMBERS
    rates: tuple[RateSeed, ...] = ()
    # The code of the parent council's award type a line proposed upward becomes.
    parent_code: str = ""
    # Its column of form 0603 (awards decided at province level); blank: not reported there.
    ministry_0603_column: str = ""


# Nghị định 91/2017/NĐ-CP in force; Nghị định 98/2023 (with the 2022 law, from 1 Jan 2024) kept
# these multipliers, so one rate from 2017 serves both: a 2023 decision is paid at its own date.
DECREE_91 = dt.date(2017, 7, 31)
DECREE_152 = dt.date(2025, 7, 1)  # Nghị định 152/2025/NĐ-CP, two-tier local government

DOCS_TITLE = (DocumentKind.COVER_LETTER, DocumentKind.ACHIEVEMENT_REPORT, DocumentKind.REVIEW_MINUTES)
TOWN_CHAIRMAN = "Chủ tịch Ủy ban nhân dân thị trấn Hà Trung"
COMMUNE_CHAIRMAN = "Chủ tịch Ủy ban nhân dân xã Hà Trung"  # from 1 July 2025
DISTRICT_CHAIRMAN = "Chủ tịch Ủy ban nhân dân huyện Hà Trung"
PROVINCE_CHAIRMAN = "Chủ tịch Ủy ban nhân dân tỉnh Thanh Hoá"


def _rate(kind: str, multiplier: str, valid_from: dt.date) -> RateSeed:
    return RateSeed(kind, Decimal(multiplier), valid_from)


IND, COL, HH = NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE, NomineeKind.HOUSEHOLD

AWARD_TYPES = (
    # The town (commune level): the table of domain.md.
    AwardTypeSeed(
        council=TOWN,
        code="LDTT",
        name_vi="Lao động tiên tiến",
        name_en="Advanced worker",
        kind=AwardKind.TITLE,
        deciding_level=CouncilLevel.COMMUNE,
        issuing_authority=TOWN_CHAIRMAN,
        required_documents=DOCS_TITLE,
        for_individual=True,
        rates=(_rate(IND, "0.3", DECREE_91),),
    ),
    AwardTypeSeed(
        council=TOWN,
        code="CSTDCS",
        name_vi="Chiến sĩ thi đua cơ sở",
        name_en="Grassroots emulation fighter",
        kind=AwardKind.TITLE,
        deciding_level=CouncilLevel.COMMUNE,
        issuing_authority=TOWN_CHAIRMAN,
        required_documents=(*DOCS_TITLE, DocumentKind.INITIATIVE_PROOF),
        for_individual=True,
        threshold_share=Decimal("70"),
        threshold_comparison=ThresholdComparison.AT_LEAST,
        rates=(_rate(IND, "1.0", DECREE_91),),
    ),
    AwardTypeSeed(
        council=TOWN,
        code="TTLDTT",
        name_vi="Tập thể lao động tiên tiến",
        name_en="Advanced collective",
        kind=AwardKind.TITLE,
        deciding_level=CouncilLevel.COMMUNE,
        issuing_authority=TOWN_CHAIRMAN,
        required_documents=DOCS_TITLE,
        for_collective=True,
        rates=(_rate(COL, "0.8", DECREE_91),),
    ),
    AwardTypeSeed(
        council=TOWN,
        code="GDVH",
        name_vi="Gia đình văn hoá",
        name_en="Cultural family",
        kind=AwardKind.TITLE,
        deciding_level=CouncilLevel.COMMUNE,
        issuing_authority=TOWN_CHAIRMAN,
        required_documents=(DocumentKind.POSTING_RESULT, DocumentKind.REVIEW_MINUTES),
        for_household=True,
        needs_vote=False,  # settled by the quarter's meeting and the 10-day posting
        carries_money=False,
    ),
    AwardTypeSeed(
        council=TOWN,
        code="TDPVH",
        name_vi="Tiểu khu văn hoá",
        name_en="Cultural residential quarter",
        kind=AwardKind.TITLE,
        deciding_level=CouncilLevel.COMMUNE,
        issuing_authority=TOWN_CHAIRMAN,
        required_documents=(
            DocumentKind.COVER_LETTER,
            DocumentKind.ACHIEVEMENT_REPORT,
            DocumentKind.POSTING_RESULT,
        ),
        for_collective=True,
        rates=(_rate(COL, "1.5", DECREE_91),),
    ),
    AwardTypeSeed(
        council=TOWN,
        code="GK",
        name_vi="Giấy khen của Chủ tịch Ủy ban nhân dân thị trấn",
        name_en="Certificate of merit of the town chairman",
        kind=AwardKind.COMMENDATION,
        deciding_level=CouncilLevel.COMMUNE,
        issuing_authority=TOWN_CHAIRMAN,
        required_documents=DOCS_TITLE,
        for_individual=True,
        for_collective=True,
        for_household=True,
        rates=(
            _rate(IND, "0.15", DECREE_91),
            _rate(IND, "0.3", DECREE_152),
            _rate(COL, "0.3", DECREE_91),
            _rate(COL, "0.6", DECREE_152),
            _rate(HH, "0.45", DECREE_152),
        ),
    ),
    # Proposed upward by the town; the deciding council pays, so no rates here.
    AwardTypeSeed(
        council=TOWN,
        code="GKH",
        name_vi="Giấy khen của Chủ tịch Ủy ban nhân dân huyện",
        name_en="Certificate of merit of the district chairman",
        kind=AwardKind.COMMENDATION,
        deciding_level=CouncilLevel.DISTRICT,
        issuing_authority=DISTRICT_CHAIRMAN,
        required_documents=DOCS_TITLE,
        for_individual=True,
        for_collective=True,
        parent_code="GK",  # the district's own code for its chairman's certificate of merit
    ),
    AwardTypeSeed(
        council=TOWN,
        code="BKT",
        name_vi="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        name_en="Certificate of merit of the provincial chairman",
        kind=AwardKind.COMMENDATION,
        deciding_level=CouncilLevel.PROVINCE,
        issuing_authority=PROVINCE_CHAIRMAN,
        required_documents=DOCS_TITLE,
        for_individual=True,
        for_collective=True,
        parent_code="BKT",  # until 2025 through the district, which proposed it on to the province
        ministry_0603_column=MinistryAwardColumn.COMMENDATION,
    ),
    # The district (until the district level ended on 1 July 2025).
    AwardTypeSeed(
        council=DISTRICT,
        code="GK",
        name_vi="Giấy khen của Chủ tịch Ủy ban nhân dân huyện",
        name_en="Certificate of merit of the district chairman",
        kind=AwardKind.COMMENDATION,
        deciding_level=CouncilLevel.DISTRICT,
        issuing_authority=DISTRICT_CHAIRMAN,
        required_documents=DOCS_TITLE,
        for_individual=True,
        for_collective=True,
        rates=(_rate(IND, "0.15", DECREE_91), _rate(COL, "0.3", DECREE_91)),
    ),
    AwardTypeSeed(
        council=DISTRICT,
        code="CSTDCS",
        name_vi="Chiến sĩ thi đua cơ sở",
        name_en="Grassroots emulation fighter",
        kind=AwardKind.TITLE,
        deciding_level=CouncilLevel.DISTRICT,
        issuing_authority=DISTRICT_CHAIRMAN,
        required_documents=(*DOCS_TITLE, DocumentKind.INITIATIVE_PROOF),
        for_individual=True,
        threshold_share=Decimal("70"),
        threshold_comparison=ThresholdComparison.AT_LEAST,
        rates=(_rate(IND, "1.0", DECREE_91),),
    ),
    AwardTypeSeed(
        council=DISTRICT,
        code="TTLDTT",
        name_vi="Tập thể lao động tiên tiến",
        name_en="Advanced collective",
        kind=AwardKind.TITLE,
        deciding_level=CouncilLevel.DISTRICT,
        issuing_authority=DISTRICT_CHAIRMAN,
        required_documents=DOCS_TITLE,
        for_collective=True,
        rates=(_rate(COL, "0.8", DECREE_91),),
    ),
    AwardTypeSeed(
        council=DISTRICT,
        code="BKT",
        name_vi="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        name_en="Certificate of merit of the provincial chairman",
        kind=AwardKind.COMMENDATION,
        deciding_level=CouncilLevel.PROVINCE,
        issuing_authority=PROVINCE_CHAIRMAN,
        required_documents=DOCS_TITLE,
        for_individual=True,
        for_collective=True,
        parent_code="BK",  # the province's own code
        ministry_0603_column=MinistryAwardColumn.COMMENDATION,
    ),
    # The province: its chairman's Bằng khen, under its own code (a commune's "BKT" maps to it
    # explicitly, ``REORGANISATION.commune_award_parents``).
    AwardTypeSeed(
        council=PROVINCE,
        code="BK",
        name_vi="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        name_en="Certificate of merit of the provincial chairman",
        kind=AwardKind.COMMENDATION,
        deciding_level=CouncilLevel.PROVINCE,
        issuing_authority=PROVINCE_CHAIRMAN,
        required_documents=DOCS_TITLE,
        for_individual=True,
        for_collective=True,
        rates=(_rate(IND, "1.0", DECREE_91), _rate(COL, "2.0", DECREE_91)),
        ministry_0603_column=MinistryAwardColumn.COMMENDATION,
    ),
)

# Mức lương cơ sở (đồng) and the date each applies from.
BASE_SALARIES = (
    (1_800_000, dt.date(2023, 7, 1)),
    (2_340_000, dt.date(2024, 7, 1)),
    (2_530_000, dt.date(2026, 7, 1)),
)

# --- Rounds ---------------------------------------------------------------------

ROUND_NAME = "Xét khen thưởng tổng kết năm {year}"
# The town's commune-level types are offered; CSTDCS is capped per unit.
ROUND_AWARD_CODES = ("LDTT", "CSTDCS", "TTLDTT", "GDVH", "TDPVH", "GK")
ROUND_QUOTA_PERCENT = {"CSTDCS": Decimal("15")}

# --- Logins -------------------------------------------------------------------


@dataclass(frozen=True)
class RoleSeed:
    council: str
    role: str
    position: str = ""
    unit: str = ""  # the member's own unit (a member is recused from its lines)


@dataclass(frozen=True)
class UserSeed:
    username: str
    family_and_middle: str  # last_name
    given: str  # first_name
    council_roles: tuple[RoleSeed, ...] = ()
    units: tuple[str, ...] = ()
    superuser: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.family_and_middle} {self.given}"


USERS = (
    UserSeed(
        "admin",
        "Lê Minh",
        "Tuấn",
        (RoleSeed(TOWN, CouncilRole.ADMIN, "Quản trị hệ thống", "vanphong"),),
        superuser=True,
    ),
    UserSeed(
        "thuky",
        "Phạm Thị Thu",
        "Hà",
        (RoleSeed(TOWN, CouncilRole.SECRETARIAT, "Công chức Văn phòng – Thống kê, thư ký Hội đồng", "vanphong"),),
    ),
    UserSeed(
        "thuky2",
        "Đỗ Văn",
        "Nam",
        (RoleSeed(TOWN, CouncilRole.SECRETARIAT, "Công chức Văn hoá – Xã hội, thường trực Hội đồng", "vanphong"),),
    ),
    UserSeed(
        "chutich",
        "Trịnh Văn",
        "Hùng",
        (RoleSeed(TOWN, CouncilRole.CHAIRMAN, "Chủ tịch UBND xã, Chủ tịch Hội đồng"),),
    ),
    UserSeed(
        "uyvien1",
        "Hoàng Văn",
        "Sơn",
        (RoleSeed(TOWN, CouncilRole.MEMBER, "Chủ tịch Ủy ban MTTQ xã, Phó Chủ tịch Hội đồng", "mttq"),),
    ),
    UserSeed(
        "uyvien2",
        "Mai Thị",
        "Hương",
        (RoleSeed(TOWN, CouncilRole.MEMBER, "Chủ tịch Hội Liên hiệp Phụ nữ xã, ủy viên", "phunu"),),
    ),
    UserSeed(
        "uyvien3",
        "Lê Văn",
        "Đạt",
        (RoleSeed(TOWN, CouncilRole.MEMBER, "Bí thư Đoàn Thanh niên xã, ủy viên", "doantn"),),
    ),
    UserSeed(
        "uyvien4",
        "Mai Xuân",
        "Trường",
        (RoleSeed(TOWN, CouncilRole.MEMBER, "Phó Chủ tịch UBND xã, Phó Chủ tịch Hội đồng"),),
    ),
    UserSeed(
        "uyvien5",
        "Nguyễn Văn",
        "Quyết",
        (RoleSeed(TOWN, CouncilRole.MEMBER, "Trưởng Công an xã, ủy viên", "congan"),),
    ),
    UserSeed("tk1", "Lê Văn", "Bảy", units=("tk1",)),
    UserSeed("tk2", "Hoàng Văn", "Lợi", units=("tk2",)),
    # Tiểu khu 8's office until the 2025 merger; the merger moved the account to Tiểu khu 7.
    UserSeed("tk8", "Hà Văn", "Thuận", units=("tk8",)),
    UserSeed("trangcac", "Cù Văn", "Thịnh", units=("trangcac",)),
    UserSeed("mamnon", "Nguyễn Thị", "Hằng", units=("mamnon",)),
    UserSeed("tieuhoc", "Lê Thị Kim", "Oanh", units=("tieuhoc",)),
    UserSeed("thcs", "Mai Thị Thanh", "Tâm", units=("thcs",)),
    UserSeed("tramyte", "Đỗ Thị", "Hạnh", units=("tramyte",)),
    UserSeed("phunu", "Đinh Thị Thu", "Hường", units=("phunu",)),
    UserSeed("congan", "Lê Văn", "Hải", units=("congan",)),
    UserSeed(
        "thuky_huyen",
        "Nguyễn Thị",
        "Phượng",
        (RoleSeed(DISTRICT, CouncilRole.SECRETARIAT, "Chuyên viên Phòng Nội vụ huyện, thường trực Hội đồng"),),
    ),
    UserSeed("ubndtt", "Lê Thị Bích", "Ngọc", units=("h_ubndtt",)),
    # The province: its admin (who also sets up the communes below it) and the secretariat that
    # receives the commune's proposals since there is no district in between.
    UserSeed(
        "quantri_tinh",
        "Lê Quang",
        "Vinh",
        (RoleSeed(PROVINCE, CouncilRole.ADMIN, "Chuyên viên Ban Thi đua – Khen thưởng, Sở Nội vụ tỉnh"),),
    ),
    UserSeed(
        "thuky_tinh",
        "Trần Thị",
        "Thanh",
        (RoleSeed(PROVINCE, CouncilRole.SECRETARIAT, "Chuyên viên Ban Thi đua – Khen thưởng, thường trực Hội đồng"),),
    ),
)

# --- People -----------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSeed:
    full_name: str
    birth_date: dt.date
    gender: str
    position: str
    unit: str


M, F = Gender.MALE, Gender.FEMALE


def _p(name: str, born: str, gender: str, position: str, unit: str) -> PersonSeed:
    return PersonSeed(name, dt.date.fromisoformat(born), gender, position, unit)


PEOPLE = (
    # Văn phòng HĐND và UBND xã
    _p("Trịnh Văn Hùng", "1972-03-14", M, "Chủ tịch UBND xã", "vanphong"),
    _p("Mai Xuân Trường", "1979-05-08", M, "Phó Chủ tịch UBND xã", "vanphong"),
    _p("Phạm Thị Thu Hà", "1985-09-02", F, "Công chức Văn phòng – Thống kê", "vanphong"),
    _p("Đỗ Văn Nam", "1988-11-20", M, "Công chức Văn hoá – Xã hội", "vanphong"),
    _p("Hoàng Thị Lan", "1983-07-19", F, "Công chức Tài chính – Kế toán", "vanphong"),
    _p("Nguyễn Đình Khải", "1981-02-25", M, "Công chức Tư pháp – Hộ tịch", "vanphong"),
    _p("Lại Thị Hồng Nhung", "1990-12-03", F, "Công chức Địa chính – Xây dựng", "vanphong"),
    # Mặt trận và đoàn thể
    _p("Hoàng Văn Sơn", "1965-06-10", M, "Chủ tịch Ủy ban MTTQ xã", "mttq"),
    _p("Trịnh Thị Mai", "1974-09-15", F, "Phó Chủ tịch Ủy ban MTTQ xã", "mttq"),
    _p("Lê Văn Đạt", "1994-04-26", M, "Bí thư Đoàn xã", "doantn"),
    _p("Nguyễn Thị Ngọc Ánh", "1998-08-08", F, "Phó Bí thư Đoàn xã", "doantn"),
    _p("Mai Thị Hương", "1976-01-30", F, "Chủ tịch Hội Liên hiệp Phụ nữ xã", "phunu"),
    _p("Đinh Thị Thu Hường", "1980-10-11", F, "Phó Chủ tịch Hội Liên hiệp Phụ nữ xã", "phunu"),
    _p("Vũ Thị Loan", "1969-03-05", F, "Chi hội trưởng Phụ nữ Tiểu khu 3", "phunu"),
    _p("Bùi Thị Yến", "1972-12-22", F, "Chi hội trưởng Phụ nữ Tiểu khu Tương Lạc", "phunu"),
    _p("Phạm Văn Toàn", "1967-07-07", M, "Chủ tịch Hội Nông dân xã", "nongdan"),
    _p("Lê Đình Phúc", "1970-02-14", M, "Chi hội trưởng Nông dân Tiểu khu 5", "nongdan"),
    _p("Nguyễn Văn Thắng", "1975-08-16", M, "Hội viên, chủ trang trại chăn nuôi", "nongdan"),
    _p("Trịnh Đình Chiến", "1958-05-19", M, "Chủ tịch Hội Cựu chiến binh xã", "ccb"),
    _p("Cù Văn Lực", "1956-09-02", M, "Chi hội trưởng Cựu chiến binh Tiểu khu Trang Các", "ccb"),
    # Công an, quân sự, y tế
    _p("Nguyễn Văn Quyết", "1980-08-19", M, "Trưởng Công an xã", "congan"),
    _p("Lê Văn Hải", "1987-03-12", M, "Phó Trưởng Công an xã", "congan"),
    _p("Trịnh Minh Đức", "1992-06-30", M, "Cán bộ Công an xã", "congan"),
    _p("Phạm Quang Huy", "1995-11-11", M, "Cán bộ Công an xã", "congan"),
    _p("Hoàng Đình Thái", "1984-04-04", M, "Chỉ huy trưởng Ban Chỉ huy quân sự xã", "quansu"),
    _p("Mai Văn Tiến", "1990-01-17", M, "Chỉ huy phó Ban Chỉ huy quân sự xã", "quansu"),
    _p("Đỗ Thị Hạnh", "1978-10-20", F, "Trạm trưởng Trạm Y tế", "tramyte"),
    _p("Trịnh Văn Bình", "1983-12-01", M, "Bác sĩ", "tramyte"),
    _p("Nguyễn Thị Thuý", "1986-05-25", F, "Y sĩ", "tramyte"),
    _p("Lê Thị Phương", "1990-09-09", F, "Điều dưỡng", "tramyte"),
    _p("Hà Thị Dung", "1992-02-28", F, "Nữ hộ sinh", "tramyte"),
    # Trường học
    _p("Lê Thị Hoa", "1975-06-18", F, "Hiệu trưởng", "mamnon"),
    _p("Nguyễn Thị Hằng", "1982-03-22", F, "Phó Hiệu trưởng", "mamnon"),
    _p("Phạm Thị Minh Nguyệt", "1988-07-14", F, "Giáo viên", "mamnon"),
    _p("Trịnh Thị Quỳnh", "1991-10-05", F, "Giáo viên", "mamnon"),
    _p("Bùi Thị Xuân", "1987-01-26", F, "Giáo viên", "mamnon"),
    _p("Mai Thị Trang", "1993-04-30", F, "Giáo viên", "mamnon"),
    _p("Hoàng Văn Thành", "1973-08-27", M, "Hiệu trưởng", "tieuhoc"),
    _p("Lê Thị Kim Oanh", "1980-11-09", F, "Phó Hiệu trưởng", "tieuhoc"),
    _p("Nguyễn Thị Thu Trang", "1984-02-16", F, "Giáo viên", "tieuhoc"),
    _p("Đỗ Thị Ngân", "1986-06-06", F, "Giáo viên", "tieuhoc"),
    _p("Vũ Văn Long", "1982-09-21", M, "Giáo viên Giáo dục thể chất", "tieuhoc"),
    _p("Trịnh Thị Vân", "1989-12-12", F, "Giáo viên", "tieuhoc"),
    _p("Phạm Thị Liên", "1979-05-03", F, "Tổng phụ trách Đội", "tieuhoc"),
    _p("Lê Văn Cường", "1971-04-11", M, "Hiệu trưởng", "thcs"),
    _p("Mai Thị Thanh Tâm", "1978-07-02", F, "Phó Hiệu trưởng", "thcs"),
    _p("Nguyễn Văn Hoà", "1983-10-17", M, "Giáo viên Toán", "thcs"),
    _p("Trịnh Thị Hiền", "1985-03-28", F, "Giáo viên Ngữ văn", "thcs"),
    _p("Lê Thị Mơ", "1988-08-23", F, "Giáo viên Tiếng Anh", "thcs"),
    _p("Hoàng Minh Khoa", "1990-01-09", M, "Giáo viên Vật lý", "thcs"),
    _p("Đinh Thị Huyền", "1987-05-15", F, "Giáo viên Hoá học", "thcs"),
    _p("Bùi Văn Kiên", "1981-11-30", M, "Giáo viên Lịch sử", "thcs"),
    # Tiểu khu
    _p("Nguyễn Văn Dũng", "1962-02-02", M, "Bí thư Chi bộ Tiểu khu 1", "tk1"),
    _p("Lê Văn Bảy", "1966-09-14", M, "Trưởng Tiểu khu 1", "tk1"),
    _p("Phạm Thị Sen", "1970-04-19", F, "Trưởng Ban công tác Mặt trận Tiểu khu 1", "tk1"),
    _p("Trịnh Văn Tư", "1968-12-25", M, "Tổ trưởng Tổ bảo vệ an ninh, trật tự Tiểu khu 1", "tk1"),
    _p("Hoàng Văn Lợi", "1964-06-08", M, "Trưởng Tiểu khu 2", "tk2"),
    _p("Mai Thị Nga", "1973-03-03", F, "Chi hội trưởng Phụ nữ Tiểu khu 2", "tk2"),
    _p("Đỗ Văn Hợp", "1960-10-10", M, "Bí thư Chi bộ Tiểu khu 2", "tk2"),
    _p("Lê Đình Quang", "1967-01-21", M, "Trưởng Tiểu khu 3", "tk3"),
    _p("Vũ Văn Khánh", "1966-05-12", M, "Trưởng Tiểu khu 4", "tk4"),
    _p("Trịnh Xuân Sinh", "1964-08-01", M, "Trưởng Tiểu khu 5", "tk5"),
    _p("Mai Văn Lâm", "1970-11-18", M, "Trưởng Tiểu khu 6", "tk6"),
    _p("Bùi Đức Thọ", "1961-03-09", M, "Trưởng Tiểu khu 7", "tk7"),
    _p("Hà Văn Thuận", "1968-07-27", M, "Trưởng Tiểu khu 8", "tk8"),
    _p("Nguyễn Hữu Nghĩa", "1965-11-05", M, "Trưởng Tiểu khu Tương Lạc", "tuonglac"),
    _p("Phạm Văn Hưng", "1969-02-20", M, "Bí thư Chi bộ Tiểu khu Tương Lạc", "tuonglac"),
    _p("Cù Văn Thịnh", "1963-07-21", M, "Trưởng Tiểu khu Trang Các", "trangcac"),
    _p("Lê Thị Hồng", "1971-08-30", F, "Trưởng Ban công tác Mặt trận Tiểu khu Trang Các", "trangcac"),
    _p("Trịnh Văn Sáu", "1958-01-15", M, "Bí thư Chi bộ Tiểu khu Trang Các", "trangcac"),
    # The district council keeps its own register of people.
    _p("Trần Thị Lý", "1984-06-14", F, "Giáo viên", "h_thpt"),
    _p("Đỗ Minh Tâm", "1979-10-02", M, "Phó Trưởng phòng Giáo dục và Đào tạo", "h_pgd"),
    _p("Lương Thị Hải Yến", "1987-12-19", F, "Bác sĩ", "h_ttyt"),
    _p("Hà Văn Chung", "1975-04-24", M, "Chủ tịch UBND xã Hà Long", "h_halong"),
)

# --- Households -------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdSeed:
    head_name: str
    address: str
    unit: str


_FAMILIES = ("Nguyễn", "Lê", "Trịnh", "Mai", "Phạm", "Hoàng", "Đỗ", "Vũ", "Bùi", "Lại", "Cù", "Đinh", "Hà", "Tống")
_MALE_MIDDLE = ("Văn", "Đình", "Xuân", "Hữu", "Ngọc", "Đức", "Quang", "Minh", "Bá", "Công")
_MALE_GIVEN = (
    "An", "Bình", "Cảnh", "Chính", "Cương", "Dũng", "Đông", "Giang", "Hải", "Hiếu", "Hoàn", "Hưng", "Khang",
    "Lâm", "Long", "Mạnh", "Nam", "Nghĩa", "Phong", "Quân", "Sáng", "Tài", "Thắng", "Thịnh", "Tiến", "Toản",
    "Trung", "Tuấn", "Vinh", "Vượng",
)  # fmt: skip
_FEMALE_MIDDLE = ("Thị", "Thị Thu", "Thị Hồng", "Thị Minh")
_FEMALE_GIVEN = ("Anh", "Chinh", "Duyên", "Hoa", "Huệ", "Lài", "Liên", "Mận", "Nhàn", "Tuyết", "Thơm", "Xoan")


def _household_heads(count: int, seed: int) -> list[str]:
    """``count`` distinct, plausible names of household heads (one in five a woman)."""
    names: list[str] = []
    step = 0
    while len(names) < count:
        index = seed + step
        family = _FAMILIES[(index * 5) % len(_FAMILIES)]
        if step % 5 == 3:
            middle, given = _FEMALE_MIDDLE[index % len(_FEMALE_MIDDLE)], _FEMALE_GIVEN[(index * 7) % len(_FEMALE_GIVEN)]
        else:
            middle, given = _MALE_MIDDLE[(index * 3) % len(_MALE_MIDDLE)], _MALE_GIVEN[(index * 11) % len(_MALE_GIVEN)]
        name = f"{family} {middle} {given}"
        if name not in names and fold(family) != fold(middle.split()[0]):
            names.append(name)
        step += 1
    return names


def _quarter_households(
    unit: str, quarter: str, count: int, seed: int, locality: str = "xã Hà Trung"
) -> tuple[HouseholdSeed, ...]:
    return tuple(
        HouseholdSeed(head, f"Số nhà {3 + number * 4 + number % 3}, {quarter}, {locality}", unit)
        for number, head in enumerate(_household_heads(count, seed))
    )


HOUSEHOLDS = (
    *_quarter_households("tk1", "Tiểu khu 1", 48, seed=0),
    *_quarter_households("tk2", "Tiểu khu 2", 40, seed=100),
    HouseholdSeed("Cù Văn Lực", "Số nhà 27, Tiểu khu Trang Các, xã Hà Trung", "trangcac"),
    HouseholdSeed("Trịnh Văn Sáu", "Số nhà 41, Tiểu khu Trang Các, xã Hà Trung", "trangcac"),
    HouseholdSeed("Lê Văn Tám", "Số nhà 8, Tiểu khu Trang Các, xã Hà Trung", "trangcac"),
)

# The 2023 past: Tiểu khu 8's households, under the address of the time (the quarter was
# merged into Tiểu khu 7 in 2025; its households moved with it).
HOUSEHOLDS_2023 = _quarter_households("tk8", "Tiểu khu 8", 6, seed=200, locality="thị trấn Hà Trung")

GDVH_HEADER = ["Chủ hộ", "Địa chỉ", "Thành tích"]
GDVH_ACHIEVEMENTS = (
    "Gương mẫu chấp hành chủ trương của Đảng, pháp luật của Nhà nước; gia đình hoà thuận, "
    "tích cực tham gia phong trào ở khu dân cư",
    "Gia đình no ấm, tiến bộ, hạnh phúc; giữ gìn vệ sinh môi trường, tham gia đầy đủ các buổi lao động công ích",
    "Con cháu chăm ngoan, học tốt; thực hiện nếp sống văn minh trong việc cưới, việc tang",
    "Tích cực phát triển kinh tế hộ gia đình, tham gia quỹ khuyến học và đền ơn đáp nghĩa của tiểu khu",
)

# --- Dossiers ---------------------------------------------------------------------


@dataclass(frozen=True)
class LineSeed:
    award: str
    kind: str
    name: str  # a person's full name, a collective's name or a household's head
    achievement: str
    method: str = AwardMethod.REGULAR
    subject: str = ""  # empty: the default for the kind


@dataclass(frozen=True)
class Step:
    """One action on a dossier, by ``actor`` (empty: the dossier's own unit user)."""

    action: str  # submit | open | accept | return | recall | withdraw | attach
    actor: str = ""
    reason: str = ""
    line_reasons: tuple[tuple[int, str], ...] = ()  # (line position, reason)
    document: str = ""  # attach: the DocumentKind
    file_name: str = ""  # attach: overrides the usual name


@dataclass(frozen=True)
class DossierSeed:
    unit: str
    user: str
    title: str
    lines: tuple[LineSeed, ...] = ()
    bulk_households: int = 0  # GDVH list of the unit's first N households, pasted in one go
    documents: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    note: str = ""


DOC_FILE_NAMES: dict[str, str] = {
    DocumentKind.COVER_LETTER: "to-trinh",
    DocumentKind.ACHIEVEMENT_REPORT: "bao-cao-thanh-tich",
    DocumentKind.REVIEW_MINUTES: "bien-ban-binh-xet",
    DocumentKind.INITIATIVE_PROOF: "minh-chung-sang-kien",
    DocumentKind.ACHIEVEMENT_PROOF: "minh-chung-thanh-tich",
    DocumentKind.POSTING_RESULT: "ket-qua-niem-yet",
    DocumentKind.OTHER: "tai-lieu-khac",
}

DONE_WELL = "Hoàn thành tốt nhiệm vụ được giao năm {year}; chấp hành tốt chủ trương, chính sách, pháp luật"
DONE_EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ năm {year}"
D_TITLE = (DocumentKind.COVER_LETTER, DocumentKind.ACHIEVEMENT_REPORT, DocumentKind.REVIEW_MINUTES)
LEADER = SubjectCategory.LEADER_OTHER


def _ldtt(name: str, detail: str = "", subject: str = "") -> LineSeed:
    text = f"{DONE_WELL}; {detail}" if detail else DONE_WELL
    return LineSeed("LDTT", IND, name, text, subject=subject)


DOSSIERS = (
    # Accepted after a return and a resubmission: the cultural-family list of Tiểu khu 1.
    DossierSeed(
        unit="tk1",
        user="tk1",
        title="Đề nghị công nhận danh hiệu Gia đình văn hoá năm {year} – Tiểu khu 1",
        note="Danh sách đã niêm yết công khai 10 ngày tại nhà văn hoá tiểu khu, không có ý kiến phản ánh.",
        bulk_households=44,
        documents=(DocumentKind.POSTING_RESULT, DocumentKind.REVIEW_MINUTES),
        steps=(
            Step("submit"),
            Step("open", "thuky2"),
            Step(
                "return",
                "thuky2",
                "Biên bản họp xét của tiểu khu thiếu chữ ký của thư ký cuộc họp và chưa ghi số hộ dự họp; "
                "đề nghị bổ sung biên bản đã ký.",
            ),
            Step("attach", document=DocumentKind.REVIEW_MINUTES, file_name="bien-ban-binh-xet-bo-sung"),
            Step("submit"),
            Step("accept", "thuky2", "Hồ sơ đã bổ sung đầy đủ."),
        ),
    ),
    # Accepted: the primary school, titles for staff and a collective.
    DossierSeed(
        unit="tieuhoc",
        user="tieuhoc",
        title="Đề nghị xét danh hiệu thi đua năm {year} – Trường Tiểu học xã Hà Trung",
        lines=(
            _ldtt("Hoàng Văn Thành", "lãnh đạo nhà trường giữ vững chuẩn quốc gia mức độ 2", LEADER),
            _ldtt("Lê Thị Kim Oanh", "phụ trách chuyên môn, 100% học sinh lớp 5 hoàn thành chương trình tiểu học"),
            _ldtt("Nguyễn Thị Thu Trang", "có 02 học sinh đạt giải cấp huyện"),
            _ldtt("Đỗ Thị Ngân"),
            _ldtt("Vũ Văn Long", "huấn luyện đội tuyển điền kinh đạt giải Ba cấp huyện"),
            _ldtt("Trịnh Thị Vân"),
            _ldtt("Phạm Thị Liên", "tổ chức tốt các hoạt động Đội và phong trào Nghìn việc tốt"),
            LineSeed(
                "CSTDCS",
                IND,
                "Nguyễn Thị Thu Trang",
                f"{DONE_EXCELLENT}; sáng kiến “Một số biện pháp rèn kỹ năng đọc hiểu cho học sinh lớp 4” "
                "được Hội đồng sáng kiến huyện công nhận",
            ),
            LineSeed(
                "TTLDTT",
                COL,
                "Tổ chuyên môn khối 4–5, Trường Tiểu học xã Hà Trung",
                "Tổ hoàn thành tốt nhiệm vụ năm học; 100% thành viên đạt Lao động tiên tiến",
            ),
        ),
        documents=(*D_TITLE, DocumentKind.INITIATIVE_PROOF),
        steps=(Step("submit"), Step("open", "thuky"), Step("accept", "thuky", "Hồ sơ đầy đủ, đúng quy định.")),
    ),
    # Accepted: the police, with an ad hoc Giấy khen (its proof attached).
    DossierSeed(
        unit="congan",
        user="congan",
        title="Đề nghị khen thưởng tổng kết năm {year} – Công an xã Hà Trung",
        lines=(
            _ldtt("Nguyễn Văn Quyết", "chỉ đạo giữ vững an ninh chính trị, trật tự an toàn xã hội", LEADER),
            _ldtt("Lê Văn Hải"),
            _ldtt("Trịnh Minh Đức"),
            _ldtt("Phạm Quang Huy"),
            LineSeed(
                "GK",
                IND,
                "Trịnh Minh Đức",
                "Có thành tích xuất sắc trong việc phát hiện, bắt giữ đối tượng trộm cắp tài sản "
                "trên địa bàn xã tháng 8 năm {year}",
                method=AwardMethod.AD_HOC,
            ),
            LineSeed(
                "TTLDTT",
                COL,
                "Công an xã Hà Trung",
                "Hoàn thành tốt nhiệm vụ bảo đảm an ninh, trật tự; duy trì tuần tra, kiểm soát 24/24 giờ",
            ),
        ),
        documents=(*D_TITLE, DocumentKind.ACHIEVEMENT_PROOF),
        steps=(Step("submit"), Step("accept", "thuky2", "Hồ sơ đầy đủ.")),
    ),
    # Accepted: a cultural quarter and Giấy khen for households that gave land for the road.
    DossierSeed(
        unit="trangcac",
        user="trangcac",
        title="Đề nghị công nhận Tiểu khu văn hoá và khen thưởng năm {year} – Tiểu khu Trang Các",
        lines=(
            LineSeed(
                "TDPVH",
                COL,
                "Tiểu khu Trang Các",
                "Đạt các tiêu chí tiểu khu văn hoá theo Nghị định 86/2023/NĐ-CP; 92,3% hộ đạt danh hiệu "
                "Gia đình văn hoá; không có tệ nạn xã hội",
            ),
            LineSeed(
                "GK",
                HH,
                "Cù Văn Lực",
                "Tự nguyện hiến 120 m² đất để cải tạo, mở rộng đường giao thông, cống thoát nước tiểu khu Trang Các",
                method=AwardMethod.THEMATIC,
            ),
            LineSeed(
                "GK",
                HH,
                "Trịnh Văn Sáu",
                "Đóng góp 30 triệu đồng và 40 ngày công xây dựng đường giao thông tiểu khu Trang Các",
                method=AwardMethod.THEMATIC,
            ),
            LineSeed(
                "GK",
                IND,
                "Lê Thị Hồng",
                "Có thành tích xuất sắc trong phong trào “Toàn dân đoàn kết xây dựng đời sống văn hoá” "
                "ở khu dân cư năm {year}",
            ),
        ),
        documents=(*D_TITLE, DocumentKind.POSTING_RESULT),
        steps=(Step("submit"), Step("open", "thuky"), Step("accept", "thuky")),
    ),
    # Submitted, not yet opened (the unit may still recall it).
    DossierSeed(
        unit="thcs",
        user="thcs",
        title="Đề nghị xét danh hiệu thi đua năm {year} – Trường THCS xã Hà Trung",
        lines=(
            _ldtt("Lê Văn Cường", "lãnh đạo nhà trường đạt 99,35% học sinh lớp 9 tốt nghiệp", LEADER),
            _ldtt("Mai Thị Thanh Tâm"),
            _ldtt("Nguyễn Văn Hoà", "bồi dưỡng học sinh giỏi môn Toán đạt 03 giải cấp tỉnh"),
            _ldtt("Trịnh Thị Hiền"),
            _ldtt("Lê Thị Mơ"),
            _ldtt("Hoàng Minh Khoa"),
            _ldtt("Đinh Thị Huyền"),
            _ldtt("Bùi Văn Kiên"),
            LineSeed(
                "CSTDCS",
                IND,
                "Nguyễn Văn Hoà",
                f"{DONE_EXCELLENT}; sáng kiến “Dạy học chủ đề hàm số bậc nhất theo hướng phát triển năng lực” "
                "được công nhận cấp huyện",
            ),
            LineSeed(
                "CSTDCS",
                IND,
                "Trịnh Thị Hiền",
                f"{DONE_EXCELLENT}; sáng kiến “Tổ chức hoạt động đọc sách ngoại khoá cho học sinh lớp 6” "
                "được công nhận cấp huyện",
            ),
            LineSeed(
                "TTLDTT",
                COL,
                "Tổ Khoa học tự nhiên, Trường THCS xã Hà Trung",
                "Tổ hoàn thành tốt nhiệm vụ; học sinh đạt 29 giải học sinh giỏi các cấp",
            ),
        ),
        documents=(*D_TITLE, DocumentKind.INITIATIVE_PROOF),
        steps=(Step("submit"),),
    ),
    # Submitted and opened by the secretariat.
    DossierSeed(
        unit="tramyte",
        user="tramyte",
        title="Đề nghị xét danh hiệu thi đua năm {year} – Trạm Y tế xã Hà Trung",
        lines=(
            _ldtt("Đỗ Thị Hạnh", "giữ vững tiêu chí quốc gia về y tế xã", LEADER),
            _ldtt("Trịnh Văn Bình", "khám và điều trị cho hơn 1.100 lượt người"),
            _ldtt("Nguyễn Thị Thuý"),
            _ldtt("Hà Thị Dung", "thực hiện tốt công tác chăm sóc sức khoẻ bà mẹ và trẻ em"),
            LineSeed(
                "TTLDTT",
                COL,
                "Trạm Y tế xã Hà Trung",
                "Duy trì trực 24/24 giờ; không để xảy ra dịch bệnh, ngộ độc thực phẩm trên địa bàn",
            ),
        ),
        documents=D_TITLE,
        steps=(Step("submit"), Step("open", "thuky")),
    ),
    # Returned with reasons, one of them on a line.
    DossierSeed(
        unit="phunu",
        user="phunu",
        title="Đề nghị tặng Giấy khen năm {year} – Hội Liên hiệp Phụ nữ xã Hà Trung",
        lines=(
            LineSeed(
                "GK",
                IND,
                "Vũ Thị Loan",
                "Có thành tích xuất sắc trong phong trào “Phụ nữ tích cực học tập, lao động sáng tạo, "
                "xây dựng gia đình hạnh phúc” năm {year}",
            ),
            LineSeed(
                "GK",
                IND,
                "Bùi Thị Yến",
                "Vận động hội viên tham gia mô hình “Nhà sạch, vườn đẹp” tại Tiểu khu Tương Lạc",
                method=AwardMethod.THEMATIC,
            ),
            LineSeed(
                "GK",
                COL,
                "Chi hội Phụ nữ Tiểu khu 3",
                "Chi hội xuất sắc dẫn đầu phong trào thi đua của Hội năm {year}",
            ),
        ),
        documents=D_TITLE,
        steps=(
            Step("submit"),
            Step("open", "thuky"),
            Step(
                "return",
                "thuky",
                "Báo cáo thành tích của chi hội chưa có số liệu cụ thể về kết quả phong trào năm {year}; "
                "đề nghị bổ sung.",
                line_reasons=(
                    (2, "Thành tích trùng với nội dung đã được khen ở đợt sơ kết phong trào; đề nghị xem lại."),
                ),
            ),
        ),
    ),
    # Returned, then withdrawn by the unit.
    DossierSeed(
        unit="tk2",
        user="tk2",
        title="Đề nghị khen thưởng đột xuất – Tiểu khu 2",
        lines=(
            LineSeed(
                "GK",
                IND,
                "Mai Thị Nga",
                "Có thành tích trong vận động nhân dân hiến đất cải tạo đường giao thông Tiểu khu 2",
                method=AwardMethod.AD_HOC,
            ),
        ),
        documents=D_TITLE,
        steps=(
            Step("submit"),
            Step(
                "return",
                "thuky",
                "Thành tích thuộc phong trào xây dựng xã đạt chuẩn nông thôn mới kiểu mẫu; đề nghị gửi trong đợt "
                "khen thưởng chuyên đề, không xét trong đợt tổng kết năm.",
            ),
            Step("withdraw", reason="Đơn vị rút hồ sơ để gửi trong đợt khen thưởng chuyên đề theo hướng dẫn."),
        ),
    ),
    # Submitted, then recalled by the unit: a draft again.  One nominee is also
    # on the secondary school's dossier, so the duplicate warning shows.
    DossierSeed(
        unit="tk1",
        user="tk1",
        title="Đề nghị tặng Giấy khen năm {year} – Tiểu khu 1",
        lines=(
            LineSeed(
                "GK", IND, "Phạm Thị Sen", "Có thành tích xuất sắc trong cuộc vận động xây dựng khu dân cư văn hoá"
            ),
            LineSeed("GK", IND, "Trịnh Văn Tư", "Tổ chức tuần tra, giữ gìn an ninh, trật tự trên địa bàn tiểu khu"),
            LineSeed(
                "GK",
                IND,
                "Nguyễn Văn Hoà",
                "Tích cực vận động khuyến học, khuyến tài; dạy miễn phí cho học sinh khó khăn của tiểu khu",
            ),
            LineSeed(
                "GK",
                COL,
                "Tổ bảo vệ an ninh, trật tự Tiểu khu 1",
                "Không để xảy ra vụ việc phức tạp về an ninh, trật tự trên địa bàn năm {year}",
            ),
        ),
        documents=D_TITLE,
        steps=(Step("submit"), Step("recall", reason="Thu hồi để bổ sung thêm 01 trường hợp theo ý kiến của Chi bộ.")),
    ),
    # Drafts: a cultural-family list without its files yet, and a school's
    # titles still missing the minutes and the initiative proof.
    DossierSeed(
        unit="tk2",
        user="tk2",
        title="Đề nghị công nhận danh hiệu Gia đình văn hoá năm {year} – Tiểu khu 2",
        bulk_households=36,
    ),
    DossierSeed(
        unit="mamnon",
        user="mamnon",
        title="Đề nghị xét danh hiệu thi đua năm {year} – Trường Mầm non xã Hà Trung",
        lines=(
            _ldtt("Lê Thị Hoa", "nhà trường giữ vững chuẩn quốc gia", LEADER),
            _ldtt("Nguyễn Thị Hằng"),
            _ldtt("Phạm Thị Minh Nguyệt", "đạt giáo viên dạy giỏi cấp huyện"),
            _ldtt("Trịnh Thị Quỳnh"),
            _ldtt("Bùi Thị Xuân"),
            _ldtt("Mai Thị Trang"),
            LineSeed(
                "CSTDCS",
                IND,
                "Phạm Thị Minh Nguyệt",
                f"{DONE_EXCELLENT}; sáng kiến “Tổ chức trò chơi dân gian phát triển vận động cho trẻ 5 tuổi”",
            ),
        ),
        documents=(DocumentKind.COVER_LETTER, DocumentKind.ACHIEVEMENT_REPORT),
    ),
)


# --- The 2023 past --------------------------------------------------------------------
# The town's year-end round of 2023, under the district: its dossiers go the whole way, to the
# decision signed on 20 December 2023 (the 2003 law and Nghị định 91/2017 were then in force).

YEAR_2023 = 2023
# (day, hour) in the council's time zone
ROUND_2023_OPENS = (dt.date(2023, 11, 1), 7)
ROUND_2023_CLOSES = (dt.date(2023, 12, 10), 17)
SESSION_2023_HELD = (dt.date(2023, 12, 15), 8)
SESSION_2023_PLACE = "Hội trường Ủy ban nhân dân thị trấn Hà Trung"
DECISION_2023_SIGNED = dt.date(2023, 12, 20)
DECISION_2023_SUBJECT = "Về việc khen thưởng tổng kết phong trào thi đua năm 2023"
DECISION_2023_SIGNER = "Trịnh Văn Hùng"

DOSSIERS_2023 = (
    DossierSeed(
        unit="tk8",
        user="tk8",
        title="Đề nghị công nhận danh hiệu Tiểu khu văn hoá năm {year} – Tiểu khu 8",
        lines=(
            LineSeed(
                "TDPVH",
                COL,
                "Tiểu khu 8",
                "Đạt các tiêu chí tiểu khu văn hoá năm {year}; 91,2% hộ đạt danh hiệu Gia đình văn hoá; "
                "hoàn thành nhà văn hoá tiểu khu bằng nguồn xã hội hoá",
            ),
        ),
        documents=(DocumentKind.COVER_LETTER, DocumentKind.ACHIEVEMENT_REPORT, DocumentKind.POSTING_RESULT),
        steps=(Step("submit"), Step("open", "thuky"), Step("accept", "thuky", "Hồ sơ đầy đủ, đúng quy định.")),
    ),
    DossierSeed(
        unit="tk8",
        user="tk8",
        title="Đề nghị công nhận danh hiệu Gia đình văn hoá năm {year} – Tiểu khu 8",
        note="Danh sách đã niêm yết công khai 10 ngày tại nhà văn hoá tiểu khu, không có ý kiến phản ánh.",
        bulk_households=6,
        documents=(DocumentKind.POSTING_RESULT, DocumentKind.REVIEW_MINUTES),
        steps=(Step("submit"), Step("accept", "thuky2", "Hồ sơ đầy đủ.")),
    ),
    DossierSeed(
        unit="tieuhoc",
        user="tieuhoc",
        title="Đề nghị xét danh hiệu thi đua năm {year} – Trường Tiểu học thị trấn Hà Trung",
        lines=(
            _ldtt("Nguyễn Thị Thu Trang", "có 01 học sinh đạt giải Nhì cấp huyện"),
            _ldtt("Vũ Văn Long", "đội tuyển điền kinh của trường đạt giải Khuyến khích cấp huyện"),
        ),
        documents=D_TITLE,
        steps=(Step("submit"), Step("open", "thuky"), Step("accept", "thuky")),
    ),
    DossierSeed(
        unit="congan",
        user="congan",
        title="Đề nghị khen thưởng tổng kết năm {year} – Công an thị trấn Hà Trung",
        lines=(
            _ldtt("Lê Văn Hải"),
            LineSeed(
                "TTLDTT",
                COL,
                "Công an thị trấn Hà Trung",
                "Hoàn thành tốt nhiệm vụ bảo đảm an ninh, trật tự năm {year}; không để xảy ra vụ việc phức tạp",
            ),
        ),
        documents=D_TITLE,
        steps=(Step("submit"), Step("accept", "thuky2")),
    ),
)

# --- The reorganisation of 1 July 2025 ----------------------------------------------------
# No district tier and no thị trấn since then: the town's council becomes the commune's, directly
# under the province; the district's council stops.


@dataclass(frozen=True)
class CouncilProfile:
    name: str
    locality: str
    place_name: str
    issuing_body: str


REORGANISED_ON = dt.date(2025, 7, 1)
COMMUNE = CouncilProfile(
    name="Hội đồng Thi đua – Khen thưởng xã Hà Trung",
    locality="xã Hà Trung",
    place_name="Hà Trung",
    issuing_body="Ủy ban nhân dân xã Hà Trung",
)
# The commune's units: "thị trấn Hà Trung" becomes "xã Hà Trung", a bare "thị trấn" "xã".
UNIT_RENAMES = (("thị trấn Hà Trung", "xã Hà Trung"), ("thị trấn", "xã"))
# The commune's award types that ended with the district: deactivated, their mapping removed.
AWARDS_ENDED = ("GKH",)
# The commune's award types proposed to the province from now on: its code -> the province's.
AWARD_PARENTS = {"BKT": "BK"}
AWARD_RENAMES = {
    "GK": ("Giấy khen của Chủ tịch Ủy ban nhân dân xã", "Certificate of merit of the commune chairman"),
}
ISSUING_AUTHORITY_RENAMES = {TOWN_CHAIRMAN: COMMUNE_CHAIRMAN}


@dataclass(frozen=True)
class MergerSeed:
    source: str
    target: str
    merged_on: dt.date
    reason: str


MERGERS = (
    MergerSeed(
        "tk8",
        "tk7",
        REORGANISED_ON,
        "Sáp nhập Tiểu khu 8 vào Tiểu khu 7 theo Nghị quyết của Hội đồng nhân dân tỉnh về việc sắp xếp, "
        "sáp nhập thôn, tổ dân phố khi tổ chức chính quyền địa phương hai cấp.",
    ),
)

# --- Today ------------------------------------------------------------------------------

# The council's session on the accepted dossiers: who has already voted when the demo starts.
SESSION_PLACE = "Hội trường Ủy ban nhân dân xã Hà Trung"
SESSION_VOTERS = ("uyvien1", "uyvien2", "uyvien3", "uyvien4")
