"""The serif family every printed document uses, registered once with ReportLab.

First choice: Liberation Serif (Debian ``fonts-liberation2``), metric-compatible
with Times New Roman, which Nghị định 30/2020 asks for.  Fallback, found with
no system package: DejaVu Serif from the PyPI package
``rinoh-typeface-dejavuserif`` (all four styles cover Vietnamese), then
Debian's DejaVu Serif.  ``DOCUMENT_FONT_DIR`` in the environment can point at a
folder holding a council's own four files (e.g. Times New Roman)."""

from __future__ import annotations

import os
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# The name the builders use; the styles are FAMILY, FAMILY-Bold, FAMILY-Italic,
# FAMILY-BoldItalic, registered as one family so <b>/<i> in paragraphs work.
FAMILY = "DocSerif"
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"
STYLES = (FAMILY, BOLD, ITALIC, BOLD_ITALIC)

# Every letter of Vietnamese, lower and upper case, in NFC.
VIETNAMESE_LETTERS = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
VIETNAMESE_ALPHABET = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()


@dataclass(frozen=True)
class FontSet:
    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def files(self) -> tuple[Path, Path, Path, Path]:
        return (self.regular, self.bold, self.italic, self.bold_italic)

    def exists(self) -> bool:
        return all(path.is_file() for path in self.files())


def _liberation(folder: Path) -> FontSet:
    return FontSet(
        "Liberation Serif",
        folder / "LiberationSerif-Regular.ttf",
        folder / "LiberationSerif-Bold.ttf",
        folder / "LiberationSerif-Italic.ttf",
        folder / "LiberationSerif-BoldItalic.ttf",
    )


def _dejavu(folder: Path) -> FontSet:
    return FontSet(
        "DejaVu Serif",
        folder / "DejaVuSerif.ttf",
        folder / "DejaVuSerif-Bold.ttf",
        folder / "DejaVuSerif-Italic.ttf",
        folder / "DejaVuSerif-BoldItalic.ttf",
    )


def candidates() -> list[FontSet]:
    """The font sets in order of preference."""
    found: list[FontSet] = []
    own = os.environ.get("DOCUMENT_FONT_DIR")
    if own:
        folder = Path(own)
        found += [_liberation(folder), _dejavu(folder)]
    found.append(_liberation(Path("/usr/share/fonts/truetype/liberation2")))
    found.append(_liberation(Path("/usr/share/fonts/truetype/liberation")))
    try:
        import rinoh_typeface_dejavuserif

        found.append(_dejavu(Path(rinoh_typeface_dejavuserif.__file__).parent))
    except ImportError:  # pragma: no cover - the package is a runtime requirement
        pass
    found.append(_dejavu(Path("/usr/share/fonts/truetype/dejavu")))
    return found


_lock = threading.Lock()
_chosen: FontSet | None = None


def register_fonts() -> FontSet:
    """Register the first complete font set as FAMILY (idempotent, thread-safe)."""
    global _chosen
    if _chosen is not None:
        return _chosen
    with _lock:
        if _chosen is not None:
            return _chosen
        for fontset in candidates():
            if not fontset.exists():
                continue
            for style, path in zip(STYLES, fontset.files(), strict=True):
                pdfmetrics.registerFont(TTFont(style, str(path)))
            pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
            _chosen = fontset
            return fontset
        raise RuntimeError(
            "No Unicode serif font found for printing: install fonts-liberation2 "
            "or the Python package rinoh-typeface-dejavuserif."
        )


def missing_letters(style: str, text: str = VIETNAMESE_ALPHABET) -> str:
    """The letters of ``text`` the registered ``style`` has no glyph for."""
    register_fonts()
    font = pdfmetrics.getFont(style)
    cmap = font.face.charToGlyph
    return "".join(ch for ch in text if ord(ch) not in cmap)


REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def printable(text: str, style: str = FAMILY) -> str:
    """NFC text with every character the font lacks replaced by a visible mark
    (U+FFFD if the font has it, else "?"): emoji and the like never crash a
    document nor vanish silently."""
    register_fonts()
    text = unicodedata.normalize("NFC", text)
    cmap = pdfmetrics.getFont(style).face.charToGlyph
    if all(ord(ch) in cmap or ch in "\n\t" for ch in text):
        return text
    mark = REPLACEMENT if ord(REPLACEMENT) in cmap else "?"
    return "".join(ch if (ord(ch) in cmap or ch in "\n\t") else mark for ch in text)
