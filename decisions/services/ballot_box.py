"""The council's ballot box (docs/ballot-secrecy.md).

While the vote is open a cast writes the record that a member voted
(``BallotCast``) and a sealed ballot (``SealedBallot``: AES-GCM, ``decisions.seal``);
nothing readable says how anyone voted.  Paper ballots: hand-ins only for members
present who have not voted, then the hand-ins are closed, then the contents are
entered without names (optionally double-keyed by a second officer).  The close
opens the box in one transaction, writes per-line counts (``LineTally``) and the
sorted trackers (``BallotTracker``), deletes every sealed row and signs a record
of what was voted on; a vote with fewer ballots than the quorum is void and its
box is destroyed unopened.  ``session_verify`` recomputes every signed part."""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import nfc
from councils import access
from councils.access import Capability
from decisions import seal, voting
from decisions.models import (
    AgendaItem,
    Attendance,
    AttendanceState,
    BallotCast,
    BallotTracker,
    CastMethod,
    Choice,
    CouncilSession,
    LineTally,
    PaperEntry,
    PaperEntryStatus,
    SealedBallot,
    SessionStatus,
)
from decisions.services.sessions import (
    _locked,
    agenda_binding,
    agenda_identity,
    held_on,
    master_key,
    quorum_needed,
    recusals,
    voting_members,
)

logger = logging.getLogger(__name__)

# Beside paper ballots, which the secretariat keys, fewer online or written ballots than this
# would be laid bare by subtraction (the totals less the papers): such a vote is void.
MIN_BESIDE_PAPER = 3
CHOICE_CODES = {Choice.AGREE.value: seal.AGREE, Choice.DISAGREE.value: seal.DISAGREE, Choice.BLANK.value: seal.BLANK}


# --- What the box holds (counts only) -----------------------------------------------


@dataclass(frozen=True)
class BoxState:
    """How many take part, have voted and are in the box — never what."""

    voters: int  # members taking part: present, or absent and voting in writing
    casts: int  # members recorded as having voted (online, in writing, paper hand-in)
    paper_handed_in: int
    paper_entered: int  # paper entries counted (confirmed)
    paper_pending: int  # a paper entry waiting for the second officer
    sealed: int  # ballots in the box (paper entries pending excluded)
    paper_closed: bool

    @property
    def online(self) -> int:
        return self.casts - self.paper_handed_in

    @property
    def paper_to_enter(self) -> int:
        return max(self.paper_handed_in - self.paper_entered - self.paper_pending, 0)

    @property
    def not_voted(self) -> int:
        return max(self.voters - self.casts, 0)

    @property
    def everyone_voted(self) -> bool:
        """Every member taking part has voted and every paper ballot handed in is entered."""
        return (
            self.voters > 0
            and self.casts >= self.voters
            and self.paper_entered == self.paper_handed_in
            and not self.paper_pending
        )


def box_state(session: CouncilSession) -> BoxState:
    casts = Counter(BallotCast.objects.filter(session=session).values_list("method", flat=True))
    entries = Counter(PaperEntry.objects.filter(session=session).values_list("status", flat=True))
    return BoxState(
        voters=session.voters_present or 0,
        casts=sum(casts.values()),
        paper_handed_in=casts.get(CastMethod.PAPER, 0),
        paper_entered=entries.get(PaperEntryStatus.CONFIRMED, 0),
        paper_pending=entries.get(PaperEntryStatus.PENDING, 0),
        sealed=SealedBallot.objects.filter(session=session, pending=False).count(),
        paper_closed=session.paper_closed_at is not None,
    )


def live_trackers(session: CouncilSession) -> list[str]:
    """The trackers of the ballots in the box, sorted (while voting: from the sealed rows; after: as kept)."""
    if session.status == SessionStatus.VOTING:
        return sorted(
            seal.tracker(nonce, sealed)
            for nonce, sealed in SealedBallot.objects.filter(session=session, pending=False).values_list(
                "nonce", "sealed"
            )
        )
    return list(BallotTracker.objects.filter(session=session).order_by("digest").values_list("digest", flat=True))


