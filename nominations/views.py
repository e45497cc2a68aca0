"""Dossier editing pages of a unit, the dossier list, people search and unit
accounts. Views check access, validate a form, call one service, redirect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.importer import XLSX_CONTENT_TYPE
from common.ratelimits import ratelimited
from common.viewcalls import add_errors, form_call, message_call, submitted
from councils import access
from councils.access import Capability
from councils.models import Council, Unit
from nominations import bulk_templates, selectors, services
from nominations.forms import AttachmentForm, BulkLinesForm, LineForm, NominationFilter, NominationForm
from nominations.models import Nomination, NominationLine, NomineeKind, Person, Round, birth_text


def _editable_nomination(request: HttpRequest, pk: int) -> Nomination:
    """A dossier the user's unit owns; others' are 404, never shown."""
    nomination = selectors.nomination_get_for_user(user=request.user, pk=pk)
    if not access.acts_for_unit(request.user, nomination.unit_id):
        raise PermissionDenied
    return nomination


def nomination_filter(request: HttpRequest) -> NominationFilter:
    """The dossier list's filters and search, as the query string sets them, over the dossiers
    the user may see: the page and its Excel export (``export_views``) both use it."""
    qs = selectors.nomination_list_for_user(user=request.user)
    own_units = access.unit_ids(request.user)
    council_ids = access.councils_where(request.user, *access.Capability) | set(
        Unit.objects.filter(pk__in=own_units).values_list("council_id", flat=True)
    )
    rounds = Round.objects.filter(council_id__in=council_ids)
    units = Unit.objects.filter(
        council_id__in=access.councils_where(request.user, Capability.READ_DOSSIERS, Capability.READ_ACCEPTED)
    ) | Unit.objects.filter(pk__in=own_units)
    return NominationFilter(request.GET or None, queryset=qs, rounds=rounds, units=units.distinct())


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    filterset = nomination_filter(request)
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    return render(request, "nominations/nomination_list.html", {"filter": filterset, "page": page})


@login_required
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _editable_nomination(request, pk)
    form = NominationForm(request.POST or None, initial={"title": nomination.title, "note": nomination.note})
    if submitted(
        request,
        form,
        lambda: services.nomination_update(actor=request.user, nomination=nomination, **form.cleaned_data),
        success=_("Đã lưu hồ sơ."),
    ):
        return redirect("workflows:dossier_detail", pk=nomination.pk)
    return render(request, "nominations/nomination_form.html", {"form": form, "nomination": nomination})


def _nominee_of(request: HttpRequest, nomination: Nomination, data: dict[str, Any]) -> services.NomineeData:
    """The nominee a line form describes, for adding and editing alike."""
    person = None
    if data.get("person"):
        # only someone the search offered this user; another id falls back to name and birth date
        person = (
            Person.objects.filter(pk=data["person"], council_id=nomination.unit.council_id)
            .filter(access.people_q(request.user, nomination.unit.council_id))
            .first()
        )
    return services.NomineeData(
        kind=data["nominee_kind"],
        full_name=data["full_name"],
        birth_date=data.get("birth_date"),
        birth_year_only=data.get("birth_year_only", False),
        gender=data.get("gender", ""),
        position=data.get("position", ""),
        person=person,
        collective_name=data["full_name"],
        household_head=data["full_name"],
        household_address=data.get("address", ""),
    )


def _warn_duplicates(request: HttpRequest, nomination: Nomination, line: NominationLine) -> None:
    others = selectors.duplicate_nominations(nomination=nomination).get(line.pk)
    if others:
        messages.warning(
            request,
            _("Lưu ý: %(name)s cũng được %(units)s đề nghị trong đợt này.")
            % {"name": line.nominee, "units": ", ".join(others)},
        )


def _line_initial(line: NominationLine) -> dict[str, Any]:
    """The line form as the line stands: the nominee's name, birth date, gender, position or
    address, and the line's own fields."""
    initial: dict[str, Any] = {
        "award_type": line.award_type_id,
        "nominee_kind": line.nominee_kind,
        "achievement": line.achievement,
        "method": line.method,
        "subject_category": line.subject_category,
    }
    if line.person is not None:
        initial.update(
            full_name=line.person.full_name,
            # a year known alone is offered back as the year ("1970")
            birth_date=line.person.birth_text if line.person.birth_year_only else line.person.birth_date,
            gender=line.person.gender,
            position=line.person.position,
        )
    elif line.collective is not None:
        initial["full_name"] = line.collective.name
    elif line.household is not None:
        initial.update(
            full_name=line.household.head_name, gender=line.household.head_gender, address=line.household.address
        )
    return initial


