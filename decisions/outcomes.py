"""What became of each nominated line, as its unit is told it: awarded by a registered
decision, or not and why (it failed the council's vote, the chairman excluded it with
his reason, its decision was revoked), or proposed upward and what the higher council
then decided.  One reading for the unit's notice, its dossier page, its decision page
and the tests.

A line's fate is published once it is final: the votes and the chairman's exclusions of
a session when the decision of that session is registered (or, when the chairman's
decision made no award here, as soon as he decided); a draft decision is the office's
and tells nobody anything."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.models import (
    AgendaItem,
    CouncilSession,
    Decision,
    DecisionLine,
    DecisionStatus,
    Honour,
    ProposalLine,
    ProposalResult,
    SessionStatus,
)
from decisions.services.results import decided_above, session_results
from decisions.voting import LineResult
from nominations.models import NominationLine
from printing import formats as docformat


class Outcome(models.TextChoices):
    AWARDED = "awarded", gettext_lazy("Được khen thưởng")
    FAILED_VOTE = "failed_vote", gettext_lazy("Không được khen thưởng: không đạt tỷ lệ phiếu")
    EXCLUDED = "excluded", gettext_lazy("Không được khen thưởng: chủ tịch không phê duyệt")
    REVOKED = "revoked", gettext_lazy("Quyết định khen thưởng đã bị thu hồi")
    PROPOSED = "proposed", gettext_lazy("Đề nghị cấp trên khen thưởng, chờ kết quả")
    HIGHER_AWARDED = "higher_awarded", gettext_lazy("Cấp trên đã khen thưởng")
    HIGHER_NOT_AWARDED = "higher_not_awarded", gettext_lazy("Cấp trên không khen thưởng")


AWARDED_OUTCOMES = frozenset({Outcome.AWARDED, Outcome.HIGHER_AWARDED})

# What a line's row needs to be named and grouped by unit.
LINE_JOINS = ("award_type", "nomination__unit", "person", "collective", "household")


@dataclass(frozen=True)
class LineOutcome:
    line: NominationLine
    outcome: Outcome
    reason: str = ""  # the chairman's reason for excluding it, or the reason of the revocation
    decision: Decision | None = None  # this council's registered (or revoked) decision of the line
    decision_line: DecisionLine | None = None  # the line's row in it (the money)
    vote: LineResult | None = None  # the council's count, where the line was voted on
    higher_reference: str = ""  # the higher council's decision, where it has one
    higher_date: dt.date | None = None

    @property
    def awarded(self) -> bool:
        return self.outcome in AWARDED_OUTCOMES

    @property
    def waiting(self) -> bool:
        """Proposed upward: the higher council has not decided yet."""
        return self.outcome == Outcome.PROPOSED

    @property
    def label(self) -> str:
        return str(self.outcome.label)

    @property
    def decision_reference(self) -> str:
        return docformat.number_reference(self.decision.number, self.decision.symbol) if self.decision else ""

    @property
    def decision_date(self) -> str:
        return docformat.short_date(self.decision.signed_on) if self.decision and self.decision.signed_on else ""

    @property
    def higher_date_text(self) -> str:
        return docformat.short_date(self.higher_date) if self.higher_date else ""

    @property
    def amount_text(self) -> str:
        return docformat.money(self.decision_line.amount) if self.decision_line else ""

    @property
    def required_line_failed(self) -> bool:
        return self.vote is not None and self.vote.reason == "required_line_failed"

    @property
    def vote_text(self) -> str:
        """ "1/2 phiếu đồng ý (50,00%)", in the page's language."""
        if self.vote is None:
            return ""
        return _("%(agree)s/%(base)s phiếu đồng ý (%(percent)s)") % {
            "agree": self.vote.agree,
            "base": self.vote.base,
            "percent": docformat.percent(self.vote.percent),
        }

    def notice_row(self) -> dict[str, Any]:
        """The line in a notice's context (plain JSON; each language's text words it)."""
        line, award = self.line, self.line.award_type
        household = bool(line.household_id and line.household)
        return {
            # a household is named by its head; each language's text says "household of"
            "nominee": line.household.head_name if household and line.household else str(line.nominee or ""),
            "household": household,
            "award_vi": award.name_vi,
            "award_en": award.name_en or award.name_vi,
            "outcome": str(self.outcome),
            "reason": self.reason,
            "agree": self.vote.agree if self.vote else "",
            "base": self.vote.base if self.vote else "",
            "percent": docformat.percent(self.vote.percent) if self.vote else "",
            "required_line_failed": self.required_line_failed,
            "amount": self.amount_text,
            "higher_reference": self.higher_reference,
            "higher_date": self.higher_date_text,
        }


def _published_sessions(session_ids: set[int]) -> set[int]:
    """The decided sessions whose outcome is public: their decision is registered (or was, and
    has been revoked since), or the chairman's decision made none."""
    statuses: dict[int, set[str]] = defaultdict(set)
    for session_id, status in Decision.objects.filter(session_id__in=session_ids).values_list("session_id", "status"):
        statuses[session_id].add(status)
    public = {DecisionStatus.REGISTERED, DecisionStatus.REVOKED}
    return {pk for pk in session_ids if not statuses[pk] or statuses[pk] & public}


