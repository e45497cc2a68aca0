"""The printable pages of the council's papers (decision, ballot, minutes,
proposal) on an A4 sheet, as the office prints them from the browser."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from common.ratelimits import ratelimited
from councils import access
from councils.access import Capability
from decisions import selectors as dsel
from decisions.models import CouncilSession
from documents import mappers as documents_data
from printing.minutes import build_minutes


def _print(request: HttpRequest, template: str, document: Any, *, back: str = "") -> HttpResponse:
    """A document on an A4 sheet; ``back`` is the page it came from, if it has one."""
    return render(request, f"documents/print/{template}", {"doc": document, "back": back})


@login_required
@ratelimited("pdf")
def print_decision(request: HttpRequest, pk: int) -> HttpResponse:
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    access.require_page(request.user, Capability.MANAGE_DECISIONS, decision.council_id)
    return _print(
        request,
        "decision.html",
        documents_data.decision_document(decision),
        back=reverse("decisions:decision_detail", kwargs={"pk": decision.pk}),
    )


def _session(request: HttpRequest, pk: int, capability: Capability) -> CouncilSession:
    return dsel.session_get_for_user(user=request.user, pk=pk, capability=capability)


@login_required
@ratelimited("pdf")
def print_ballot(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, Capability.READ_DECISIONS)
    return _print(request, "ballot.html", documents_data.ballot_document(session))


@login_required
@ratelimited("pdf")
def print_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, Capability.READ_DECISIONS)
    if not session.has_results:
        raise Http404
    return _print(request, "minutes.html", documents_data.minutes_document(session))


@login_required
@ratelimited("pdf")
@require_safe
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes as the secretariat files them: the PDF the builder lays out on A4."""
    session = _session(request, pk, Capability.READ_DECISIONS)
    if not session.has_results:
        raise Http404
    content = build_minutes(documents_data.minutes_document(session))
    held = timezone.localtime(session.held_at).date() if session.held_at else None
    day = f"-{held:%Y-%m-%d}" if held else ""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-hop-hoi-dong{day}-{session.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@ratelimited("pdf")
def print_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, Capability.READ_DECISIONS)
    access.require_page(request.user, Capability.MANAGE_DECISIONS, session.council_id)
    if not session.can_print_proposal:
        raise Http404
    return _print(request, "proposal.html", documents_data.proposal_document(session))
