"""The council's documents as plain data: the decision with its attached list,
the paper ballot, the minutes of a session and the proposal to the higher
council.  One selector per document loads what it needs (joins done up front)
and returns frozen dataclasses; the printable pages render them and the PDF
builders will take the same data.

A document is the Vietnamese text the office signs (Nghị định 30/2020/NĐ-CP),
whatever the language of the page around it, so the texts here are built in
``DOCUMENT_LANGUAGE``; they still go through gettext like every other text."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.text import name_sort_key
from councils.models import Council, CouncilMembership
from decisions.legal_bases import bases_in_force
from decisions.models import (
    AgendaItem,
    Attendance,
    AttendanceState,
    CitingPaper,
    CouncilSession,
    Decision,
)
from decisions.naming import signer_capacity_lines
from decisions.selectors import council_chairman_name
from decisions.services.ballot_box import session_verify
from decisions.services.results import CountingRecord, counting_record, proposable_items, session_results
from decisions.services.sessions import added_late, held_on, quorum_needed, voting_members
from nominations.models import AwardKind, AwardType, NominationLine, NomineeKind
from nominations.naming import nominee_name, position_unit
from nominations.round_wording import round_phrase
from printing import formats as docformat
from printing.data import (
    DOCUMENT_LANGUAGE,
    Article,
    BallotDocument,
    DecisionDocument,
    Header,
    ListRow,
    MemberRow,
    MinutesDocument,
    ProposalDocument,
    ResultRow,
    Signature,
)

# the symbols a council that set none prints (``Council.minutes_symbol``, ``proposal_symbol``)
MINUTES_SYMBOL = "BB-HĐTĐKT"
PROPOSAL_SYMBOL = "TTr-HĐTĐKT"

LINE_JOINS = (
    "award_type",
    "nomination__unit",
    "person__unit",
    "collective__unit",
    "household__unit",
)


def _line_joins(prefix: str) -> list[str]:
    return [f"{prefix}{join}" for join in LINE_JOINS]


# --- The parts every document shares -------------------------------------------


def _council_header(council: Council, *, number: str, place_date: str) -> Header:
    """A document of the council itself: the People's Committee above, the council below."""
    return Header(
        parent_body=docformat.upper(council.issuing_body),
        body_lines=(_("HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"),),
        number=number,
        place_date=place_date,
    )


def _person_name(user: object) -> str:
    full_name = getattr(user, "get_full_name", lambda: "")()
    return full_name or getattr(user, "username", "")


