"""Realistic plain data for every printed document (Hà Trung town, 2023), for
the sample images (``manage.py render_samples``), the tests and the
benchmarks.  No database: the dataclasses are filled directly."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace

from printing import data as paper
from printing.formats import money

TOWN = "thị trấn Hà Trung"
PLACE = "Hà Trung"
AUTHORITY_LINES = ("CHỦ TỊCH", "ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG")
DECISION_LINE = "Quyết định số 15/QĐ-UBND ngày 20/12/2023"
PLACE_DATE = "Hà Trung, ngày 20 tháng 12 năm 2023"

FAMILY_NAMES = ("Nguyễn", "Lê", "Trần", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Trịnh", "Mai")
MIDDLE_NAMES = ("Thị", "Văn", "Đức", "Thị Ngọc", "Quốc", "Thị Thu", "Hữu", "Minh", "Thị Hồng", "Xuân")
GIVEN_NAMES = ("Hường", "Thắng", "Tuấn", "Ánh", "Mạnh", "Lan", "Dũng", "Hằng", "Phượng", "Cường", "Yến", "Nghĩa")
UNITS = (
    "Tiểu khu Trang Các",
    "Tiểu khu 1",
    "Tiểu khu 2",
    "Tiểu khu Bắc Sơn",
    "Trường Tiểu học thị trấn Hà Trung",
    "Trường Mầm non thị trấn Hà Trung",
    "Trường Trung học cơ sở thị trấn Hà Trung",
    "Trạm Y tế thị trấn Hà Trung",
    "Hội Liên hiệp Phụ nữ thị trấn Hà Trung",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh thị trấn Hà Trung",
    "Hội Cựu chiến binh thị trấn Hà Trung",
    "Công an thị trấn Hà Trung",
)
POSITIONS = (
    "Giáo viên",
    "Trưởng tiểu khu",
    "Bí thư chi bộ",
    "Y sĩ",
    "Chi hội trưởng",
    "Công chức Văn phòng – Thống kê",
)
FIELDS_OF_WORK = (
    "phong trào thi đua yêu nước năm 2023",
    "phong trào “Toàn dân chung sức xây dựng huyện Hà Trung đạt huyện nông thôn mới”",
    "phong trào “Xây dựng thị trấn chuẩn văn minh đô thị” năm 2023",
    "công tác phòng, chống tội phạm, tệ nạn ma túy, bảo đảm trật tự an toàn xã hội",
    "phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” giai đoạn 2003 – 2023",
    "công tác dạy và học năm học 2022 – 2023",
)


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"


def achievement_text(rng: random.Random, *, sentences: int = 1) -> str:
    parts = [f"Đã có thành tích xuất sắc trong {rng.choice(FIELDS_OF_WORK)}"]
    extras = (
        "góp phần hoàn thành thắng lợi nhiệm vụ chính trị của địa phương",
        "là gương điển hình tiên tiến được nhân dân tin yêu",
        "tích cực vận động nhân dân hiến đất, góp công làm đường giao thông",
        "hoàn thành xuất sắc nhiệm vụ được giao",
    )
    for _ in range(sentences - 1):
        parts.append(rng.choice(extras))
    return ", ".join(parts) + "."


def certificate(kind: str = paper.INDIVIDUAL, **changes: object) -> paper.CertificateData:
    """One certificate of the town's 2023 decision."""
    awardee, unit = {
        paper.INDIVIDUAL: ("Bà Nguyễn Thị Hường", "Giáo viên Trường Tiểu học thị trấn Hà Trung"),
        paper.COLLECTIVE: ("Tập thể Tiểu khu Trang Các", "Ủy ban nhân dân thị trấn Hà Trung"),
        paper.HOUSEHOLD: ("Hộ gia đình ông Lê Văn Thắng", "Tiểu khu Trang Các, thị trấn Hà Trung"),
    }[kind]
    data = paper.CertificateData(
        kind=kind,
        authority_lines=AUTHORITY_LINES,
        award_name="GIẤY KHEN",
        awardee=awardee,
        unit=unit,
        achievement=(
            "Đã có thành tích xuất sắc trong phong trào “Toàn dân chung sức xây dựng huyện Hà Trung đạt huyện "
            "nông thôn mới” và “Xây dựng thị trấn chuẩn văn minh đô thị” năm 2023."
        ),
        decision_line=DECISION_LINE,
        serial="Số sổ: 2023-0015",
        place_date=PLACE_DATE,
        signer_capacity_lines=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        signer_name="Trịnh Văn Cường",
        verify_url="https://thidua.hatrung.vn/v/7Kq2mX9pR4tW",
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def certificates(count: int, *, seed: int = 2023) -> Iterator[paper.CertificateData]:
    """``count`` varied certificates: names, units, achievements of different
    lengths, all three kinds, each with its own serial and QR code."""
    rng = random.Random(seed)  # noqa: S311  seeded random for repeatable sample documents, not for secrets
    kinds = (paper.INDIVIDUAL, paper.INDIVIDUAL, paper.INDIVIDUAL, paper.COLLECTIVE, paper.HOUSEHOLD)
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    for number in range(1, count + 1):
        kind = kinds[number % len(kinds)]
        if kind == paper.INDIVIDUAL:
            awardee = f"{rng.choice(('Ông', 'Bà'))} {person_name(rng)}"
            unit = f"{rng.choice(POSITIONS)}, {rng.choice(UNITS)}"
        elif kind == paper.COLLECTIVE:
            awardee = f"Tập thể {rng.choice(UNITS)}"
            unit = "Ủy ban nhân dân thị trấn Hà Trung"
        else:
            awardee = f"Hộ gia đình ông {person_name(rng)}"
            unit = f"{rng.choice(UNITS[:4])}, {TOWN}"
        if number % 17 == 0:
            unit = ""
        token = "".join(rng.choice(alphabet) for _ in range(12))
        yield certificate(
            kind,
            awardee=awardee,
            unit=unit,
            achievement=achievement_text(rng, sentences=1 + number % 4),
            serial=f"Số sổ: 2023-{number:05d}",
            verify_url=f"https://thidua.hatrung.vn/v/{token}",
        )


def header(number: str, place_date: str) -> paper.Header:
    return paper.Header(
        parent_body="", body_lines=("ỦY BAN NHÂN DÂN", "THỊ TRẤN HÀ TRUNG"), number=number, place_date=place_date
    )


def council_header(number: str, place_date: str) -> paper.Header:
    return paper.Header(
        parent_body="ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG",
        body_lines=("HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",),
        number=number,
        place_date=place_date,
    )


def list_rows(count: int, *, seed: int = 15, with_achievement: bool = True) -> tuple[paper.ListRow, ...]:
    rng = random.Random(seed)  # noqa: S311  seeded random for repeatable sample documents, not for secrets
    rows = []
    for number in range(1, count + 1):
        collective = number % 4 == 0
        if collective:
            name = f"Tập thể {rng.choice(UNITS)}"
            unit = "Thị trấn Hà Trung"
            amount = 1_800_000
        else:
            name = person_name(rng)
            unit = f"{rng.choice(POSITIONS)}, {rng.choice(UNITS)}"
            amount = 540_000
        rows.append(
            paper.ListRow(
                number=number,
                name=name,
                position_unit=unit,
                form="Giấy khen của Chủ tịch UBND thị trấn",
                amount=amount,
                amount_text=money(amount),
                achievement=achievement_text(rng, sentences=1 + number % 3) if with_achievement else "",
            )
        )
    return tuple(rows)


EMULATION_BASES_2023 = (
    "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi "
    "đua, Khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013;",
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng;",
)


def decision(rows: int = 12, *, draft: bool = False, with_achievement: bool = True) -> paper.DecisionDocument:
    items = list_rows(rows, with_achievement=with_achievement)
    total = sum(row.amount or 0 for row in items)
    individuals = sum(1 for row in items if not row.name.startswith("Tập thể"))
    whom = f"{len(items) - individuals} tập thể và {individuals} cá nhân"
    number = "Số:      /QĐ-UBND" if draft else "Số: 15/QĐ-UBND"
    place_date = "Hà Trung, ngày     tháng 12 năm 2023" if draft else PLACE_DATE
    reference = "     /QĐ-UBND ngày    /12/2023" if draft else "15/QĐ-UBND ngày 20/12/2023"
    return paper.DecisionDocument(
        header=header(number, place_date),
        title="QUYẾT ĐỊNH",
        subject="Về việc khen thưởng các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào thi đua năm 2023",
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG",
        # the bases in force in December 2023 (the 2022 law applies from 1 January 2024)
        legal_bases=(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều "
            "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
            *EMULATION_BASES_2023,
        ),
        considering="Xét đề nghị của Thường trực Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung,",
        decides="QUYẾT ĐỊNH:",
        articles=(
            paper.Article(
                "Điều 1.",
                f"Khen thưởng {whom} có tên trong danh sách kèm theo Quyết định này, đã có thành tích trong đợt "
                "xét “Tổng kết phong trào thi đua năm 2023”.",
            ),
            paper.Article(
                "Điều 2.",
                f"Tiền thưởng kèm theo theo quy định, tổng cộng {money(total)} đồng (theo mức lương cơ sở 1.800.000 "
                "đồng), chi từ Quỹ thi đua, khen thưởng của thị trấn Hà Trung.",
            ),
            paper.Article(
                "Điều 3.",
                "Quyết định này có hiệu lực kể từ ngày ký. Văn phòng HĐND và UBND, Thường trực Hội đồng Thi đua – "
                "Khen thưởng thị trấn Hà Trung, các đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 "
                "chịu trách nhiệm thi hành Quyết định này.",
            ),
        ),
        signature=paper.Signature(("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "Trịnh Văn Cường"),
        recipients_title="Nơi nhận:",
        recipients=(
            "- Như Điều 3;",
            "- TT Đảng ủy, TT HĐND thị trấn (b/c);",
            "- HĐTĐKT huyện Hà Trung (b/c);",
            "- Lưu: VT, HĐTĐKT.",
        ),
        list_title="DANH SÁCH KHEN THƯỞNG",
        list_caption=f"(Kèm theo Quyết định số {reference} của Chủ tịch Ủy ban nhân dân thị trấn Hà Trung)",
        rows=items,
        total=total,
        total_text=money(total),
        status="draft" if draft else "signed",
        is_draft=draft,
        stamp="DỰ THẢO" if draft else "",
    )


def ballot(rows: int = 8) -> paper.BallotDocument:
    return paper.BallotDocument(
        header=council_header("", ""),
        title="PHIẾU BẦU",
        subject="Xét khen thưởng: Tổng kết phong trào thi đua năm 2023",
        meeting="Phiên họp Hội đồng ngày 15/12/2023 tại Hội trường UBND thị trấn Hà Trung",
        instruction=(
            "Đánh dấu X vào một ô “Đồng ý” hoặc “Không đồng ý” ở từng dòng. Phiếu không ghi tên người bầu. "
            "Thành viên không tham gia xét dòng liên quan đến mình hoặc đơn vị mình thì để trống dòng đó."
        ),
        agree_label="Đồng ý",
        disagree_label="Không đồng ý",
        rows=tuple(replace(row, amount=None, amount_text="", achievement="") for row in list_rows(rows, seed=8)),
    )


def minutes(rows: int = 8) -> paper.MinutesDocument:
    rng = random.Random(12)  # noqa: S311  seeded random for repeatable sample documents, not for secrets
    present = tuple(
        paper.MemberRow(person_name(rng), position, "Có mặt")
        for position in (
            "Chủ tịch UBND, Chủ tịch Hội đồng",
            "Phó Chủ tịch UBND, Phó Chủ tịch Hội đồng",
            "Chủ tịch Ủy ban MTTQ thị trấn",
            "Chủ tịch Hội Liên hiệp Phụ nữ",
            "Bí thư Đoàn Thanh niên",
            "Chủ tịch Hội Cựu chiến binh",
            "Công chức Văn hóa – Xã hội, Thư ký Hội đồng",
        )
    )
    absent = (paper.MemberRow(person_name(rng), "Chủ tịch Hội Nông dân", "Vắng, bỏ phiếu bằng văn bản"),)
    results = []
    for row in list_rows(rows, seed=8):
        agree = rng.randint(4, 8)
        base = 8
        percent = f"{agree * 100 / base:.2f}".replace(".", ",") + "%"
        passed = agree * 100 / base > 50
        results.append(
            paper.ResultRow(
                number=row.number,
                name=row.name,
                position_unit=row.position_unit,
                form=row.form,
                agree=agree,
                disagree=base - agree,
                blank=0,
                recused=0,
                base=base,
                percent_text=percent,
                passed=passed,
                outcome="Đạt" if passed else "Không đạt",
            )
        )
    passed_rows = [r for r in results if r.passed]
    return paper.MinutesDocument(
        header=council_header("Số:      /BB-HĐTĐKT", "Hà Trung, ngày 15 tháng 12 năm 2023"),
        title="BIÊN BẢN",
        subject="Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng Tổng kết phong trào thi đua năm 2023",
        opening=(
            "Vào hồi 08 giờ 00, ngày 15 tháng 12 năm 2023, tại Hội trường UBND thị trấn Hà Trung, Hội đồng Thi đua – "
            "Khen thưởng thị trấn Hà Trung họp xét khen thưởng Tổng kết phong trào thi đua năm 2023."
        ),
        chair=present[0].name,
        secretary=present[-1].name,
        members_total=8,
        present_total=7,
        quorum_needed=6,
        quorum_text="Có mặt 7/8 thành viên; quy chế yêu cầu ít nhất 6 thành viên: đủ điều kiện họp.",
        present=present,
        absent=absent,
        rows=tuple(results),
        conclusions=(
            f"Số dòng đưa ra xét: {len(results)}; đạt tỷ lệ phiếu theo quy định: {len(passed_rows)}; "
            f"không đạt: {len(results) - len(passed_rows)}.",
            "Hội đồng thống nhất đề nghị Chủ tịch khen thưởng các trường hợp đạt: "
            + "; ".join(f"{r.number}. {r.name} ({r.form})" for r in passed_rows)
            + ".",
        ),
        chairman_note="",
        digest="9f2c4e1a7b3d5f608e1c2a4b6d8f0e1a3c5b7d9f1e2a4c6b8d0f2e4a6c8b0d2f",
        digest_text=(
            "Kết quả kiểm phiếu được khoá lúc 09 giờ 40 ngày 15/12/2023; mã kiểm tra (HMAC-SHA256): "
            "9f2c4e1a7b3d5f608e1c2a4b6d8f0e1a3c5b7d9f1e2a4c6b8d0f2e4a6c8b0d2f"
        ),
        closing=(
            "Biên bản kết thúc lúc 10 giờ 15 cùng ngày, đã được đọc lại cho các thành viên dự họp cùng nghe và "
            "thống nhất."
        ),
        signatures=(paper.Signature(("THƯ KÝ",), present[-1].name), paper.Signature(("CHỦ TRÌ",), present[0].name)),
        integrity_ok=True,
        integrity_problems=(),
    )


def proposal(rows: int = 6) -> paper.ProposalDocument:
    items = tuple(
        replace(row, form="Giấy khen của Chủ tịch UBND huyện", amount=None, amount_text="", votes_text="7/8 (87,50%)")
        for row in list_rows(rows, seed=21)
    )
    return paper.ProposalDocument(
        header=council_header("Số:      /TTr-HĐTĐKT", "Hà Trung, ngày     tháng 12 năm 2023"),
        title="TỜ TRÌNH",
        subject="Về việc đề nghị khen thưởng Tổng kết phong trào thi đua năm 2023",
        addressee="Kính gửi: Hội đồng Thi đua – Khen thưởng huyện Hà Trung.",
        paragraphs=(
            *EMULATION_BASES_2023,
            "Căn cứ kết quả họp xét của Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung ngày 15/12/2023,",
            f"Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung kính đề nghị Hội đồng Thi đua – Khen thưởng huyện Hà "
            f"Trung xem xét, khen thưởng cho {len(items)} tập thể, cá nhân đã có thành tích trong Tổng kết phong trào "
            "thi đua năm 2023 (có danh sách kèm theo).",
            "Kính trình Hội đồng Thi đua – Khen thưởng huyện Hà Trung xem xét, quyết định./.",
        ),
        list_title="DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        list_caption="(Kèm theo Tờ trình số      /TTr-HĐTĐKT ngày    /12/2023 của Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung)",
        rows=items,
        signature=paper.Signature(("TM. HỘI ĐỒNG", "CHỦ TỊCH"), "Trịnh Văn Cường"),
        recipients_title="Nơi nhận:",
        recipients=("- Như trên;", "- Lưu: VT, HĐTĐKT."),
    )