# --- Sealing --------------------------------------------------------------------------


def _agenda_order(session: CouncilSession) -> list[int]:
    return list(AgendaItem.objects.filter(session=session).order_by("position", "id").values_list("id", flat=True))


def _seal(session: CouncilSession, text: bytes, length: int, *, pending: bool = False) -> SealedBallot:
    try:
        sealed = seal.seal(
            master_key(), session_id=session.pk, agenda_digest=session.agenda_digest, text=text, length=length
        )
    except seal.SealError as exc:
        raise ValidationError(_("Phiếu không hợp lệ: số dòng trên phiếu khác chương trình của phiên họp.")) from exc
    return SealedBallot.objects.create(
        session=session, key_id=sealed.key_id, nonce=sealed.nonce, sealed=sealed.sealed, pending=pending
    )


def _tracker(row: SealedBallot) -> str:
    return seal.tracker(bytes(row.nonce), bytes(row.sealed))


def _require_voting(session: CouncilSession) -> None:
    if session.status != SessionStatus.VOTING:
        raise ValidationError(_("Phiên họp không trong thời gian bỏ phiếu."))


def _member_text(order: list[int], choices: dict[int, str], recused_items: set[int]) -> bytes:
    """A member's ballot as one code per agenda line; the lines the member is recused from are R."""
    unknown = set(choices) - set(order)
    if unknown:
        raise ValidationError(_("Phiếu có dòng không thuộc chương trình của phiên họp."))
    if set(choices) & recused_items:
        raise ValidationError(_("Bạn không tham gia biểu quyết dòng có liên quan đến mình hoặc đơn vị mình."))
    missing = set(order) - set(choices) - recused_items
    if missing:
        raise ValidationError(_("Phiếu chưa biểu quyết đủ các dòng (còn %(count)s dòng).") % {"count": len(missing)})
    codes = []
    for item_id in order:
        if item_id in recused_items:
            codes.append(seal.RECUSED)
            continue
        code = CHOICE_CODES.get(choices[item_id])
        if code is None:
            raise ValidationError(_("Lựa chọn không hợp lệ."))
        codes.append(code)
    return b"".join(codes)


def _closing_time_passed(session: CouncilSession) -> bool:
    return session.voting_closes_at is not None and timezone.now() >= session.voting_closes_at


def _cast_plan(session: CouncilSession, member: Any, choices: dict[int, str]) -> tuple[str, bytes, int]:
    """Every check of a cast: (how the member votes, the ballot's codes, the agenda's length)."""
    members = voting_members(session.council_id, on=held_on(session))
    if member.pk not in members:
        raise PermissionError(_("Bạn không phải thành viên hội đồng nên không bỏ phiếu."))
    _require_voting(session)
    if _closing_time_passed(session):
        closes = timezone.localtime(session.voting_closes_at)
        raise ValidationError(
            _("Đã hết hạn bỏ phiếu lúc %(time)s ngày %(date)s; phiếu không được nhận.")
            % {"time": closes.strftime("%H:%M"), "date": closes.strftime("%d/%m/%Y")}
        )
    attendance = Attendance.objects.filter(session=session, member=member).values_list("state", flat=True).first()
    if attendance == AttendanceState.WRITTEN:
        method = CastMethod.WRITTEN
    elif attendance == AttendanceState.PRESENT:
        method = CastMethod.ONLINE
    else:
        raise ValidationError(_("Bạn không có mặt tại phiên họp và không đăng ký bỏ phiếu bằng văn bản."))
    if BallotCast.objects.filter(session=session, member=member).exists():
        raise ValidationError(_already_voted())
    order = _agenda_order(session)
    recused_items = {item_id for item_id, users in recusals(session).items() if member.pk in users}
    text = _member_text(order, {int(k): v for k, v in choices.items()}, recused_items)
    return method, text, len(order)


def _already_voted() -> str:
    return _("Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ một phiếu.")


def ballot_check(*, member: Any, session: CouncilSession, choices: dict[int, str]) -> None:
    """The checks of a cast without writing anything: the review step before the cast."""
    _cast_plan(session, member, choices)


