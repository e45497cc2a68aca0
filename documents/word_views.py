"""Word copies (.docx) of the council's papers, for councils that edit a decision
before signing it: the same access checks, selectors and mappers as the printable
pages (``print_views``), the file built by ``printing.wordfiles``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from common.ratelimits import ratelimited
from councils import access
from councils.access import Capability
from decisions import selectors as dsel
from decisions.models import CouncilSession, Decision
from documents import mappers as documents_data
from documents.decision_views import content_disposition
from printing import formats as docformat
from printing import wordfiles

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(content: bytes, name: str) -> HttpResponse:
    """The file as an attachment named in Vietnamese ("Quyết định 15-QĐ-UBND.docx")."""
    name = " ".join(name.replace("/", "-").replace("\\", "-").split())
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition(f"{name[:150]}.docx")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _decision(request: HttpRequest, pk: int) -> Decision:
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    access.require_page(request.user, Capability.MANAGE_DECISIONS, decision.council_id)
    return decision


def _reference(decision: Decision) -> str:
    """ "15/QĐ-UBND", or "dự thảo QĐ-UBND" before the office numbers it."""
    if decision.number:
        return docformat.number_reference(decision.number, decision.symbol)
    return f"dự thảo {decision.symbol}"


@login_required
@ratelimited("pdf")
@require_safe
def word_decision(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    content = wordfiles.decision_docx(documents_data.decision_document(decision))
    return _docx(content, f"Quyết định {_reference(decision)}")


@login_required
@ratelimited("pdf")
@require_safe
def word_decision_list(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    content = wordfiles.decision_list_docx(documents_data.decision_document(decision))
    return _docx(content, f"Danh sách kèm theo QĐ {_reference(decision)}")


def _session(request: HttpRequest, pk: int) -> CouncilSession:
    return dsel.session_get_for_user(user=request.user, pk=pk, capability=Capability.READ_DECISIONS)


@login_required
@ratelimited("pdf")
@require_safe
def word_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if not session.has_results:
        raise Http404
    content = wordfiles.minutes_docx(documents_data.minutes_document(session))
    return _docx(content, f"Biên bản họp Hội đồng {timezone.localtime(session.held_at):%d-%m-%Y}")


@login_required
@ratelimited("pdf")
@require_safe
def word_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    access.require_page(request.user, Capability.MANAGE_DECISIONS, session.council_id)
    if not session.can_print_proposal:
        raise Http404
    content = wordfiles.proposal_docx(documents_data.proposal_document(session))
    return _docx(content, f"Tờ trình đề nghị khen thưởng {timezone.localtime(session.held_at):%d-%m-%Y}")
