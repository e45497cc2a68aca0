"""Pages of the proposals (tờ trình) a council sends to its parent council: made from a
decided session, sent as a dossier where the parent uses this system, or exported and
the higher council's decision entered by hand.  The council's staff only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.viewcalls import form_call, message_call
from councils import access
from councils.access import Capability
from decisions import selectors as dsel
from decisions.forms import HigherDecisionForm
from decisions.models import Proposal, ProposalStatus
from decisions.services import proposals as proposal_services


def proposal_get(request: HttpRequest, pk: int) -> Proposal:
    return dsel.proposal_get_for_user(user=request.user, pk=pk)


def to_proposal(proposal: Proposal) -> HttpResponse:
    return redirect("decisions:proposal_detail", pk=proposal.pk)


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    if not access.councils_where(request.user, Capability.MANAGE_DECISIONS):
        raise Http404
    return render(
        request, "decisions/proposals/list.html", {"proposals": dsel.proposal_list_for_user(user=request.user)}
    )


def _render_detail(
    request: HttpRequest, proposal: Proposal, *, higher_form: HigherDecisionForm | None = None
) -> HttpResponse:
    lines = list(dsel.proposal_lines(proposal=proposal))
    council = proposal.council
    can_send = proposal.status == ProposalStatus.DRAFT and council.unit_in_parent_id is not None
    if proposal.status != ProposalStatus.DECIDED and higher_form is None:
        higher_form = HigherDecisionForm(lines=lines, initial={"decided_on": timezone.localdate()})
    return render(
        request,
        "decisions/proposals/detail.html",
        {
            "proposal": proposal,
            "lines": lines,
            "can_send": can_send,
            "higher_form": higher_form if proposal.status != ProposalStatus.DECIDED else None,
        },
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, proposal_get(request, pk))


@login_required
@require_POST
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = dsel.session_get_for_user(user=request.user, pk=pk, capability=Capability.MANAGE_DECISIONS)
    done, proposal = message_call(
        request, lambda: proposal_services.proposal_create(actor=request.user, session=session)
    )
    if not done:
        return redirect("workflows:session_detail", pk=session.pk)
    messages.success(request, _("Đã lập tờ trình lên %(parent)s.") % {"parent": proposal.parent.name})
    return to_proposal(proposal)


@login_required
@require_POST
def proposal_higher_decision(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_get(request, pk)
    lines = list(dsel.proposal_lines(proposal=proposal))
    form = HigherDecisionForm(request.POST, lines=lines)
    if form.is_valid():
        data = form.cleaned_data
        done, decided = form_call(
            form,
            lambda: proposal_services.proposal_record_higher_decision(
                actor=request.user,
                proposal=proposal,
                reference=data["reference"],
                decided_on=data["decided_on"],
                awarded_line_ids=[int(value) for value in data["awarded"]],
            ),
            request=request,
            success=_("Đã ghi kết quả của cấp trên và báo cho các đơn vị đề nghị."),
        )
        if done:
            return to_proposal(decided)
    return _render_detail(request, proposal, higher_form=form)
