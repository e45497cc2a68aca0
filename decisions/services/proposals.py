"""Forwarding up: the council's proposal (tờ trình) to its parent council for the
lines beyond its authority, and the higher council's result coming back down to the
honours registry (from the parent's decision in this system, or entered by hand)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from common.text import nfc
from councils import access
from councils.access import Capability
from councils.models import User
from decisions import locks
from decisions.models import (
    CouncilSession,
    Decision,
    Honour,
    Proposal,
    ProposalLine,
    ProposalResult,
    ProposalStatus,
    SessionStatus,
)
from decisions.services.results import honour_for, proposable_items
from notifications.services import notice_emit


@transaction.atomic
def proposal_create(*, actor: Any, session: CouncilSession) -> Proposal:
    """A proposal with the lines that passed the vote and that a higher council decides."""
    session = locks.sessions_for_update().select_related("council").get(pk=session.pk)
    access.require(actor, Capability.PROPOSE, session.council_id)
    if session.council.parent_id is None:
        raise ValidationError(_("Hội đồng này không có hội đồng cấp trên để gửi tờ trình."))
    if session.status != SessionStatus.DECIDED:
        raise ValidationError(_("Chỉ lập tờ trình sau khi chủ tịch đã quyết định kết quả phiên họp."))
    if Proposal.objects.filter(session=session).exists():
        raise ValidationError(_("Phiên họp này đã có tờ trình lên cấp trên."))
    lines = [item.line for item, _result in proposable_items(session)]
    if not lines:
        raise ValidationError(_("Không có dòng nào đạt tỷ lệ phiếu thuộc thẩm quyền của cấp trên."))
    proposal = Proposal.objects.create(
        council=session.council, parent_id=session.council.parent_id, session=session, created_by=actor
    )
    ProposalLine.objects.bulk_create([ProposalLine(proposal=proposal, line=line) for line in lines])
    return proposal


# What a result row needs: the nominee (for the registry and the unit's notice), its unit and round.
RESULT_JOINS = (
    "proposal__parent",
    "line__nomination__round",
    "line__nomination__unit",
    "line__award_type",
    "line__person",
    "line__collective",
    "line__household",
)


def notify_units_of_higher_result(rows: list[ProposalLine], *, reference: str, decided_on: dt.date | None) -> None:
    """Tell each nominating unit what the higher council decided on its forwarded lines
    (one notice per proposal, unit and higher decision; call it inside the transaction)."""
    groups: dict[tuple[int, int], list[ProposalLine]] = defaultdict(list)
    for row in rows:
        groups[(row.proposal_id, row.line.nomination.unit_id)].append(row)
    for (proposal_id, unit_id), unit_rows in groups.items():
        nomination = unit_rows[0].line.nomination
        awarded = [row for row in unit_rows if row.result == ProposalResult.AWARDED]
        notice_emit(
            recipients=User.objects.filter(unit_memberships__unit_id=unit_id, is_active=True),
            event_key=f"higher-result:{proposal_id}:{unit_id}:{reference or 'session'}",
            verb="higher_result",
            context={
                "unit": nomination.unit.name,
                "council": unit_rows[0].proposal.parent.name,
                "reference": reference,
                "date": decided_on.strftime("%d/%m/%Y") if decided_on else "",
                "awarded": len(awarded),
                "total": len(unit_rows),
                "lines": "\n".join(
                    f"- {row.line.nominee}: {row.line.award_type} – {row.get_result_display()}" for row in unit_rows
                ),
            },
            url=reverse("workflows:dossier_detail", args=[nomination.pk]),
            council_id=unit_rows[0].proposal.council_id,
        )


def ensure_parent(proposal: Proposal, to_council_id: int) -> None:
    """A proposal goes to the council's own parent and nowhere else."""
    if to_council_id != proposal.council.parent_id:
        raise ValidationError(
            _("Chỉ gửi tờ trình lên hội đồng cấp trên trực tiếp của hội đồng (%(parent)s).")
            % {"parent": proposal.council.parent.name if proposal.council.parent else "—"}
        )


