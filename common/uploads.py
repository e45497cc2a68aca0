"""The one rule for an uploaded file: its size, its name, and a structure that is what the name says.

Every upload path calls ``upload_check`` (a stored file: dossier attachments, decision scans) or
``spreadsheet_check`` (a sheet that is read: bulk lines, the setup importer).  The type is read
from the file's structure, never from its first bytes alone:

* a PDF must start with ``%PDF-``, parse with pypdf, and carry no JavaScript, no automatic or
  launch action and no embedded file; no HTML may hide in it (a PDF/HTML polyglot);
* an Office file (.docx, .xlsx) must be a whole ZIP (nothing before or after it) holding
  ``[Content_Types].xml`` and the main part of its type, with the matching content type and no
  macros; the archive's entries, their unzipped size and their compression ratio are read from
  the central directory, before anything is decompressed, so a zip bomb costs nothing;
* an image must decode with Pillow within a pixel limit and is stored re-encoded (what was
  appended to it, and its metadata, are dropped).

A sheet's rows are counted in its XML before openpyxl sees it.  The limits are settings
(``config/settings/base.py``), read at each call; ``DEFAULT_LIMITS`` holds their defaults.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from defusedxml import ElementTree  # refuses a DTD or entity in any encoding (ruff S314)
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import formats
from django.utils.translation import gettext as _

from common.text import nfc

MB = 1024 * 1024
DEFAULT_LIMITS = {
    "ATTACHMENT_MAX_BYTES": 10 * MB,  # a stored PDF, Word or Excel file
    "IMAGE_MAX_BYTES": 5 * MB,  # a stored JPG or PNG
    "IMAGE_MAX_PIXELS": 40_000_000,  # an A4 page scanned at 600 dpi is 35 million
    "SPREADSHEET_MAX_BYTES": 2 * MB,  # a sheet that is read (bulk lines, setup import)
    "SPREADSHEET_MAX_ROWS": 2000,  # data rows below the header
    # a sheet of 2000 rows is a few MB unzipped; the 57 MB of an attack fitted under the 64 MB
    # a stored Office file may have, and took a worker 10 s and 225 MB to read
    "SPREADSHEET_MAX_UNZIPPED_BYTES": 20 * MB,
    "OFFICE_MAX_UNZIPPED_BYTES": 64 * MB,  # all parts of a .docx/.xlsx once unzipped
    "OFFICE_MAX_ENTRIES": 1000,  # parts of a .docx/.xlsx
    "OFFICE_MAX_RATIO": 100,  # unzipped / zipped, for a part above RATIO_FLOOR_BYTES
}
RATIO_FLOOR_BYTES = 1 * MB  # a small part may compress well; only a big one can bomb
CONTENT_TYPES_MAX_BYTES = 1 * MB

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# the main part each Office type needs, with the content type [Content_Types].xml must give it
# (the macro-enabled types, .docm/.xlsm, are refused: they differ in this content type)
OFFICE_MAIN_PARTS = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_IMAGE_FORMATS = {"jpg": "JPEG", "png": "PNG"}

# markup a browser would render, wherever it hides in a PDF (before the header, after %%EOF, in
# a comment or an uncompressed stream)
_HTML_MARKER = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|meta|form|img\s|a\s+href)[\s>/]",
    re.IGNORECASE,
)
# a PDF key or action that runs something or carries a file (names as pypdf decodes them)
_PDF_ACTIVE_KEYS = {
    "/JS",
    "/JavaScript",
    "/AA",
    "/OpenAction",
    "/EmbeddedFiles",
    "/EF",
    "/Launch",
    "/RichMedia",
    "/XFA",
}
_PDF_ACTIVE_VALUES = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute", "/EmbeddedFile"}
_PDF_SAFE_OPEN_ACTIONS = {"/GoTo"}  # an /OpenAction that only shows a page
# a row's start tag in a sheet's XML, with or without a namespace prefix
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


def limit(name: str) -> int:
    """A limit from the settings, or its default."""
    return int(getattr(settings, name, DEFAULT_LIMITS[name]))


def megabytes(size: int) -> str:
    """A size in MB as written in Vietnamese (10, 1,5, 0,19), rounded down so a limit is never
    overstated."""
    value = (Decimal(size) / MB).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    text = format(value, "f").rstrip("0").rstrip(".") or "0"
    return text.replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))


def safe_original_name(name: str) -> str:
    name = nfc(name).replace("\\", "/")
    name = posixpath.basename(name).strip().lstrip(".")
    return "".join(ch for ch in name if ch.isprintable())[:200] or "tep"


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed the checks: its safe name, its type by its structure, and the bytes to
    store (an image re-encoded), their size and hash."""

    original_name: str
    extension: str
    content_type: str
    content: bytes
    size: int
    sha256: str


