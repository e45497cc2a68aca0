"""The legal basis setup pages.

A council's page (``Capability.ADMINISTER``; another council's is a 404) lists what its papers
cite today, its own versions (create, edit, end, delete one never cited) and the national
table, read-only there.  The national pages edit the national table; only the top-level admin
may (``councils.access.may_keep_national_tables``), anyone else gets a 403."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from common.viewcalls import form_call, message_call, submitted
from councils import access
from councils.access import Capability
from councils.audit import history_for
from councils.models import Council
from decisions import legal_basis_services as services
from decisions.legal_bases import bases_in_force, legal_bases_of_scope, version_state
from decisions.legal_basis_forms import LegalBasisEndForm, LegalBasisForm
from decisions.models import CitingPaper, LegalBasis


def _administered(request: HttpRequest, council_pk: int) -> Council:
    if not access.can(request.user, Capability.ADMINISTER, council_pk):
        raise Http404
    return get_object_or_404(Council, pk=council_pk)


def _keeper(request: HttpRequest) -> None:
    if not access.may_keep_national_tables(request.user):
        raise PermissionDenied


def _rows(bases: Any, page: str | None) -> Any:
    today = timezone.localdate()
    found = Paginator(bases, 50).get_page(page)
    for basis in found.object_list:
        basis.state_label = version_state(basis, today)
    return found


def _families(council_id: int | None) -> list[tuple[str, str]]:
    """(family, its latest text) of the scope, and for a council the national ones too."""
    bases = LegalBasis.objects.of_scope(None)
    if council_id is not None:
        bases = bases | LegalBasis.objects.of_scope(council_id)
    latest: dict[str, str] = {}
    for family, text in bases.order_by("family", "valid_from").values_list("family", "text"):
        latest[family] = text
    return sorted(latest.items())


def _list_url(council_id: int | None) -> str:
    if council_id is None:
        return reverse("decisions:national_legal_basis_list")
    return reverse("decisions:legal_basis_list", args=[council_id])


def _edit_url(basis: LegalBasis) -> str:
    if basis.council_id is None:
        return reverse("decisions:national_legal_basis_edit", args=[basis.pk])
    return reverse("decisions:legal_basis_edit", args=[basis.pk])


@login_required
@require_GET
def legal_basis_list(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = _administered(request, council_pk)
    today = timezone.localdate()
    context = {
        "council": council,
        "own": _rows(legal_bases_of_scope(council.pk), request.GET.get("page")),
        "national": _rows(legal_bases_of_scope(None), request.GET.get("national_page")),
        "may_keep_national": access.may_keep_national_tables(request.user),
        "today": today,
        "cited_today": [(label, bases_in_force(council, kind, today)) for kind, label in CitingPaper.choices],
    }
    return render(request, "decisions/legal_bases/list.html", context)


@login_required
@require_GET
def national_legal_basis_list(request: HttpRequest) -> HttpResponse:
    _keeper(request)
    context = {"national": _rows(legal_bases_of_scope(None), request.GET.get("page")), "today": timezone.localdate()}
    return render(request, "decisions/legal_bases/national_list.html", context)


def _create(request: HttpRequest, council: Council | None) -> HttpResponse:
    council_id = council.pk if council is not None else None
    initial: dict[str, Any] = {"for_decision": True, "for_proposal": True, "position": 100}
    source_pk = request.GET.get("from", "")
    if source_pk.isdigit():
        # a new version of a basis the scope can see: the national table, or the council's own
        visible = LegalBasis.objects.of_scope(None)
        if council_id is not None:
            visible = visible | LegalBasis.objects.of_scope(council_id)
        source = visible.filter(pk=int(source_pk)).first()
        if source is not None:
            initial = LegalBasisForm.initial_for(source, as_new_version=source.council_id == council_id)
    form = LegalBasisForm(request.POST or None, families=_families(council_id), initial=initial)
    if submitted(
        request,
        form,
        lambda: services.legal_basis_create(actor=request.user, council=council, **form.cleaned_data),
        success=gettext("Đã thêm căn cứ pháp lý."),
    ):
        return redirect(_list_url(council_id))
    context = {"council": council, "form": form, "basis": None, "list_url": _list_url(council_id)}
    return render(request, "decisions/legal_bases/form.html", context)


@login_required
def legal_basis_create(request: HttpRequest, council_pk: int) -> HttpResponse:
    return _create(request, _administered(request, council_pk))


@login_required
def national_legal_basis_create(request: HttpRequest) -> HttpResponse:
    _keeper(request)
    return _create(request, None)


def _edit(request: HttpRequest, basis: LegalBasis) -> HttpResponse:
    """The version's form, its end and its history; ``action=end`` (with ``end-valid_until``) and
    ``action=delete`` post here too."""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "delete":
        ok, _done = message_call(
            request,
            lambda: services.legal_basis_delete(actor=request.user, basis=basis),
            success=gettext("Đã xoá căn cứ pháp lý."),
        )
        return redirect(_list_url(basis.council_id) if ok else _edit_url(basis))
    end_form = LegalBasisEndForm(
        request.POST if action == "end" else None,
        initial={"valid_until": basis.valid_until or timezone.localdate()},
        prefix="end",
    )
    form = LegalBasisForm(
        request.POST if request.method == "POST" and action != "end" else None,
        families=_families(basis.council_id),
        initial=LegalBasisForm.initial_for(basis),
    )
    if end_form.is_bound and end_form.is_valid():
        valid_until = end_form.cleaned_data["valid_until"]
        if form_call(
            end_form,
            lambda: services.legal_basis_end(actor=request.user, basis=basis, valid_until=valid_until),
            request=request,
            success=gettext("Đã cho căn cứ hết áp dụng."),
        )[0]:
            return redirect(_edit_url(basis))
    elif submitted(
        request,
        form,
        lambda: services.legal_basis_update(actor=request.user, basis=basis, **form.cleaned_data),
        success=gettext("Đã lưu căn cứ pháp lý."),
    ):
        return redirect(_edit_url(basis))
    context = {
        "council": basis.council,
        "form": form,
        "end_form": end_form,
        "basis": basis,
        "state_label": version_state(basis, timezone.localdate()),
        "list_url": _list_url(basis.council_id),
        "history": history_for(basis),
    }
    return render(request, "decisions/legal_bases/form.html", context)


@login_required
def legal_basis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A council's own version; a national row or another council's is a 404 here."""
    basis = get_object_or_404(LegalBasis.objects.select_related("council"), pk=pk, council__isnull=False)
    if not access.can(request.user, Capability.ADMINISTER, basis.council_id):
        raise Http404
    return _edit(request, basis)


@login_required
def national_legal_basis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _keeper(request)
    return _edit(request, get_object_or_404(LegalBasis, pk=pk, council__isnull=True))