@transaction.atomic
def ballot_cast(*, member: Any, session: CouncilSession, choices: dict[int, str]) -> str:
    """A member casts a ballot (at the session, or in writing before it where allowed).
    Returns the ballot's tracker, to be shown to the member once and stored nowhere else.

    The session row is locked (never the flow's process row), so closing and
    casting are serialised but casts never wait for the flow."""
    session = _locked(session)
    method, text, length = _cast_plan(session, member, choices)
    try:
        with transaction.atomic():
            BallotCast.objects.create(session=session, member=member, method=method)
    except IntegrityError as exc:
        raise ValidationError(_already_voted()) from exc
    return _tracker(_seal(session, text, length))


# --- Paper ballots --------------------------------------------------------------------


@transaction.atomic
def paper_ballots_handed_in(*, actor: Any, session: CouncilSession, members: list[Any]) -> None:
    """The secretariat records who handed in a paper ballot: only members present at the
    meeting who have not voted, and only until the hand-ins are closed."""
    session = _locked(session)
    access.require(actor, Capability.RUN_SESSION, session.council_id)
    _require_voting(session)
    if session.paper_closed_at is not None:
        raise ValidationError(_("Đã kết thúc thu phiếu giấy; không ghi nhận thêm người nộp phiếu."))
    if _closing_time_passed(session):
        raise ValidationError(_("Đã hết hạn bỏ phiếu; không nhận thêm phiếu giấy."))
    voting = voting_members(session.council_id, on=held_on(session))
    states = dict(Attendance.objects.filter(session=session).values_list("member_id", "state"))
    voted = set(BallotCast.objects.filter(session=session).values_list("member_id", flat=True))
    for member in members:
        name = member.get_full_name() or member.username
        if member.pk not in voting:
            raise ValidationError(_("%(name)s không phải thành viên hội đồng.") % {"name": name})
        if states.get(member.pk) != AttendanceState.PRESENT:
            raise ValidationError(_("%(name)s không có mặt tại phiên họp nên không nộp phiếu giấy.") % {"name": name})
        if member.pk in voted:
            raise ValidationError(_("%(name)s đã bỏ phiếu trong phiên họp này.") % {"name": name})
        try:
            with transaction.atomic():
                BallotCast.objects.create(session=session, member=member, method=CastMethod.PAPER)
        except IntegrityError as exc:
            raise ValidationError(_("%(name)s đã bỏ phiếu trong phiên họp này.") % {"name": name}) from exc
        voted.add(member.pk)


@transaction.atomic
def paper_handins_close(*, actor: Any, session: CouncilSession) -> CouncilSession:
    """End the hand-ins: from now on the paper ballots' contents may be entered, never before."""
    session = _locked(session)
    access.require(actor, Capability.RUN_SESSION, session.council_id)
    _require_voting(session)
    if session.paper_closed_at is not None:
        raise ValidationError(_("Đã kết thúc thu phiếu giấy."))
    if not BallotCast.objects.filter(session=session, method=CastMethod.PAPER).exists():
        raise ValidationError(_("Chưa có thành viên nào nộp phiếu giấy."))
    session.paper_closed_at = timezone.now()
    session.save(update_fields=["paper_closed_at"])
    return session


@dataclass(frozen=True)
class PaperOutcome:
    tracker: str
    pending: bool  # waits for the second officer


def _paper_text(order: list[int], choices: dict[int, str], invalid: bool) -> bytes:
    if invalid:
        if choices:
            raise ValidationError(_("Phiếu không hợp lệ thì không nhập lựa chọn nào."))
        return seal.INVALID * len(order)
    unknown = set(choices) - set(order)
    if unknown:
        raise ValidationError(_("Phiếu có dòng không thuộc chương trình của phiên họp."))
    codes = []
    for item_id in order:
        code = CHOICE_CODES.get(choices.get(item_id, Choice.BLANK))
        if code is None:
            raise ValidationError(_("Lựa chọn không hợp lệ."))
        codes.append(code)
    return b"".join(codes)


