"""The import pages of the council's setup: download the template, upload a filled file and see
the preview (nothing saved), confirm (all rows saved, or none), and the printable sheet of the
temporary passwords of the accounts made — in the confirm POST's response only.

How the preview reaches the confirm step: the rows parsed from the upload are signed
(``django.core.signing``, a ``TimestampSigner`` under ``SECRET_KEY``) into a hidden field, salted
with the kind of import, the user and the council, and accepted back for ``IMPORT_TOKEN_MAX_AGE``
seconds.  No table and no stored file (``common`` has no models, and an abandoned preview
leaves nothing behind to clean); the client cannot change a row, nor replay the token as another
user or into another council, and the rows are checked again against the stored data before they
are saved.  A token replayed by its own user finds its rows saved already and is refused.

Who may: ``Capability.ADMINISTER`` over the council (``setup_views._administered``): another
council's pages are a 404.  ``import_pages`` makes the three views of one kind, so the people of
``nominations`` use the same pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common import importer
from common.importer import ImportSpec, ParsedRow, Preview
from common.ratelimits import ratelimited
from common.uploads import safe_original_name
from councils import imports
from councils.imports import ImportResult
from councils.models import Council
from councils.reauth import require_recent_auth
from councils.setup_views import _administered

IMPORT_TOKEN_MAX_AGE = 60 * 60  # seconds between the preview and the confirm
PREVIEW_ROWS_SHOWN = 300  # rows with errors are all shown; of the others, the first ones


@dataclass(frozen=True)
class ImportKind:
    slug: str
    title: Any
    spec: Callable[[], ImportSpec]
    check: Callable[[Any, Council], Callable[[ParsedRow], None]]
    existing: Callable[[Council], Callable[[list[ParsedRow]], None]]
    save: Callable[..., ImportResult]
    url_name: str  # the upload page; ``<url_name>_template`` and ``<url_name>_confirm`` beside it
    list_url_name: str  # where the saved rows are listed (takes the council's id), "" if none
    makes_accounts: bool = True


def _salt(kind: ImportKind, user: Any, council: Council) -> str:
    return f"councils.import:{kind.slug}:{user.pk}:{council.pk}"


def _token(kind: ImportKind, user: Any, council: Council, preview: Preview) -> str:
    return signing.dumps({"rows": preview.payload()}, salt=_salt(kind, user, council), compress=True)


def _rows_from_token(kind: ImportKind, user: Any, council: Council, token: str, spec: ImportSpec) -> list[ParsedRow]:
    try:
        payload = signing.loads(token, salt=_salt(kind, user, council), max_age=IMPORT_TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("Bản xem trước đã quá %(minutes)s phút; hãy tải tệp lên lại.") % {"minutes": IMPORT_TOKEN_MAX_AGE // 60}
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("Dữ liệu xác nhận không hợp lệ; hãy tải tệp lên lại.")) from exc
    return importer.from_payload(spec, payload["rows"])


def _context(kind: ImportKind, council: Council, spec: ImportSpec, **extra: Any) -> dict[str, Any]:
    list_url = reverse(kind.list_url_name, args=[council.pk]) if kind.list_url_name else ""
    return {
        "kind": kind,
        "council": council,
        "spec": spec,
        "upload_url": reverse(kind.url_name, args=[council.pk]),
        "template_url": reverse(f"{kind.url_name}_template", args=[council.pk]),
        "confirm_url": reverse(f"{kind.url_name}_confirm", args=[council.pk]),
        "list_url": list_url,
        "start_url": reverse("councils:start", args=[council.pk]),
        "max_rows": importer.MAX_IMPORT_ROWS,
        "max_megabytes": importer.MAX_IMPORT_BYTES // (1024 * 1024),
        **extra,
    }


@dataclass(frozen=True)
class PreviewCell:
    text: str
    error: bool


@dataclass(frozen=True)
class PreviewRow:
    number: int
    cells: list[PreviewCell]
    errors: list[str]
    duplicate: bool


def _preview_rows(spec: ImportSpec, rows: list[ParsedRow]) -> list[PreviewRow]:
    shown: list[PreviewRow] = []
    clean_shown = 0
    for row in rows:
        if row.ok:
            if clean_shown >= PREVIEW_ROWS_SHOWN:
                continue
            clean_shown += 1
        bad = {error.column for error in row.errors}
        cells = []
        for column in spec.columns:
            value = row.values.get(column.key)
            if column.kind == importer.CHOICE:
                text = column.label_of(value)
            elif column.kind == importer.DATE and isinstance(value, dt.date):
                text = value.strftime("%d/%m/%Y")
            else:
                text = "" if value is None else str(value)
            cells.append(PreviewCell(text, column.header in bad))
        messages = [f"{error.column}: {error.message}" if error.column else error.message for error in row.errors]
        shown.append(PreviewRow(row.number, cells, messages, row.duplicate))
    return shown


def _render_preview(
    request: HttpRequest, kind: ImportKind, council: Council, spec: ImportSpec, preview: Preview, *, status: int = 200
) -> HttpResponse:
    context = _context(
        kind,
        council,
        spec,
        preview=preview,
        rows=_preview_rows(spec, preview.rows),
        row_count=len(preview.rows),
        error_rows=sum(1 for row in preview.rows if not row.ok),
        token=_token(kind, request.user, council, preview) if preview.ok else "",
    )
    return render(request, "councils/setup/import_preview.html", context, status=status)


def _read_upload(request: HttpRequest) -> tuple[bytes, str]:
    """The uploaded file's bytes (refused above the limit before being read) and its safe name."""
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError(_("Hãy chọn tệp .xlsx để tải lên."))
    importer.check_size(upload.size or 0)
    return upload.read(importer.MAX_IMPORT_BYTES + 1), safe_original_name(upload.name or "")


