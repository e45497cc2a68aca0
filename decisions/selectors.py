"""Reads of the decision pages, the honours registry and the printable
documents: who may see which council's decisions, sessions and registry, and
the querysets the pages show (joins done up front)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Length, Substr
from django.http import Http404

from common.text import fold
from councils import access
from councils.access import Capability
from councils.models import Council, CouncilMembership, CouncilRole, Unit
from decisions.models import (
    AgendaItem,
    CouncilSession,
    Decision,
    DecisionLine,
    DecisionStatus,
    Honour,
    Proposal,
    ProposalLine,
)
from nominations.models import AwardType, Collective, Household, Person
from nominations.naming import nominee_name
from nominations.selectors import nominee_name_q
from printing import formats as docformat

# Council members may read the decisions and a session's ballot and minutes
# (Capability.READ_DECISIONS); the registry, the proposals and the documents the
# office sends out are the office's (Capability.MANAGE_DECISIONS).

HOLDER_KINDS: dict[str, Any] = {"person": Person, "collective": Collective, "household": Household}


def decision_list_for_user(*, user: Any) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(access.council_q(user, Capability.READ_DECISIONS))
        .select_related("council", "round")
        .annotate(line_count=Count("lines"), total=Sum("lines__amount"))
        .order_by("-year", "status", "-number", "-id")
    )


def decision_get_for_user(*, user: Any, pk: int) -> Decision:
    """The decision if the user may read its council's decisions; otherwise 404, never the data."""
    decision = (
        Decision.objects.filter(access.council_q(user, Capability.READ_DECISIONS), pk=pk)
        .select_related("council", "round", "session", "created_by")
        .first()
    )
    if decision is None:
        raise Http404
    return decision


def concerns_units_q(user: Any) -> Q:
    """Decisions that concern one of the user's units: a line of the unit is in it, or was voted
    on in its session (``councils.access``: what a unit reads of the council's decisions)."""
    in_decision = DecisionLine.objects.filter(
        access.unit_q(user, path="line__nomination__unit"), decision=OuterRef("pk")
    )
    in_session = AgendaItem.objects.filter(
        access.unit_q(user, path="line__nomination__unit"), session_id=OuterRef("session_id")
    )
    return Q(Exists(in_decision)) | Q(Exists(in_session))


def decision_get_for_unit(*, user: Any, pk: int) -> Decision:
    """A registered decision that concerns one of the user's units; otherwise 404 (a draft, a
    revoked decision, another unit's, or a user who works for no unit)."""
    if not access.unit_ids(user):
        raise Http404
    decision = (
        Decision.objects.filter(concerns_units_q(user), pk=pk, status=DecisionStatus.REGISTERED)
        .select_related("council", "round", "session")
        .first()
    )
    if decision is None:
        raise Http404
    return decision


def decision_lines(*, decision: Decision) -> QuerySet[DecisionLine]:
    return decision.lines.select_related(
        "line__award_type",
        "line__nomination__unit",
        "line__person__unit",
        "line__collective__unit",
        "line__household__unit",
    ).order_by("position", "id")


def decision_line_rows(*, decision: Decision, query: str = "", award_id: int | None = None) -> QuerySet[DecisionLine]:
    """The decision's lines narrowed to a nominee's name and an award type, in the decision's order."""
    rows = decision_lines(decision=decision).filter(nominee_name_q(query))
    return rows.filter(line__award_type_id=award_id) if award_id else rows


def decision_line_awards(*, decision: Decision) -> QuerySet[AwardType]:
    """The award types of a decision's lines, for its page's filter."""
    return AwardType.objects.filter(lines__decision_lines__decision=decision).distinct().order_by("code")


def decision_total(*, decision: Decision) -> int:
    """The money of every line of the decision (one query, whatever page is shown)."""
    return int(decision.lines.aggregate(total=Sum("amount"))["total"] or 0)


def session_get_for_user(*, user: Any, pk: int, capability: Capability) -> CouncilSession:
    session = (
        CouncilSession.objects.filter(access.council_q(user, capability), pk=pk)
        .select_related("council", "council__parent", "round", "chair", "secretary")
        .first()
    )
    if session is None:
        raise Http404
    return session