@transaction.atomic
def paper_ballot_enter(
    *, actor: Any, session: CouncilSession, choices: dict[int, str], invalid: bool = False
) -> PaperOutcome:
    """The secretariat enters one paper ballot's content, with no name on it, after the
    hand-ins are closed.  Where the council asks for a second officer, the entry waits
    until another officer enters the same ballot again and both entries match."""
    session = _locked(session)
    access.require(actor, Capability.RUN_SESSION, session.council_id)
    _require_voting(session)
    if session.paper_closed_at is None:
        raise ValidationError(
            _("Hãy kết thúc thu phiếu giấy trước khi nhập nội dung phiếu (không nhập xen kẽ với việc thu phiếu).")
        )
    order = _agenda_order(session)
    text = _paper_text(order, {int(k): v for k, v in choices.items()}, invalid)
    state = box_state(session)
    pending = PaperEntry.objects.select_for_update().filter(session=session, status=PaperEntryStatus.PENDING).first()
    if pending is not None:
        if pending.entered_by_id == actor.pk:
            raise ValidationError(
                _("Phiếu vừa nhập đang chờ cán bộ thứ hai nhập lại để xác nhận; người nhập lần đầu không tự xác nhận.")
            )
        row = SealedBallot.objects.get(session=session, pending=True)
        first = _unseal(session, row, len(order), master_key())
        if first != text:
            raise ValidationError(
                _(
                    "Nội dung nhập lần hai khác lần nhập đầu; hãy đối chiếu lại phiếu giấy. "
                    "Nếu lần nhập đầu sai, hãy huỷ bản nhập đó rồi nhập lại."
                )
            )
        row.pending = False
        row.save(update_fields=["pending"])
        pending.status = PaperEntryStatus.CONFIRMED
        pending.confirmed_by = actor
        pending.settled_at = timezone.now()
        pending.save(update_fields=["status", "confirmed_by", "settled_at"])
        return PaperOutcome(_tracker(row), pending=False)
    if state.paper_entered + state.paper_pending >= state.paper_handed_in:
        raise ValidationError(
            _("Số phiếu giấy đã nhập (%(entered)s) đã bằng số phiếu giấy thu vào (%(handed)s); không nhập thêm được.")
            % {"entered": state.paper_entered, "handed": state.paper_handed_in}
        )
    second = session.council.paper_second_officer
    row = _seal(session, text, len(order), pending=second)
    PaperEntry.objects.create(
        session=session,
        entered_by=actor,
        status=PaperEntryStatus.PENDING if second else PaperEntryStatus.CONFIRMED,
        settled_at=None if second else timezone.now(),
    )
    return PaperOutcome(_tracker(row), pending=second)


@transaction.atomic
def paper_entry_discard(*, actor: Any, session: CouncilSession) -> None:
    """Drop the paper entry waiting for confirmation (it was keyed wrongly); the log keeps who dropped it."""
    session = _locked(session)
    access.require(actor, Capability.RUN_SESSION, session.council_id)
    _require_voting(session)
    pending = PaperEntry.objects.select_for_update().filter(session=session, status=PaperEntryStatus.PENDING).first()
    if pending is None:
        raise ValidationError(_("Không có phiếu giấy nào đang chờ xác nhận."))
    SealedBallot.objects.filter(session=session, pending=True).delete()
    pending.status = PaperEntryStatus.DISCARDED
    pending.confirmed_by = actor
    pending.settled_at = timezone.now()
    pending.save(update_fields=["status", "confirmed_by", "settled_at"])


# --- Closing: open the box, count, empty it, sign -----------------------------------


@dataclass(frozen=True)
class CloseOutcome:
    session: CouncilSession
    void: bool
    ballots: int
    needed: int


