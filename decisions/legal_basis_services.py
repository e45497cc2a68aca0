"""Writes of the legal bases (``LegalBasis``): the national table (``council`` empty), kept by
the top-level admin (``councils.access.may_keep_national_tables``), and each council's own,
kept by whoever administers the council (``Capability.ADMINISTER``).  Create a version, edit
it, end it on a day, delete one nothing has cited.

``LegalBasis.clean`` owns the rules of a version (text, the kind of paper, dates in order, no
overlap with another version of the same family in the same scope); these services ask it
through ``full_clean``, run in one transaction and raise a ``ValidationError`` a user can read.
django-auditlog records every change (``councils.audit``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from common.text import nfc, nfc_text
from councils import access
from councils.access import Capability
from councils.models import Council
from decisions.models import CouncilSession, Decision, LegalBasis

EDITABLE_FIELDS: tuple[str, ...] = (
    "family",
    "text",
    "for_decision",
    "for_proposal",
    "for_minutes",
    "valid_from",
    "valid_until",
    "position",
)


def may_edit(actor: Any, council_id: int | None) -> bool:
    """Whether ``actor`` keeps the rows of that scope (``None``: the national table)."""
    if council_id is None:
        return access.may_keep_national_tables(actor)
    return access.can(actor, Capability.ADMINISTER, council_id)


def _require(actor: Any, council_id: int | None) -> None:
    if council_id is None:
        access.require_national_tables(actor)
    else:
        access.require(actor, Capability.ADMINISTER, council_id)


def _text(value: str) -> str:
    """The sentence as printed: NFC, one line (a basis is one paragraph of the paper)."""
    return nfc(nfc_text(value or "").replace("\n", " "))


def _assign(basis: LegalBasis, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "text":
            value = _text(value)
        elif name == "family":
            value = nfc(value or "").lower()
        setattr(basis, name, value)


def _saved(basis: LegalBasis) -> LegalBasis:
    basis.full_clean()  # ``LegalBasis.clean``: text, paper kinds, dates, no overlap in the family
    basis.save()
    return basis


def _lock_scope(council_id: int | None, family: str) -> None:
    """Two admins adding versions of one family at once: the second waits, then sees the first."""
    list(LegalBasis.objects.select_for_update().of_scope(council_id).filter(family=family).values_list("pk"))
    if council_id is not None:
        Council.objects.select_for_update().filter(pk=council_id).exists()


@transaction.atomic
def legal_basis_create(*, actor: Any, council: Council | None, **fields: Any) -> LegalBasis:
    """A new version of a basis of ``council`` (``None``: the national table)."""
    council_id = council.pk if council is not None else None
    _require(actor, council_id)
    basis = LegalBasis(council=council)
    _assign(basis, fields)
    _lock_scope(council_id, basis.family)
    return _saved(basis)


def _locked(basis: LegalBasis) -> LegalBasis:
    return LegalBasis.objects.select_for_update().get(pk=basis.pk)


@transaction.atomic
def legal_basis_update(*, actor: Any, basis: LegalBasis, **fields: Any) -> LegalBasis:
    """Edit a version (its scope never changes): complete its text, correct its dates, end it."""
    _require(actor, basis.council_id)
    basis = _locked(basis)
    _assign(basis, fields)
    _lock_scope(basis.council_id, basis.family)
    return _saved(basis)


@transaction.atomic
def legal_basis_end(*, actor: Any, basis: LegalBasis, valid_until: dt.date) -> LegalBasis:
    """The version is cited up to and including ``valid_until`` (a new version may start the day after)."""
    _require(actor, basis.council_id)
    basis = _locked(basis)
    basis.valid_until = valid_until
    return _saved(basis)


def _citing_decision(basis: LegalBasis) -> Decision | None:
    """A decision whose text cites this version (decisions keep the text of their bases)."""
    decisions = Decision.objects.filter(legal_bases__contains=basis.text)
    if basis.council_id is not None:
        decisions = decisions.filter(council_id=basis.council_id)
    return decisions.order_by("pk").first()


def _citing_session(basis: LegalBasis) -> CouncilSession | None:
    """A session whose minutes or proposal print this version (they read the bases of the day
    the council met, when printed)."""
    if not (basis.for_minutes or basis.for_proposal):
        return None
    sessions = CouncilSession.objects.filter(held_at__date__gte=basis.valid_from)
    if basis.valid_until is not None:
        sessions = sessions.filter(held_at__date__lte=basis.valid_until)
    if basis.council_id is not None:
        sessions = sessions.filter(council_id=basis.council_id)
    else:
        # a council citing its own version of the family does not cite the national one
        own = LegalBasis.objects.filter(council__isnull=False, family=basis.family).values("council_id")
        sessions = sessions.filter(~Q(council_id__in=own))
    return sessions.order_by("pk").first()


@transaction.atomic
def legal_basis_delete(*, actor: Any, basis: LegalBasis) -> None:
    """Delete a version nothing has cited yet (one entered by mistake); a cited one is ended
    instead, so the papers that cite it can still be printed as they were."""
    _require(actor, basis.council_id)
    basis = _locked(basis)
    decision = _citing_decision(basis)
    if decision is not None:
        raise ValidationError(
            _(
                "Không xoá được: quyết định “%(subject)s” đã trích dẫn căn cứ này. "
                "Hãy cho căn cứ hết áp dụng từ một ngày thay vì xoá."
            )
            % {"subject": decision.subject},
            code="legal_basis_cited",
        )
    if _citing_session(basis) is not None:
        raise ValidationError(
            _(
                "Không xoá được: đã có phiên họp trong thời gian áp dụng của căn cứ này, biên bản hoặc tờ trình "
                "của phiên đó trích dẫn nó. Hãy cho căn cứ hết áp dụng từ một ngày thay vì xoá."
            ),
            code="legal_basis_cited",
        )
    basis.delete()