def holder_get_for_user(*, user: Any, kind: str, pk: int) -> Person | Collective | Household:
    """A person, collective or household of a council whose registry the user keeps."""
    model = HOLDER_KINDS.get(kind)
    if model is None:
        raise Http404
    holder = (
        model.objects.filter(access.council_q(user, Capability.MANAGE_DECISIONS), pk=pk).select_related("unit").first()
    )
    if holder is None:
        raise Http404
    return holder


def honours_for_holder(*, kind: str, holder: Person | Collective | Household) -> QuerySet[Honour]:
    """The award history of a holder, newest year first: only what the registry holds
    (a revoked decision's awards have left it)."""
    return (
        Honour.objects.filter(**{kind: holder})
        .select_related("award_type", "decision", "council")
        .order_by("-year", "award_type__code", "id")
    )


def units_with_merged(unit_ids: Iterable[int]) -> set[int]:
    """``unit_ids`` and every unit merged into one of them, transitively (a query per level of
    merging: a unit merged into one that was merged in turn, and so on)."""
    found = set(unit_ids)
    frontier = set(found)
    while frontier:
        frontier = set(Unit.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def honours_for_unit(*, unit: Unit) -> QuerySet[Honour]:
    """The registry of one unit: the awards of its lines and of the units merged into it, each
    to be named by the dossier's ``unit_name`` (the name it was issued under)."""
    return _unit_honours(units_with_merged([unit.pk]))


def honours_for_units(*, user: Any) -> QuerySet[Honour]:
    """The unit's registry: the awards of its own lines and of the units merged into it (this
    council's decisions and the higher councils' results alike), newest year first; nothing of
    another unit's.  Each row names the unit as the dossier was sent (``unit_name``)."""
    return _unit_honours(units_with_merged(access.unit_ids(user)))


def _unit_honours(unit_ids: set[int]) -> QuerySet[Honour]:
    return (
        Honour.objects.filter(source_line__nomination__unit_id__in=unit_ids)
        .select_related(
            "award_type",
            "decision",
            "council",
            "person",
            "collective",
            "household",
            "source_line__nomination__unit",
            "source_line__person",
            "source_line__collective",
            "source_line__household",
        )
        .order_by("-year", "source_line__nomination__unit_name", "award_type__code", "id")
    )


def proposal_list_for_user(*, user: Any) -> QuerySet[Proposal]:
    """The proposals the councils the user keeps have sent up."""
    return (
        Proposal.objects.filter(access.council_q(user, Capability.MANAGE_DECISIONS))
        .select_related("council", "parent", "session__round")
        .annotate(line_count=Count("lines"))
        .order_by("-created_at", "-id")
    )


def proposal_get_for_user(*, user: Any, pk: int) -> Proposal:
    """A proposal of a council the user keeps; otherwise 404, never the data."""
    proposal = (
        Proposal.objects.filter(access.council_q(user, Capability.MANAGE_DECISIONS), pk=pk)
        .select_related("council__parent", "council__unit_in_parent", "parent", "session__round")
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


def proposal_lines(*, proposal: Proposal) -> QuerySet[ProposalLine]:
    return proposal.lines.select_related(
        "line__award_type", "line__nomination__unit", "line__person", "line__collective", "line__household"
    ).order_by("line__nomination__unit_name", "id")


def council_chairman_name(council: Council) -> str:
    """The name the council's chairman signs with (the first active chairman), or ""."""
    membership = (
        CouncilMembership.objects.filter(council=council, role=CouncilRole.CHAIRMAN, is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return (membership.user.get_full_name() or membership.user.username) if membership else ""


# --- The public look-up of awards (tra cứu khen thưởng) ------------------------------------------
# Anyone may look up by name the awards of the councils that keep the look-up on
# (``Council.public_lookup_enabled``): a registered decision's lines, never a draft's nor a revoked
# decision's, and of each only what the published list prints (the name, the award, the decision's
# number and date, the council), never a birth date, an ID, a gender, an address or a unit.

#: the fewest letters (spaces aside) a public look-up by name needs
PUBLIC_LOOKUP_MIN_LETTERS = 2


@dataclass(frozen=True)
class PublicAward:
    """One award as the public look-up shows it: nothing else of the person reaches the page."""

    name: str
    award: str
    decision_number: str
    decision_date: str
    council: str


def public_lookup_query_ok(query: str) -> bool:
    """Whether ``query`` names enough of a name to be looked up (at least two letters)."""
    return len(fold(query).replace(" ", "")) >= PUBLIC_LOOKUP_MIN_LETTERS


def public_lookup_councils() -> QuerySet[Council]:
    """The councils whose awards the public may look up."""
    return Council.objects.filter(public_lookup_enabled=True).order_by("name", "id")


def public_lookup_years() -> list[int]:
    """The years (the rounds', as the registry counts them: a year-end round's decision may be
    signed early the next year) of the registered decisions the public may look up, newest first."""
    return list(
        Decision.objects.filter(status=DecisionStatus.REGISTERED, council__public_lookup_enabled=True)
        .order_by("-round__year")
        .values_list("round__year", flat=True)
        .distinct()
    )


class PublicAwards:
    """The found awards, read a page at a time (a count and a slice: two queries whatever the
    number of rows), each row as a ``PublicAward``; ``common.paging.page_of`` pages it."""

    def __init__(self, rows: QuerySet[DecisionLine]) -> None:
        self._rows = rows

    def count(self) -> int:
        return self._rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[PublicAward]:
        return [public_award(row) for row in self._rows[index]]


def public_award(row: DecisionLine) -> PublicAward:
    decision = row.decision
    return PublicAward(
        name=nominee_name(row.line),
        award=row.line.award_type.name,
        decision_number=docformat.number_reference(decision.number, decision.symbol),
        decision_date=docformat.short_date(decision.signed_on) if decision.signed_on else "",
        council=decision.council.name,
    )


def public_awards(*, query: str, year: int | None = None, council_id: int | None = None, limit: int) -> PublicAwards:
    """The awards whose nominee's name holds every word of ``query`` (with or without diacritics:
    "nguyen van an" finds "Nguyễn Văn An"), of ``year`` (the decision's) and ``council_id`` when
    given (the year is the round's, as the registry counts it), at most ``limit`` of them; the newest decision first, then by name (a person's and a
    household head's in the Vietnamese order).  Too short a query finds nothing and reads nothing."""
    if not public_lookup_query_ok(query):
        return PublicAwards(DecisionLine.objects.none())
    rows = DecisionLine.objects.filter(
        decision__status=DecisionStatus.REGISTERED, decision__council__public_lookup_enabled=True
    ).annotate(
        # a household's search key is its head's folded name, then its address's
        # (``nominations.services``): only the name part is searched here, so that nobody learns
        # from the public page which family lives at an address (folding keeps the length)
        household_name_key=Substr("line__household__search_name", 1, Length("line__household__head_name"))
    )
    for word in fold(query).split():
        rows = rows.filter(
            Q(line__person__search_name__contains=word)
            | Q(line__collective__search_name__contains=word)
            | Q(household_name_key__contains=word)
        )
    if year is not None:
        rows = rows.filter(decision__round__year=year)
    if council_id is not None:
        rows = rows.filter(decision__council_id=council_id)
    rows = (
        rows.select_related(
            "decision__council", "line__award_type", "line__person", "line__collective", "line__household"
        )
        # only what a row shows is read: a person's birth date or ID never leaves the database
        .only(
            "decision__number",
            "decision__symbol",
            "decision__signed_on",
            "decision__council__name",
            "line__award_type__name_vi",
            "line__award_type__name_en",
            "line__award_type__household_naming",
            "line__person__full_name",
            "line__collective__name",
            "line__household__head_name",
            "line__household__head_gender",
        )
        .order_by(
            F("decision__signed_on").desc(nulls_last=True),
            Coalesce("line__person__sort_key", "line__household__sort_key", "line__collective__search_name"),
            "-decision_id",
            "id",
        )
    )
    return PublicAwards(rows[:limit])
