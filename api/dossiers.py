"""The dossiers' endpoints: dossiers with their lines and attachments, a unit's transitions, the review."""

from __future__ import annotations

from typing import Any


def register(router: Any) -> None:
    """Add this module's viewsets to the API's router."""
