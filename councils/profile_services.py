"""Writes of the council's profile page: the names its papers print (the council, its locality,
the place name of the date line, the issuing body), the numbers' symbols, the "Nơi nhận" list,
the money rounding, the quorum, the paper ballots' second officer, and the people who sign its
decisions (``CouncilSigner``).

Each asks ``councils.access`` for ``Capability.ADMINISTER`` over the council (a parent's admin
holds it below), takes its text in NFC, runs in one transaction and raises a ``ValidationError``
a user can read.  The changes are recorded by django-auditlog (``councils.audit``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.text import nfc, nfc_text
from councils import access
from councils.access import Capability
from councils.models import Council, CouncilSigner

# The council's fields its profile page edits; ``level`` and ``parent`` belong to the tree.
PROFILE_FIELDS: tuple[str, ...] = (
    "name",
    "locality",
    "place_name",
    "issuing_body",
    "decision_symbol",
    "proposal_symbol",
    "minutes_symbol",
    "report_symbol",
    "decision_recipients",
    "decision_legal_bases",
    "money_rounding",
    "quorum_numerator",
    "quorum_denominator",
    "paper_second_officer",
    "public_lookup_enabled",
)
LINE_FIELDS: frozenset[str] = frozenset({"name", "locality", "place_name", "issuing_body"})
SYMBOL_FIELDS: frozenset[str] = frozenset({"decision_symbol", "proposal_symbol", "minutes_symbol", "report_symbol"})
MULTILINE_FIELDS: frozenset[str] = frozenset({"decision_recipients", "decision_legal_bases"})


def _symbol(value: str) -> str:
    """A number's symbol as printed after "Số: …/": no spaces, no slash of its own."""
    symbol = nfc(value).replace(" ", "")
    if not symbol:
        raise ValidationError(_("Chưa nhập ký hiệu văn bản."), code="symbol_empty")
    if "/" in symbol:
        raise ValidationError(
            _("Ký hiệu “%(symbol)s” không được chứa dấu “/”: số và ký hiệu đã cách nhau bằng dấu này khi in.")
            % {"symbol": symbol},
            code="symbol_slash",
        )
    return symbol


@transaction.atomic
def council_profile_update(*, actor: Any, council: Council, **fields: Any) -> Council:
    """Edit the council's profile (only ``PROFILE_FIELDS``); what is left out keeps its value."""
    access.require(actor, Capability.ADMINISTER, council.pk)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    council = Council.objects.select_for_update().get(pk=council.pk)
    errors: dict[str, list[str]] = {}
    for name, value in fields.items():
        if name in LINE_FIELDS:
            value = nfc(value or "")
        elif name in MULTILINE_FIELDS:
            value = nfc_text(value or "")
        elif name in SYMBOL_FIELDS:
            try:
                value = _symbol(value or "")
            except ValidationError as exc:
                errors[name] = exc.messages
                continue
        setattr(council, name, value)
    if "money_rounding" in fields and (council.money_rounding or 0) < 1:
        errors["money_rounding"] = [_("Làm tròn tiền thưởng đến ít nhất 1 đồng.")]
    if errors:
        raise ValidationError(errors)
    # ``Council.Meta.constraints`` owns the quorum's rule (from half the members to all of them)
    council.full_clean()
    council.save()
    return council


# --- The people who sign the council's decisions --------------------------------------------


def _signer_free(council_id: int, full_name: str, capacity: str, *, exclude_pk: int | None = None) -> None:
    taken = CouncilSigner.objects.filter(council_id=council_id, full_name__iexact=full_name, capacity=capacity)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            _("“%(name)s” đã có trong danh sách người ký với thẩm quyền này.") % {"name": full_name},
            code="signer_taken",
        )


def _signer_checked(signer: CouncilSigner) -> CouncilSigner:
    signer.full_name = nfc(signer.full_name)
    if not signer.full_name:
        raise ValidationError({"full_name": _("Chưa nhập họ và tên người ký.")}, code="signer_name_empty")
    _signer_free(signer.council_id, signer.full_name, signer.capacity, exclude_pk=signer.pk)
    signer.full_clean()
    signer.save()
    return signer


@transaction.atomic
def signer_create(
    *, actor: Any, council: Council, full_name: str, capacity: str, is_active: bool = True, position: int = 10
) -> CouncilSigner:
    access.require(actor, Capability.ADMINISTER, council.pk)
    Council.objects.select_for_update().get(pk=council.pk)  # two admins adding one signer at once: one waits
    signer = CouncilSigner(
        council=council, full_name=full_name, capacity=capacity, is_active=is_active, position=position
    )
    return _signer_checked(signer)


@transaction.atomic
def signer_update(
    *, actor: Any, signer: CouncilSigner, full_name: str, capacity: str, is_active: bool = True, position: int = 10
) -> CouncilSigner:
    access.require(actor, Capability.ADMINISTER, signer.council_id)
    Council.objects.select_for_update().get(pk=signer.council_id)
    signer = CouncilSigner.objects.get(pk=signer.pk)
    signer.full_name, signer.capacity, signer.is_active, signer.position = full_name, capacity, is_active, position
    return _signer_checked(signer)


@transaction.atomic
def signer_delete(*, actor: Any, signer: CouncilSigner) -> None:
    """A signer is only the registration form's suggestion (a decision keeps the name it was
    signed with), so one who no longer signs may be deleted."""
    access.require(actor, Capability.ADMINISTER, signer.council_id)
    CouncilSigner.objects.get(pk=signer.pk).delete()