def _whom(kinds: Counter[str]) -> str:
    """ "2 tập thể, 15 cá nhân và 3 hộ gia đình"."""
    parts = [
        text % {"count": kinds[kind]}
        for kind, text in (
            (NomineeKind.COLLECTIVE, _("%(count)s tập thể")),
            (NomineeKind.INDIVIDUAL, _("%(count)s cá nhân")),
            (NomineeKind.HOUSEHOLD, _("%(count)s hộ gia đình")),
        )
        if kinds[kind]
    ]
    if len(parts) > 1:
        return _("%(first)s và %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}
    return parts[0] if parts else ""


def _text_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _today() -> dt.date:
    return timezone.localdate()


# --- The decision -------------------------------------------------------------------


def _award_article(lines: list[NominationLine], whom: str, round_text: str, year: int) -> str:
    """Điều 1, in each award type's own words ("Tặng Giấy khen", "Công nhận danh hiệu “Gia đình
    văn hoá”"), a title with its year: one sentence for one award type, else one clause each."""
    groups: dict[int, tuple[AwardType, Counter[str]]] = {}
    for line in lines:
        groups.setdefault(line.award_type_id, (line.award_type, Counter()))[1][line.nominee_kind] += 1
    clauses = [
        _("%(phrase)s cho %(whom)s")
        % {
            "phrase": award.decision_phrase_text
            + (_(" năm %(year)s") % {"year": year} if award.kind == AwardKind.TITLE else ""),
            "whom": _whom(kinds),
        }
        for award, kinds in groups.values()
    ]
    if len(clauses) == 1:
        return _(
            "%(clause)s có tên trong danh sách kèm theo Quyết định này, đã có thành tích trong đợt xét khen thưởng %(round)s."
        ) % {"clause": clauses[0], "round": round_text}
    return _(
        "Khen thưởng %(whom)s có tên trong danh sách kèm theo Quyết định này, đã có thành tích trong đợt xét khen thưởng %(round)s: %(clauses)s."
    ) % {"whom": whom or _("các tập thể, cá nhân"), "round": round_text, "clauses": "; ".join(clauses)}


def decision_document(decision: Decision, *, today: dt.date | None = None) -> DecisionDocument:
    """The decision and its attached list, as the office prints it for signing (a draft
    keeps the number and the day blank) or as signed."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _decision_document(decision, today or _today())


def _decision_document(decision: Decision, today: dt.date) -> DecisionDocument:
    council = decision.council
    lines = list(decision.lines.select_related(*_line_joins("line__")).order_by("position", "id"))
    is_draft = decision.is_editable
    place_date = docformat.administrative_date(council.place_name, decision.signed_on, month_of=today)
    rows = tuple(
        ListRow(
            number=index,
            name=nominee_name(row.line),
            position_unit=position_unit(row.line),
            form=row.line.award_type.name_vi,
            amount=row.amount,
            amount_text=docformat.money(row.amount),
            achievement=row.line.achievement,
        )
        for index, row in enumerate(lines, start=1)
    )
    total = sum(row.amount or 0 for row in lines)
    bases = {row.base_salary for row in lines if row.base_salary}
    locality = council.locality
    whom = _whom(Counter(row.line.nominee_kind for row in lines))
    if total:
        money_article = _(
            "Tiền thưởng kèm theo theo quy định, tổng cộng %(total)s đồng%(base)s, chi từ Quỹ thi đua, khen thưởng của %(locality)s."
        ) % {
            "total": docformat.money(total),
            "base": (
                _(" (theo mức lương cơ sở %(amount)s đồng)") % {"amount": docformat.money(bases.pop())}
                if len(bases) == 1
                else ""
            ),
            "locality": locality,
        }
    else:
        money_article = _(
            "Tiền thưởng kèm theo theo quy định hiện hành, chi từ Quỹ thi đua, khen thưởng của %(locality)s."
        ) % {"locality": locality}
    articles = (
        _award_article([row.line for row in lines], whom, round_phrase(decision.round.name), decision.round.year),
        money_article,
        _(
            "Quyết định này có hiệu lực kể từ ngày ký. Văn phòng HĐND và UBND, Thường trực Hội đồng Thi đua – Khen thưởng %(locality)s, các đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
        )
        % {"locality": locality},
    )
    body = docformat.upper(council.issuing_body)
    reference = docformat.number_reference(decision.number, decision.symbol)
    return DecisionDocument(
        header=Header(
            parent_body="",
            body_lines=docformat.issuing_body_lines(council.issuing_body),
            number=docformat.document_number(decision.number, decision.symbol),
            place_date=place_date,
        ),
        title=_("QUYẾT ĐỊNH"),
        subject=decision.subject,
        authority=_("CHỦ TỊCH %(body)s") % {"body": body},
        legal_bases=_text_lines(decision.legal_bases),
        considering=_("Xét đề nghị của Thường trực Hội đồng Thi đua – Khen thưởng %(locality)s,")
        % {"locality": locality},
        decides=_("QUYẾT ĐỊNH:"),
        articles=tuple(
            Article(_("Điều %(number)s.") % {"number": number}, text) for number, text in enumerate(articles, start=1)
        ),
        signature=Signature(signer_capacity_lines(decision.signer_capacity), decision.signer_name),
        recipients_title=_("Nơi nhận:"),
        recipients=_text_lines(decision.recipients),
        list_title=_("DANH SÁCH KHEN THƯỞNG"),
        list_caption=_("(Kèm theo Quyết định số %(reference)s ngày %(date)s của Chủ tịch %(body)s)")
        % {
            "reference": reference,
            "date": docformat.short_date(decision.signed_on, month_of=today),
            "body": council.issuing_body,
        },
        rows=rows,
        total=total,
        total_text=docformat.money(total) if total else "",
        status=decision.status,
        is_draft=is_draft,
        stamp=_("DỰ THẢO") if is_draft else _("ĐÃ THU HỒI") if decision.is_revoked else "",
    )


# --- The paper ballot -------------------------------------------------------------


def _agenda(session: CouncilSession) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(session=session).select_related(*_line_joins("line__")).order_by("position", "id")
    )


def ballot_document(session: CouncilSession) -> BallotDocument:
    """The paper ballot: the agenda lines with a box to tick for agree or disagree, no name on it."""
    with translation.override(DOCUMENT_LANGUAGE):
        held = timezone.localtime(session.held_at).date()
        return BallotDocument(
            header=_council_header(session.council, number="", place_date=""),
            title=_("PHIẾU BẦU"),
            subject=_("Xét khen thưởng %(round)s") % {"round": round_phrase(session.round.name)},
            meeting=_("Phiên họp Hội đồng ngày %(date)s tại %(place)s")
            % {"date": docformat.short_date(held), "place": session.place},
            instruction=_(
                "Đánh dấu X vào một ô “Đồng ý” hoặc “Không đồng ý” ở từng dòng. Phiếu không ghi tên người bầu. Thành viên không tham gia xét dòng liên quan đến mình hoặc đơn vị mình thì để trống dòng đó."
            ),
            agree_label=_("Đồng ý"),
            disagree_label=_("Không đồng ý"),
            rows=tuple(
                ListRow(
                    number=item.position,
                    name=nominee_name(item.line),
                    position_unit=position_unit(item.line),
                    form=item.line.award_type.name_vi,
                )
                for item in _agenda(session)
            ),
        )


# --- The minutes ----------------------------------------------------------------------


def _clock(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return _("%(hour)s giờ %(minute)s") % {"hour": f"{local.hour:02d}", "minute": f"{local.minute:02d}"}


def _closing(held_on: dt.date, closed: dt.datetime | None) -> str:
    """When the minutes closed: the same day as the meeting, or the day written votes were counted."""
    if closed is None:
        return _("Biên bản kết thúc lúc      , đã được đọc lại cho các thành viên dự họp cùng nghe và thống nhất.")
    closed_on = timezone.localtime(closed).date()
    if closed_on == held_on:
        return _(
            "Biên bản kết thúc lúc %(time)s cùng ngày, đã được đọc lại cho các thành viên dự họp cùng nghe và thống nhất."
        ) % {"time": _clock(closed)}
    return _(
        "Biên bản kết thúc lúc %(time)s ngày %(date)s, đã được đọc lại cho các thành viên dự họp cùng nghe và thống nhất."
    ) % {"time": _clock(closed), "date": docformat.short_date(closed_on)}


def _sentence(text: str) -> str:
    """``text`` ending as a sentence does (a reason typed without its full stop)."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?…" else f"{text}."


def _added_late(session: CouncilSession) -> list[str]:
    """One sentence per line the secretariat added after the agenda was made: which, who, when."""
    texts = []
    for row in added_late(session):
        assert row.added_at is not None  # noqa: S101  type narrowing for mypy, not a check
        at = timezone.localtime(row.added_at)
        texts.append(
            _(
                "Thường trực bổ sung vào phiên họp sau khi lập chương trình: %(name)s (%(form)s), lúc %(time)s ngày %(date)s, người bổ sung: %(who)s."
            )
            % {
                "name": nominee_name(row.line),
                "form": row.line.award_type.name_vi,
                "time": _clock(at),
                "date": docformat.short_date(at.date()),
                "who": _person_name(row.added_by),
            }
        )
    return texts


def _void_votes(session: CouncilSession) -> tuple[str, ...]:
    """One sentence per vote declared void (fewer ballots than the quorum), oldest first."""
    texts = []
    for void in session.void_votes or ():
        at = dt.datetime.fromisoformat(void["at"])
        facts = {
            "time": _clock(at),
            "date": docformat.short_date(timezone.localtime(at).date()),
            "ballots": void["ballots"],
            "needed": void["needed"],
            "beside": void.get("beside_paper", 0),
        }
        if void.get("beside_paper"):
            texts.append(
                _(
                    "Lần bỏ phiếu lúc %(time)s ngày %(date)s không có giá trị: chỉ có %(beside)s phiếu trực tuyến hoặc bằng văn bản bên cạnh các phiếu giấy, mở hòm sẽ để lộ nội dung các phiếu đó; hòm phiếu đã được huỷ mà không mở và Hội đồng bỏ phiếu lại."
                )
                % facts
            )
            continue
        texts.append(
            _(
                "Lần bỏ phiếu lúc %(time)s ngày %(date)s không có giá trị: chỉ có %(ballots)s phiếu, ít hơn số thành viên tối thiểu %(needed)s; hòm phiếu đã được huỷ mà không mở và Hội đồng bỏ phiếu lại."
            )
            % facts
        )
    return tuple(texts)


def _counting(record: CountingRecord | None) -> tuple[str, ...]:
    """The counting record (biên bản kiểm phiếu): ballots issued, returned, valid, invalid; the absent."""
    if record is None:
        return ()
    return (
        _(
            "Số phiếu phát ra: %(issued)s (thành viên tham gia biểu quyết); số phiếu thu vào: %(returned)s; số phiếu hợp lệ: %(valid)s; số phiếu không hợp lệ: %(invalid)s."
        )
        % {"issued": record.issued, "returned": record.returned, "valid": record.valid, "invalid": record.invalid},
        _("Số thành viên vắng mặt, không biểu quyết: %(absent)s.") % {"absent": record.absent},
    )


def minutes_document(session: CouncilSession) -> MinutesDocument:
    """The minutes of a session whose results are frozen (closed, decided or sent back)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _minutes_document(session)


def _minutes_document(session: CouncilSession) -> MinutesDocument:
    council = session.council
    held = timezone.localtime(session.held_at)
    members = voting_members(council.pk, on=held_on(session))
    states = dict(Attendance.objects.filter(session=session).values_list("member_id", "state"))
    users = {
        m.user_id: m
        for m in CouncilMembership.objects.filter(pk__in=[m.pk for m in members.values()]).select_related("user")
    }
    labels: dict[str, str] = {
        AttendanceState.PRESENT: _("Có mặt"),
        AttendanceState.WRITTEN: _("Vắng, bỏ phiếu bằng văn bản"),
        AttendanceState.ABSENT: _("Vắng"),
    }
    present: list[MemberRow] = []
    absent: list[MemberRow] = []
    for user_id, membership in users.items():
        state = states.get(user_id, AttendanceState.ABSENT)
        row = MemberRow(
            _person_name(membership.user), membership.position, labels.get(state, labels[AttendanceState.ABSENT])
        )
        (present if state == AttendanceState.PRESENT else absent).append(row)
    present.sort(key=lambda r: name_sort_key(r.name))
    absent.sort(key=lambda r: name_sort_key(r.name))
    members_total = session.members_total or len(members)
    present_total = session.present_total if session.present_total is not None else len(present)
    needed = session.quorum_ballots or quorum_needed(  # the quorum fixed when the vote opened
        members_total, numerator=council.quorum_numerator, denominator=council.quorum_denominator
    )
    quorum_text = (
        _("Có mặt %(present)s/%(total)s thành viên; quy chế yêu cầu ít nhất %(needed)s thành viên: đủ điều kiện họp.")
        if present_total >= needed
        else _(
            "Có mặt %(present)s/%(total)s thành viên; quy chế yêu cầu ít nhất %(needed)s thành viên: không đủ điều kiện họp."
        )
    ) % {"present": present_total, "total": members_total, "needed": needed}
    results = session_results(session)
    rows: list[ResultRow] = []
    for item in _agenda(session):
        result = results.get(item.pk)
        if result is None:
            continue
        if result.passed:
            outcome = _("Đạt")
        elif result.reason == "required_line_failed":
            outcome = _("Không đạt (dòng danh hiệu cần có cùng phiên không đạt)")
        else:
            outcome = _("Không đạt")
        rows.append(
            ResultRow(
                number=item.position,
                name=nominee_name(item.line),
                position_unit=position_unit(item.line),
                form=item.line.award_type.name_vi,
                agree=result.agree,
                disagree=result.disagree,
                blank=result.blank,
                recused=result.recused,
                base=result.base,
                percent_text=docformat.percent(result.percent),
                passed=result.passed,
                outcome=outcome,
                not_voted=result.not_voted,
            )
        )
    passed = [row for row in rows if row.passed]
    conclusions = [
        _("Số dòng đưa ra xét: %(count)s; đạt tỷ lệ phiếu theo quy định: %(passed)s; không đạt: %(failed)s.")
        % {"count": len(rows), "passed": len(passed), "failed": len(rows) - len(passed)},
    ]
    if passed:
        conclusions.append(
            _(
                "Hội đồng thống nhất đề nghị Chủ tịch khen thưởng (hoặc đề nghị cấp trên khen thưởng) các trường hợp đạt: %(names)s."
            )
            % {"names": "; ".join(f"{row.number}. {row.name} ({row.form})" for row in passed)}
        )
    conclusions.extend(_added_late(session))
    closed = session.closed_at
    integrity = session_verify(session)
    record = counting_record(session)
    close_reason = (record.close_reason if record else "") or session.close_reason
    return MinutesDocument(
        header=_council_header(
            council,
            number=docformat.document_number(None, council.minutes_symbol or MINUTES_SYMBOL),
            place_date=docformat.administrative_date(council.place_name, held.date()),
        ),
        title=_("BIÊN BẢN"),
        subject=_("Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng %(round)s")
        % {"round": round_phrase(session.round.name)},
        opening=_("Vào hồi %(time)s, %(date)s, tại %(place)s, %(council)s họp xét khen thưởng %(round)s.")
        % {
            "time": _clock(session.held_at),
            "date": docformat.spelled_date(held.date()),
            "place": session.place,
            "council": council.name,
            "round": round_phrase(session.round.name),
        },
        chair=_person_name(session.chair),
        secretary=_person_name(session.secretary),
        members_total=members_total,
        present_total=present_total,
        quorum_needed=needed,
        quorum_text=quorum_text,
        present=tuple(present),
        absent=tuple(absent),
        rows=tuple(rows),
        conclusions=tuple(conclusions),
        chairman_note=session.decision_note,
        digest=session.results_digest,
        digest_text=_("Kết quả kiểm phiếu được khoá lúc %(time)s ngày %(date)s; mã kiểm tra (HMAC-SHA256): %(digest)s")
        % {
            "time": _clock(closed) if closed else "",
            "date": docformat.short_date(timezone.localtime(closed).date()) if closed else "",
            "digest": session.results_digest,
        },
        closing=_closing(held.date(), closed),
        signatures=(
            Signature((_("THƯ KÝ"),), _person_name(session.secretary)),
            Signature((_("CHỦ TRÌ"),), _person_name(session.chair)),
        ),
        integrity_ok=integrity.ok,
        integrity_problems=integrity.problems,
        results_note=_(
            "Mỗi dòng: Đồng ý + Không đồng ý + Không biểu quyết + Không tham gia (liên quan đến mình/đơn vị mình) + Không bỏ phiếu = số thành viên tham gia biểu quyết. Phiếu không hợp lệ được tính là không biểu quyết."
        ),
        counting=_counting(record),
        early_close=(
            _("Kết thúc bỏ phiếu trước hạn, lý do: %(reason)s") % {"reason": _sentence(close_reason)}
            if close_reason.strip()
            else ""
        ),
        void_votes=_void_votes(session),
        trackers_intro=_(
            "Danh sách mã phiếu đã kiểm (mỗi thành viên đối chiếu mã phiếu của mình; mã phiếu không cho biết nội dung lựa chọn):"
        ),
        trackers=tuple(sorted(record.trackers)) if record else (),
        legal_bases=tuple(bases_in_force(council, CitingPaper.MINUTES, held.date())),
    )


# --- The proposal to the higher council -------------------------------------------------


def proposal_items(session: CouncilSession) -> list[tuple[AgendaItem, str]]:
    """The session's lines that go up (passed, a higher level's, not excluded), with their votes as text."""
    return [
        (
            item,
            _("%(agree)s/%(base)s (%(percent)s)")
            % {"agree": result.agree, "base": result.base, "percent": docformat.percent(result.percent)},
        )
        for item, result in proposable_items(session)
    ]


def proposal_document(session: CouncilSession, *, today: dt.date | None = None) -> ProposalDocument:
    with translation.override(DOCUMENT_LANGUAGE):
        return _proposal_document(session, today or _today())


def _proposal_document(session: CouncilSession, today: dt.date) -> ProposalDocument:
    council = session.council
    parent = council.parent
    addressee_name = parent.name if parent else _("Hội đồng Thi đua – Khen thưởng cấp trên")
    chosen = proposal_items(session)
    rows = tuple(
        ListRow(
            number=index,
            name=nominee_name(item.line),
            position_unit=position_unit(item.line),
            form=item.line.award_type.name_vi,
            votes_text=votes,
            achievement=item.line.achievement,
        )
        for index, (item, votes) in enumerate(chosen, start=1)
    )
    whom = _whom(Counter(item.line.nominee_kind for item, _votes in chosen))
    held = timezone.localtime(session.held_at).date()
    return ProposalDocument(
        header=_council_header(
            council,
            number=docformat.document_number(None, council.proposal_symbol or PROPOSAL_SYMBOL),
            place_date=docformat.administrative_date(council.place_name, None, month_of=today),
        ),
        title=_("TỜ TRÌNH"),
        subject=_("Về việc đề nghị khen thưởng %(round)s") % {"round": round_phrase(session.round.name)},
        addressee=_("Kính gửi: %(name)s.") % {"name": addressee_name},
        paragraphs=(
            # the bases in force on the day the council considered the lines, as its decision cites them
            *bases_in_force(council, CitingPaper.PROPOSAL, held),
            _("Căn cứ kết quả họp xét của %(council)s ngày %(date)s,")
            % {"council": council.name, "date": docformat.short_date(held)},
            _(
                "%(council)s kính đề nghị %(addressee)s xem xét, khen thưởng cho %(whom)s đã có thành tích trong đợt xét khen thưởng %(round)s (có danh sách kèm theo)."
            )
            % {
                "council": council.name,
                "addressee": addressee_name,
                "whom": whom or _("các tập thể, cá nhân"),
                "round": round_phrase(session.round.name),
            },
            _("Kính trình %(addressee)s xem xét, quyết định./.") % {"addressee": addressee_name},
        ),
        list_title=_("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"),
        list_caption=_("(Kèm theo Tờ trình số %(reference)s ngày %(date)s của %(council)s)")
        % {
            "reference": docformat.number_reference(None, council.proposal_symbol or PROPOSAL_SYMBOL),
            "date": docformat.short_date(None, month_of=today),
            "council": council.name,
        },
        rows=rows,
        signature=Signature((_("TM. HỘI ĐỒNG"), _("CHỦ TỊCH")), council_chairman_name(council)),
        recipients_title=_("Nơi nhận:"),
        recipients=(_("- Như trên;"), _("- Lưu: VT, HĐTĐKT.")),
    )
