"""Pages of the chairman's decisions, the honours registry and the printable
documents.  Each view checks access first (a council the user has no part in is
a 404, a page of the user's council the role may not use is a 403), validates a
form, calls one service, redirects."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import decision_selectors as dsel
from . import decision_services, docformat, documents_data
from . import selectors as nsel
from .council_models import CouncilSession, Decision, DecisionStatus, SignerCapacity
from .decision_forms import DecisionRegisterForm, DecisionTextForm, RegistrySearchForm, RevokeForm, ScanForm
from .models import Council, CouncilMembership, CouncilRole
from .selectors import roles_for
from .viewcalls import form_call


def _require(request: HttpRequest, council_id: int, *roles: str) -> None:
    if not roles_for(request.user).has(council_id, *roles):
        raise PermissionDenied


def _to_detail(decision: Decision) -> HttpResponse:
    return redirect("nominations:decision_detail", pk=decision.pk)


# --- Decisions ------------------------------------------------------------------------


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    if not dsel.councils_for(request.user, *dsel.READER_ROLES):
        raise Http404
    decisions = dsel.decision_list_for_user(user=request.user)
    status = request.GET.get("status", "")
    if status in DecisionStatus.values:
        decisions = decisions.filter(status=status)
    page = Paginator(decisions, 25).get_page(request.GET.get("page"))
    for decision in page:
        decision.number_text = docformat.number_reference(decision.number, decision.symbol)  # type: ignore[attr-defined]
        decision.total_text = docformat.money(decision.total)  # type: ignore[attr-defined]
    return render(
        request,
        "nominations/decisions/list.html",
        {"page": page, "status": status, "statuses": DecisionStatus.choices},
    )


def _chairman_name(council: Council) -> str:
    membership = (
        CouncilMembership.objects.filter(council=council, role=CouncilRole.CHAIRMAN, is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user.get_full_name() if membership else ""


def _render_detail(
    request: HttpRequest, decision: Decision, *, register_form: DecisionRegisterForm | None = None
) -> HttpResponse:
    roles = roles_for(request.user)
    can_manage = roles.has(decision.council_id, *dsel.MANAGER_ROLES)
    lines = list(dsel.decision_lines(decision=decision))
    for row in lines:
        row.name_text = documents_data.nominee_name(row.line)  # type: ignore[attr-defined]
        row.position_unit_text = documents_data.position_unit(row.line)  # type: ignore[attr-defined]
        row.amount_text = docformat.money(row.amount)  # type: ignore[attr-defined]
    draft = decision.status == DecisionStatus.DRAFT
    if can_manage and draft and register_form is None:
        register_form = DecisionRegisterForm(
            initial={
                "signed_on": timezone.localdate(),
                "signer_name": _chairman_name(decision.council),
                "signer_capacity": SignerCapacity.CHAIRMAN,
            }
        )
    total = sum(row.amount or 0 for row in lines)
    unpaid = decision_services.lines_without_rate(decision, timezone.localdate()) if draft else []
    return render(
        request,
        "nominations/decisions/detail.html",
        {
            "decision": decision,
            "lines": lines,
            "total_text": docformat.money(total) if total else "",
            "number_text": docformat.document_number(decision.number, decision.symbol),
            "reference_text": docformat.number_reference(decision.number, decision.symbol),
            "signed_text": docformat.short_date(decision.signed_on) if decision.signed_on else "",
            "capacity_lines": documents_data.signer_capacity_lines(decision.signer_capacity),
            "legal_bases": [line for line in decision.legal_bases.splitlines() if line.strip()],
            "recipients": [line for line in decision.recipients.splitlines() if line.strip()],
            "can_manage": can_manage,
            "can_revoke": roles.has(decision.council_id, *dsel.REVOKER_ROLES),
            "register_form": register_form if can_manage and draft else None,
            "unpaid": unpaid,
            "scan_form": ScanForm() if can_manage and decision.status == DecisionStatus.REGISTERED else None,
            "steps": [
                (DecisionStatus.DRAFT, DecisionStatus.DRAFT.label),
                (DecisionStatus.REGISTERED, DecisionStatus.REGISTERED.label),
                (DecisionStatus.REVOKED, DecisionStatus.REVOKED.label),
            ],
        },
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, dsel.decision_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def decision_register(request: HttpRequest, pk: int) -> HttpResponse:
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    _require(request, decision.council_id, *dsel.MANAGER_ROLES)
    if decision.status != DecisionStatus.DRAFT:
        messages.error(request, _("Quyết định đã vào số hoặc đã thu hồi."))
        return _to_detail(decision)
    form = DecisionRegisterForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done, registered = form_call(
            form,
            lambda: decision_services.decision_register(
                actor=request.user,
                decision=decision,
                signed_on=data["signed_on"],
                signer_name=data["signer_name"],
                signer_capacity=data["signer_capacity"],
                number=data["number"],
                without_money=data["without_money"],
            ),
        )
        if done:
            messages.success(
                request,
                _("Đã vào số quyết định %(number)s và ghi các khen thưởng vào sổ.")
                % {"number": docformat.document_number(registered.number, registered.symbol)},
            )
            return _to_detail(registered)
    return _render_detail(request, decision, register_form=form)


@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    _require(request, decision.council_id, *dsel.MANAGER_ROLES)
    if decision.status != DecisionStatus.DRAFT:
        messages.error(request, _("Chỉ sửa được quyết định còn là dự thảo."))
        return _to_detail(decision)
    lines = list(dsel.decision_lines(decision=decision))
    form = DecisionTextForm(
        request.POST or None,
        lines=lines,
        initial={"subject": decision.subject, "legal_bases": decision.legal_bases, "recipients": decision.recipients},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, _result = form_call(
            form,
            lambda: decision_services.decision_update_text(
                actor=request.user,
                decision=decision,
                subject=data["subject"],
                legal_bases=data["legal_bases"],
                recipients=data["recipients"],
                achievements=form.achievements(),
            ),
        )
        if done:
            messages.success(request, _("Đã lưu dự thảo quyết định."))
            return _to_detail(decision)
    return render(request, "nominations/decisions/edit.html", {"decision": decision, "form": form})


@login_required
def decision_scan(request: HttpRequest, pk: int) -> HttpResponse:
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    _require(request, decision.council_id, *dsel.MANAGER_ROLES)
    if decision.status != DecisionStatus.REGISTERED:
        messages.error(request, _("Chỉ tải bản quét lên cho quyết định đã vào số."))
        return _to_detail(decision)
    form = ScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done, _result = form_call(
            form,
            lambda: decision_services.decision_attach_scan(
                actor=request.user, decision=decision, upload=form.cleaned_data["file"]
            ),
        )
        if done:
            messages.success(request, _("Đã lưu bản quét quyết định đã ký."))
            return _to_detail(decision)
    return render(request, "nominations/decisions/scan.html", {"decision": decision, "form": form})


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
def decision_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    _require(request, decision.council_id, *dsel.REVOKER_ROLES)
    if decision.status != DecisionStatus.REGISTERED:
        messages.error(request, _("Chỉ thu hồi được quyết định đã vào số."))
        return _to_detail(decision)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, _result = form_call(
            form,
            lambda: decision_services.decision_revoke(
                actor=request.user, decision=decision, reason=form.cleaned_data["reason"]
            ),
        )
        if done:
            messages.success(request, _("Đã thu hồi quyết định; các khen thưởng của quyết định đã được gỡ khỏi sổ."))
            return _to_detail(decision)
    return render(
        request,
        "nominations/decisions/revoke.html",
        {
            "decision": decision,
            "form": form,
            "number_text": docformat.document_number(decision.number, decision.symbol),
        },
    )


# --- The honours registry -----------------------------------------------------------------


def _registry_council(request: HttpRequest) -> Council:
    council_ids = dsel.councils_for(request.user, *dsel.MANAGER_ROLES)
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
    found: dict[str, list[Any]] = {"person": [], "collective": [], "household": []}
    if query.strip():
        found = {
            "person": list(nsel.person_search(council=council, query=query)),
            "collective": list(dsel.collective_search(council=council, query=query)),
            "household": list(nsel.household_search(council=council, query=query)),
        }
    councils = Council.objects.filter(pk__in=dsel.councils_for(request.user, *dsel.MANAGER_ROLES)).order_by("name")
    return render(
        request,
        "nominations/registry/search.html",
        {"form": form, "query": query, "council": council, "councils": councils, "found": found},
    )


@login_required
def registry_holder(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    holder = dsel.holder_get_for_user(user=request.user, kind=kind, pk=pk)
    honours = list(dsel.honours_for_holder(kind=kind, holder=holder))
    for honour in honours:
        decision = honour.decision
        if decision is not None:
            honour.reference_text = docformat.number_reference(decision.number, decision.symbol)  # type: ignore[attr-defined]
            honour.date_text = docformat.short_date(decision.signed_on) if decision.signed_on else ""  # type: ignore[attr-defined]
        else:
            honour.reference_text = honour.external_reference  # type: ignore[attr-defined]
            honour.date_text = docformat.short_date(honour.external_date) if honour.external_date else ""  # type: ignore[attr-defined]
    return render(request, "nominations/registry/holder.html", {"holder": holder, "kind": kind, "honours": honours})


# --- Printable documents ------------------------------------------------------------------


def _print(request: HttpRequest, template: str, document: Any, *, back: str = "") -> HttpResponse:
    """A document on an A4 sheet; ``back`` is the page it came from, if it has one."""
    return render(request, f"nominations/print/{template}", {"doc": document, "back": back})


@login_required
def print_decision(request: HttpRequest, pk: int) -> HttpResponse:
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    _require(request, decision.council_id, *dsel.MANAGER_ROLES)
    return _print(
        request,
        "decision.html",
        documents_data.decision_document(decision),
        back=reverse("nominations:decision_detail", kwargs={"pk": decision.pk}),
    )


def _session(request: HttpRequest, pk: int, roles: tuple[str, ...]) -> CouncilSession:
    return dsel.session_get_for_user(user=request.user, pk=pk, roles=roles)


@login_required
def print_ballot(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, dsel.READER_ROLES)
    return _print(request, "ballot.html", documents_data.ballot_document(session))


@login_required
def print_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, dsel.READER_ROLES)
    if session.status not in documents_data.SESSIONS_WITH_RESULTS:
        raise Http404
    return _print(request, "minutes.html", documents_data.minutes_document(session))


@login_required
def print_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, dsel.READER_ROLES)
    _require(request, session.council_id, *dsel.MANAGER_ROLES)
    if session.status not in documents_data.SESSIONS_TO_PROPOSE:
        raise Http404
    return _print(request, "proposal.html", documents_data.proposal_document(session))
