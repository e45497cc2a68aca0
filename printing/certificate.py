"""Giấy khen (certificate of merit): one PDF per awardee, one print file for a
whole decision, and the calibration page for councils that print on
pre-printed blanks (phôi).

Layout (A4 landscape; A3 is the same layout scaled by √2): the national name
and motto at the top, the issuing authority ("CHỦ TỊCH" / "ỦY BAN NHÂN DÂN
THỊ TRẤN HÀ TRUNG"), "TẶNG", the award's name in large red capitals, the
awardee's name (large, bold), the unit line, the achievement; bottom left the
decision line, the register number and the QR code that verifies the
certificate; bottom right the place and date, the signer's capacity, about
35 mm for signature and seal, and the signer's name.  A certificate without a
signer name (not chosen yet) prints the capacity and leaves the name blank.

The variable fields are ``FIELDS``.  Each has a place (``DEFAULT_POSITIONS``:
the centre of its first baseline in millimetres from the sheet's left and top
edges, its width and its largest size) and a box height below it
(``FIELD_HEIGHTS_MM``).  Text wraps and shrinks, down to
``layout.min_size_pt``, until it fits its box; text that cannot fit at that
size is refused (``achievement_fit_error`` tells the entry form; the builders
raise ``ValueError`` with the same message) instead of overflowing.  In text
only mode (``layout.text_only``) nothing but those fields is printed, at
``layout.positions[field]`` where the council set one.  For ``"qr"`` the
position is the centre of the code's bottom edge and ``width_mm`` its side.

Speed: a certificate is drawn straight on a canvas (no platypus), words are
measured once, the QR code has a fixed mask and is one path, and in a print
file the parts every page shares are one form XObject per chunk of pages."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO

import segno
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from printing import fontcache, fonts
from printing.data import (
    COLLECTIVE,
    HOUSEHOLD,
    INDIVIDUAL,
    PAPER_A3,
    PAPER_A4,
    CertificateData,
    CertificateLayout,
    FieldPosition,
)
from printing.pdfconcat import PdfConcatenator
from printing.reportlab_setup import configure_reportlab
from printing.textfit import ASCENT, LEADING, Fitted, fit_text, lines_allowed, printable, word_width

FIELDS = ("awardee", "unit", "achievement", "decision_line", "serial", "place_date", "signer_name", "qr")

# The full layout on A4 landscape (297 x 210 mm); A3 scales it by SCALE[PAPER_A3].
DEFAULT_POSITIONS: dict[str, FieldPosition] = {
    "awardee": FieldPosition(x_mm=148.5, y_mm=88.0, width_mm=250.0, size_pt=26.0),
    "unit": FieldPosition(x_mm=148.5, y_mm=105.0, width_mm=250.0, size_pt=15.0),
    "achievement": FieldPosition(x_mm=148.5, y_mm=117.0, width_mm=250.0, size_pt=15.0),
    "decision_line": FieldPosition(x_mm=80.0, y_mm=149.5, width_mm=120.0, size_pt=12.0),
    "serial": FieldPosition(x_mm=80.0, y_mm=155.5, width_mm=120.0, size_pt=12.0),
    "place_date": FieldPosition(x_mm=215.0, y_mm=143.0, width_mm=120.0, size_pt=13.0),
    "signer_name": FieldPosition(x_mm=215.0, y_mm=192.0, width_mm=120.0, size_pt=14.0),
    "qr": FieldPosition(x_mm=80.0, y_mm=190.0, width_mm=24.0, size_pt=0.0),
}
# How far each text field's box reaches below its top (the top is its first
# baseline less the ascent of its largest size): one line for the short fields.
FIELD_HEIGHTS_MM = {
    "awardee": 19.0,
    "unit": 10.0,
    "achievement": 25.0,
    "decision_line": 6.0,
    "serial": 6.0,
    "place_date": 6.0,
    "signer_name": 7.0,
}
FIELD_FONTS = {
    "awardee": fonts.BOLD,
    "unit": fonts.ITALIC,
    "achievement": fonts.FAMILY,
    "decision_line": fonts.FAMILY,
    "serial": fonts.FAMILY,
    "place_date": fonts.ITALIC,
    "signer_name": fonts.BOLD,
}
# What precedes the unit on the unit line, by kind of awardee.
UNIT_LABELS = {INDIVIDUAL: "Đơn vị: ", COLLECTIVE: "Trực thuộc: ", HOUSEHOLD: "Địa chỉ: "}
AWARD_VERB = "TẶNG"  # CertificateData.award_verb's default; an award type sets its own

SCALE = {PAPER_A4: 1.0, PAPER_A3: 2**0.5}
PAGE_SIZES = {PAPER_A4: landscape(A4), PAPER_A3: landscape(A3)}

RED = (0.72, 0.06, 0.06)
BORDER = (0.62, 0.12, 0.08)
GOLD = (0.78, 0.6, 0.2)

# Mean advance of Vietnamese running text, in ems, to say roughly how many
# characters a box holds (measured on a typical achievement line).
_SAMPLE = "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2023, góp phần hoàn thành nhiệm vụ."

DEFAULT_CHUNK_PAGES = 250


# --- where things go -----------------------------------------------------------------


def _scale(layout: CertificateLayout) -> float:
    try:
        return SCALE[layout.paper]
    except KeyError:
        raise ValueError(f"Khổ giấy không hỗ trợ: {layout.paper!r} (chỉ {', '.join(SCALE)}).") from None


def field_place(field: str, layout: CertificateLayout) -> tuple[FieldPosition, float]:
    """Where ``field`` prints on this layout's sheet and how tall its box is (mm).

    A council's own position (text-only mode) is used as given; the full
    layout's place is scaled to the paper.  The box height keeps the full
    layout's proportion to the field's largest size."""
    scale = _scale(layout)
    default = DEFAULT_POSITIONS[field]
    height = FIELD_HEIGHTS_MM.get(field, 0.0) * scale
    own = layout.positions.get(field) if layout.text_only else None
    if own is not None:
        if field != "qr" and default.size_pt:
            height = FIELD_HEIGHTS_MM[field] * own.size_pt / default.size_pt
        return own, height
    return (
        FieldPosition(default.x_mm * scale, default.y_mm * scale, default.width_mm * scale, default.size_pt * scale),
        height,
    )


def _fit_field(field: str, text: str, layout: CertificateLayout) -> Fitted | None:
    position, height = field_place(field, layout)
    room = (height - ASCENT * position.size_pt / 72 * 25.4) * mm
    return fit_text(
        text,
        FIELD_FONTS[field],
        max_size=position.size_pt,
        min_size=min(layout.min_size_pt, position.size_pt),
        width=position.width_mm * mm,
        room=room,
    )


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _capacity_chars(field: str, layout: CertificateLayout) -> int:
    """About how many characters of running text ``field`` holds at the smallest size."""
    position, height = field_place(field, layout)
    size = min(layout.min_size_pt, position.size_pt)
    room = (height - ASCENT * position.size_pt / 72 * 25.4) * mm
    per_char = word_width(FIELD_FONTS[field], _SAMPLE) / len(_SAMPLE) * size
    return int(lines_allowed(size, room) * position.width_mm * mm / per_char * 0.95)


def achievement_capacity(layout: CertificateLayout | None = None) -> int:
    """About how many characters of running text the achievement box holds at the smallest size."""
    fonts.register_fonts()
    return _capacity_chars("achievement", layout or CertificateLayout())


def achievement_fit_error(achievement: str, layout: CertificateLayout | None = None, *, phrase: str = "") -> str | None:
    """None when the achievement (after the award's ``phrase``, printed in the same box) fits the
    certificate, at the smallest size at worst, else the message the entry form shows."""
    layout = layout or CertificateLayout()
    fonts.register_fonts()
    text = printable(achievement_text(achievement, phrase))
    if _fit_field("achievement", text, layout) is not None:
        return None
    return (
        f"Thành tích dài quá, không in vừa Giấy khen ở cỡ chữ nhỏ nhất ({layout.min_size_pt:g} pt): "
        f"{_thousands(len(achievement.strip()))} ký tự; tối đa khoảng {_thousands(_capacity_chars('achievement', layout))} ký tự. "
        "Hãy rút gọn cho Giấy khen; danh sách kèm quyết định vẫn in đủ."
    )


def awardee_fits(awardee: str, layout: CertificateLayout | None = None) -> bool:
    """Whether the awardee's name as printed ("Hộ gia đình ông Nguyễn Văn An") fits its line of the
    certificate at the smallest size at worst."""
    fonts.register_fonts()
    return _fit_field("awardee", printable(awardee), layout or CertificateLayout()) is not None


_FIELD_NAMES_VI = {
    "awardee": "Tên người hoặc tập thể được khen",
    "unit": "Đơn vị",
    "achievement": "Thành tích",
    "decision_line": "Dòng quyết định",
    "serial": "Số sổ",
    "place_date": "Địa danh, ngày tháng",
    "signer_name": "Tên người ký",
}


def _fit_or_refuse(field: str, text: str, layout: CertificateLayout, *, phrase: str = "") -> Fitted:
    fitted = _fit_field(field, text, layout)
    if fitted is not None:
        return fitted
    if field == "achievement":
        raise ValueError(achievement_fit_error(text.split("\n", 1)[-1] if phrase else text, layout, phrase=phrase))
    raise ValueError(
        f"{_FIELD_NAMES_VI[field]} dài quá, không in vừa Giấy khen ở cỡ chữ nhỏ nhất "
        f"({layout.min_size_pt:g} pt): {_thousands(len(text))} ký tự; tối đa khoảng "
        f"{_thousands(_capacity_chars(field, layout))} ký tự."
    )


# --- the QR code -----------------------------------------------------------------------


QR_MASK = 2  # a fixed mask: choosing the best of eight costs more than drawing the whole page


_DARK_RUN = re.compile(rb"\x01+")  # segno's matrix: 1 dark, 0 light


def qr_path(url: str) -> tuple[str, int]:
    """The dark modules of ``url``'s QR code as one PDF path of rectangles, in
    module units with the origin at the bottom left, and the symbol's width
    in modules.  Horizontal runs of dark modules are one rectangle each."""
    code = segno.make(url, error="m", mask=QR_MASK, micro=False, boost_error=False)
    matrix = code.matrix
    size = len(matrix)
    ops = [
        f"{run.start()} {size - 1 - row_index} {run.end() - run.start()} 1 re"
        for row_index, row in enumerate(matrix)
        for run in _DARK_RUN.finditer(bytes(row))
    ]
    ops.append("f")
    return "\n".join(ops), size


# --- drawing ---------------------------------------------------------------------------


def _unit_line(data: CertificateData) -> str:
    if not data.unit.strip():
        return ""
    try:
        label = UNIT_LABELS[data.kind]
    except KeyError:
        raise ValueError(
            f"Loại đối tượng không hỗ trợ: {data.kind!r} (chỉ {', '.join(UNIT_LABELS)}).",
        ) from None
    return label + data.unit.strip()


@dataclass(frozen=True)
class _Prepared:
    """A certificate's variable fields fitted to their boxes."""

    fields: tuple[tuple[str, Fitted], ...]
    verify_url: str


def achievement_text(achievement: str, phrase: str = "") -> str:
    """What the achievement box prints: the award's phrase ("Đạt danh hiệu …") on a line of its own,
    then the achievement."""
    return "\n".join(part for part in (phrase.strip(), achievement.strip()) if part)


def _prepare(data: CertificateData, layout: CertificateLayout) -> _Prepared:
    unit = _unit_line(data)  # checks the kind too
    texts = {
        "awardee": data.awardee,
        "unit": unit,
        "achievement": achievement_text(data.achievement, data.award_phrase),
        "decision_line": data.decision_line,
        "serial": data.serial,
        "place_date": data.place_date,
        "signer_name": data.signer_name,
    }
    fitted = []
    for field, text in texts.items():
        clean = printable(text.strip())
        if clean:
            phrase = data.award_phrase.strip() if field == "achievement" else ""
            fitted.append((field, _fit_or_refuse(field, clean, layout, phrase=phrase)))
    return _Prepared(tuple(fitted), data.verify_url.strip())


CERTIFICATE_STYLES = (fonts.FAMILY, fonts.BOLD, fonts.ITALIC)
_STATIC_OPERATORS: dict[tuple[object, ...], str] = {}


def _static_texts(data: CertificateData) -> str:
    return "".join((data.national_name, data.motto, *data.authority_lines, data.award_verb, data.award_name)) + "".join(
        data.signer_capacity_lines
    )


def _static_key(data: CertificateData) -> tuple[object, ...]:
    """What the parts of a page that do not change within a decision depend on."""
    return (
        data.national_name,
        data.motto,
        data.authority_lines,
        data.award_verb,
        data.award_name,
        data.signer_capacity_lines,
    )


class _Sheet:
    """One canvas of certificates; pages share their static parts as forms."""

    def __init__(self, out: BinaryIO, layout: CertificateLayout, *, title: str, use_forms: bool) -> None:
        configure_reportlab()
        fonts.register_fonts()
        self.layout = layout
        self.scale = _scale(layout)
        self.width, self.height = PAGE_SIZES[layout.paper]
        self.canvas = Canvas(
            out,
            pagesize=(self.width, self.height),
            pageCompression=1,
            invariant=1,
            initialFontName=fonts.FAMILY,
        )
        # The styles a certificate prints in embed the same subsets every time (documents.fontcache).
        fontcache.install()
        fontcache.preseed(self.canvas._doc, CERTIFICATE_STYLES)
        # Resource names in a fixed order (F1+0 regular, F2+0 bold, F3+0 italic), so
        # that the operators of the static parts are the same in every document.
        for style in CERTIFICATE_STYLES:
            pdfmetrics.getFont(style).getSubsetInternalName(0, self.canvas._doc)
        self.canvas.setTitle(title)
        self.canvas.setCreator("Thi đua – Khen thưởng")
        self.canvas.setAuthor("")
        self.use_forms = use_forms
        self.forms: dict[tuple[object, ...], str] = {}

    # Coordinates: millimetres from the sheet's left and top edges.
    def _x(self, x_mm: float) -> float:
        return x_mm * mm

    def _y(self, y_mm: float) -> float:
        return self.height - y_mm * mm

    def page(self, data: CertificateData) -> None:
        prepared = _prepare(data, self.layout)
        c = self.canvas
        offset = self.layout.offset_x_mm or self.layout.offset_y_mm
        if offset:
            c.saveState()
            c.translate(self.layout.offset_x_mm * mm, -self.layout.offset_y_mm * mm)
        if not self.layout.text_only:
            self._static(data)
        for field, fitted in prepared.fields:
            self._draw_field(field, fitted)
        if prepared.verify_url:
            self._draw_qr(prepared.verify_url)
        if offset:
            c.restoreState()
        c.showPage()

    def _static(self, data: CertificateData) -> None:
        if not self.use_forms:
            self._static_literal(data)
            return
        key = _static_key(data)
        name = self.forms.get(key)
        if name is None:
            name = f"static{len(self.forms)}"
            self.forms[key] = name
            c = self.canvas
            c.beginForm(name)
            self._draw_static(data)
            c.endForm()
        self.canvas.doForm(name)

    def _static_literal(self, data: CertificateData) -> None:
        """The static parts of a single certificate: their operators are the same
        in every document (the seeded font codes, the fixed resource names), so
        they are drawn once per process and replayed.  Texts with characters
        outside the seed get codes that depend on the document: drawn anew."""
        key = (_static_key(data), self.layout.paper)
        operators = _STATIC_OPERATORS.get(key)
        if operators is not None:
            self.canvas.addLiteral(operators)
            return
        code = self.canvas._code
        start = len(code)
        self._draw_static(data)
        if fontcache.seeded(_static_texts(data)) and len(_STATIC_OPERATORS) < 64:
            _STATIC_OPERATORS[key] = "\n".join(code[start:])

    def _centred(self, text: str, font: str, size: float, x_mm: float, y_mm: float, width_mm: float) -> float:
        """One line centred on ``x_mm``, smaller if it would be wider than ``width_mm``; its width in points."""
        text = printable(text.strip())
        if not text:
            return 0.0
        width = word_width(font, text) * size
        if width > width_mm * mm:
            size = size * width_mm * mm / width
            width = width_mm * mm
        c = self.canvas
        c.setFont(font, size)
        c.drawString(self._x(x_mm) - width / 2, self._y(y_mm), text)
        return width

    def _draw_static(self, data: CertificateData) -> None:
        c = self.canvas
        c.saveState()
        s = self.scale
        c.scale(s, s)
        # In here the coordinates are A4's: the page height to measure from the top is A4's.
        height = self.height
        self.height = height / s
        try:
            self._draw_border()
            c.setFillColorRGB(0, 0, 0)
            self._centred(data.national_name, fonts.BOLD, 13, 148.5, 24, 250)
            motto = self._centred(data.motto, fonts.BOLD, 14, 148.5, 30, 250)
            if motto:
                c.setLineWidth(0.8)
                c.line(self._x(148.5) - motto / 2, self._y(32.6), self._x(148.5) + motto / 2, self._y(32.6))
            y = 41.0
            for line in data.authority_lines:
                self._centred(line, fonts.BOLD, 14, 148.5, y, 250)
                y += 6.0
            self._centred(data.award_verb, fonts.BOLD, 14, 148.5, max(y + 4.0, 57.0), 250)
            c.setFillColorRGB(*RED)
            self._centred(data.award_name, fonts.BOLD, 40, 148.5, 73, 250)
            c.setFillColorRGB(0, 0, 0)
            y = 149.5
            for line in data.signer_capacity_lines:
                self._centred(line, fonts.BOLD, 13, 215, y, 120)
                y += 6.0
        finally:
            self.height = height
            c.restoreState()

    def _draw_border(self) -> None:
        """A double frame with corner ornaments (A4 coordinates)."""
        c = self.canvas
        w, h = 297 * mm, 210 * mm
        c.setStrokeColorRGB(*BORDER)
        c.setLineWidth(2.4)
        c.rect(7 * mm, 7 * mm, w - 14 * mm, h - 14 * mm)
        c.setStrokeColorRGB(*GOLD)
        c.setLineWidth(0.8)
        c.rect(9.5 * mm, 9.5 * mm, w - 19 * mm, h - 19 * mm)
        c.setFillColorRGB(*BORDER)
        for cx, cy in ((9.5, 9.5), (287.5, 9.5), (9.5, 200.5), (287.5, 200.5)):
            path = c.beginPath()
            r = 3.2 * mm
            x, y = cx * mm, cy * mm
            path.moveTo(x, y + r)
            path.lineTo(x + r, y)
            path.lineTo(x, y - r)
            path.lineTo(x - r, y)
            path.close()
            c.drawPath(path, stroke=0, fill=1)
        c.setStrokeColorRGB(0, 0, 0)

    def _draw_field(self, field: str, fitted: Fitted) -> None:
        position, _height = field_place(field, self.layout)
        c = self.canvas
        c.setFont(FIELD_FONTS[field], fitted.size)
        x = self._x(position.x_mm)
        y = self._y(position.y_mm)
        pitch = LEADING * fitted.size
        for text, width in fitted.lines:
            c.drawString(x - width / 2, y, text)
            y -= pitch

    def _draw_qr(self, url: str) -> None:
        position, _height = field_place("qr", self.layout)
        ops, modules = qr_path(url)
        side = position.width_mm * mm
        module = side / modules
        x = self._x(position.x_mm) - side / 2
        y = self._y(position.y_mm)
        c = self.canvas
        c.saveState()
        c.setFillColorRGB(0, 0, 0)
        c.addLiteral(f"{module:.4f} 0 0 {module:.4f} {x:.3f} {y:.3f} cm\n{ops}")
        c.restoreState()

    def save(self) -> None:
        self.canvas.save()


def _paper_check(layout: CertificateLayout) -> CertificateLayout:
    _scale(layout)
    return layout


def build_certificate(data: CertificateData, layout: CertificateLayout | None = None) -> bytes:
    """One certificate as a one-page PDF.  Raises ValueError (in Vietnamese)
    for a text that cannot fit its box or an unknown kind or paper."""
    layout = _paper_check(layout or CertificateLayout())
    out = io.BytesIO()
    sheet = _Sheet(out, layout, title=f"{data.award_name} – {data.awardee}", use_forms=False)
    sheet.page(data)
    sheet.save()
    return out.getvalue()


def _chunks(items: Iterable[CertificateData], size: int) -> Iterator[list[CertificateData]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def certificate_chunks(
    items: Iterable[CertificateData],
    layout: CertificateLayout | None = None,
    *,
    chunk_pages: int = DEFAULT_CHUNK_PAGES,
) -> Iterator[bytes]:
    """The print file's pages as PDFs of ``chunk_pages`` certificates each (the
    static parts one form per chunk), drawn one chunk at a time."""
    layout = _paper_check(layout or CertificateLayout())
    for chunk in _chunks(items, max(1, chunk_pages)):
        buffer = io.BytesIO()
        sheet = _Sheet(buffer, layout, title="Giấy khen", use_forms=True)
        for data in chunk:
            sheet.page(data)
        sheet.save()
        yield buffer.getvalue()


def write_certificates(
    items: Iterable[CertificateData],
    out: BinaryIO,
    layout: CertificateLayout | None = None,
    *,
    chunk_pages: int = DEFAULT_CHUNK_PAGES,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write one print-ready PDF of all ``items`` (one certificate a page) to
    ``out``; returns the number of pages.

    Memory does not grow with the count: pages are drawn ``chunk_pages`` at a
    time into a PDF of their own, which is appended to ``out`` and dropped.
    ``progress`` is called with the number of pages written after each chunk."""
    layout = _paper_check(layout or CertificateLayout())
    joined = PdfConcatenator(out, title="Giấy khen", producer="ReportLab")
    written = 0
    for chunk in certificate_chunks(items, layout, chunk_pages=chunk_pages):
        written += joined.append(chunk)
        if progress is not None:
            progress(written)
    if not written:
        raise ValueError("Không có Giấy khen nào để in.")
    joined.close()
    return written


# --- the calibration page -----------------------------------------------------------


def calibration_page(layout: CertificateLayout | None = None) -> bytes:
    """A sheet with a millimetre grid and rulers and, for each field, its box,
    its reference point and its name at the position this layout prints it
    (offsets included), to hold against a pre-printed blank."""
    layout = _paper_check(layout or CertificateLayout())
    configure_reportlab()
    fonts.register_fonts()
    width, height = PAGE_SIZES[layout.paper]
    out = io.BytesIO()
    c = Canvas(out, pagesize=(width, height), pageCompression=1, invariant=1, initialFontName=fonts.FAMILY)
    c.setTitle("Trang căn chỉnh Giấy khen")
    width_mm, height_mm = round(width / mm), round(height / mm)
    for step, grey, line_width in ((1, 0.9, 0.15), (5, 0.75, 0.3), (10, 0.5, 0.5)):
        c.setStrokeColorRGB(grey, grey, grey)
        c.setLineWidth(line_width)
        for x in range(0, width_mm + 1, step):
            c.line(x * mm, 0, x * mm, height)
        for y in range(0, height_mm + 1, step):
            c.line(0, height - y * mm, width, height - y * mm)
    c.setFillColorRGB(0.2, 0.2, 0.2)
    c.setFont(fonts.FAMILY, 6)
    for x in range(10, width_mm, 10):
        c.drawCentredString(x * mm, height - 4 * mm, str(x))
        c.drawCentredString(x * mm, 2 * mm, str(x))
    for y in range(10, height_mm, 10):
        c.drawString(1.2 * mm, height - y * mm - 2, str(y))
        c.drawRightString(width - 1.2 * mm, height - y * mm - 2, str(y))
    c.setFont(fonts.BOLD, 10)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(
        14 * mm,
        height - 12 * mm,
        printable(
            f"Trang căn chỉnh Giấy khen – khổ {layout.paper} ngang; lưới 1 mm, số đo tính từ mép trái và mép trên; "
            f"độ lệch máy in: ngang {layout.offset_x_mm:+g} mm, dọc {layout.offset_y_mm:+g} mm"
        ),
    )
    c.translate(layout.offset_x_mm * mm, -layout.offset_y_mm * mm)
    c.setDash(3, 2)
    for field in FIELDS:
        position, box_height = field_place(field, layout)
        x, y = position.x_mm * mm, height - position.y_mm * mm
        half = position.width_mm * mm / 2
        if field == "qr":
            top = y + position.width_mm * mm
            bottom = y
        else:
            top = y + ASCENT * position.size_pt
            bottom = top - box_height * mm
        c.setStrokeColorRGB(0.1, 0.3, 0.8)
        c.setLineWidth(0.6)
        c.rect(x - half, bottom, 2 * half, top - bottom)
        c.setStrokeColorRGB(*RED)
        c.line(x - 3 * mm, y, x + 3 * mm, y)
        c.line(x, y - 3 * mm, x, y + 3 * mm)
        c.setFillColorRGB(0.1, 0.3, 0.8)
        c.setFont(fonts.BOLD, 8)
        label = f"{field}  x={position.x_mm:g} y={position.y_mm:g} rộng={position.width_mm:g} mm"
        if field != "qr":
            label += f" cỡ {position.size_pt:g} pt"
        c.drawString(x - half + 1 * mm, top - 3.2 * mm, printable(label))
    c.showPage()
    c.save()
    return out.getvalue()
