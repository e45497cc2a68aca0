"""How a nominee is named on pages and papers: the name, and the position and unit
under it.  Pure functions of a line with its joins loaded."""

from __future__ import annotations

from django.utils.translation import gettext as _

from nominations.models import NominationLine


def position_unit(line: NominationLine) -> str:
    unit = line.nomination.unit.name
    if line.person_id and line.person:
        parts = [line.person.position, line.person.unit.name if line.person.unit else unit]
    elif line.collective_id and line.collective:
        parts = [line.collective.unit.name if line.collective.unit else unit]
    elif line.household_id and line.household:
        parts = [line.household.address, line.household.unit.name if line.household.unit else unit]
    else:
        parts = [unit]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return ", ".join(seen)


def nominee_name(line: NominationLine) -> str:
    if line.household_id and line.household:
        return _("Hộ ông/bà %(name)s") % {"name": line.household.head_name}
    return str(line.nominee or "")
