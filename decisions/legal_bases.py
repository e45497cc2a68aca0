"""The legal bases a document cites: the national table and the council's own, each
version dated, read for the document's own date (a decision signed in December 2023
cites the 2003 law, one of 2026 the 2022 law)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from councils.models import Council
from decisions.models import LegalBasis


def bases_in_force(council: Council | None, kind: str, on_date: dt.date) -> list[str]:
    """The "Căn cứ …;" sentences a document of ``kind`` (``CitingPaper``) dated ``on_date``
    cites: the national bases and the council's own in force that day, in citation order.
    Where the council keeps its own version of a national basis (same family), its
    version is cited instead of the national one."""
    scope = Q(council__isnull=True) | Q(council_id=council.pk) if council is not None else Q(council__isnull=True)
    rows = list(LegalBasis.objects.serving(kind).in_force(on_date).filter(scope))
    own_families = {row.family for row in rows if row.council_id is not None}
    return [row.text for row in rows if row.council_id is not None or row.family not in own_families]


def decision_bases_text(council: Council, on_date: dt.date) -> str:
    """A decision's legal bases, one a line, as the draft is filled: the bases in force on
    its date, then the council's own extra text (``Council.decision_legal_bases``) if any."""
    lines = bases_in_force(council, "decision", on_date)
    extra = (council.decision_legal_bases or "").strip()
    if extra:
        lines.append(extra)
    return "\n".join(lines)


def same_lines(first: str, second: str) -> bool:
    """Whether two texts hold the same non-blank lines (the edit form may re-space them)."""
    return _lines(first) == _lines(second)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def legal_bases_of_scope(council_id: int | None) -> QuerySet[LegalBasis]:
    """The versions of one scope (``None``: the national table) as the setup pages list them:
    by citation order, each family's versions oldest first."""
    return LegalBasis.objects.of_scope(council_id).order_by("position", "family", "valid_from", "id")


def version_state(basis: LegalBasis, today: dt.date) -> str:
    """Where the version stands on ``today``, as a page shows it: in force, not yet, no more."""
    if basis.valid_from > today:
        return gettext("sắp áp dụng")
    if basis.valid_until is not None and basis.valid_until < today:
        return gettext("hết áp dụng")
    return gettext("đang áp dụng")