def _unseal(session: CouncilSession, row: SealedBallot, length: int, master: bytes) -> bytes:
    if row.key_id != seal.key_id(master):
        raise ValidationError(
            _(
                "Khoá niêm phong phiếu (BALLOT_SEAL_KEY) của máy chủ không phải khoá đã niêm phong hòm phiếu này "
                "(khoá đã bị thay đổi); hòm phiếu không được mở và các phiếu vẫn được niêm phong nguyên vẹn. "
                "Hãy đặt lại đúng khoá rồi kết thúc bỏ phiếu."
            )
        )
    try:
        return seal.unseal(
            master,
            session_id=session.pk,
            agenda_digest=session.agenda_digest,
            row=seal.Sealed(row.key_id, bytes(row.nonce), bytes(row.sealed)),
            length=length,
        )
    except seal.SealError as exc:
        raise ValidationError(
            _(
                "Có phiếu trong hòm không mở được: phiếu hoặc chương trình phiên họp đã bị sửa sau khi mở bỏ phiếu. "
                "Hòm phiếu không được mở; hãy báo quản trị hệ thống kiểm tra."
            )
        ) from exc


def close_refusal(session: CouncilSession, state: BoxState, reason: str) -> str | None:
    """Why the vote may not close now (None when it may): early without a reason, paper ballots not entered."""
    if state.paper_pending:
        return _("Còn một phiếu giấy đang chờ cán bộ thứ hai xác nhận; hãy xác nhận hoặc huỷ bản nhập đó.")
    if state.paper_entered < state.paper_handed_in:
        return _("Còn %(count)s phiếu giấy đã thu chưa nhập nội dung; hãy nhập hết trước khi kết thúc bỏ phiếu.") % {
            "count": state.paper_handed_in - state.paper_entered
        }
    if not (state.everyone_voted or _closing_time_passed(session) or reason):
        return _(
            "Còn %(count)s thành viên chưa bỏ phiếu và chưa đến hạn bỏ phiếu. "
            "Muốn kết thúc sớm phải ghi lý do; lý do được ghi vào biên bản."
        ) % {"count": state.not_voted}
    return None


@transaction.atomic
def session_close(*, actor: Any | None, session: CouncilSession, reason: str = "") -> CloseOutcome:
    """End the ballot.  ``actor`` is the secretariat, or None when the vote closes by itself
    (everyone has voted, or the closing time has passed).

    Fewer ballots than the quorum: the vote is void, the box destroyed unopened and the
    session goes back to preparation.  Otherwise the box is opened: per-line counts and the
    trackers are written, every sealed row deleted, and the record of what was voted on
    signed with the key from the environment."""
    session = _locked(session)
    if actor is not None:
        access.require(actor, Capability.RUN_SESSION, session.council_id)
    _require_voting(session)
    reason = nfc(reason or "").strip()
    state = box_state(session)
    refusal = close_refusal(session, state, reason)
    if refusal:
        raise ValidationError(refusal)
    early = not state.everyone_voted and not _closing_time_passed(session)
    if state.sealed != state.casts:
        raise ValidationError(
            _(
                "Số phiếu trong hòm (%(ballots)s) khác số thành viên đã bỏ phiếu (%(casts)s); hòm phiếu không được mở. "
                "Hãy báo quản trị hệ thống kiểm tra."
            )
            % {"ballots": state.sealed, "casts": state.casts}
        )
    if agenda_binding(session) != session.agenda_digest:
        # a line re-pointed to another dossier, nominee or award while the vote was open
        raise ValidationError(
            _(
                "Chương trình phiên họp đã bị thay đổi sau khi mở bỏ phiếu (dòng xét khác với lúc mở bỏ phiếu); "
                "hòm phiếu không được mở và các phiếu vẫn được niêm phong. Hãy báo quản trị hệ thống kiểm tra."
            )
        )
    needed = session.quorum_ballots
    if needed is None:  # a vote opened before the quorum was fixed at the opening
        council = session.council
        needed = quorum_needed(
            session.members_total or 0, numerator=council.quorum_numerator, denominator=council.quorum_denominator
        )
    if state.sealed < needed:
        _void(session, state, needed, reason if early else "")
        return CloseOutcome(session, True, state.sealed, needed)
    beside_paper = state.sealed - state.paper_entered
    if state.paper_entered and 0 < beside_paper < MIN_BESIDE_PAPER:
        _void(session, state, needed, reason if early else "", mixed=beside_paper)
        return CloseOutcome(session, True, state.sealed, needed)
    master = master_key()
    _open_box(session, master)
    tally = session_tally(session)
    record = _record(session, tally, close_reason=reason if early else "")
    session.results = {"payload": record}
    session.results_digest = voting.sign(record, _hmac_key())
    session.status = SessionStatus.CLOSED
    session.closed_at = timezone.now()
    session.close_reason = reason if early else ""
    session.save(update_fields=["results", "results_digest", "status", "closed_at", "close_reason"])
    return CloseOutcome(session, False, state.sealed, needed)


