"""Pages of a decision's stored documents (status, download, regenerate, print
all certificates with a progress bar), a council's certificate print settings
with its calibration page, and the public verification of a certificate.

Access as on the decision pages: a council the user has no part in is a 404, a
page of the user's council the role may not use is a 403.  The verification
page is public: whether the paper stands (or was revoked), who gave and signed it, the
decision and the awardee's name, nothing else; an unknown token is the site's 404 page."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.paging import page_of
from common.ratelimits import ratelimited
from common.text import fold
from common.viewcalls import message_call, submitted
from councils import access
from councils.access import Capability
from councils.models import Council
from decisions import selectors as dsel
from decisions.models import Decision
from documents import selectors, services
from documents.decision_forms import CertificateSettingsForm
from documents.models import DocumentKind, DocumentStatus, GeneratedDocument
from nominations.naming import nominee_name
from printing import formats as docformat
from printing.certificate import FIELDS, calibration_page, field_place
from printing.data import CertificateLayout

CERTIFICATES_PER_PAGE = 100


def _managed_decision(request: HttpRequest, pk: int) -> Decision:
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    access.require_page(request.user, Capability.MANAGE_DECISIONS, decision.council_id)
    return decision


def _to_page(decision: Decision) -> HttpResponse:
    return redirect("documents:decision_documents", pk=decision.pk)


# --- A decision's documents -------------------------------------------------------------


def _progress(decision: Decision) -> dict[str, Any]:
    """What the page's bars show: the current documents by status, and the print bundle."""
    counts = dict(
        GeneratedDocument.objects.filter(decision=decision, current=True)
        .exclude(kind=DocumentKind.PRINT)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    total = sum(counts.values())
    done = counts.get(DocumentStatus.DONE, 0)
    failed = counts.get(DocumentStatus.FAILED, 0)
    state: dict[str, Any] = {
        "documents": {"total": total, "done": done, "failed": failed, "waiting": total - done - failed},
        "print": None,
    }
    bundle = GeneratedDocument.objects.filter(decision=decision, kind=DocumentKind.PRINT, current=True).first()
    if bundle is not None:
        state["print"] = {
            "id": bundle.pk,
            "status": bundle.status,
            "status_text": bundle.get_status_display(),
            "done": bundle.progress_done,
            "total": bundle.progress_total,
            "percent": int(100 * bundle.progress_done / bundle.progress_total) if bundle.progress_total else 0,
            "url": reverse("documents:download", kwargs={"pk": bundle.pk})
            if bundle.status == DocumentStatus.DONE
            else "",
            "error": bundle.error if bundle.status == DocumentStatus.FAILED else "",
        }
    state["settled"] = state["documents"]["waiting"] == 0 and (
        bundle is None or bundle.status in (DocumentStatus.DONE, DocumentStatus.FAILED)
    )
    return state


def _label(document: GeneratedDocument) -> str:
    if document.kind == DocumentKind.CERTIFICATE and document.decision_line is not None:
        return nominee_name(document.decision_line.line)
    return str(document.get_kind_display())


@login_required
@require_safe
def decision_documents(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _managed_decision(request, pk)
    current = selectors.current_documents(decision=decision)
    singles = list(current.filter(kind__in=(DocumentKind.DECISION, DocumentKind.LIST)))
    query = request.GET.get("q", "").strip()[:120]
    status = request.GET.get("status", "")
    status = status if status in selectors.STATUS_FILTERS else ""
    certificates = selectors.certificate_documents(decision=decision, query=query, status=status)
    page = page_of(request, certificates, size=CERTIFICATES_PER_PAGE)
    history = list(selectors.document_history(decision=decision)[:200])
    for doc in [*singles, *page, *history]:
        doc.label = _label(doc)  # type: ignore[attr-defined]
        line = doc.decision_line
        certificate = getattr(line, "certificate", None) if line is not None else None
        doc.serial = certificate.serial if certificate else ""  # type: ignore[attr-defined]
    state = _progress(decision)
    return render(
        request,
        "documents/decision_documents.html",
        {
            "decision": decision,
            "number_text": _("Quyết định số %(reference)s")
            % {"reference": docformat.number_reference(decision.number, decision.symbol)},
            "singles": singles,
            "page": page,
            "query": query,
            "status": status,
            "statuses": [
                ("pending", _("Chờ tạo")),
                (DocumentStatus.DONE.value, DocumentStatus.DONE.label),
                (DocumentStatus.FAILED.value, DocumentStatus.FAILED.label),
            ],
            "history": history,
            "state": state,
            "registered": decision.is_registered,
        },
    )


@login_required
@require_safe
def decision_documents_progress(request: HttpRequest, pk: int) -> JsonResponse:
    decision = _managed_decision(request, pk)
    response = JsonResponse(_progress(decision))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@ratelimited("bundle")
@require_POST
def decision_documents_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _managed_decision(request, pk)
    ok, batch = message_call(
        request, lambda: services.decision_documents_generate(decision_id=decision.pk, actor=request.user)
    )
    if ok:
        if batch is None:
            messages.info(request, _("Các văn bản đã tạo vẫn đúng với dữ liệu hiện tại; không cần tạo lại."))
        else:
            messages.success(
                request,
                _("Đang tạo lại %(count)s văn bản; bản cũ vẫn giữ trong lịch sử.") % {"count": batch.documents.count()},
            )
    return _to_page(decision)


@login_required
@ratelimited("bundle")
@require_POST
def decision_documents_print(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _managed_decision(request, pk)
    message_call(request, lambda: services.certificates_print_request(actor=request.user, decision=decision))
    return redirect(reverse("documents:decision_documents", kwargs={"pk": decision.pk}) + "#print")


def content_disposition(filename: str) -> str:
    """An attachment name every browser reads: ASCII without the diacritics, and the
    Vietnamese name itself in RFC 5987 form."""
    plain = fold(filename).replace('"', "").replace("\\", "")
    plain = "".join(ch if 32 <= ord(ch) < 127 else "_" for ch in plain)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download_name(document: GeneratedDocument) -> str:
    """ "Giấy khen 0015-2026 Lê Thị Hường (QĐ 15-QĐ-UBND).pdf"."""
    decision = document.decision
    reference = docformat.number_reference(decision.number, decision.symbol).strip().replace("/", "-")
    version = f" v{document.version}" if document.version > 1 else ""
    if document.kind == DocumentKind.CERTIFICATE and document.decision_line is not None:
        certificate = getattr(document.decision_line, "certificate", None)
        serial = certificate.serial.replace("/", "-") + " " if certificate else ""
        name = f"Giấy khen {serial}{nominee_name(document.decision_line.line)} (QĐ {reference}){version}"
    elif document.kind == DocumentKind.LIST:
        name = f"Danh sách kèm theo QĐ {reference}{version}"
    elif document.kind == DocumentKind.PRINT:
        name = f"Giấy khen in – QĐ {reference}"
    else:
        name = f"Quyết định {reference}{version}"
    name = " ".join(name.replace("/", "-").replace("\\", "-").split())
    return f"{name[:150]}.pdf"


@login_required
@ratelimited("pdf")
@require_safe
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.document_get_for_user(user=request.user, pk=pk, capability=Capability.READ_DECISIONS)
    access.require_page(request.user, Capability.MANAGE_DECISIONS, document.decision.council_id)
    if document.status != DocumentStatus.DONE or not document.file:
        raise Http404
    return pdf_response(document)


def pdf_response(document: Any) -> FileResponse:
    """A stored paper as a private PDF download under its Vietnamese name; 404 if its file is gone."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(download_name(document))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Certificate print settings ------------------------------------------------------------


def _managed_council(request: HttpRequest, pk: int) -> Council:
    if pk not in access.councils_where(request.user, Capability.READ_DECISIONS):
        raise Http404
    access.require_page(request.user, Capability.MANAGE_DECISIONS, pk)
    return get_object_or_404(Council, pk=pk)


@login_required
def certificate_settings(request: HttpRequest, pk: int) -> HttpResponse:

    council = _managed_council(request, pk)
    row = selectors.certificate_settings_for(council)
    full = CertificateLayout(paper=row.paper)
    form = CertificateSettingsForm(
        request.POST or None,
        fields=tuple(FIELDS),
        defaults={name: field_place(name, full)[0] for name in FIELDS},
        initial=CertificateSettingsForm.initial_for(row),
    )
    if submitted(
        request,
        form,
        lambda: services.certificate_settings_update(
            actor=request.user,
            council=council,
            paper=form.cleaned_data["paper"],
            text_only=form.cleaned_data["text_only"],
            offset_x_mm=form.cleaned_data["offset_x_mm"],
            offset_y_mm=form.cleaned_data["offset_y_mm"],
            positions=form.positions(),
        ),
        success=_("Đã lưu cấu hình in Giấy khen."),
    ):
        return redirect("documents:certificate_settings", pk=council.pk)
    return render(request, "documents/certificate_settings.html", {"council": council, "form": form, "row": row})


@login_required
@ratelimited("pdf")
@require_safe
def certificate_calibration(request: HttpRequest, pk: int) -> HttpResponse:
    """A page with a millimetre grid and each field's box, to check the positions on a blank."""

    council = _managed_council(request, pk)
    content = calibration_page(selectors.certificate_layout(council))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition("Trang căn chỉnh Giấy khen.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Public verification ------------------------------------------------------------------------


@require_safe
@ratelimited("verify")
def verify(request: HttpRequest, token: str) -> HttpResponse:
    found = selectors.verification(token=token)
    if found is None:
        # the product's own 404 page even under DEBUG: a public page never shows Django's debug page
        response = render(request, "404.html", status=404)
    else:
        response = render(request, "documents/verify.html", {"found": found})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
