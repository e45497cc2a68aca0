"""Reading the built PDFs back: text per page (pdfplumber), page sizes in
millimetres, the embedded fonts (pypdf), the characters' boxes."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pdfplumber
import pypdf

MM = 72 / 25.4
SUBSET_NAME = re.compile(r"^/?[A-Z]{6}\+")


@dataclass
class Page:
    text: str
    width_mm: float
    height_mm: float
    chars: list[dict[str, Any]]

    @property
    def flat(self) -> str:
        """The text with all whitespace removed: lines wrap anywhere, words stay whole."""
        return "".join(self.text.split())

    @property
    def raw(self) -> str:
        """The characters in the order they are drawn, whitespace removed.  The
        lists draw cell after cell, so a cell's wrapped text stays together
        here while the extracted text interleaves the lines of a row's cells."""
        return "".join("".join(str(c["text"]) for c in self.chars).split())


def pages(pdf: bytes, *, chars: bool = True) -> list[Page]:
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            found.append(
                Page(
                    text=page.extract_text() or "",
                    width_mm=float(page.width) / MM,
                    height_mm=float(page.height) / MM,
                    chars=list(page.chars) if chars else [],
                )
            )
    return found


def text(pdf: bytes) -> str:
    return "\n".join(page.text for page in pages(pdf))


def flat(value: str) -> str:
    return "".join(value.split())


def is_nfc(value: str) -> bool:
    return unicodedata.is_normalized("NFC", value)


def embedded_fonts(pdf: bytes) -> list[dict[str, Any]]:
    """Every TrueType font of every page: its BaseFont and whether its file is embedded."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts: dict[str, dict[str, Any]] = {}

    def visit(resources: Any) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            if font.get("/Subtype") != "/TrueType":
                continue
            descriptor = font["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = {
                "name": str(font["/BaseFont"]),
                "embedded": "/FontFile2" in descriptor,
                "length": len(descriptor["/FontFile2"].get_object().get_data()) if "/FontFile2" in descriptor else 0,
            }
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return list(fonts.values())


def font_names(pdf: bytes) -> set[str]:
    """The BaseFont of every font any page or form uses, whatever its kind (a Type 1 standard font
    such as Helvetica is never embedded: it must not appear at all)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names: set[str] = set()

    def visit(resources: Any) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return names


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def face_name(style: str) -> str:
    """The PostScript name a registered style's subsets carry in the PDF ("LiberationSerif-Bold")."""
    from reportlab.pdfbase import pdfmetrics

    from printing import fonts

    fonts.register_fonts()
    name = pdfmetrics.getFont(style).face.name
    return name.decode() if isinstance(name, bytes) else str(name)


def in_style(char: dict[str, Any], style: str) -> bool:
    return str(char["fontname"]).split("+", 1)[-1] == face_name(style)
