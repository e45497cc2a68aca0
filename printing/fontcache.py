"""Font subsets that documents share, embedded from a cache.

ReportLab subsets each TrueType font anew for every PDF: it assigns codes to
the characters in the order the text first uses them, cuts a new font file
with those glyphs and compresses it.  For a one-page certificate that is most
of the work (about 2.5 ms a style, against 1 ms for drawing the page).

:func:`preseed` assigns, at the start of a document, the codes of every
character the documents usually print (ASCII and the whole Vietnamese
alphabet, in a fixed order), so the first subset of each style is the same
in every document.  :func:`install` makes the registered fonts embed their
subsets through :func:`_add_objects`, which keeps the formatted font file,
its ToUnicode map and its widths per (style, subset) and reuses them: the
glyphs are cut and compressed once per process.  A character outside the
seed (rare: a name in another alphabet) opens a further subset, or changes
the first one's tail, which is then cut normally and cached as well.

The cost: each PDF embeds the glyphs of the whole seed (about 240 per style,
most of them small composite glyphs) instead of only those it prints.  The
cache holds formatted bytes, so it assumes unencrypted PDFs (the builders
never encrypt)."""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from types import MethodType
from typing import Any

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, makeToUnicodeCMap

from printing import fonts

PUNCTUATION = "“”‘’–—…"
SEED = "".join(chr(code) for code in range(32, 127)) + "".join(
    ch for ch in fonts.VIETNAMESE_ALPHABET + PUNCTUATION if not ch.isascii()
)
CACHE_SIZE = 64


class _Formatted(pdfdoc.PDFObject):
    """An object formatted once; ``ref_only``: written as an object of its own."""

    def __init__(self, data: bytes, *, ref_only: bool) -> None:
        self.data = data
        if ref_only:
            self.__RefOnly__ = 1

    def format(self, document: Any) -> bytes:
        return self.data


class _Template(pdfdoc.PDFObject):
    """A dictionary formatted once but for its references: ``parts`` around
    ``references``, which are formatted for the document at hand."""

    __RefOnly__ = 1

    def __init__(self, parts: tuple[bytes, ...], references: tuple[Any, ...]) -> None:
        self.parts = parts
        self.references = references

    def format(self, document: Any) -> bytes:
        out = [self.parts[0]]
        for reference, part in zip(self.references, self.parts[1:], strict=True):
            out.append(reference.format(document))
            out.append(part)
        return b"".join(out)


@dataclass(frozen=True)
class _Subset:
    font_file: bytes
    to_unicode: bytes
    # The font dictionary around its name, its descriptor and its ToUnicode map;
    # the descriptor around its font file.
    font_parts: tuple[bytes, bytes, bytes, bytes]
    descriptor_parts: tuple[bytes, bytes]


_cache: OrderedDict[tuple[str, int, bool, tuple[int, ...]], _Subset] = OrderedDict()
_lock = threading.Lock()
_DOC = pdfdoc.DummyDoc()  # formats the cached objects: no encryption, no references inside them


class _FlateBest:
    """Flate at the highest level: a cached font file is compressed once per process."""

    pdfname = "FlateDecode"

    def encode(self, data: bytes | str) -> bytes:
        return zlib.compress(data.encode("utf8") if isinstance(data, str) else data, 9)


_FLATE_BEST = _FlateBest()


def _pdf(value: Any) -> bytes:
    return pdfdoc.format(value, _DOC)


