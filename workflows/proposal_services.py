"""Sending a proposal up: where the parent council uses this system, the proposal
arrives there as a dossier of the unit that stands for this council, in the parent's
open round, and goes through the parent's dossier flow."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from councils import access
from councils.access import Capability
from councils.models import Council
from decisions import locks as decision_locks
from decisions.models import Proposal, ProposalLine, ProposalStatus
from decisions.services.proposals import ensure_parent
from nominations import services as nomination_services
from nominations.models import AwardType, Nomination
from nominations.selectors import rounds_open_for_unit
from workflows.services import dossier_create


@transaction.atomic
def proposal_send(*, actor: Any, proposal: Proposal, to_council: Council) -> Nomination:
    proposal = (
        decision_locks.proposals_for_update(of=("self",))
        .select_related("council__parent", "council__unit_in_parent")
        .get(pk=proposal.pk)
    )
    access.require(actor, Capability.PROPOSE, proposal.council_id)
    ensure_parent(proposal, to_council.pk)
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError(_("Tờ trình đã được gửi."))
    unit = proposal.council.unit_in_parent
    if unit is None or unit.council_id != to_council.pk:
        raise ValidationError(
            _("Chưa khai báo đơn vị đại diện của hội đồng ở hội đồng cấp trên; hãy xuất tờ trình và gửi bằng văn bản.")
        )
    round_ = rounds_open_for_unit(unit=unit).first()
    if round_ is None:
        raise ValidationError(_("Hội đồng cấp trên chưa mở đợt xét nào; hãy xuất tờ trình và gửi bằng văn bản."))
    rows = list(
        proposal.lines.select_related(
            "line__award_type__council__parent",
            "line__award_type__parent_award_type",
            "line__person",
            "line__collective",
            "line__household",
        )
    )
    targets = parent_award_types(rows, offered={award.pk for award in round_.award_types.all()})
    dossier = dossier_create(
        user=actor,
        unit=unit,
        round=round_,
        title=_("Tờ trình đề nghị khen thưởng của %(council)s") % {"council": proposal.council.name},
    )
    for row in rows:
        line = row.line
        nominee = nomination_services.NomineeData(
            kind=line.nominee_kind,
            full_name=line.person.full_name if line.person else "",
            birth_date=line.person.birth_date if line.person else None,
            birth_year_only=line.person.birth_year_only if line.person else False,
            gender=line.person.gender if line.person else "",
            position=line.person.position if line.person else "",
            collective_name=line.collective.name if line.collective else "",
            household_head=line.household.head_name if line.household else "",
            household_address=line.household.address if line.household else "",
        )
        row.forwarded_line = nomination_services.line_add(
            actor=actor,
            nomination=dossier,
            award_type=targets[line.award_type_id],
            nominee=nominee,
            achievement=line.achievement,
            method=line.method,
            subject_category=line.subject_category,
        )
        row.save(update_fields=["forwarded_line"])
    proposal.status = ProposalStatus.SENT
    proposal.forwarded_nomination = dossier
    proposal.save(update_fields=["status", "forwarded_nomination"])
    return dossier


def parent_award_types(rows: list[ProposalLine], *, offered: set[int]) -> dict[int, AwardType]:
    """The parent council's award type each proposed line becomes (by the line's award type
    id), as the council's admin mapped it; refused before anything is written when a line's
    award type has no mapping, a mapping outside the parent council, or one the parent's
    round does not offer."""
    targets: dict[int, AwardType] = {}
    unmapped: dict[int, str] = {}
    for row in rows:
        award = row.line.award_type
        target = award.parent_award_type
        if target is None:
            unmapped[award.pk] = str(award)
            continue
        error = award.parent_award_type_error()  # the model's rule: one of the parent council's types
        if error:
            raise ValidationError(error)
        if target.pk not in offered:
            raise ValidationError(_("Đợt xét của cấp trên không có hình thức “%(code)s”.") % {"code": target.code})
        targets[award.pk] = target
    if unmapped:
        raise ValidationError(
            _(
                "Chưa đặt “hình thức tương ứng ở hội đồng cấp trên” cho hình thức %(awards)s; quản trị hội đồng "
                "hãy đặt “hình thức tương ứng ở hội đồng cấp trên” cho hình thức này (chọn trong danh sách hình "
                "thức của hội đồng cấp trên) rồi gửi lại tờ trình."
            )
            % {"awards": ", ".join(f"“{name}”" for name in unmapped.values())}
        )
    return targets