class _Refused(Exception):
    """The structure is not what the name says; the caller words the message."""


def _too_large(name: str, size_limit: int) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” quá lớn: tối đa %(limit)s MB.") % {"name": name, "limit": megabytes(size_limit)},
        code="upload_too_large",
    )


def _read_bounded(upload: UploadedFile, name: str, size_limit: int) -> bytes:
    """The upload's bytes, refused above the limit (by its declared size, then by what is read)."""
    if upload.size is None or upload.size > size_limit:
        raise _too_large(name, size_limit)
    upload.seek(0)
    data = upload.read(size_limit + 1)
    upload.seek(0)
    if len(data) > size_limit:
        raise _too_large(name, size_limit)
    if not data:
        raise ValidationError(_("Tệp rỗng, không có nội dung."), code="upload_empty")
    return data


def upload_check(*, upload: UploadedFile, allowed: dict[str, str], unsupported: str, mismatch: str) -> CheckedUpload:
    """Size limit, non-empty, an allowed extension, and a structure that is what the name says.

    ``allowed`` maps the accepted extensions to their content types; ``unsupported`` and
    ``mismatch`` are the messages (with %(name)s and %(ext)s) for an extension that is not
    allowed and for content that is not what the name says."""
    original = safe_original_name(upload.name or "")
    extension = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    expected = "jpg" if extension == "jpeg" else extension
    if extension not in allowed or expected not in CONTENT_TYPES:
        # the size is checked first only for a known type, so an unknown one is named as such
        if upload.size is not None and upload.size > limit("ATTACHMENT_MAX_BYTES"):
            raise _too_large(original, limit("ATTACHMENT_MAX_BYTES"))
        raise ValidationError(unsupported % {"name": original, "ext": extension.upper()}, code="upload_unsupported")
    is_image = expected in _IMAGE_FORMATS
    data = _read_bounded(upload, original, limit("IMAGE_MAX_BYTES" if is_image else "ATTACHMENT_MAX_BYTES"))
    refused = ValidationError(mismatch % {"name": original, "ext": extension.upper()}, code="upload_mismatch")
    try:
        if expected == "pdf":
            _check_pdf(data)
        elif expected in OFFICE_MAIN_PARTS:
            _check_office(data, expected, original)
        else:
            data = _reencode_image(data, expected, original)
    except _Refused as exc:
        raise refused from exc
    return CheckedUpload(original, expected, allowed[extension], data, len(data), hashlib.sha256(data).hexdigest())


def spreadsheet_check(*, data: bytes, name: str) -> None:
    """Refuse, before openpyxl reads anything, a sheet that is too large, that is not an .xlsx
    workbook, that unzips too far, or that has more rows than a sheet may have.

    The structure problems are ``ValidationError`` with code ``upload_mismatch`` (the caller
    may word them its own way); the limits name the file and the limit."""
    size_limit = limit("SPREADSHEET_MAX_BYTES")
    if len(data) > size_limit:
        raise _too_large(name, size_limit)
    if not data:
        raise ValidationError(_("Tệp rỗng, không có nội dung."), code="upload_empty")
    try:
        with _office_archive(data, "xlsx", name, unzipped_limit=limit("SPREADSHEET_MAX_UNZIPPED_BYTES")) as archive:
            _check_rows(archive, name)
    except _Refused as exc:
        raise ValidationError(
            _("Tệp “%(name)s” không phải bảng tính Excel .xlsx.") % {"name": name}, code="upload_mismatch"
        ) from exc


# --- Office files ------------------------------------------------------------------------------


