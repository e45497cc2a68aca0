"""How a nominee is named on pages and papers: the name, and the position and unit
under it.  Pure functions of a line with its joins loaded."""

from __future__ import annotations

from councils.models import Unit
from nominations.award_wording import HouseholdNaming, household_name
from nominations.models import NominationLine


def unit_as_issued(line: NominationLine, unit: Unit | None = None) -> str:
    """The name of a nominee's unit (``unit``: their present one) on the line's pages and papers:
    the dossier's own unit, or the unit it has since been merged into (its people moved with the
    merge), is named as the dossier was sent (``Nomination.unit_name``), never by its present name;
    another unit by its own name."""
    nomination = line.nomination
    issued = nomination.unit_name or nomination.unit.name
    if unit is None or unit.pk == nomination.unit_id or nomination.unit.merged_into_id is not None:
        return issued
    return unit.name


def position_unit(line: NominationLine) -> str:
    unit = unit_as_issued(line)
    if line.person_id and line.person:
        parts = [line.person.position, unit_as_issued(line, line.person.unit)]
    elif line.collective_id and line.collective:
        parts = [unit_as_issued(line, line.collective.unit)]
    elif line.household_id and line.household:
        parts = [line.household.address, unit_as_issued(line, line.household.unit)]
    else:
        parts = [unit]
    return _once(parts)


def _once(parts: list[str]) -> str:
    """The parts joined by commas, each printed once: a part already written, alone or as a
    comma-separated piece of an earlier part ("Số nhà 3, Tiểu khu 1" then "Tiểu khu 1"), is left out."""
    seen: list[str] = []
    pieces: set[str] = set()
    for part in parts:
        key = " ".join(part.split()).casefold()
        if not key or key in pieces:
            continue
        seen.append(part)
        pieces.add(key)
        pieces.update(" ".join(piece.split()).casefold() for piece in part.split(","))
    return ", ".join(seen)


def nominee_name(line: NominationLine) -> str:
    """The nominee as pages and papers name it; a household as its line's award type names it
    ("Gia đình ông Nguyễn Văn An"), by the default form when the award type is not loaded (no query
    per row on a list)."""
    if line.household_id and line.household:
        award_type = line.award_type if NominationLine.award_type.is_cached(line) else None
        if award_type is not None:
            return award_type.household_name(line.household.head_name, line.household.head_gender)
        return household_name(HouseholdNaming.HOUSEHOLD, line.household.head_name, line.household.head_gender)
    return str(line.nominee or "")
