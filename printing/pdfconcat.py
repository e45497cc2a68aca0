"""Join whole PDFs made by ReportLab into one PDF, written to a stream as it goes.

ReportLab keeps every page of a canvas in memory until ``save()``, so a print
file of thousands of certificates is built as a series of small PDFs (one per
chunk of pages) and joined here: each chunk's objects are copied with new
numbers, its pages hung under one page tree, and only the objects' offsets
and the page numbers are kept (a few integers per page).

The input must be what ReportLab writes: one classic cross-reference table
(no object streams, no incremental updates), every object a dictionary or a
dictionary with its stream.  That is checked; anything else raises
``ValueError``.  Streams are copied byte for byte, so fonts and compressed
page contents are not touched.

Every chunk embeds the same font subsets (``printing.fontcache``): a stream
that refers to nothing (a font file, a ToUnicode map) and is byte for byte
one already written is not written again, its references point to the first
copy.  Pages' contents are never shared, so they are not looked up; what is
kept is one digest per distinct shared stream (a few dozen).  This makes a
print file of 10,000 certificates about 3 MB smaller (``bench/pdfconcat.py``)."""

from __future__ import annotations

import hashlib
import re
from typing import BinaryIO

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_SECTION = re.compile(rb"xref\s+0\s+(\d+)\s+")
_OBJ_HEADER = re.compile(rb"\s*(\d+)\s+0\s+obj\b")
_REFERENCE = re.compile(rb"(\d+) 0 R\b")
_STREAM = re.compile(rb">>\s*stream\r?\n")
_ROOT = re.compile(rb"/Root\s+(\d+) 0 R")
_INFO = re.compile(rb"/Info\s+(\d+) 0 R")
_PAGES = re.compile(rb"/Pages\s+(\d+) 0 R")
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_CONTENTS = re.compile(rb"/Contents\s+(\d+) 0 R")

# The objects this writer owns: the catalogue, the page tree and the info dictionary.
_CATALOG, _PAGE_TREE, _INFO_OBJECT = 1, 2, 3


def _pdf_string(text: str) -> bytes:
    """A PDF text string (UTF-16 with its byte-order mark), safe for any text."""
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().encode() + b">"


