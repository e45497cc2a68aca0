"""Pages whose action runs across apps: registering a decision (its papers are
queued), editing its text (checked against the certificate) and sending a
proposal up (it becomes a dossier in the parent council's flow)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.viewcalls import form_call, message_call, submitted
from councils import access
from councils.access import Capability
from councils.profile_selectors import signers_offered
from councils.reauth import require_recent_auth
from decisions import selectors as dsel
from decisions.forms import DecisionRegisterForm, DecisionTextForm
from decisions.proposal_views import proposal_get, to_proposal
from decisions.views import EDIT_STEP, REGISTER_STEP, decision_page, decision_step, to_decision
from printing import formats as docformat
from workflows import decisions as flow_decisions
from workflows import proposal_services as flow_proposals


@login_required
@require_POST
@require_recent_auth(back=lambda request, pk: reverse("decisions:decision_detail", args=[pk]))
def decision_register(request: HttpRequest, pk: int) -> HttpResponse:
    decision, refused = decision_step(request, pk, REGISTER_STEP)
    if refused:
        return refused
    form = DecisionRegisterForm(request.POST, signers=signers_offered(decision.council))
    if form.is_valid():
        # the form's fields are the registration's: number, date, signer, without money
        done, registered = form_call(
            form,
            lambda: flow_decisions.decision_register(actor=request.user, decision=decision, **form.cleaned_data),
            request=request,
            success=lambda registered: (
                _("Đã vào số quyết định %(number)s và ghi các khen thưởng vào sổ.")
                % {"number": docformat.document_number(registered.number, registered.symbol)}
            ),
        )
        if done:
            return to_decision(registered)
    return decision_page(request, decision, register_form=form)


@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision, refused = decision_step(request, pk, EDIT_STEP)
    if refused:
        return refused
    lines = list(dsel.decision_lines(decision=decision))
    form = DecisionTextForm(
        request.POST or None,
        lines=lines,
        initial={"subject": decision.subject, "legal_bases": decision.legal_bases, "recipients": decision.recipients},
    )
    if submitted(
        request,
        form,
        lambda: flow_decisions.decision_update_text(
            actor=request.user,
            decision=decision,
            subject=form.cleaned_data["subject"],
            legal_bases=form.cleaned_data["legal_bases"],
            recipients=form.cleaned_data["recipients"],
            achievements=form.achievements(),
        ),
        success=_("Đã lưu dự thảo quyết định."),
    ):
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
