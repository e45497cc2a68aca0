"""Reads: who may see what, and the querysets pages show (joins done up front)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connections
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Length
from django.http import Http404

from common.text import fold, nfc
from councils import access
from councils.access import Capability
from councils.models import Council, Unit, UnitMembership
from councils.selectors import roles_for
from nominations.models import (
    Attachment,
    AwardType,
    Collective,
    Household,
    Nomination,
    NominationLine,
    NominationStatus,
    Person,
    Round,
)


def nomination_visibility_q(user: Any) -> Q:
    """Dossiers a user may see: their units' own, or their council's once submitted.

    A draft is the unit's workspace; the secretariat, the chairman and the
    council's admin see a dossier once it has been submitted; council members
    see what has been accepted for the council's vote.
    """
    units = access.unit_ids(user)
    staff_councils = access.councils_where(user, Capability.READ_DOSSIERS)
    voter_councils = access.councils_where(user, Capability.READ_ACCEPTED) - staff_councils
    if not units and not staff_councils and not voter_councils:
        return Q(pk__in=[])
    visible = access.unit_q(user)
    if staff_councils:
        visible |= Q(round__council_id__in=staff_councils) & ~Q(status=NominationStatus.DRAFT)
    if voter_councils:
        visible |= Q(round__council_id__in=voter_councils, status=NominationStatus.ACCEPTED)
    return visible


def nomination_list_for_user(*, user: Any) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(nomination_visibility_q(user))
        .select_related("round", "round__council", "unit")
        .annotate(line_count=Count("lines"))
        .order_by("-created_at", "-id")
    )


def nomination_get_for_user(*, user: Any, pk: int) -> Nomination:
    """The dossier if the user may see it; otherwise 404, never the data."""
    nomination = (
        Nomination.objects.filter(nomination_visibility_q(user), pk=pk)
        .select_related("round", "round__council", "unit", "created_by")
        .first()
    )
    if nomination is None:
        raise Http404
    return nomination


def nomination_lines(*, nomination: Nomination) -> QuerySet[NominationLine]:
    return nomination.lines.select_related(
        "award_type", "award_type__prerequisite", "person", "person__unit", "collective", "household", "household__unit"
    ).order_by("position", "id")


def nomination_search_q(query: str, path: str = "") -> Q:
    """Dossiers whose title or unit name holds every word of ``query``, with or without
    diacritics ("huong" finds "Hường", "lụt bão" finds "phòng chống lụt bão"): the one search of
    the dossier list, the task lists and the API.  ``path`` leads from the rows to their dossier
    ("" for the dossiers themselves)."""
    prefix = f"{path}__" if path else ""
    found = Q()
    for word in fold(query).split():
        found &= Q(**{f"{prefix}search_text__contains": word})
    return found


def nominee_name_q(query: str, path: str = "line") -> Q:
    """Rows whose nominee's folded name (a person's, a collective's or a household head's) holds
    every folded word of ``query``: with or without diacritics ("huong" finds "Hường").  ``path``
    leads from the rows to their nomination line ("" for the lines themselves)."""
    prefix = f"{path}__" if path else ""
    found = Q()
    for word in fold(query).split():
        found &= (
            Q(**{f"{prefix}person__search_name__contains": word})
            | Q(**{f"{prefix}collective__search_name__contains": word})
            | Q(**{f"{prefix}household__search_name__contains": word})
        )
    return found


def nomination_lines_matching(
    *, nomination: Nomination, query: str = "", award_type_id: int | None = None
) -> QuerySet[NominationLine]:
    """The dossier's lines whose nominee's name holds every word of ``query`` (with or without
    diacritics: "Huong" finds "Hường"), of one award type if given; joins done, in order."""
    lines = nomination_lines(nomination=nomination).filter(nominee_name_q(query, path=""))
    if award_type_id is not None:
        lines = lines.filter(award_type_id=award_type_id)
    return lines


def nomination_line_totals(*, nomination: Nomination) -> list[tuple[AwardType, int]]:
    """How many lines the dossier has of each award type, by code: an aggregate query and the
    award types' own, whatever the number of lines."""
    counts = dict(
        nomination.lines.order_by().values("award_type_id").annotate(n=Count("id")).values_list("award_type_id", "n")
    )
    award_types = AwardType.objects.filter(pk__in=counts).order_by("code", "id")
    return [(award_type, counts[award_type.pk]) for award_type in award_types]


def nomination_attachments(*, nomination: Nomination) -> QuerySet[Attachment]:
    return nomination.attachments.select_related("uploaded_by").order_by("kind", "id")


