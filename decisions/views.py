"""Pages of the chairman's decisions, the honours registry and the printable
documents.  Each view checks access first (a council the user has no part in is
a 404, a page of the user's council the role may not use is a 403), validates a
form, calls one service, redirects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from common.paging import LINES_PAGE_SIZE, page_of
from common.viewcalls import submitted
from councils import access
from councils.access import Capability
from councils.models import Council
from councils.profile_selectors import signers_offered
from councils.reauth import require_recent_auth
from decisions import selectors as dsel
from decisions.forms import DecisionRegisterForm, RegistrySearchForm, RevokeForm, ScanForm
from decisions.models import Decision, DecisionStatus
from decisions.naming import signer_capacity_lines
from decisions.services import decisions as decision_services
from nominations import selectors as nsel
from nominations.naming import nominee_name, position_unit
from printing import formats as docformat


def to_decision(decision: Decision) -> HttpResponse:
    return redirect("decisions:decision_detail", pk=decision.pk)


# --- Decisions ------------------------------------------------------------------------


def decisions_listed(request: HttpRequest) -> tuple[QuerySet[Decision], str]:
    """The decisions the list shows, with its status filter (a status it does not know: all);
    the page and its Excel export (``export_views``) both use it."""
    if not access.councils_where(request.user, Capability.READ_DECISIONS):
        raise Http404
    decisions = dsel.decision_list_for_user(user=request.user)
    status = request.GET.get("status", "")
    if status in DecisionStatus.values:
        return decisions.filter(status=status), status
    return decisions, ""


def line_query(request: HttpRequest) -> tuple[str, int | None]:
    """A decision's list search: the name typed (``q``) and the award type (``award``)."""
    award = request.GET.get("award", "")
    return request.GET.get("q", "").strip()[:120], int(award) if award.isdigit() else None


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    decisions, status = decisions_listed(request)
    page = Paginator(decisions, 25).get_page(request.GET.get("page"))
    for decision in page:
        decision.number_text = docformat.number_reference(decision.number, decision.symbol)  # type: ignore[attr-defined]
        decision.total_text = docformat.money(decision.total)  # type: ignore[attr-defined]
    return render(
        request,
        "decisions/decisions/list.html",
        {"page": page, "status": status, "statuses": DecisionStatus.choices},
    )


@dataclass(frozen=True)
class DecisionStep:
    """What a decision page asks before it shows: the capability, the state the decision must
    be in (a flag of ``Decision``) and the words when it is not."""

    capability: Capability
    state: str
    refusal: Any  # a lazy text, shown in the language of the request


SCAN_STEP = DecisionStep(
    Capability.MANAGE_DECISIONS, "is_registered", gettext_lazy("Chỉ tải bản quét lên cho quyết định đã vào số.")
)
REVOKE_STEP = DecisionStep(Capability.REVOKE, "is_registered", gettext_lazy("Chỉ thu hồi được quyết định đã vào số."))
REGISTER_STEP = DecisionStep(
    Capability.MANAGE_DECISIONS, "is_editable", gettext_lazy("Quyết định đã vào số hoặc đã thu hồi.")
)
EDIT_STEP = DecisionStep(
    Capability.MANAGE_DECISIONS, "is_editable", gettext_lazy("Chỉ sửa được quyết định còn là dự thảo.")
)


def decision_step(request: HttpRequest, pk: int, step: DecisionStep) -> tuple[Decision, HttpResponse | None]:
    """A decision page's common start: the decision (404 if unseen), the capability (403), and
    its state (the refusal shown, and a redirect to the decision, when it is not in it)."""
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    access.require_page(request.user, step.capability, decision.council_id)
    if not getattr(decision, step.state):
        messages.error(request, str(step.refusal))
        return decision, to_decision(decision)
    return decision, None


