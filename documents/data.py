"""Plain data the certificate builders print: no ORM, no request, no language.

The decision, ballot, minutes and proposal documents use the dataclasses of
``nominations.documents_data``; the certificate and its print settings are
defined here because only the documents app prints them.  Selectors in
``documents.selectors`` fill these from the database."""

from __future__ import annotations

from dataclasses import dataclass, field

# Paper sizes a council can print certificates on (landscape).
PAPER_A4 = "A4"
PAPER_A3 = "A3"
PAPERS = (PAPER_A4, PAPER_A3)

# Whom a certificate honours: the wording under the award's name differs.
INDIVIDUAL = "individual"
COLLECTIVE = "collective"
HOUSEHOLD = "household"


@dataclass(frozen=True)
class CertificateData:
    """One certificate of merit (Giấy khen), every text already as printed.

    ``authority_lines``: "CHỦ TỊCH" / "ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG".
    ``award_name``: "GIẤY KHEN".  ``awardee``: "Ông Nguyễn Văn An" or the
    collective's name.  ``unit``: "Tiểu khu 3" or "" (an awardee without a
    unit prints no unit line).  ``achievement``: "Đã có thành tích xuất sắc …".
    ``decision_line``: "Quyết định số 15/QĐ-UBND ngày 20/12/2023".
    ``serial``: the register number printed bottom left ("Số sổ: 2023-0015").
    ``place_date``: "Hà Trung, ngày 20 tháng 12 năm 2023".
    ``signer_capacity_lines``: ("CHỦ TỊCH",) or ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH").
    ``verify_url``: what the QR code encodes ("" prints no QR code)."""

    kind: str
    authority_lines: tuple[str, ...]
    award_name: str
    awardee: str
    unit: str
    achievement: str
    decision_line: str
    serial: str
    place_date: str
    signer_capacity_lines: tuple[str, ...]
    signer_name: str
    verify_url: str = ""
    national_name: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class FieldPosition:
    """Where a variable field goes on a pre-printed blank: the centre of its
    baseline, in millimetres from the sheet's left and top edges, its width
    and its largest type size."""

    x_mm: float
    y_mm: float
    width_mm: float
    size_pt: float


@dataclass(frozen=True)
class CertificateLayout:
    """How a council prints its certificates.

    ``text_only``: print only the variable fields (awardee, unit, achievement,
    decision line, serial, place and date, signer) onto pre-printed blanks
    (phôi), at ``positions`` (field name -> FieldPosition; missing fields use
    the full layout's places).  ``offset_x_mm``/``offset_y_mm`` shift
    everything to match the council's printer."""

    paper: str = PAPER_A4
    text_only: bool = False
    positions: dict[str, FieldPosition] = field(default_factory=dict)
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    min_size_pt: float = 11.0