def import_pages(kind: ImportKind) -> tuple[Callable[..., HttpResponse], ...]:
    """The upload (and preview), template and confirm views of one kind of import."""

    @login_required
    @ratelimited("import", methods=("POST",))
    def upload(request: HttpRequest, council_pk: int) -> HttpResponse:
        council = _administered(request, council_pk)
        spec = kind.spec()
        if request.method == "POST":
            try:
                data, name = _read_upload(request)
                preview = importer.parse(
                    spec, data, check=kind.check(request.user, council), existing=kind.existing(council), name=name
                )
            except ValidationError as exc:
                return render(
                    request,
                    "councils/setup/import_upload.html",
                    _context(kind, council, spec, file_errors=exc.messages),
                    status=400,
                )
            return _render_preview(request, kind, council, spec, preview)
        return render(request, "councils/setup/import_upload.html", _context(kind, council, spec))

    @login_required
    @require_GET
    def template(request: HttpRequest, council_pk: int) -> HttpResponse:
        _administered(request, council_pk)
        spec = kind.spec()
        response = HttpResponse(importer.build_template(spec), content_type=importer.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind.slug}.xlsx"'
        return response

    @never_cache
    @login_required
    @ratelimited("import", methods=("POST",))
    def confirm(request: HttpRequest, council_pk: int) -> HttpResponse:
        """On POST, the signed rows of the preview saved (all or none) and the sheet of the
        accounts made; on GET, the upload page (a password is shown in one response only)."""
        council = _administered(request, council_pk)
        if request.method != "POST":
            return redirect(kind.url_name, council_pk=council.pk)
        spec = kind.spec()
        try:
            rows = _rows_from_token(kind, request.user, council, request.POST.get("token", ""), spec)
        except ValidationError as exc:
            return render(
                request,
                "councils/setup/import_upload.html",
                _context(kind, council, spec, file_errors=exc.messages),
                status=400,
            )
        try:
            with transaction.atomic():
                # one import of a council at a time: the rows are checked against the stored data and
                # saved under the same lock, so a double click or a replayed token saves nothing twice
                Council.objects.select_for_update().filter(pk=council.pk).first()
                importer.check_rows(
                    spec, rows, check=kind.check(request.user, council), existing=kind.existing(council)
                )
                preview = Preview(spec, rows)
                if not preview.ok:
                    return _render_preview(request, kind, council, spec, preview, status=400)
                result = kind.save(actor=request.user, council=council, rows=rows)
        except ValidationError as exc:
            return render(
                request,
                "councils/setup/import_upload.html",
                _context(kind, council, spec, file_errors=exc.messages),
                status=400,
            )
        except PermissionError as exc:
            raise PermissionDenied(str(exc)) from exc
        return render(
            request,
            "councils/setup/password_sheet.html",
            _context(
                kind,
                council,
                spec,
                result=result,
                login_url=request.build_absolute_uri(reverse("login")),
            ),
        )

    return upload, template, confirm


UNITS = ImportKind(
    slug="don-vi",
    title=gettext_lazy("Nhập đơn vị từ tệp Excel"),
    spec=imports.unit_spec,
    check=lambda actor, council: imports.unit_rows_check(actor=actor, council=council),
    existing=lambda council: imports.unit_rows_existing(council=council),
    save=imports.units_import,
    url_name="councils:unit_import",
    list_url_name="councils:unit_list",
)
MEMBERS = ImportKind(
    slug="thanh-vien",
    title=gettext_lazy("Nhập thành viên hội đồng từ tệp Excel"),
    spec=imports.member_spec,
    check=lambda actor, council: imports.member_rows_check(council=council),
    existing=lambda council: imports.member_rows_existing(council=council),
    save=imports.members_import,
    url_name="councils:member_import",
    list_url_name="councils:member_list",
)

unit_import, unit_import_template, unit_import_confirm = import_pages(UNITS)
member_import, member_import_template, member_import_confirm = import_pages(MEMBERS)
# the import gives council roles: asked at the upload (so the confirm that follows is recent), and at the confirm
member_import = require_recent_auth(member_import)
member_import_confirm = require_recent_auth(
    member_import_confirm, back=lambda request, council_pk: reverse("councils:member_import", args=[council_pk])
)