def _void(session: CouncilSession, state: BoxState, needed: int, reason: str, *, mixed: int = 0) -> None:
    """A vote with fewer ballots than the quorum (or with ``mixed`` online or written ballots,
    fewer than MIN_BESIDE_PAPER, beside paper ballots the secretariat keyed): destroy the box
    unopened; the vote is held again."""
    SealedBallot.objects.filter(session=session).delete()
    BallotCast.objects.filter(session=session).delete()
    PaperEntry.objects.filter(session=session).delete()
    session.void_votes = [
        *session.void_votes,
        {
            "at": timezone.now().isoformat(),
            "ballots": state.sealed,
            "needed": needed,
            "reason": reason,
            "beside_paper": mixed,
        },
    ]
    session.status = SessionStatus.PREPARING
    session.opened_at = None
    session.voting_closes_at = None
    session.paper_closed_at = None
    session.agenda_digest = ""
    session.box_id = ""
    session.quorum_ballots = None
    session.save(
        update_fields=[
            "void_votes",
            "status",
            "opened_at",
            "voting_closes_at",
            "paper_closed_at",
            "agenda_digest",
            "box_id",
            "quorum_ballots",
        ]
    )


def _open_box(session: CouncilSession, master: bytes) -> None:
    """Open every sealed ballot in memory, write the per-line counts and the sorted trackers,
    and delete every sealed row — in the caller's transaction."""
    order = _agenda_order(session)
    length = len(order)
    rows = list(SealedBallot.objects.filter(session=session, pending=False))
    agree = [0] * length
    disagree = [0] * length
    invalid = 0
    trackers = []
    for row in rows:
        text = _unseal(session, row, length, master)
        trackers.append(_tracker(row))
        if text[:1] == seal.INVALID:
            invalid += 1
            continue
        for index, code in enumerate(text):
            if code == seal.AGREE[0]:
                agree[index] += 1
            elif code == seal.DISAGREE[0]:
                disagree[index] += 1
    if len(set(trackers)) != len(trackers):  # a sealed row copied into the box with a forged voter record
        raise ValidationError(
            _(
                "Trong hòm có hai phiếu giống hệt nhau (một phiếu bị sao chép); hòm phiếu không được mở. Hãy báo quản trị hệ thống kiểm tra."
            )
        )
    voters = set(
        Attendance.objects.filter(
            session=session, state__in=(AttendanceState.PRESENT, AttendanceState.WRITTEN)
        ).values_list("member_id", flat=True)
    ) & set(voting_members(session.council_id, on=held_on(session)))
    casters = set(BallotCast.objects.filter(session=session).values_list("member_id", flat=True))
    recused = recusals(session)
    tallies = []
    for index, item_id in enumerate(order):
        recused_here = recused.get(item_id, set()) & voters
        eligible_casters = len(casters - recused_here)
        blank = eligible_casters - agree[index] - disagree[index]
        if blank < 0:  # a recused member marked the line on an unnamed paper ballot
            logger.warning("session %s line %s: more choices than eligible voters", session.pk, item_id)
            blank = 0
        tallies.append(
            LineTally(
                session=session,
                item_id=item_id,
                agree=agree[index],
                disagree=disagree[index],
                blank=blank,
                recused=len(recused_here),
                not_voted=len((voters - casters) - recused_here),
            )
        )
    LineTally.objects.bulk_create(tallies, batch_size=1000)
    BallotTracker.objects.bulk_create([BallotTracker(session=session, digest=t) for t in sorted(trackers)])
    SealedBallot.objects.filter(session=session).delete()
    session.ballots_opened = len(rows)
    session.ballots_invalid = invalid
    CouncilSession.objects.filter(pk=session.pk).update(ballots_opened=len(rows), ballots_invalid=invalid)