def results_from_parent_decision(*, decision: Decision) -> int:
    """After the parent council registers a decision: the forwarded lines it awards are
    recorded in the registry of the council that proposed them, and their result set."""
    rows = list(
        ProposalLine.objects.filter(forwarded_line__decision_lines__decision=decision).select_related(*RESULT_JOINS)
    )
    honours = []
    for row in rows:
        honours.append(
            honour_for(
                row.line,
                council_id=row.proposal.council_id,
                year=row.line.nomination.round.year,
                decision=decision,
                external_reference=decision.reference,
                external_date=decision.signed_on,
            )
        )
        row.result = ProposalResult.AWARDED
    Honour.objects.bulk_create(honours)
    ProposalLine.objects.bulk_update(rows, ["result"])
    notify_units_of_higher_result(rows, reference=decision.reference, decided_on=decision.signed_on)
    _settle({row.proposal_id for row in rows})
    return len(rows)


def results_from_parent_session(*, rejected_line_ids: list[int], decided_on: dt.date) -> int:
    """After the parent council's chairman decides a session: forwarded lines that failed the
    parent's vote or that the chairman excluded are not awarded; the nominating units are told."""
    rows = list(
        ProposalLine.objects.filter(
            forwarded_line_id__in=rejected_line_ids, result=ProposalResult.PENDING
        ).select_related(*RESULT_JOINS)
    )
    if not rows:
        return 0
    for row in rows:
        row.result = ProposalResult.NOT_AWARDED
    ProposalLine.objects.bulk_update(rows, ["result"])
    notify_units_of_higher_result(rows, reference="", decided_on=decided_on)
    _settle({row.proposal_id for row in rows})
    return len(rows)


def _settle(proposal_ids: set[int]) -> None:
    """A proposal whose every line has its result is decided."""
    for proposal_id in proposal_ids:
        if not ProposalLine.objects.filter(proposal_id=proposal_id, result=ProposalResult.PENDING).exists():
            Proposal.objects.filter(pk=proposal_id).update(status=ProposalStatus.DECIDED)


@transaction.atomic
def proposal_record_higher_decision(
    *, actor: Any, proposal: Proposal, reference: str, decided_on: dt.date, awarded_line_ids: list[int]
) -> Proposal:
    """Where the higher council does not use this system: the office enters its decision by hand."""
    proposal = locks.proposals_for_update().get(pk=proposal.pk)
    access.require(actor, Capability.PROPOSE, proposal.council_id)
    reference = nfc(reference)
    if not reference:
        raise ValidationError(_("Chưa nhập số quyết định của cấp trên."))
    if proposal.status == ProposalStatus.DECIDED:
        raise ValidationError(_("Kết quả của cấp trên đã được ghi cho tờ trình này."))
    rows = {row.line_id: row for row in proposal.lines.select_related(*RESULT_JOINS)}
    unknown = set(awarded_line_ids) - set(rows)
    if unknown:
        raise ValidationError(_("Có dòng không thuộc tờ trình này."))
    honours = []
    for line_id, row in rows.items():
        row.result = ProposalResult.AWARDED if line_id in awarded_line_ids else ProposalResult.NOT_AWARDED
        if line_id in awarded_line_ids:
            honours.append(
                honour_for(
                    row.line,
                    council_id=proposal.council_id,
                    year=row.line.nomination.round.year,
                    external_reference=reference,
                    external_date=decided_on,
                )
            )
    ProposalLine.objects.bulk_update(list(rows.values()), ["result"])
    Honour.objects.bulk_create(honours)
    proposal.status = ProposalStatus.DECIDED
    proposal.higher_reference = reference
    proposal.higher_date = decided_on
    proposal.save(update_fields=["status", "higher_reference", "higher_date"])
    notify_units_of_higher_result(list(rows.values()), reference=reference, decided_on=decided_on)
    return proposal