def decision_steps(decision: Decision) -> list[tuple[str, str]]:
    """The decision's steps (draft, registered, revoked) with each one's state for the
    page's step bar: "current", "done" (passed) or "" (to come)."""
    order = [DecisionStatus.DRAFT, DecisionStatus.REGISTERED, DecisionStatus.REVOKED]
    reached = order.index(DecisionStatus(decision.status))
    states = ["done" if index < reached else "current" if index == reached else "" for index in range(len(order))]
    if decision.is_revoked:
        # a revoked decision was registered, or revoked straight from its draft: both are behind it
        states = ["done", "done", "current"]
    return [(str(status.label), state) for status, state in zip(order, states, strict=True)]


def decision_page(
    request: HttpRequest, decision: Decision, *, register_form: DecisionRegisterForm | None = None
) -> HttpResponse:
    can_manage = access.can(request.user, Capability.MANAGE_DECISIONS, decision.council_id)
    query, award_id = line_query(request)
    page = page_of(
        request, dsel.decision_line_rows(decision=decision, query=query, award_id=award_id), size=LINES_PAGE_SIZE
    )
    for row in page:
        row.name_text = nominee_name(row.line)  # type: ignore[attr-defined]
        row.position_unit_text = position_unit(row.line)  # type: ignore[attr-defined]
        row.amount_text = docformat.money(row.amount)  # type: ignore[attr-defined]
    draft = decision.is_editable
    if can_manage and draft and register_form is None:
        signers = signers_offered(decision.council)
        register_form = DecisionRegisterForm(
            initial={
                "signed_on": timezone.localdate(),
                **DecisionRegisterForm.signer_initial(signers, dsel.council_chairman_name(decision.council)),
            },
            signers=signers,
        )
    total = dsel.decision_total(decision=decision)
    unpaid = decision_services.lines_without_rate(decision, timezone.localdate()) if draft else []
    return render(
        request,
        "decisions/decisions/detail.html",
        {
            "decision": decision,
            "page": page,
            "query": query,
            "award_id": award_id,
            "awards": list(dsel.decision_line_awards(decision=decision)),
            "line_count": decision.lines.count(),
            "total_text": docformat.money(total) if total else "",
            "number_text": docformat.document_number(decision.number, decision.symbol),
            "reference_text": docformat.number_reference(decision.number, decision.symbol),
            "signed_text": docformat.short_date(decision.signed_on) if decision.signed_on else "",
            "capacity_lines": signer_capacity_lines(decision.signer_capacity),
            "legal_bases": [line for line in decision.legal_bases.splitlines() if line.strip()],
            "recipients": [line for line in decision.recipients.splitlines() if line.strip()],
            "can_manage": can_manage,
            "can_revoke": access.can(request.user, Capability.REVOKE, decision.council_id),
            "register_form": register_form if can_manage and draft else None,
            "unpaid": unpaid,
            "scan_form": ScanForm() if can_manage and decision.status == DecisionStatus.REGISTERED else None,
            "steps": decision_steps(decision),
        },
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return decision_page(request, dsel.decision_get_for_user(user=request.user, pk=pk))


@login_required
def decision_scan(request: HttpRequest, pk: int) -> HttpResponse:
    decision, refused = decision_step(request, pk, SCAN_STEP)
    if refused:
        return refused
    form = ScanForm(request.POST or None, request.FILES or None)
    if submitted(
        request,
        form,
        lambda: decision_services.decision_attach_scan(
            actor=request.user, decision=decision, upload=form.cleaned_data["file"]
        ),
        success=_("Đã lưu bản quét quyết định đã ký."),
    ):
        return to_decision(decision)
    return render(request, "decisions/decisions/scan.html", {"decision": decision, "form": form})


@login_required
def decision_scan_download(request: HttpRequest, pk: int) -> FileResponse:
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    if not decision.scan:
        raise Http404
    try:
        handle = decision.scan.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    reference = docformat.number_reference(decision.number, decision.symbol).strip().replace("/", "-")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"QD-{reference}-{decision.year}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_recent_auth
def decision_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    decision, refused = decision_step(request, pk, REVOKE_STEP)
    if refused:
        return refused
    form = RevokeForm(request.POST or None)
    if submitted(
        request,
        form,
        lambda: decision_services.decision_revoke(
            actor=request.user,
            decision=decision,
            reason=form.cleaned_data["reason"],
            revoked_by_number=form.cleaned_data["revoked_by_number"],
            revoked_by_date=form.cleaned_data["revoked_by_date"],
        ),
        success=_("Đã thu hồi quyết định; các khen thưởng của quyết định đã được gỡ khỏi sổ."),
    ):
        return to_decision(decision)
    return render(
        request,
        "decisions/decisions/revoke.html",
        {
            "decision": decision,
            "form": form,
            "number_text": docformat.document_number(decision.number, decision.symbol),
        },
    )


# --- The honours registry -----------------------------------------------------------------


#: the most matches of one kind a registry search pages through (narrow the search for more)
REGISTRY_MATCHES = 1000


def _registry_council(request: HttpRequest) -> Council:
    council_ids = access.councils_where(request.user, Capability.MANAGE_DECISIONS)
    if not council_ids:
        raise Http404
    requested = request.GET.get("council", "")
    if requested.isdigit() and int(requested) in council_ids:
        return get_object_or_404(Council, pk=int(requested))
    return get_object_or_404(Council, pk=min(council_ids))


@login_required
def registry_search(request: HttpRequest) -> HttpResponse:
    council = _registry_council(request)
    form = RegistrySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found: dict[str, Any] = {}
    if query.strip():
        # each kind a page of its own list, all three turned by the one ?page=
        found = {
            "person": page_of(
                request, nsel.person_search(actor=request.user, council=council, query=query, limit=REGISTRY_MATCHES)
            ),
            "collective": page_of(
                request, nsel.collective_search(council=council, query=query, limit=REGISTRY_MATCHES)
            ),
            "household": page_of(request, nsel.household_search(council=council, query=query, limit=REGISTRY_MATCHES)),
        }
    councils = Council.objects.filter(pk__in=access.councils_where(request.user, Capability.MANAGE_DECISIONS)).order_by(
        "name"
    )
    return render(
        request,
        "decisions/registry/search.html",
        {
            "form": form,
            "query": query,
            "council": council,
            "councils": councils,
            "found": found,
            # the pager turns the longest of the three lists
            "pager": max(found.values(), key=lambda page: page.paginator.count) if found else None,
        },
    )


@login_required
def registry_holder(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    holder = dsel.holder_get_for_user(user=request.user, kind=kind, pk=pk)
    honours = page_of(request, dsel.honours_for_holder(kind=kind, holder=holder))
    for honour in honours:
        decision = honour.decision
        if decision is not None:
            honour.reference_text = docformat.number_reference(decision.number, decision.symbol)  # type: ignore[attr-defined]
            honour.date_text = docformat.short_date(decision.signed_on) if decision.signed_on else ""  # type: ignore[attr-defined]
        else:
            honour.reference_text = honour.external_reference  # type: ignore[attr-defined]
            honour.date_text = docformat.short_date(honour.external_date) if honour.external_date else ""  # type: ignore[attr-defined]
    return render(request, "decisions/registry/holder.html", {"holder": holder, "kind": kind, "honours": honours})


@login_required
@require_safe
def registry_for_unit(request: HttpRequest) -> HttpResponse:
    """A unit's own awards in the registry (its lines', nothing of another unit's)."""
    if not access.unit_ids(request.user):
        raise Http404
    page = page_of(request, dsel.honours_for_units(user=request.user))
    for honour in page:
        decision = honour.decision
        if decision is not None and decision.council_id == honour.council_id:
            honour.reference_text = docformat.number_reference(decision.number, decision.symbol)  # type: ignore[attr-defined]
            honour.date_text = docformat.short_date(decision.signed_on) if decision.signed_on else ""  # type: ignore[attr-defined]
            honour.higher = False  # type: ignore[attr-defined]
        else:
            honour.reference_text = honour.external_reference  # type: ignore[attr-defined]
            honour.date_text = docformat.short_date(honour.external_date) if honour.external_date else ""  # type: ignore[attr-defined]
            honour.higher = True  # type: ignore[attr-defined]
        honour.name_text = nominee_name(honour.source_line) if honour.source_line else str(honour)  # type: ignore[attr-defined]
    return render(request, "decisions/registry/unit.html", {"page": page})


# --- Printable documents ------------------------------------------------------------------
