"""A unit's pages of the decisions that concern it: what a registered decision (and
its session) settled for the unit's own lines, and the download of its public papers
(the decision, its attached list) and of its own lines' certificates.

Who may read what is ``councils.access``'s rule for units, applied by the selectors:
anything else (a draft, a revoked decision, another unit's certificate, a user who
works for no unit) is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from common.ratelimits import ratelimited
from documents import unit_selectors
from documents.decision_views import pdf_response
from printing import formats as docformat


@login_required
@require_safe
def unit_decision(request: HttpRequest, pk: int) -> HttpResponse:
    page = unit_selectors.unit_decision(user=request.user, pk=pk)
    decision = page.decision
    return render(
        request,
        "documents/unit_decision.html",
        {
            "page": page,
            "decision": decision,
            "reference_text": docformat.number_reference(decision.number, decision.symbol),
            "signed_text": docformat.short_date(decision.signed_on) if decision.signed_on else "",
        },
    )


@login_required
@ratelimited("pdf")
@require_safe
def unit_document_download(request: HttpRequest, pk: int) -> FileResponse:
    return pdf_response(unit_selectors.unit_document_get(user=request.user, pk=pk))
