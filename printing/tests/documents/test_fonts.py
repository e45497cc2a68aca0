"""The serif family covers every Vietnamese letter in every style, and so does
the DejaVu fallback that needs no system package; text is NFC and what the
font lacks becomes a visible mark."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from printing import fonts


def test_the_alphabet_has_every_letter_with_every_tone_in_nfc() -> None:
    # 12 vowels x 6 tones + 17 consonants, in both cases.
    assert len(set(fonts.VIETNAMESE_ALPHABET)) == 2 * (12 * 6 + 17)
    assert unicodedata.is_normalized("NFC", fonts.VIETNAMESE_ALPHABET)


@pytest.mark.parametrize("style", fonts.STYLES)
def test_every_registered_style_has_every_vietnamese_letter(style: str) -> None:
    fonts.register_fonts()
    assert fonts.missing_letters(style) == ""


def _rinoh_dejavu() -> fonts.FontSet:
    import rinoh_typeface_dejavuserif

    folder = Path(rinoh_typeface_dejavuserif.__file__).parent
    for fontset in fonts.candidates():
        if fontset.name == "DejaVu Serif" and fontset.regular.parent == folder:
            return fontset
    raise AssertionError("the rinoh DejaVu Serif set is not among the candidates")


def test_the_fallback_from_pypi_is_a_candidate_with_all_four_files() -> None:
    fontset = _rinoh_dejavu()
    assert fontset.exists(), fontset


@pytest.mark.parametrize("index", range(4))
def test_every_style_of_the_dejavu_fallback_has_every_vietnamese_letter(index: int) -> None:
    path = _rinoh_dejavu().files()[index]
    face = TTFont(f"check-{path.stem}", str(path)).face
    missing = [ch for ch in fonts.VIETNAMESE_ALPHABET if ord(ch) not in face.charToGlyph]
    assert missing == [], f"{path.name} lacks {''.join(missing)}"


def test_printable_gives_nfc_and_marks_what_the_font_lacks() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    assert decomposed != "Nguyễn Thị Hường"
    assert fonts.printable(decomposed) == "Nguyễn Thị Hường"
    shown = fonts.printable("Hường 😀 ok")
    assert "😀" not in shown
    assert shown in ("Hường \N{REPLACEMENT CHARACTER} ok", "Hường ? ok")