def nomination_history(*, nomination: Nomination) -> QuerySet:
    return nomination.transitions.select_related("actor").order_by("at", "id")


def units_for_user(*, user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=access.unit_ids(user), is_active=True).select_related("council")


def rounds_open_for_unit(*, unit: Unit) -> QuerySet[Round]:
    return Round.objects.open().filter(council_id=unit.council_id).order_by("closes_at")


def round_award_types(*, round: Round) -> QuerySet[AwardType]:
    return round.award_types.filter(is_active=True).order_by("code")


def _name_search(queryset: QuerySet[Any], query: str, *order: str) -> QuerySet[Any]:
    """Rows whose folded name holds every folded word of ``query``: with or without
    diacritics ("Huong" finds "Hường")."""
    for word in fold(query).split():
        queryset = queryset.filter(search_name__contains=word)
    return queryset.select_related("unit").order_by(*order)


# At most this many matches are sorted by the database after the trigram index found them; more, and
# walking the sort_key index until ``limit`` matches turn up is quicker (bench/people_search.py).
FEW_MATCHES = 5000


def person_search(*, actor: Any, council: Council, query: str, limit: int = 50) -> QuerySet[Person]:
    """The people ``actor`` may look up (``access.people_q``: a unit's staff find only their own
    unit's people, the council's officers everyone of the council), by name, in Vietnamese order."""
    people = Person.objects.filter(council=council).filter(access.people_q(actor, council.pk))
    found = _name_search(people, query, "sort_key", "id")
    if connections[found.db].vendor != "postgresql":
        return found[:limit]
    # PostgreSQL's planner takes the walk along sort_key for a LIMIT whenever it expects many matches,
    # and it cannot know that a name part ("tuan") sorts late: the walk then reads most of the table
    # (0.2 s among 200,000 people).  So: first up to FEW_MATCHES matches in no order (the trigram index,
    # migration 0021, finds a rare fragment's rows; a frequent one's turn up at once); when that is all of
    # them, just those are sorted, else the walk is the quick way.
    few = list(found.order_by().values_list("sort_key", "id")[: FEW_MATCHES + 1])
    if len(few) > FEW_MATCHES:
        return found[:limit]
    # sort_key is digits only (common.text.name_sort_key): Python's order is the database's under any
    # collation.  Sorted here, not by the database: given a few thousand ids the planner still walks the
    # sort_key index hoping they come early ("tuan" among 200,000: 80 ms instead of 2).
    first = [pk for _, pk in sorted(few)[:limit]]
    return Person.objects.filter(pk__in=first).select_related("unit").order_by("sort_key", "id")


def household_search(*, council: Council, query: str, limit: int = 50) -> QuerySet[Household]:
    """Households by the head's name, in Vietnamese order."""
    return _name_search(Household.objects.filter(council=council), query, "sort_key", "id")[:limit]


def collective_search(*, council: Council, query: str, limit: int = 50) -> QuerySet[Collective]:
    """Collectives by name."""
    return _name_search(Collective.objects.filter(council=council), query, "search_name", "id")[:limit]


def duplicate_nominations(*, nomination: Nomination, line_ids: Iterable[int] | None = None) -> dict[int, list[str]]:
    """Lines whose person another unit also nominates in the same round (of ``line_ids`` only,
    when given: the page's lines).

    Returns {line id: [other unit names]}; other units' drafts and withdrawn dossiers do not count.
    """
    own = nomination.lines.filter(person__isnull=False)
    if line_ids is not None:
        own = own.filter(pk__in=list(line_ids))
    lines = list(own.values_list("id", "person_id"))
    if not lines:
        return {}
    person_ids = {person_id for _, person_id in lines}
    others: dict[int, set[str]] = defaultdict(set)
    clashes = (
        NominationLine.objects.filter(nomination__round_id=nomination.round_id, person_id__in=person_ids)
        .exclude(nomination__unit_id=nomination.unit_id)
        # another unit's draft is its own business; withdrawn dossiers do not count
        .exclude(nomination__status__in=[NominationStatus.DRAFT, NominationStatus.WITHDRAWN])
        .values_list("person_id", "nomination__unit__name")
    )
    for person_id, unit_name in clashes:
        others[person_id].add(unit_name)
    return {line_id: sorted(others[person_id]) for line_id, person_id in lines if person_id in others}


