"""What a unit's staff may download of the decisions that concern their unit
(``councils.access``: the public papers of a registered decision, the decision and
its attached list, and the certificates of their own lines; never another unit's
certificate, nothing of a draft or a revoked decision)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from councils import access
from decisions import outcomes
from decisions import selectors as decision_selectors
from decisions.models import Decision, DecisionStatus
from documents.models import DocumentKind, DocumentStatus, GeneratedDocument
from documents.selectors import DOCUMENT_JOINS

LINE_UNIT = "decision_line__line__nomination__unit"


def unit_documents(*, user: Any, decision: Decision) -> QuerySet[GeneratedDocument]:
    """The current papers of ``decision`` (one that concerns the user's unit: see
    ``decisions.selectors.decision_get_for_unit``) the user may download, built or not."""
    return (
        GeneratedDocument.objects.filter(
            access.unit_papers_q(user, line_unit=LINE_UNIT),
            decision=decision,
            current=True,
            decision__status=DecisionStatus.REGISTERED,
        )
        .exclude(kind=DocumentKind.PRINT)
        .select_related("decision", *DOCUMENT_JOINS)
        .order_by("kind", "decision_line__position", "id")
    )


def unit_document_get(*, user: Any, pk: int) -> GeneratedDocument:
    """A built paper the user may download; otherwise 404, never the file."""
    document = (
        GeneratedDocument.objects.filter(access.unit_papers_q(user, line_unit=LINE_UNIT), pk=pk, current=True)
        .exclude(kind=DocumentKind.PRINT)
        .select_related("decision", *DOCUMENT_JOINS)
        .first()
    )
    if document is None or document.status != DocumentStatus.DONE or not document.file:
        raise Http404
    decision_selectors.decision_get_for_unit(user=user, pk=document.decision_id)  # registered, and the unit's
    return document


def unit_certificates_for_lines(*, user: Any, line_ids: Iterable[int]) -> dict[int, GeneratedDocument]:
    """The built certificates of the user's own lines among ``line_ids`` in registered
    decisions, by nomination line id (no query for no lines)."""
    ids = list(line_ids)
    if not ids:
        return {}
    rows = (
        GeneratedDocument.objects.filter(
            access.unit_papers_q(user, line_unit=LINE_UNIT),
            kind=DocumentKind.CERTIFICATE,
            decision_line__line_id__in=ids,
            decision__status=DecisionStatus.REGISTERED,
            current=True,
            status=DocumentStatus.DONE,
        )
        .select_related("decision", *DOCUMENT_JOINS)
        .order_by("decision__signed_on", "id")
    )
    return {row.decision_line.line_id: row for row in rows if row.decision_line is not None}


@dataclass(frozen=True)
class UnitResults:
    """One unit's part of a decision: its lines with their outcomes, each with its certificate
    where one is built."""

    unit: str
    rows: list[tuple[outcomes.LineOutcome, GeneratedDocument | None]]

    @property
    def awarded(self) -> int:
        return sum(1 for row, _certificate in self.rows if row.awarded)


@dataclass(frozen=True)
class UnitDecision:
    decision: Decision
    units: list[UnitResults]
    public_papers: list[GeneratedDocument]  # the decision and its list, built or not


def unit_decision(*, user: Any, pk: int) -> UnitDecision:
    """What the user's units read of a registered decision that concerns them: their own lines'
    outcomes and certificates, and the public papers; 404 otherwise."""
    decision = decision_selectors.decision_get_for_unit(user=user, pk=pk)
    by_unit = outcomes.decision_outcomes_by_unit(decision, access.unit_ids(user))
    papers = list(unit_documents(user=user, decision=decision))
    certificates = {
        doc.decision_line.line_id: doc
        for doc in papers
        if doc.kind == DocumentKind.CERTIFICATE and doc.decision_line is not None and doc.status == DocumentStatus.DONE
    }
    # each unit under the name its dossiers were sent under (a unit renamed or merged since keeps it)
    names = {unit_id: rows[0].line.nomination.unit_name for unit_id, rows in by_unit.items() if rows}
    units = [
        UnitResults(names.get(unit_id, ""), [(row, certificates.get(row.line.pk)) for row in rows])
        for unit_id, rows in sorted(by_unit.items(), key=lambda item: names.get(item[0], ""))
    ]
    return UnitDecision(decision, units, [doc for doc in papers if doc.kind != DocumentKind.CERTIFICATE])