def _check_office(data: bytes, extension: str, name: str) -> None:
    with _office_archive(data, extension, name, unzipped_limit=limit("OFFICE_MAX_UNZIPPED_BYTES")):
        pass


def _office_archive(data: bytes, extension: str, name: str, *, unzipped_limit: int) -> zipfile.ZipFile:
    """The open archive of an Office file whose central directory is within the limits and
    whose content types name the main part of ``extension``; raises ``_Refused`` otherwise."""
    # a whole ZIP: its first local header at byte 0 and its end record at the very end, so
    # nothing (an HTML page, another file) rides before or after it
    if not data.startswith(b"PK\x03\x04") or len(data) < 22 or data[-22:-18] != b"PK\x05\x06":
        raise _Refused
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _Refused from exc
    try:
        _check_entries(entries, name, unzipped_limit)
        names = {entry.filename for entry in entries}
        part, content_type = OFFICE_MAIN_PARTS[extension]
        if part not in names or any(entry.lower().endswith("vbaproject.bin") for entry in names):
            raise _Refused
        overrides, defaults = _content_types(archive)
        if overrides.get("/" + part, defaults.get("xml")) != content_type:
            raise _Refused
    except BaseException:
        archive.close()
        raise
    return archive


def _check_entries(entries: list[zipfile.ZipInfo], name: str, unzipped_limit: int) -> None:
    """The zip-bomb limits, from the sizes the central directory declares (zipfile never
    unpacks a part beyond its declared size, so a lying directory only truncates it)."""
    too_large = ValidationError(
        _(
            "Tệp “%(name)s” bị từ chối: khi giải nén quá lớn (tối đa %(limit)s MB, tỉ lệ nén tối đa %(ratio)s lần) "
            "hoặc có quá nhiều thành phần (tối đa %(entries)s)."
        )
        % {
            "name": name,
            "limit": megabytes(unzipped_limit),
            "ratio": limit("OFFICE_MAX_RATIO"),
            "entries": limit("OFFICE_MAX_ENTRIES"),
        },
        code="upload_zip_bomb",
    )
    if len(entries) > limit("OFFICE_MAX_ENTRIES"):
        raise too_large
    if sum(entry.file_size for entry in entries) > unzipped_limit:
        raise too_large
    ratio = limit("OFFICE_MAX_RATIO")
    for entry in entries:
        if entry.file_size > RATIO_FLOOR_BYTES and entry.file_size > ratio * max(entry.compress_size, 1):
            raise too_large


def _content_types(archive: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str]]:
    """The package's content types: PartName → ContentType of its overrides, and extension →
    ContentType of its defaults (a part without an override has its extension's); no DTD
    (entity expansion) allowed."""
    try:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > CONTENT_TYPES_MAX_BYTES:
            raise _Refused
        text = archive.read(info)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise _Refused from exc
    if b"<!DOCTYPE" in text.upper() or b"<!ENTITY" in text.upper():
        raise _Refused
    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, ValueError) as exc:  # ValueError: DTDForbidden, EntitiesForbidden
        raise _Refused from exc
    # part names are case-insensitive in OPC; the main parts are compared in lower case
    overrides = {
        (element.get("PartName") or "").lower(): element.get("ContentType") or ""
        for element in root.iter(f"{_CONTENT_TYPES_NS}Override")
    }
    defaults = {
        (element.get("Extension") or "").lower(): element.get("ContentType") or ""
        for element in root.iter(f"{_CONTENT_TYPES_NS}Default")
    }
    return overrides, defaults