def lines_too_long_for(*, award_type: AwardType, limit: int = 100) -> QuerySet[NominationLine]:
    """The lines of ``award_type`` not yet in a decision whose achievement is longer than its paper
    now holds (after its limit was lowered), longest first, with what their rows show."""
    return (
        NominationLine.objects.filter(award_type=award_type, decision_lines__isnull=True)
        .annotate(length=Length("achievement"))
        .filter(length__gt=award_type.achievement_max_chars)
        .select_related("nomination__unit", "person", "collective", "household", "award_type")
        .order_by("-length", "id")[:limit]
    )


def unit_award_counts(*, round: Round, unit: Unit, exclude_line_id: int | None = None) -> dict[int, int]:
    """The unit's lines in the round, per award type id: what its quotas count (a withdrawn
    dossier's lines do not)."""
    qs = NominationLine.objects.filter(nomination__round=round, nomination__unit=unit).exclude(
        nomination__status=NominationStatus.WITHDRAWN
    )
    if exclude_line_id:
        qs = qs.exclude(pk=exclude_line_id)
    return dict(qs.order_by().values("award_type_id").annotate(used=Count("id")).values_list("award_type_id", "used"))


def unit_award_count(*, round: Round, unit: Unit, award_type: AwardType, exclude_line_id: int | None = None) -> int:
    return unit_award_counts(round=round, unit=unit, exclude_line_id=exclude_line_id).get(award_type.pk, 0)


# --- Matching a typed nominee to a stored one: one query for any number of keys ----------------

#: (NFC name, birth date, only the year known): "1970" and 01/01/1970 typed are two people
PersonKey = tuple[str, dt.date | None, bool]
HouseholdKey = tuple[str, str, int | None]


def people_matching(*, council_id: int, keys: Iterable[PersonKey]) -> dict[PersonKey, Person]:
    """The same person across years: same name (NFC) and birth date in the council.  Keyed by
    ``(NFC name, birth date, year only)``: a birth year matches a person stored with that year
    only, never one with a full date that happens to be 1 January; of two stored alike, the first
    in the model's order."""
    wanted = {(nfc(name), birth_date, bool(year_only and birth_date)) for name, birth_date, year_only in keys}
    found: dict[PersonKey, Person] = {}
    if wanted:
        for person in Person.objects.filter(council_id=council_id, full_name__in={key[0] for key in wanted}):
            key = (person.full_name, person.birth_date, bool(person.birth_year_only and person.birth_date))
            if key in wanted:
                found.setdefault(key, person)
    return found


def households_matching(*, council_id: int, keys: Iterable[HouseholdKey]) -> dict[HouseholdKey, Household]:
    """The council's household of that head, address and unit: keyed by ``(NFC head name, NFC
    address, unit id)``; of two stored alike, the first in the model's order."""
    wanted = {(nfc(head), nfc(address), unit_id) for head, address, unit_id in keys}
    found: dict[HouseholdKey, Household] = {}
    if wanted:
        for household in Household.objects.filter(council_id=council_id, head_name__in={k[0] for k in wanted}):
            key = (household.head_name, household.address, household.unit_id)
            if key in wanted:
                found.setdefault(key, household)
    return found


def collectives_matching(*, council_id: int, names: Iterable[str]) -> dict[str, Collective]:
    """The council's collectives of these names (NFC), keyed by name."""
    wanted = {nfc(name) for name in names}
    if not wanted:
        return {}
    return {c.name: c for c in Collective.objects.filter(council_id=council_id, name__in=wanted)}


def units_yet_to_submit(*, round: Round) -> QuerySet[Unit]:
    """Active units of the round's council with no dossier submitted or accepted in
    the round: a draft, a returned or a withdrawn dossier is still the unit's to send.
    Each unit's active users come prefetched as ``active_memberships``."""
    sent = Nomination.objects.filter(
        round=round, status__in=(NominationStatus.SUBMITTED, NominationStatus.ACCEPTED)
    ).values("unit_id")
    return (
        Unit.objects.filter(council_id=round.council_id, is_active=True)
        .exclude(pk__in=sent)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=UnitMembership.objects.filter(user__is_active=True).select_related("user"),
                to_attr="active_memberships",
            )
        )
        .order_by("pk")
    )


def council_to_start(user: Any) -> int | None:
    """The first council the user is the admin of (its own role, not one inherited from a parent
    council) that has had no round at all yet: a new council, not one between two rounds."""
    own = sorted(roles_for(user).councils_with(*access.POLICY[Capability.ADMINISTER]))
    if not own:
        return None
    with_rounds = set(Round.objects.filter(council_id__in=own).values_list("council_id", flat=True))
    return next((pk for pk in own if pk not in with_rounds), None)