def _cut(font: TTFont, base_font_name: str, subset: list[int], compress: bool) -> _Subset:
    face = font.face
    font_file = pdfdoc.PDFStream()
    font_file.content = face.makeSubset(subset)
    font_file.dictionary["Length1"] = len(font_file.content)
    font_file.filters = [_FLATE_BEST] if compress else []
    to_unicode = pdfdoc.PDFStream()
    to_unicode.content = makeToUnicodeCMap(base_font_name, subset)
    to_unicode.filters = [_FLATE_BEST] if compress else []
    widths = pdfdoc.PDFArray([face.getCharWidth(code) for code in subset])
    name = _pdf(pdfdoc.PDFName(base_font_name))
    font_parts = (
        b"<<\n/BaseFont " + name + b" /FirstChar 0 /FontDescriptor ",
        b" /LastChar " + _pdf(len(subset) - 1) + b" /Name /",
        b" /Subtype /TrueType /ToUnicode ",
        b" /Type /Font /Widths " + _pdf(widths) + b"\n>>",
    )
    flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
    descriptor_parts = (
        b"<<\n/Ascent "
        + _pdf(face.ascent)
        + b" /CapHeight "
        + _pdf(face.capHeight)
        + b" /Descent "
        + _pdf(face.descent)
        + b" /Flags "
        + _pdf(flags)
        + b" /FontBBox "
        + _pdf(pdfdoc.PDFArray(face.bbox))
        + b" /FontFile2 ",
        b" /FontName "
        + name
        + b" /ItalicAngle "
        + _pdf(face.italicAngle)
        + b" /MissingWidth "
        + _pdf(face.defaultWidth)
        + b" /StemV "
        + _pdf(face.stemV)
        + b" /Type /FontDescriptor\n>>",
    )
    return _Subset(font_file.format(_DOC), to_unicode.format(_DOC), font_parts, descriptor_parts)


def _subset(font: TTFont, number: int, base_font_name: str, subset: list[int], compress: bool) -> _Subset:
    key = (font.fontName, number, compress, tuple(subset))
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    made = _cut(font, base_font_name, subset, compress)
    with _lock:
        _cache[key] = made
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return made


def _add_objects(self: TTFont, doc: Any) -> None:
    """``TTFont.addObjects`` with the subsets' files, maps and widths from the cache."""
    try:
        state = self.state[doc]
    except KeyError:
        state = self.state[doc] = TTFont.State(self._asciiReadable)
    state.frozen = 1
    face = self.face
    for number, subset in enumerate(state.subsets):
        internal_name = self.getSubsetInternalName(number, doc)[1:]
        base_font_name = (b"".join((SUBSETN(number), b"+", face.name, face.subfontNameX))).decode("pdfdoc")
        cached = _subset(self, number, base_font_name, subset, bool(doc.compression))

        to_unicode = doc.Reference(_Formatted(cached.to_unicode, ref_only=True), "toUnicodeCMap:" + base_font_name)
        font_file = doc.Reference(
            _Formatted(cached.font_file, ref_only=True), f"fontFile:{face.filename}({base_font_name})"
        )
        descriptor = doc.Reference(_Template(cached.descriptor_parts, (font_file,)), "fontDescriptor:" + base_font_name)
        name = _Formatted(internal_name.encode("ascii"), ref_only=False)
        pdf_font = _Template(cached.font_parts, (descriptor, name, to_unicode))
        doc.Reference(pdf_font, internal_name)
        doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
    del self.state[doc]


def install() -> None:
    """Make the registered styles embed their subsets through the cache (idempotent)."""
    fonts.register_fonts()
    for style in fonts.STYLES:
        font = _font(style)
        if not getattr(font, "_subset_cache", False):
            font.addObjects = MethodType(_add_objects, font)  # type: ignore[method-assign]
            font._subset_cache = True  # type: ignore[attr-defined]


def _font(style: str) -> TTFont:
    """The registered TrueType font of ``style``."""
    font = pdfmetrics.getFont(style)
    if not isinstance(font, TTFont):
        raise TypeError(f"{style} is not a TrueType font")
    return font


_seeded: dict[str, Any] = {}


def _seeded_state(font: TTFont) -> Any:
    """The per-document state of ``font`` after the seed, made once."""
    state = _seeded.get(font.fontName)
    if state is None:

        class _Key:
            pass

        key = _Key()
        font.splitString(SEED, key)
        state = _seeded[font.fontName] = font.state.pop(key)
    return state


def preseed(doc: Any, styles: tuple[str, ...] = fonts.STYLES) -> None:
    """Give ``doc`` the seed's codes for ``styles`` before any text is drawn (a
    copy of a state made once, cheaper than assigning 240 characters again)."""
    for style in styles:
        font = _font(style)
        seeded = _seeded_state(font)
        state = TTFont.State.__new__(TTFont.State)
        state.__dict__.update(seeded.__dict__)
        state.assignments = dict(seeded.assignments)
        state.subsets = [list(subset) for subset in seeded.subsets]
        font.state[doc] = state


_SEED_SET = frozenset(SEED)


def seeded(text: str) -> bool:
    """Every character of ``text`` has its code from the seed."""
    return _SEED_SET.issuperset(text)
