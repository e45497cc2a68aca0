"""How the signer's capacity is written on the papers."""

from __future__ import annotations

from django.utils import translation

from decisions.models import SignerCapacity
from printing.data import DOCUMENT_LANGUAGE


def signer_capacity_lines(capacity: str) -> tuple[str, ...]:
    """ "CHỦ TỊCH", or "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH" for a deputy signing on the chairman's behalf."""
    with translation.override(DOCUMENT_LANGUAGE):
        label = str(
            SignerCapacity(capacity).label if capacity in SignerCapacity.values else SignerCapacity.CHAIRMAN.label
        )
    return tuple(part.strip() for part in label.split("/"))
