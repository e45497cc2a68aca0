"""Reads of the council's profile: the people who sign its decisions."""

from __future__ import annotations

from django.db.models import QuerySet

from councils.models import Council, CouncilSigner


def signers_of(council: Council) -> QuerySet[CouncilSigner]:
    """Every signer of the council, the active ones first, in the order they are offered."""
    return CouncilSigner.objects.filter(council=council).order_by("-is_active", "position", "id")


def signers_offered(council: Council) -> list[CouncilSigner]:
    """The active signers the decision registration form offers, its default first."""
    return list(CouncilSigner.objects.filter(council=council, is_active=True).order_by("position", "id"))