# --- The tally and the signed record -------------------------------------------------


@dataclass(frozen=True)
class Tally:
    members: int
    present: int
    results: dict[int, voting.LineResult]


def session_tally(session: CouncilSession) -> Tally:
    """The results of an opened box, from its per-line counts in one query: each row carries
    its line's rule; the CSTDCS-needs-LDTT rule is applied after."""
    rows = list(
        LineTally.objects.filter(session=session)
        .values(
            "item_id",
            "item__requires_id",
            "agree",
            "disagree",
            "blank",
            "recused",
            "not_voted",
            "item__line__award_type__threshold_share",
            "item__line__award_type__threshold_comparison",
            "item__line__award_type__threshold_base",
        )
        .order_by("item_id")
    )
    members = session.members_total or 0
    present = session.voters_present or 0
    results = {}
    for row in rows:
        threshold = voting.Threshold(
            Decimal(row["item__line__award_type__threshold_share"]),
            row["item__line__award_type__threshold_comparison"],
            row["item__line__award_type__threshold_base"],
        )
        count = voting.LineCount(
            line_id=row["item_id"],
            agree=row["agree"],
            disagree=row["disagree"],
            blank=row["blank"],
            recused_present=row["recused"],
            not_voted=row["not_voted"],
        )
        results[row["item_id"]] = voting.line_result(count=count, threshold=threshold, members=members, present=present)
    requires = {row["item_id"]: row["item__requires_id"] for row in rows if row["item__requires_id"]}
    return Tally(members, present, voting.apply_requirements(results, requires))


def _hmac_key() -> bytes:
    return settings.RESULTS_HMAC_KEY.encode()


def _record(session: CouncilSession, tally: Tally, *, close_reason: str) -> str:
    return voting.results_record(
        session_id=session.pk,
        members=tally.members,
        present=tally.present,
        agenda=agenda_identity(session),
        results=tally.results,
        trackers=list(BallotTracker.objects.filter(session=session).values_list("digest", flat=True)),
        ballots_opened=session.ballots_opened or 0,
        voters_recorded=BallotCast.objects.filter(session=session).count(),
        ballots_invalid=session.ballots_invalid or 0,
        close_reason=close_reason,
        present_at_meeting=session.present_total or 0,
        quorum_ballots=session.quorum_ballots,
    )


# --- Verification ---------------------------------------------------------------------

SIGNATURE = "signature"
AGENDA = "agenda"
COUNTS = "counts"
TRACKERS = "trackers"
VOTERS = "voters"
BALLOTS = "ballots"
SESSION = "session"


@dataclass(frozen=True)
class Integrity:
    ok: bool
    problems: tuple[str, ...]
    parts: tuple[
        str, ...
    ] = ()  # which signed parts fail: SIGNATURE, AGENDA, COUNTS, TRACKERS, VOTERS, BALLOTS, SESSION
    findings: tuple[tuple[str, str], ...] = ()  # (part, message), one per problem


def session_verify(session: CouncilSession) -> Integrity:
    """Recompute every part of the signed record from the rows as they are now; name each that differs."""
    if not session.has_results:
        return Integrity(True, ())
    stored = (session.results or {}).get("payload", "")
    found: list[tuple[str, str]] = []
    if not stored or not session.results_digest:
        message = _("Thiếu bản kết quả đã ký hoặc chữ ký HMAC của phiên họp đã kết thúc bỏ phiếu.")
        return Integrity(False, (message,), (SIGNATURE,), ((SIGNATURE, message),))
    if not voting.verify(stored, session.results_digest, _hmac_key()):
        found.append((SIGNATURE, _("Chữ ký HMAC không khớp: bản kết quả đã lưu bị sửa sau khi khoá.")))
    try:
        record = json.loads(stored)
    except ValueError:
        record = {}
    if record.get("version") != voting.RECORD_VERSION:
        found.extend(_verify_legacy(session, record))
    else:
        found.extend(_verify_record(session, record))
    return Integrity(
        not found,
        tuple(message for _part, message in found),
        tuple(dict.fromkeys(part for part, _message in found)),
        tuple(found),
    )


