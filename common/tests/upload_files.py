"""Files for the upload tests, built in the test run (no binary fixtures): the good ones by the
libraries that make them in real life, the bad ones by hand."""

from __future__ import annotations

import io
import struct
import zipfile

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def reportlab_pdf(text: str = "Quyết định khen thưởng") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def docx_file(text: str = "Tờ trình đề nghị khen thưởng") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_file(rows: list[list[object]] | None = None) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows if rows is not None else [["Họ và tên", "Thành tích"], ["Lê Thị Hường", "Tốt"]]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def png_file(*, size: tuple[int, int] = (40, 30), text_chunk: str = "") -> bytes:
    from PIL import Image, PngImagePlugin

    image = Image.new("RGB", size, (200, 30, 30))
    info = PngImagePlugin.PngInfo()
    if text_chunk:
        info.add_text("Comment", text_chunk)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def jpeg_file() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def handwritten_pdf(*objects: bytes) -> bytes:
    """A well-formed PDF (cross-reference table and all) of the given objects; 1 0 R is the root."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def pdf_with_open_action_javascript() -> bytes:
    return handwritten_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /Type /Action /S /JavaScript /JS (app.alert\\('pwned'\\)) >>",
    )


def pdf_with_page_action() -> bytes:
    """A page whose /AA runs JavaScript when it opens, the name written with a hex escape."""
    return handwritten_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O << /S /J#61vaScript /JS (1) >> >> >>",
    )


def pdf_with_pypdf_javascript() -> bytes:
    from pypdf import PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_open_action(JavaScript("app.alert('pwned');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_embedded_file() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment("cai-dat.exe", b"MZ\x90\x00")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_html_polyglot() -> bytes:
    """A real PDF that a browser would also render as a page: HTML in a PDF comment."""
    pdf = reportlab_pdf()
    header_end = pdf.index(b"\n") + 1
    return pdf[:header_end] + b"%" + HTML + b"\n" + pdf[header_end:]


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "không phải tài liệu Word")
    return buffer.getvalue()


def rezipped(data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """An Office file with some parts replaced or added (deflated at the highest level)."""
    replace = replace or {}
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def sheet_xml(rows: int, *, cell: str = "x") -> bytes:
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    body = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (n, n, cell.encode())
        for n in range(1, rows + 1)
    )
    return head + body + b"</sheetData></worksheet>"


def zip_bomb_xlsx(*, rows: int = 200_000) -> bytes:
    """A real workbook whose first sheet is ``rows`` rows of the same long cell: a few hundred KB
    that unzip to tens of MB (200,000 rows: about 250 KB, 57 MB unzipped)."""
    return rezipped(xlsx_file(), replace={"xl/worksheets/sheet1.xml": sheet_xml(rows, cell="A" * 200)})


def declaring_huge_size(data: bytes, part: str, size: int = 0xFFFF0000) -> bytes:
    """The archive with ``part``'s uncompressed size in the central directory set to ``size``:
    what the archive says, before anything is unzipped, is what is checked."""
    out = bytearray(data)
    name = part.encode()
    at = 0
    while (at := out.find(b"PK\x01\x02", at)) >= 0:
        name_length = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46 : at + 46 + name_length]) == name:
            struct.pack_into("<I", out, at + 24, size)
            return bytes(out)
        at += 4
    raise AssertionError(part)


def encrypted_pdf(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(reportlab_pdf())))
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