def _editable_line(request: HttpRequest, pk: int, line_pk: int) -> tuple[Nomination, NominationLine]:
    """A line of a dossier the user's unit owns (``_editable_nomination``); a line of another
    dossier is 404.  Whether the dossier may still change is the services' to say."""
    nomination = _editable_nomination(request, pk)
    line = get_object_or_404(
        nomination.lines.select_related("award_type", "person", "collective", "household"), pk=line_pk
    )
    return nomination, line


@login_required
def line_edit(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    nomination, line = _editable_line(request, pk, line_pk)
    award_types = selectors.round_award_types(round=nomination.round)
    form = LineForm(request.POST or None, award_types=award_types, initial=_line_initial(line))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nominee = _nominee_of(request, nomination, data)
        ok, updated = form_call(
            form,
            lambda: services.line_update(
                actor=request.user,
                line=line,
                award_type=data["award_type"],
                nominee=nominee,
                achievement=data["achievement"],
                method=data["method"],
                subject_category=data.get("subject_category", ""),
            ),
            request=request,
            success=_("Đã lưu dòng đề nghị."),
        )
        if ok:
            _warn_duplicates(request, nomination, updated)
            return redirect("workflows:dossier_detail", pk=nomination.pk)
    return render(request, "nominations/line_form.html", {"form": form, "nomination": nomination, "line": line})


@login_required
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _editable_nomination(request, pk)
    award_types = selectors.round_award_types(round=nomination.round)
    form = LineForm(request.POST or None, award_types=award_types)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nominee = _nominee_of(request, nomination, data)
        ok, line = form_call(
            form,
            lambda: services.line_add(
                actor=request.user,
                nomination=nomination,
                award_type=data["award_type"],
                nominee=nominee,
                achievement=data["achievement"],
                method=data["method"],
                subject_category=data.get("subject_category", ""),
            ),
            request=request,
            success=_("Đã thêm dòng đề nghị."),
        )
        if ok:
            _warn_duplicates(request, nomination, line)
            return redirect("workflows:dossier_detail", pk=nomination.pk)
    return render(request, "nominations/line_form.html", {"form": form, "nomination": nomination})


BULK_TOKEN_MAX_AGE = 60 * 60  # seconds between the preview and "Nhập tất cả"
BULK_TOKEN_MAX_CHARS = 3 * 1024 * 1024  # the signed rows travel back in a POST (limit 5 MB)
BULK_PREVIEW_ROWS_SHOWN = 300  # rows with problems are all shown; of the others, the first ones


def _bulk_salt(request: HttpRequest, nomination: Nomination) -> str:
    return f"nominations.lines_bulk:{request.user.pk}:{nomination.pk}"


@dataclass(frozen=True)
class BulkPreviewLine:
    number: int
    name: str
    kind: str
    birth: str
    award: str
    achievement: str
    problems: list[str]


def _bulk_preview_lines(preview: services.BulkPreview) -> list[BulkPreviewLine]:
    shown: list[BulkPreviewLine] = []
    clean_shown = 0
    for checked in preview.rows:
        if checked.planned is not None:
            if clean_shown >= BULK_PREVIEW_ROWS_SHOWN:
                continue
            clean_shown += 1
        row, nominee = checked.row, checked.row.nominee
        award = f"{row.award.code} – {row.award.name_vi}" if row.award is not None else row.code
        shown.append(
            BulkPreviewLine(
                number=row.number,
                name=row.name,
                kind=str(NomineeKind(nominee.kind).label),
                birth=birth_text(nominee.birth_date, year_only=nominee.birth_year_only),
                award=award,
                achievement=row.achievement,
                problems=[problem.rstrip(".") for problem in checked.problems],
            )
        )
    return shown


def _bulk_render(
    request: HttpRequest,
    nomination: Nomination,
    form: BulkLinesForm,
    *,
    preview: services.BulkPreview | None = None,
    token: str = "",
    row_errors: list[str] | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "nomination": nomination,
        "row_errors": row_errors or [],
        "template_kinds": NomineeKind.choices,
        "preview": preview,
        "token": token,
    }
    if preview is not None:
        context.update(preview_lines=_bulk_preview_lines(preview), row_count=len(preview.rows))
    return render(request, "nominations/lines_bulk.html", context)


def _bulk_settings(data: dict[str, Any]) -> dict[str, Any]:
    return {"default_award": data.get("award_type"), "default_kind": data["nominee_kind"], "method": data["method"]}


def _bulk_token(
    request: HttpRequest, nomination: Nomination, rows: list[list[str]], data: dict[str, Any], version: str
) -> str:
    """The previewed rows and choices, signed for this user and dossier: the confirm reads them
    back unchanged (and checks them again under the dossier's lock)."""
    award = data.get("award_type")
    payload = {
        "rows": services.bulk_rows_kept(rows),
        "award": award.pk if award is not None else None,
        "kind": data["nominee_kind"],
        "method": data["method"],
        "version": version,
    }
    return signing.dumps(payload, salt=_bulk_salt(request, nomination), compress=True)


def _bulk_from_token(request: HttpRequest, nomination: Nomination, award_types: Any) -> dict[str, Any]:
    try:
        payload = signing.loads(
            request.POST.get("token", ""), salt=_bulk_salt(request, nomination), max_age=BULK_TOKEN_MAX_AGE
        )
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("Bản xem trước đã quá %(minutes)s phút; hãy gửi lại danh sách.") % {"minutes": BULK_TOKEN_MAX_AGE // 60}
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("Dữ liệu xác nhận không hợp lệ; hãy gửi lại danh sách.")) from exc
    award = None
    if payload["award"] is not None:
        award = award_types.filter(pk=payload["award"]).first()
        if award is None:
            raise ValidationError(_("Hình thức đã chọn không còn trong đợt xét; hãy gửi lại danh sách."))
    return {
        "rows": payload["rows"],
        "default_award": award,
        "default_kind": payload["kind"],
        "method": payload["method"],
        "previewed_version": payload["version"],
    }


@login_required
@ratelimited("import", methods=("POST",))
def lines_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form.  POST from the page ("step" = "preview"): every row read and checked,
    shown with its problems, nothing saved; when all are good, "Nhập tất cả" posts the signed
    rows back ("token") and they are saved, all or none.  A POST with neither (a script) saves
    at once, all or none, as before the preview existed."""
    nomination = _editable_nomination(request, pk)
    award_types = selectors.round_award_types(round=nomination.round)
    if request.method == "POST" and "token" in request.POST:
        return _lines_bulk_confirm(request, nomination, award_types)
    form = BulkLinesForm(request.POST or None, request.FILES or None, award_types=award_types)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rows = services.read_table(text=data.get("text"), upload=data.get("spreadsheet"))
            if request.POST.get("step") == "preview":
                preview = services.lines_bulk_preview(
                    actor=request.user, nomination=nomination, rows=rows, **_bulk_settings(data)
                )
                token = _bulk_token(request, nomination, rows, data, preview.version) if preview.ok else ""
                if len(token) > BULK_TOKEN_MAX_CHARS:
                    raise ValidationError(_("Danh sách quá lớn để xem trước; hãy chia thành nhiều lần."))
                return _bulk_render(request, nomination, form, preview=preview, token=token)
            created = services.lines_bulk_add(
                actor=request.user, nomination=nomination, rows=rows, **_bulk_settings(data)
            )
        except services.BulkImportError as exc:
            row_errors = exc.messages
            form.add_error(
                None,
                _("Danh sách có %(count)s dòng lỗi; chưa lưu dòng nào. Hãy sửa rồi gửi lại.")
                % {"count": len(row_errors)},
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm %(count)s dòng đề nghị.") % {"count": len(created)})
            return redirect("workflows:dossier_detail", pk=nomination.pk)
    return _bulk_render(request, nomination, form, row_errors=row_errors)


def _lines_bulk_confirm(request: HttpRequest, nomination: Nomination, award_types: Any) -> HttpResponse:
    """ "Nhập tất cả": the previewed rows saved, all or none, unless the dossier's lines changed
    since the preview; a row that went bad meanwhile shows the preview again, without the button."""
    form = BulkLinesForm(award_types=award_types)
    form.cleaned_data = {}  # an unbound form that still carries the errors below
    try:
        signed = _bulk_from_token(request, nomination, award_types)
        created = services.lines_bulk_add(actor=request.user, nomination=nomination, **signed)
    except services.BulkImportError:
        again = {key: value for key, value in signed.items() if key != "previewed_version"}
        preview = services.lines_bulk_preview(actor=request.user, nomination=nomination, **again)
        form.add_error(None, _("Có dòng không còn hợp lệ; chưa lưu dòng nào. Hãy sửa rồi gửi lại."))
        return _bulk_render(request, nomination, form, preview=preview)
    except ValidationError as exc:
        add_errors(form, exc)
        return _bulk_render(request, nomination, form)
    messages.success(request, _("Đã thêm %(count)s dòng đề nghị.") % {"count": len(created)})
    return redirect("workflows:dossier_detail", pk=nomination.pk)


@login_required
@require_GET
def line_template(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The bulk entry template of a kind of nominee for the dossier's round (.xlsx)."""
    nomination = _editable_nomination(request, pk)
    data = bulk_templates.line_template_xlsx(nomination=nomination, kind=kind)
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{bulk_templates.FILE_NAMES[NomineeKind(kind)]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def line_delete(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    """GET: the line and "Xoá dòng này?"; POST (that page's button): delete it, or the page again
    with the reason it may not."""
    nomination, line = _editable_line(request, pk, line_pk)
    if (
        request.method == "POST"
        and message_call(
            request, lambda: services.line_remove(actor=request.user, line=line), success=_("Đã xoá dòng đề nghị.")
        )[0]
    ):
        return redirect("workflows:dossier_detail", pk=nomination.pk)
    return render(request, "nominations/line_confirm_delete.html", {"nomination": nomination, "line": line})


@login_required
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _editable_nomination(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if submitted(
        request,
        form,
        lambda: services.attachments_add(
            actor=request.user,
            nomination=nomination,
            files=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
        ),
        success=lambda stored: (
            _("Đã tải tệp lên.") if len(stored) == 1 else _("Đã tải lên %(count)s tệp.") % {"count": len(stored)}
        ),
    ):
        return redirect("workflows:dossier_detail", pk=nomination.pk)
    return render(request, "nominations/attachment_form.html", {"form": form, "nomination": nomination})


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    nomination = selectors.nomination_get_for_user(user=request.user, pk=pk)
    attachment = get_object_or_404(nomination.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    nomination = _editable_nomination(request, pk)
    attachment = get_object_or_404(nomination.attachments, pk=attachment_pk)
    message_call(
        request, lambda: services.attachment_remove(actor=request.user, attachment=attachment), success=_("Đã xoá tệp.")
    )
    return redirect("workflows:dossier_detail", pk=nomination.pk)


def _council_for_search(request: HttpRequest) -> Council:
    council_ids = set(Unit.objects.filter(pk__in=access.unit_ids(request.user)).values_list("council_id", flat=True))
    council_ids |= access.councils_where(request.user, Capability.READ_DOSSIERS)
    if not council_ids:
        raise PermissionDenied
    requested = request.GET.get("council")
    if requested and requested.isdigit() and int(requested) in council_ids:
        return get_object_or_404(Council, pk=int(requested))
    return get_object_or_404(Council, pk=min(council_ids))


@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    council = _council_for_search(request)
    query = request.GET.get("q", "")
    people = list(selectors.person_search(actor=request.user, council=council, query=query)) if query.strip() else []
    if request.GET.get("format") == "json":
        # what the page's table shows (and the line form's suggestions), and the id the form sends back
        return JsonResponse(
            {
                "results": [
                    {
                        "id": p.pk,
                        "full_name": p.full_name,
                        "birth_date": p.birth_text,
                        "unit": p.unit.name if p.unit else "",
                        "position": p.position,
                    }
                    for p in people
                ]
            }
        )
    show_registry = access.can(request.user, Capability.MANAGE_DECISIONS, council.pk)
    return render(
        request,
        "nominations/person_search.html",
        {"people": people, "query": query, "council": council, "show_registry": show_registry},
    )