class PdfConcatenator:
    """One PDF written to ``out`` from the pages of PDFs given one by one to
    :meth:`append`; :meth:`close` writes the page tree and the cross-reference
    table.  ``out`` need not be seekable."""

    def __init__(self, out: BinaryIO, *, title: str = "", producer: str = "ReportLab") -> None:
        self.out = out
        self.title = title
        self.producer = producer
        self.position = 0
        self.offsets: dict[int, int] = {}
        self.kids: list[int] = []
        self.next_number = _INFO_OBJECT + 1
        self.digest = hashlib.md5(usedforsecurity=False)
        # A shared stream's digest -> the number it was written under.
        self.shared: dict[bytes, int] = {}
        self.closed = False
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    @property
    def page_count(self) -> int:
        return len(self.kids)

    def append(self, pdf: bytes) -> int:
        """Copy the pages of ``pdf`` (with everything they use) to the output; returns their number."""
        if self.closed:
            raise ValueError("PdfConcatenator is closed")
        tail = _STARTXREF.search(pdf, max(0, len(pdf) - 64))
        if tail is None:
            raise ValueError("not a PDF: no startxref at the end")
        xref_at = int(tail.group(1))
        section = _XREF_SECTION.match(pdf, xref_at)
        if section is None:
            raise ValueError("unsupported PDF: no classic cross-reference table")
        size = int(section.group(1))
        entries_at = section.end()
        offsets: dict[int, int] = {}
        for number in range(1, size):
            entry = pdf[entries_at + 20 * number : entries_at + 20 * number + 18]
            if entry[17:18] == b"n":
                offsets[number] = int(entry[:10])
        trailer = pdf[entries_at + 20 * size : tail.start()]
        if b"/Prev" in trailer:
            raise ValueError("unsupported PDF: incremental update")
        root, info = _ROOT.search(trailer), _INFO.search(trailer)
        if root is None:
            raise ValueError("not a PDF: no /Root in the trailer")
        bodies = self._bodies(pdf, offsets, xref_at)
        root_number = int(root.group(1))
        pages = _PAGES.search(bodies[root_number])
        if pages is None:
            raise ValueError("not a PDF: no page tree")
        pages_number = int(pages.group(1))
        kids = _KIDS.search(bodies[pages_number])
        if kids is None or b"/Kids" in kids.group(1):
            raise ValueError("unsupported PDF: nested page tree")
        page_numbers = [int(n) for n in _REFERENCE.findall(kids.group(1))]
        dropped = {root_number, pages_number} | ({int(info.group(1))} if info else set())

        contents = {int(n) for page in page_numbers for n in _CONTENTS.findall(bodies[page])}
        mapping: dict[int, int] = {pages_number: _PAGE_TREE}
        written: set[int] = set()
        for number in sorted(bodies):
            if number in dropped:
                continue
            body = bodies[number]
            key = None
            if number not in contents:
                stream = _STREAM.search(body)
                if stream is not None and _REFERENCE.search(body, 0, stream.start()) is None:
                    key = hashlib.sha256(body).digest()
                    if key in self.shared:
                        mapping[number] = self.shared[key]
                        continue
            mapping[number] = self.next_number
            written.add(number)
            if key is not None:
                self.shared[key] = self.next_number
            self.next_number += 1

        def renumber(match: re.Match[bytes]) -> bytes:
            return b"%d 0 R" % mapping[int(match.group(1))]

        for number in sorted(written):
            body = bodies[number]
            stream = _STREAM.search(body)
            if stream is None:
                head, rest = body, b""
            else:
                head, rest = body[: stream.start() + 2], body[stream.start() + 2 :]
            new_number = mapping[number]
            self.offsets[new_number] = self.position
            self._write(b"%d 0 obj\n" % new_number + _REFERENCE.sub(renumber, head) + rest + b"\nendobj\n")
        self.kids.extend(mapping[n] for n in page_numbers)
        self.digest.update(pdf[-200:])
        return len(page_numbers)

    @staticmethod
    def _bodies(pdf: bytes, offsets: dict[int, int], xref_at: int) -> dict[int, bytes]:
        """Each object's text between ``N 0 obj`` and ``endobj``."""
        ordered = sorted(offsets.items(), key=lambda item: item[1])
        bodies: dict[int, bytes] = {}
        for index, (number, start) in enumerate(ordered):
            end = ordered[index + 1][1] if index + 1 < len(ordered) else xref_at
            header = _OBJ_HEADER.match(pdf, start)
            if header is None or int(header.group(1)) != number:
                raise ValueError(f"broken PDF: object {number} is not at its offset")
            close = pdf.rfind(b"endobj", header.end(), end)
            if close < 0:
                raise ValueError(f"broken PDF: object {number} has no endobj")
            bodies[number] = pdf[header.end() : close].strip(b"\r\n")
        return bodies

    def close(self) -> None:
        """Write the page tree, the catalogue, the info dictionary and the cross-reference table."""
        if self.closed:
            return
        self.closed = True
        kids = b" ".join(b"%d 0 R" % n for n in self.kids)
        info = b"<< /Producer " + _pdf_string(self.producer)
        if self.title:
            info += b" /Title " + _pdf_string(self.title)
        info += b" >>"
        for number, body in (
            (_PAGE_TREE, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(self.kids), kids)),
            (_CATALOG, b"<< /Type /Catalog /Pages %d 0 R >>" % _PAGE_TREE),
            (_INFO_OBJECT, info),
        ):
            self.offsets[number] = self.position
            self._write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        xref_at = self.position
        size = self.next_number
        lines = [b"xref\n0 %d\n" % size, b"0000000000 65535 f \n"]
        lines += [b"%010d 00000 n \n" % self.offsets[n] for n in range(1, size)]
        self._write(b"".join(lines))
        file_id = self.digest.hexdigest().encode()
        self._write(
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, _CATALOG, _INFO_OBJECT, file_id, file_id, xref_at)
        )