def line_outcomes(lines: Iterable[NominationLine]) -> dict[int, LineOutcome]:
    """The published outcome of each line that has one, by line id (a line still waiting has
    none).  A fixed number of queries whatever the number of lines; ``lines`` should come with
    ``LINE_JOINS`` selected."""
    by_id = {line.pk: line for line in lines}
    if not by_id:
        return {}
    ids = list(by_id)
    awarded: dict[int, DecisionLine] = {}
    revoked: dict[int, DecisionLine] = {}
    for row in (
        DecisionLine.objects.filter(
            line_id__in=ids, decision__status__in=[DecisionStatus.REGISTERED, DecisionStatus.REVOKED]
        )
        .select_related("decision")
        .order_by("decision__signed_on", "decision_id")
    ):
        (awarded if row.decision.is_registered else revoked)[row.line_id] = row  # the latest wins

    items: dict[int, AgendaItem] = {}
    for item in (
        AgendaItem.objects.filter(line_id__in=ids, session__status=SessionStatus.DECIDED)
        .select_related("session__council")
        .order_by("session__held_at", "session_id")
    ):
        items[item.line_id] = item  # the latest decided session wins
    published = _published_sessions({item.session_id for item in items.values()})
    results: dict[int, dict[int, LineResult]] = {}
    sessions: dict[int, CouncilSession] = {item.session_id: item.session for item in items.values()}
    for session_id in published:
        results[session_id] = session_results(sessions[session_id])

    proposed = {
        row.line_id: row
        for row in ProposalLine.objects.filter(line_id__in=ids).select_related("proposal").order_by("id")
    }
    higher = {
        honour.source_line_id: honour
        for honour in Honour.objects.filter(source_line_id__in=list(proposed)).filter(
            ~Q(external_reference="") | Q(external_date__isnull=False)
        )
    }

    found: dict[int, LineOutcome] = {}
    for line_id, line in by_id.items():
        voted = items.get(line_id)
        outcome = _outcome_of(
            line,
            awarded=awarded.get(line_id),
            revoked=revoked.get(line_id),
            item=voted if voted is not None and voted.session_id in published else None,
            results=results,
            proposal_line=proposed.get(line_id),
            higher_honour=higher.get(line_id),
        )
        if outcome is not None:
            found[line_id] = outcome
    return found


def _outcome_of(
    line: NominationLine,
    *,
    awarded: DecisionLine | None,
    revoked: DecisionLine | None,
    item: AgendaItem | None,
    results: dict[int, dict[int, LineResult]],
    proposal_line: ProposalLine | None,
    higher_honour: Honour | None,
) -> LineOutcome | None:
    if awarded is not None:
        return LineOutcome(line, Outcome.AWARDED, decision=awarded.decision, decision_line=awarded)
    vote = results.get(item.session_id, {}).get(item.pk) if item is not None else None
    if proposal_line is not None and proposal_line.result != ProposalResult.PENDING:
        proposal = proposal_line.proposal
        return LineOutcome(
            line,
            Outcome.HIGHER_AWARDED if proposal_line.result == ProposalResult.AWARDED else Outcome.HIGHER_NOT_AWARDED,
            vote=vote,
            higher_reference=(higher_honour.external_reference if higher_honour else "") or proposal.higher_reference,
            higher_date=(higher_honour.external_date if higher_honour else None) or proposal.higher_date,
        )
    if item is not None:
        if item.excluded_reason:
            return LineOutcome(line, Outcome.EXCLUDED, reason=item.excluded_reason, vote=vote)
        if vote is not None and not vote.passed:
            return LineOutcome(line, Outcome.FAILED_VOTE, vote=vote)
        if vote is not None and decided_above(line.award_type.deciding_level, item.session.council.level):
            return LineOutcome(line, Outcome.PROPOSED, vote=vote)
    if revoked is not None:
        decision = revoked.decision
        return LineOutcome(line, Outcome.REVOKED, reason=decision.revoked_reason, decision=decision)
    return None


def decision_lines_of_units(decision: Decision, unit_ids: Iterable[int] | None = None) -> list[NominationLine]:
    """The lines a decision settles: its own, and those voted on in its session (awarded or
    not), of every unit or of ``unit_ids`` only, by unit, dossier and position."""
    concerned = Q(decision_lines__decision=decision)
    if decision.session_id is not None:
        concerned |= Q(agenda_items__session_id=decision.session_id)
    lines = NominationLine.objects.filter(concerned)
    if unit_ids is not None:
        lines = lines.filter(nomination__unit_id__in=list(unit_ids))
    return list(
        lines.select_related(*LINE_JOINS)
        .distinct()
        .order_by("nomination__unit_name", "nomination_id", "position", "id")
    )


def decision_outcomes_by_unit(
    decision: Decision, unit_ids: Iterable[int] | None = None
) -> dict[int, list[LineOutcome]]:
    """What a registered decision (and its session) settled for each nominating unit: its own
    lines only, each with its outcome, by unit id."""
    lines = decision_lines_of_units(decision, unit_ids)
    outcomes = line_outcomes(lines)
    grouped: dict[int, list[LineOutcome]] = defaultdict(list)
    for line in lines:
        if line.pk in outcomes:
            grouped[line.nomination.unit_id].append(outcomes[line.pk])
    return dict(grouped)
