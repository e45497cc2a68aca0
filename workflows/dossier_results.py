"""What the dossier page shows of a dossier's results: each line's published outcome
(``decisions.outcomes``), the decisions that settled them with the page the viewer may
open, and, for the unit's own staff, the certificates they may download
(``documents.unit_selectors``).  Apart from ``workflows.selectors`` (the flow's inbox and
queue) because it reads the decisions and their papers, not the flow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from councils import access
from councils.access import Capability
from decisions import outcomes
from decisions.models import Decision, DecisionStatus
from documents import unit_selectors
from documents.models import GeneratedDocument
from nominations.models import Nomination, NominationLine
from printing import formats as docformat


@dataclass(frozen=True)
class DecisionCited:
    """A decision that settled some of the dossier's lines, as the dossier page cites it."""

    reference: str
    date: str
    url: str  # the page the viewer may open (the unit's results page, or the council's decision page), or ""


@dataclass(frozen=True)
class DossierResults:
    """What became of a dossier's lines (published outcomes only), the decisions that settled
    them, and, for the unit's own staff, the certificates they may download."""

    outcomes: dict[int, outcomes.LineOutcome]
    decisions: list[DecisionCited]
    certificates: dict[int, GeneratedDocument]  # by nomination line id


def dossier_results(*, user: Any, nomination: Nomination, lines: list[NominationLine]) -> DossierResults:
    if not nomination.is_accepted:
        # only an accepted dossier's lines go on an agenda: a draft, a dossier in review, returned
        # or withdrawn has no outcome, decision or certificate yet (no query asked)
        return DossierResults(outcomes={}, decisions=[], certificates={})
    found = outcomes.line_outcomes(lines)
    own = access.acts_for_unit(user, nomination.unit_id)
    # The decisions cited are the whole dossier's, not only those of the page of lines shown.
    decisions = {
        decision.pk: decision
        for decision in Decision.objects.filter(
            status=DecisionStatus.REGISTERED, lines__line__nomination=nomination
        ).distinct()
    }
    reads_decisions = access.councils_where(user, Capability.READ_DECISIONS)
    cited = []
    for decision in sorted(decisions.values(), key=lambda d: (d.signed_on or dt.date.min, d.pk)):
        if own:
            url = reverse("documents:unit_decision", kwargs={"pk": decision.pk})
        elif decision.council_id in reads_decisions:
            url = reverse("decisions:decision_detail", kwargs={"pk": decision.pk})
        else:
            url = ""
        cited.append(
            DecisionCited(
                reference=docformat.number_reference(decision.number, decision.symbol),
                date=docformat.short_date(decision.signed_on) if decision.signed_on else "",
                url=url,
            )
        )
    certificates = (
        unit_selectors.unit_certificates_for_lines(
            user=user, line_ids=[line_id for line_id, row in found.items() if row.decision_line is not None]
        )
        if own
        else {}
    )
    return DossierResults(outcomes=found, decisions=cited, certificates=certificates)