def _verify_record(session: CouncilSession, record: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    facts = {
        "session": session.pk,
        "present_at_meeting": session.present_total or 0,
        "quorum_ballots": session.quorum_ballots,
        "ballots_invalid": session.ballots_invalid or 0,
        "close_reason": session.close_reason,
    }
    changed = [name for name, value in facts.items() if record.get(name) != value]
    if changed:
        found.append(
            (
                SESSION,
                _("Thông tin phiên họp khác bản đã ký (%(fields)s).") % {"fields": ", ".join(changed)},
            )
        )
    signed_agenda = {line["item"]: line for line in record.get("agenda", [])}
    agenda = {line["item"]: line for line in agenda_identity(session)}
    for item_id in sorted(set(signed_agenda) | set(agenda)):
        signed, now = signed_agenda.get(item_id), agenda.get(item_id)
        if signed != now:
            position = (signed or now or {}).get("position", "?")
            found.append(
                (
                    AGENDA,
                    _(
                        "Dòng %(position)s của chương trình khác bản đã ký (hồ sơ, đối tượng hoặc danh hiệu đã bị thay đổi sau khi khoá)."
                    )
                    % {"position": position},
                )
            )
    signed_lines = {line["line_id"]: line for line in record.get("lines", [])}
    lines = {item_id: asdict(result) for item_id, result in session_tally(session).results.items()}
    for item_id in sorted(set(signed_lines) | set(lines)):
        if signed_lines.get(item_id) != lines.get(item_id):
            position = (signed_agenda.get(item_id) or agenda.get(item_id) or {}).get("position", "?")
            found.append((COUNTS, _("Số phiếu của dòng %(position)s khác bản đã ký.") % {"position": position}))
    trackers = live_trackers(session)
    if trackers != record.get("trackers"):
        found.append(
            (
                TRACKERS,
                _("Danh sách mã phiếu (%(now)s mã) khác bản đã ký (%(signed)s mã): có mã phiếu bị thêm hoặc bớt.")
                % {"now": len(trackers), "signed": len(record.get("trackers") or [])},
            )
        )
    voters = BallotCast.objects.filter(session=session).count()
    if voters != record.get("voters_recorded"):
        found.append(
            (
                VOTERS,
                _("Số thành viên ghi nhận đã bỏ phiếu (%(now)s) khác bản đã ký (%(signed)s).")
                % {"now": voters, "signed": record.get("voters_recorded")},
            )
        )
    if record.get("ballots_opened") != record.get("voters_recorded") or session.ballots_opened != record.get(
        "ballots_opened"
    ):
        found.append(
            (
                BALLOTS,
                _("Số phiếu đã mở (%(opened)s) khác số thành viên đã bỏ phiếu (%(voters)s).")
                % {"opened": session.ballots_opened, "voters": record.get("voters_recorded")},
            )
        )
    return found


def _verify_legacy(session: CouncilSession, record: dict[str, Any]) -> list[tuple[str, str]]:
    """Results frozen before the sealed box (their ballots were turned into counts by migration
    decisions 0002): the per-line counts are compared; the record carries no agenda or trackers."""
    signed = {line["line_id"]: line for line in record.get("lines", [])}
    now = session_tally(session).results
    for item_id in sorted(set(signed) | set(now)):
        line, result = signed.get(item_id), now.get(item_id)
        same = (
            line is not None
            and result is not None
            and (line["agree"], line["disagree"], line["blank"]) == (result.agree, result.disagree, result.blank)
        )
        if not same:
            return [(COUNTS, _("Số phiếu của các dòng khác bản đã ký."))]
    return []
