"""Measuring and breaking plain text into lines, without platypus: the
certificate's boxes and the cells of the long lists.  Words are measured once
per font (cached), so wrapping the same text at several sizes or widths costs
additions only."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from printing import fonts

SPACES = re.compile(r"[ \t\r\n\f\v]+")


@lru_cache(maxsize=131072)
def word_width(font: str, word: str) -> float:
    """Advance of ``word`` in ``font`` at 1 pt."""
    return stringWidth(word, font, 1.0)


def words_of(text: str) -> list[str]:
    return [w for w in SPACES.split(text) if w]


def _break_word(font: str, word: str, limit: float) -> list[str]:
    """A word wider than a line, cut between characters (a long code or URL)."""
    pieces, current = [], ""
    for char in word:
        if current and word_width(font, current + char) > limit:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def wrap_words(font: str, words: list[str], limit: float) -> list[tuple[str, float]]:
    """Greedy lines of ``words`` no wider than ``limit`` (measured at 1 pt),
    with their widths at 1 pt.  A word longer than a line is cut."""
    space = word_width(font, " ")
    lines: list[tuple[str, float]] = []
    current: list[str] = []
    width = 0.0
    for word in words:
        w = word_width(font, word)
        if w > limit:
            if current:
                lines.append((" ".join(current), width))
                current, width = [], 0.0
            for piece in _break_word(font, word, limit):
                lines.append((piece, word_width(font, piece)))
            continue
        if current and width + space + w > limit:
            lines.append((" ".join(current), width))
            current, width = [word], w
        else:
            width = width + space + w if current else w
            current.append(word)
    if current:
        lines.append((" ".join(current), width))
    return lines


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points at ``size``;
    its own line breaks are kept."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words = words_of(paragraph)
        if not words:
            lines.append("")
            continue
        lines += [line for line, _w in wrap_words(font, words, width / size)]
    return lines


# Vertical metrics, as fractions of the type size: room above the baseline for
# a capital with two stacked marks (Ể, Ẫ), below it, and the line pitch.
ASCENT = 0.92
DESCENT = 0.22
LEADING = 1.2
SIZE_STEP = 0.5


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: tuple[tuple[str, float], ...]  # (text, width at ``size``)


def lines_allowed(size: float, room: float) -> int:
    """How many lines at ``size`` fit in ``room`` points below the first baseline."""
    if DESCENT * size > room:
        return 0
    return int((room - DESCENT * size) // (LEADING * size)) + 1


def _balanced(
    font: str, words: list[str], lines: list[tuple[str, float]], total: float, limit: float
) -> list[tuple[str, float]]:
    """The same number of lines, as even as the words allow: the narrowest
    width that still breaks into that many lines (a centred text then has no
    lone word on its last line)."""
    count = len(lines)
    low, high = total / count, limit
    best = lines
    for _ in range(8):
        middle = (low + high) / 2
        trial = wrap_words(font, words, middle)
        if len(trial) <= count:
            best, high = trial, middle
        else:
            low = middle
    return best


def _fit_paragraphs(
    paragraphs: list[list[str]], font: str, *, max_size: float, min_size: float, width: float, room: float
) -> Fitted | None:
    """``fit_text`` for several paragraphs: each starts a line of its own, all at one size."""
    space = word_width(font, " ")
    widths = [sum(word_width(font, w) for w in words) + space * (len(words) - 1) for words in paragraphs]
    size = max_size
    while size >= min_size - 1e-9:
        allowed = lines_allowed(size, room)
        if allowed >= len(paragraphs):
            lines: list[tuple[str, float]] = []
            for words, one_line in zip(paragraphs, widths, strict=True):
                if one_line * size <= width:
                    lines.append((" ".join(words), one_line))
                else:
                    wrapped = wrap_words(font, words, width / size)
                    lines += _balanced(font, words, wrapped, one_line, width / size)
            if len(lines) <= allowed:
                return Fitted(size, tuple((line, w * size) for line, w in lines))
        size -= SIZE_STEP
    return None


def fit_text(text: str, font: str, *, max_size: float, min_size: float, width: float, room: float) -> Fitted | None:
    """The largest size (in steps of half a point, not below ``min_size``) at
    which ``text`` wraps into lines no wider than ``width`` and fits ``room``
    points below its first baseline, with its lines; None if it cannot.  A line
    break in ``text`` starts a new paragraph on a line of its own."""
    if "\n" in text.strip():
        paragraphs = [words for words in map(words_of, text.split("\n")) if words]
        if len(paragraphs) > 1:
            return _fit_paragraphs(paragraphs, font, max_size=max_size, min_size=min_size, width=width, room=room)
    words = words_of(text)
    if not words:
        return Fitted(max_size, ())
    space = word_width(font, " ")
    one_line = sum(word_width(font, w) for w in words) + space * (len(words) - 1)
    size = max_size
    while size >= min_size - 1e-9:
        allowed = lines_allowed(size, room)
        if allowed >= 1:
            if one_line * size <= width:
                return Fitted(size, ((" ".join(words), one_line * size),))
            # Not worth wrapping when even full lines could not hold it.
            if allowed >= 2 and one_line * size <= width * allowed:
                lines = wrap_words(font, words, width / size)
                if len(lines) <= allowed:
                    lines = _balanced(font, words, lines, one_line, width / size)
                    return Fitted(size, tuple((line, w * size) for line, w in lines))
        size -= SIZE_STEP
    return None


_covered: dict[str, frozenset[str]] = {}


def printable(text: str, style: str | None = None) -> str:
    """``fonts.printable`` with a fast path: NFC text whose every character the
    style has (the usual case) is returned as it is, checked as a set."""
    style = style or fonts.FAMILY
    covered = _covered.get(style)
    if covered is None:
        fonts.register_fonts()
        covered = _covered[style] = frozenset(map(chr, pdfmetrics.getFont(style).face.charToGlyph)) | {"\n", "\t"}
    if unicodedata.is_normalized("NFC", text) and covered.issuperset(text):
        return text
    return fonts.printable(text, style)
