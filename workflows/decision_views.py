"""Pages whose action runs across apps: registering a decision (its papers are
queued), editing its text (checked against the certificate) and sending a
proposal up (it becomes a dossier in the parent council's flow)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.viewcalls import form_call, message_call
from councils import access
from councils.access import Capability
from decisions import selectors as dsel
from decisions.forms import DecisionRegisterForm, DecisionTextForm
from decisions.proposal_views import proposal_get, to_proposal
from decisions.views import decision_page, to_decision
from printing import formats as docformat
from workflows import decisions as flow_decisions
from workflows import proposal_services as flow_proposals


@login_required
@require_POST
def decision_register(request: HttpRequest, pk: int) -> HttpResponse:
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    access.require_page(request.user, Capability.MANAGE_DECISIONS, decision.council_id)
    if not decision.is_editable:
        messages.error(request, _("Quyết định đã vào số hoặc đã thu hồi."))
        return to_decision(decision)
    form = DecisionRegisterForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done, registered = form_call(
            form,
            lambda: flow_decisions.decision_register(
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
            return to_decision(registered)
    return decision_page(request, decision, register_form=form)


@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    access.require_page(request.user, Capability.MANAGE_DECISIONS, decision.council_id)
    if not decision.is_editable:
        messages.error(request, _("Chỉ sửa được quyết định còn là dự thảo."))
        return to_decision(decision)
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
            lambda: flow_decisions.decision_update_text(
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
            return to_decision(decision)
    return render(request, "decisions/decisions/edit.html", {"decision": decision, "form": form})


@login_required
@require_POST
def proposal_send(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_get(request, pk)
    access.require_page(request.user, Capability.PROPOSE, proposal.council_id)
    done, dossier = message_call(
        request,
        lambda: flow_proposals.proposal_send(actor=request.user, proposal=proposal, to_council=proposal.parent),
    )
    if not done:
        return to_proposal(proposal)
    messages.success(
        request,
        _("Đã gửi tờ trình: hồ sơ “%(title)s” đã được lập ở %(parent)s; hãy kiểm tra và gửi hồ sơ đó.")
        % {"title": dossier.title, "parent": proposal.parent.name},
    )
    return redirect("workflows:dossier_detail", pk=dossier.pk)