def _check_rows(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a sheet with more rows than the limit (the header besides), counting the row tags
    of every part as it streams out of the archive (already bounded by the unzipped limit).

    Every part is counted, not only the ones named sheets: openpyxl follows the workbook's
    relationships wherever they point.  A blank row that carries formatting counts too."""
    max_rows = limit("SPREADSHEET_MAX_ROWS")
    for entry in archive.infolist():
        if entry.is_dir():
            continue
        count = 0
        tail = b""
        try:
            with archive.open(entry) as part:
                while chunk := part.read(1024 * 1024):
                    window = tail + chunk
                    # a tag cut by the chunk boundary is counted in the next window, not twice
                    cut = max(len(window) - 64, 0)
                    count += sum(1 for match in _ROW_TAG.finditer(window) if match.start() < cut)
                    tail = window[cut:]
                    if count > max_rows + 1:
                        break
            count += len(_ROW_TAG.findall(tail))
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
            raise _Refused from exc
        if count > max_rows + 1:
            raise ValidationError(
                _(
                    "Bảng tính “%(name)s” có hơn %(limit)s dòng dữ liệu; mỗi lần nhập tối đa %(limit)s dòng. "
                    "Hãy chia thành nhiều tệp."
                )
                % {"name": name, "limit": max_rows},
                code="upload_too_many_rows",
            )


# --- PDF ---------------------------------------------------------------------------------------


def _check_pdf(data: bytes) -> None:
    """A PDF that pypdf parses, with no active content, no embedded file and no HTML."""
    if not data.startswith(b"%PDF-") or _HTML_MARKER.search(data):
        raise _Refused
    end = data.rfind(b"%%EOF")
    if end < 0 or data[end + 5 :].strip(b" \t\r\n\x00"):
        raise _Refused  # something rides after the end of the file
    import pypdf  # heavy, needed only when a PDF comes
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        # a PDF locked only against editing opens with the empty password; any other cannot be checked
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Refused
        len(reader.pages)
        _walk_pdf(reader.trailer, set())
        numbers = {number for section in reader.xref.values() for number in section} | set(reader.xref_objStm)
        for number in sorted(numbers):
            _walk_pdf(reader.get_object(number), set())
    except _Refused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        raise _Refused from exc


def _walk_pdf(value: Any, seen: set[int]) -> None:
    """Refuse an active key or value anywhere inside one object (indirect objects are walked on
    their own, so references are not followed)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if id(value) in seen or isinstance(value, IndirectObject):
        return
    seen.add(id(value))
    if isinstance(value, NameObject) and str(value) in _PDF_ACTIVE_VALUES:
        raise _Refused
    if isinstance(value, DictionaryObject):
        for key, item in value.items():
            if key == "/OpenAction":
                action = item.get_object() if isinstance(item, IndirectObject) else item
                if isinstance(action, ArrayObject):  # a destination: a page to show
                    continue
                if not isinstance(action, DictionaryObject) or action.get("/S") not in _PDF_SAFE_OPEN_ACTIONS:
                    raise _Refused
            elif key in _PDF_ACTIVE_KEYS:
                raise _Refused
            _walk_pdf(item, seen)
    elif isinstance(value, ArrayObject):
        for item in value:
            _walk_pdf(item, seen)


# --- Images ------------------------------------------------------------------------------------


def _reencode_image(data: bytes, extension: str, name: str) -> bytes:
    """The image decoded (within the pixel limit) and encoded again: metadata and whatever was
    appended to the picture are not kept."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    max_pixels = limit("IMAGE_MAX_PIXELS")
    too_many_pixels = ValidationError(
        _("Ảnh “%(name)s” quá lớn: tối đa %(limit)s điểm ảnh.")
        % {"name": name, "limit": f"{max_pixels:,}".replace(",", ".")},
        code="upload_too_many_pixels",
    )
    Image.MAX_IMAGE_PIXELS = max_pixels  # Pillow itself refuses twice this when it opens the file
    expected_format = _IMAGE_FORMATS[extension]
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != expected_format:
                raise _Refused
            width, height = probe.size
            if width * height > max_pixels:
                raise too_many_pixels
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)  # the orientation lives in the metadata dropped
            out = io.BytesIO()
            if expected_format == "JPEG":
                if upright.mode not in {"RGB", "L", "CMYK"}:
                    upright = upright.convert("RGB")
                # the colour profile is kept: it is how the scan looks, not who took it or where
                upright.save(out, "JPEG", quality=90, optimize=True, icc_profile=image.info.get("icc_profile"))
            else:
                upright.save(out, "PNG", optimize=True, icc_profile=image.info.get("icc_profile"))
    except (ValidationError, _Refused):
        raise
    except Image.DecompressionBombError as exc:
        raise too_many_pixels from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _Refused from exc
    return out.getvalue()
