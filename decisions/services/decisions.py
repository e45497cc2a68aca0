"""The chairman's decision, its number register, award money, revocation, and
the honours registry with the eligibility rules that read it."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, Value, When, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import nfc, nfc_text
from common.uploads import upload_check
from councils import access
from councils.access import Capability
from councils.security import SecurityEventKind, security_event
from decisions import locks
from decisions.legal_bases import decision_bases_text, same_lines
from decisions.models import (
    AgendaItem,
    CouncilSession,
    Decision,
    DecisionLine,
    DecisionStatus,
    Honour,
    SessionStatus,
    SignerCapacity,
)
from decisions.services.ballot_box import session_verify
from decisions.services.proposals import results_from_parent_decision, results_from_parent_session
from decisions.services.results import decided_here, honour_for, session_results
from nominations import certificate_fit
from nominations.models import AwardRate, BaseSalary, NominationLine, NominationStatus
from nominations.round_wording import decision_subject


def no_vote_lines_of(session: CouncilSession) -> list[NominationLine]:
    """The lines that need no vote which the session's decision includes: those fixed on the
    session with its agenda or added to it explicitly, still accepted and in no other decision."""
    return list(
        NominationLine.objects.filter(
            no_vote_items__session=session,
            nomination__status=NominationStatus.ACCEPTED,
            award_type__deciding_level=session.council.level,
        )
        .exclude(decision_lines__decision__status__in=[DecisionStatus.DRAFT, DecisionStatus.REGISTERED])
        .select_related("award_type", "nomination__unit", "person", "collective", "household")
        .order_by("award_type__code", "nomination__unit__name", "position", "id")
    )


@transaction.atomic
def session_decide(
    *,
    chairman: Any,
    session: CouncilSession,
    approve_item_ids: list[int],
    excluded: dict[int, str] | None = None,
    unticked_reasons: dict[int, str] | None = None,
    subject: str = "",
) -> Decision | None:
    """The chairman approves the passing lines (and the lines that need no vote) within the
    council's authority, excluding some with a reason; returns the draft decision.

    ``excluded`` excludes lines outright ({agenda item id: reason}); with
    ``unticked_reasons`` (the page's reasons by item), every passing line not in
    ``approve_item_ids`` is excluded too, and needs its reason."""
    session = locks.sessions_for_update().select_related("council", "round").get(pk=session.pk)
    access.require(chairman, Capability.DECIDE, session.council_id)
    if not session.is_decidable:
        raise ValidationError(_("Chỉ quyết định khi phiên họp đã kết thúc bỏ phiếu."))
    integrity = session_verify(session)
    if not integrity.ok:
        raise ValidationError(list(integrity.problems))
    excluded = {int(k): nfc_text(v) for k, v in (excluded or {}).items()}
    if unticked_reasons is not None:
        # the chairman's page: a passing line he leaves unticked is excluded, with the reason typed beside it
        for item_id, result in session_results(session).items():
            if result.passed and item_id not in approve_item_ids and item_id not in excluded:
                excluded[item_id] = nfc_text(unticked_reasons.get(item_id, ""))
    if any(not reason for reason in excluded.values()):
        raise ValidationError(_("Dòng bị loại phải có lý do."))
    results = session_results(session)
    items = {item.pk: item for item in AgendaItem.objects.filter(session=session).select_related("line__award_type")}
    unknown = (set(approve_item_ids) | set(excluded)) - set(items)
    if unknown:
        raise ValidationError(_("Có dòng không thuộc phiên họp này."))
    failed = [items[i] for i in approve_item_ids if not results[i].passed]
    if failed:
        raise ValidationError(
            _("Không thể phê duyệt dòng không đạt tỷ lệ phiếu: %(lines)s.")
            % {"lines": ", ".join(f"{item.position}. {item.line.nominee}" for item in failed)}
        )
    level = session.council.level
    approved_lines = [
        items[i].line for i in approve_item_ids if i not in excluded and decided_here(items[i].line, level)
    ]
    no_vote_lines = no_vote_lines_of(session)
    for item_id, reason in excluded.items():
        items[item_id].excluded_reason = reason
    AgendaItem.objects.bulk_update([items[i] for i in excluded], ["excluded_reason"])
    session.status = SessionStatus.DECIDED
    session.decided_by = chairman
    session.decision_note = "\n".join(f"{items[i].position}. {items[i].line.nominee}: {r}" for i, r in excluded.items())
    session.save(update_fields=["status", "decided_by", "decision_note"])
    approved_ids = {i for i in approve_item_ids if i not in excluded}
    results_from_parent_session(
        rejected_line_ids=[item.line_id for item_id, item in items.items() if item_id not in approved_ids],
        decided_on=timezone.localdate(),
    )
    lines = approved_lines + no_vote_lines
    if not lines:
        return None
    council = session.council
    decision = Decision.objects.create(
        council=council,
        session=session,
        round=session.round,
        year=session.round.year,
        subject=nfc(subject) or decision_subject(session.round.name),
        legal_bases=decision_bases_text(council, timezone.localtime(session.held_at).date()),
        recipients=getattr(council, "decision_recipients", ""),
        symbol=getattr(council, "decision_symbol", "") or "QĐ-UBND",
        created_by=chairman,
    )
    DecisionLine.objects.bulk_create(
        [
            DecisionLine(decision=decision, line=line, position=index, achievement=line.achievement)
            for index, line in enumerate(lines, start=1)
        ]
    )
    return decision


@transaction.atomic
def session_send_back(*, chairman: Any, session: CouncilSession, reason: str) -> CouncilSession:
    """The chairman returns the session to the council (its lines may go to a new session)."""
    session = locks.sessions_for_update().get(pk=session.pk)
    access.require(chairman, Capability.DECIDE, session.council_id)
    if not session.is_decidable:
        raise ValidationError(_("Chỉ trả lại phiên họp đã kết thúc bỏ phiếu."))
    reason = nfc_text(reason)
    if not reason:
        raise ValidationError(_("Hãy ghi lý do trả lại hội đồng."))
    session.status = SessionStatus.RETURNED
    session.decided_by = chairman
    session.decision_note = reason
    session.save(update_fields=["status", "decided_by", "decision_note"])
    return session


def base_salary_on(day: dt.date) -> int:
    row = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if row is None:
        raise ValidationError(
            _("Chưa có mức lương cơ sở áp dụng cho ngày %(day)s; hãy nhập mức lương cơ sở trước.")
            % {"day": day.strftime("%d/%m/%Y")}
        )
    return int(row.amount)


def rates_on(decision: Decision, day: dt.date) -> dict[tuple[int, str], Decimal]:
    """The multiplier in force on ``day`` for each (award type, nominee kind) of the decision's
    lines, in one query (the rate with the latest start on or before that day wins)."""
    rates: dict[tuple[int, str], Decimal] = {}
    for award_type_id, kind, multiplier in (
        AwardRate.objects.filter(award_type_id__in=decision.lines.values("line__award_type_id"), valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("valid_from", "id")
        .values_list("award_type_id", "nominee_kind", "multiplier")
    ):
        rates[(award_type_id, kind)] = multiplier
    return rates


def _rated(rates: dict[tuple[int, str], Decimal], prefix: str = "") -> Q | None:
    """Rows whose (award type, nominee kind) is one of ``rates``' (``prefix``: the path to the line)."""
    clauses = [
        Q(**{f"{prefix}award_type_id": award_type_id, f"{prefix}nominee_kind": kind}) for award_type_id, kind in rates
    ]
    if not clauses:
        return None
    combined = clauses[0]
    for clause in clauses[1:]:
        combined |= clause
    return combined


def lines_without_rate(
    decision: Decision, day: dt.date, rates: dict[tuple[int, str], Decimal] | None = None
) -> list[DecisionLine]:
    """The decision's lines whose award carries money but has no rate in force on ``day``
    (one query: the lines with a rate are left out in SQL, not loaded)."""
    if rates is None:
        rates = rates_on(decision, day)
    rows = decision.lines.filter(line__award_type__carries_money=True)
    rated = _rated(rates, "line__")
    if rated is not None:
        rows = rows.exclude(rated)
    return list(
        rows.select_related("line__award_type", "line__person", "line__collective")
        .select_related("line__household")
        .order_by("position")
    )


def award_amount(*, multiplier: Decimal, base_salary: int, rounding: int) -> int:
    """multiplier × base salary, rounded to the council's unit (e.g. 1,000 VND), half up."""
    raw = Decimal(multiplier) * Decimal(base_salary)
    unit = Decimal(max(rounding, 1))
    return int((raw / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP) * unit)


def _next_number(council_id: int, year: int, symbol: str) -> int:
    register, _created = locks.number_registers_for_update().get_or_create(
        council_id=council_id, year=year, symbol=symbol
    )
    # skip numbers the office already typed in by hand
    used = set(
        Decision.objects.filter(council_id=council_id, year=year, symbol=symbol, number__isnull=False).values_list(
            "number", flat=True
        )
    )
    number = register.last_number + 1
    while number in used:
        number += 1
    register.last_number = number
    register.save(update_fields=["last_number"])
    return number


@transaction.atomic
def decision_register(
    *,
    actor: Any,
    decision: Decision,
    signed_on: dt.date,
    signer_name: str,
    signer_capacity: str,
    number: int | None = None,
    without_money: bool = False,
) -> Decision:
    """Give the decision its number (from the register, or typed from the People's Committee's
    own register), its signing date and signer; compute the money at the rates of that date and
    record the awards in the registry.  A line whose award has no money rate on that date is
    refused unless the office confirms it is awarded without money (``without_money``)."""
    decision = locks.decisions_for_update().select_related("council").get(pk=decision.pk)
    access.require(actor, Capability.MANAGE_DECISIONS, decision.council_id)
    if not decision.is_editable:
        raise ValidationError(_("Quyết định đã vào số hoặc đã thu hồi."))
    signer_name = nfc(signer_name)
    if not signer_name:
        raise ValidationError(_("Chưa nhập họ tên người ký."))
    if signer_capacity not in SignerCapacity.values:
        raise ValidationError(_("Thẩm quyền ký không hợp lệ."))
    base = base_salary_on(signed_on)
    rates = rates_on(decision, signed_on)
    unpaid = lines_without_rate(decision, signed_on, rates)
    if unpaid and not without_money:
        raise ValidationError(
            _(
                "Chưa có mức tiền thưởng áp dụng ngày %(day)s cho: %(lines)s. Hãy nhập hệ số tiền thưởng "
                "của hình thức đó, hoặc xác nhận khen thưởng không kèm tiền."
            )
            % {
                "day": signed_on.strftime("%d/%m/%Y"),
                "lines": "; ".join(f"{row.position}. {row.line.nominee} ({row.line.award_type})" for row in unpaid),
            }
        )
    _money_set(decision, rates=rates, base=base, rounding=decision.council.money_rounding)
    decision.year = signed_on.year
    if number is None:
        decision.number = _next_number(decision.council_id, decision.year, decision.symbol)
    else:
        if number <= 0:
            raise ValidationError(_("Số quyết định phải là số dương."))
        decision.number = number
    decision.legal_bases = _legal_bases_on_signing(decision, signed_on)
    decision.signed_on = signed_on
    decision.signer_name = signer_name
    decision.signer_capacity = signer_capacity
    decision.status = DecisionStatus.REGISTERED
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Số %(number)s/%(symbol)s năm %(year)s đã được dùng cho quyết định khác.")
            % {"number": f"{decision.number:02d}", "symbol": decision.symbol, "year": decision.year}
        ) from exc
    year = decision.round.year
    Honour.objects.bulk_create(
        [
            honour_for(line, council_id=decision.council_id, year=year, decision=decision)
            for line in NominationLine.objects.filter(decision_lines__decision=decision)
            .order_by("decision_lines__position")
            .only("pk", "award_type_id", "person_id", "collective_id", "household_id")
        ]
    )
    results_from_parent_decision(decision=decision)
    security_event(
        SecurityEventKind.DECISION_REGISTER,
        actor=actor,
        council_id=decision.council_id,
        detail=_("quyết định số %(number)s/%(symbol)s")
        % {"number": f"{decision.number:02d}", "symbol": decision.symbol},
    )
    return decision


def _money_set(decision: Decision, *, rates: dict[tuple[int, str], Decimal], base: int, rounding: int) -> int:
    """Every line's multiplier (the rate of its award and nominee kind, or none), base salary
    and amount, in one UPDATE however many lines: the amount depends on the rate only, so the
    CASE has a branch per rate, not per line."""
    mine = NominationLine.objects.filter(decision_lines__decision=decision)
    multipliers: list[When] = []
    amounts: list[When] = []
    for (award_type_id, kind), multiplier in rates.items():
        of_rate = Q(line_id__in=mine.filter(award_type_id=award_type_id, nominee_kind=kind).values("pk"))
        multipliers.append(When(of_rate, then=Value(multiplier)))
        if multiplier:  # a zero rate: no amount, as a missing one
            amount = award_amount(multiplier=multiplier, base_salary=base, rounding=rounding)
            amounts.append(When(of_rate, then=Value(amount)))
    none = Value(None)
    return DecisionLine.objects.filter(decision=decision).update(
        multiplier=Case(*multipliers, default=none, output_field=DecisionLine._meta.get_field("multiplier"))
        if multipliers
        else none,
        base_salary=base,
        amount=Case(*amounts, default=none, output_field=DecisionLine._meta.get_field("amount")) if amounts else none,
    )


def _legal_bases_on_signing(decision: Decision, signed_on: dt.date) -> str:
    """The decision cites the bases in force on the day it is signed: the text filled in for
    the draft (or none) is filled again for that day; a text the office edited is kept."""
    drafted_on = timezone.localtime(decision.session.held_at if decision.session else decision.created_at).date()
    filled = decision_bases_text(decision.council, drafted_on)
    if decision.legal_bases.strip() and not same_lines(decision.legal_bases, filled):
        return decision.legal_bases
    return decision_bases_text(decision.council, signed_on)


@transaction.atomic
def decision_revoke(
    *,
    actor: Any,
    decision: Decision,
    reason: str,
    revoked_by_number: str,
    revoked_by_date: dt.date | None,
) -> Decision:
    """Revoke a registered decision by the decision that revokes it (its number, e.g.
    "25/QĐ-UBND", and its date); its honours leave the registry."""
    decision = locks.decisions_for_update().get(pk=decision.pk)
    access.require(actor, Capability.REVOKE, decision.council_id)
    reason = nfc_text(reason)
    if not reason:
        raise ValidationError(_("Hãy ghi lý do thu hồi quyết định."))
    revoked_by_number = nfc(revoked_by_number)
    if not revoked_by_number:
        raise ValidationError(_("Hãy ghi số quyết định thu hồi."))
    if decision.status != DecisionStatus.REGISTERED:
        raise ValidationError(_("Chỉ thu hồi được quyết định đã vào số."))
    if revoked_by_date is not None:
        if revoked_by_date > timezone.localdate():
            raise ValidationError(_("Ngày quyết định thu hồi không được sau ngày hôm nay."))
        if decision.signed_on is not None and revoked_by_date < decision.signed_on:
            raise ValidationError(
                _("Ngày quyết định thu hồi không được trước ngày ký quyết định bị thu hồi (%(day)s).")
                % {"day": decision.signed_on.strftime("%d/%m/%Y")}
            )
    decision.status = DecisionStatus.REVOKED
    decision.revoked_reason = reason
    decision.revoked_at = timezone.now()
    decision.revoked_by_number = revoked_by_number
    decision.revoked_by_date = revoked_by_date
    decision.full_clean(exclude=["council", "session", "round", "created_by"])
    decision.save(update_fields=["status", "revoked_reason", "revoked_at", "revoked_by_number", "revoked_by_date"])
    Honour.objects.filter(decision=decision).delete()
    security_event(
        SecurityEventKind.DECISION_REVOKE,
        actor=actor,
        council_id=decision.council_id,
        detail=_("quyết định số %(number)s/%(symbol)s, thu hồi bằng %(by)s")
        % {"number": f"{decision.number:02d}", "symbol": decision.symbol, "by": revoked_by_number},
    )
    return decision


@transaction.atomic
def decision_update_text(
    *,
    actor: Any,
    decision: Decision,
    subject: str,
    legal_bases: str,
    recipients: str,
    achievements: dict[int, str] | None = None,
) -> Decision:
    """Edit a draft's words: its subject, legal bases, recipients and the achievement
    written for each line ({decision line id: text}); a text its award type's paper cannot
    hold on the council's certificate (``nominations.certificate_fit``) is refused here."""
    decision = locks.decisions_for_update().get(pk=decision.pk)
    access.require(actor, Capability.MANAGE_DECISIONS, decision.council_id)
    if not decision.is_editable:
        raise ValidationError(_("Chỉ sửa được quyết định còn là dự thảo."))
    subject = nfc(subject)
    if not subject:
        raise ValidationError(_("Chưa nhập trích yếu của quyết định."))
    lines = {row.pk: row for row in decision.lines.select_related("line__award_type")}
    texts = {int(pk): nfc_text(text) for pk, text in (achievements or {}).items()}
    if set(texts) - set(lines):
        raise ValidationError(_("Có dòng không thuộc quyết định này."))
    empty = sorted(lines[pk].position for pk, text in texts.items() if not text)
    if empty:
        raise ValidationError(
            _("Thành tích không được để trống (dòng %(lines)s).") % {"lines": ", ".join(map(str, empty))}
        )
    # the certificate prints the achievement: a text it cannot hold is refused here, not at printing
    too_long: dict[int, str] = {}
    for pk, text in texts.items():
        misfits = certificate_fit.fit_errors(
            lines[pk].line.award_type, printed_name="", achievement=text, year=decision.year
        )
        if misfits:
            too_long[lines[pk].position] = misfits[0][1]
    if too_long:
        raise ValidationError(
            [
                _("Dòng %(line)s: %(message)s") % {"line": position, "message": message}
                for position, message in sorted(too_long.items())
            ]
        )
    decision.subject = subject
    decision.legal_bases = nfc_text(legal_bases)
    decision.recipients = nfc_text(recipients)
    decision.full_clean(exclude=["council", "session", "round", "created_by"])
    decision.save(update_fields=["subject", "legal_bases", "recipients"])
    changed = [lines[pk] for pk, text in texts.items() if lines[pk].achievement != text]
    for row in changed:
        row.achievement = texts[row.pk]
    DecisionLine.objects.bulk_update(changed, ["achievement"])
    return decision


SCAN_EXTENSION = "pdf"


@transaction.atomic
def decision_attach_scan(*, actor: Any, decision: Decision, upload: UploadedFile) -> Decision:
    """Keep the scan of the signed decision: a PDF by its structure (not its name), size
    limited, stored under a random name; a new scan replaces the old one."""
    decision = locks.decisions_for_update().get(pk=decision.pk)
    access.require(actor, Capability.MANAGE_DECISIONS, decision.council_id)
    if decision.status != DecisionStatus.REGISTERED:
        raise ValidationError(_("Chỉ tải bản quét lên cho quyết định đã vào số."))
    scan_message = _("Bản quét phải là tệp PDF; nội dung tệp “%(name)s” không phải PDF nên bị từ chối.")
    checked = upload_check(
        upload=upload, allowed={SCAN_EXTENSION: "application/pdf"}, unsupported=scan_message, mismatch=scan_message
    )
    old = decision.scan.name
    storage = decision.scan.storage
    decision.scan.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(checked.content), save=False)
    try:
        decision.save(update_fields=["scan"])
    except Exception:
        decision.scan.delete(save=False)  # no row, no file
        raise
    if old:
        transaction.on_commit(lambda: storage.delete(old))
    return decision


@dataclass(frozen=True)
class EligibilityProblem:
    line_id: int
    message: str


def _holder(line: NominationLine) -> tuple[int | None, int | None, int | None]:
    return (line.person_id, line.collective_id, line.household_id)


def _holders_q(lines: list[NominationLine]) -> Q | None:
    """Rows that belong to one of ``lines``' nominees (matched exactly by :func:`_holder` after)."""
    clauses = [
        Q(**{f"{field}__in": ids})
        for field in ("person_id", "collective_id", "household_id")
        if (ids := {getattr(line, field) for line in lines} - {None})
    ]
    if not clauses:
        return None
    combined = clauses[0]
    for clause in clauses[1:]:
        combined |= clause
    return combined


def eligibility_problems(*, lines: list[NominationLine], year: int) -> list[EligibilityProblem]:
    """Rules that read the registry: a title that needs another title the same year, or N
    consecutive years of it.  The required title on an accepted line of the same round counts
    for the same year.

    The registry is read for all the lines at once (two queries, however many lines), then each
    line is decided here."""
    prefetch_related_objects(lines, "award_type__prerequisite", "nomination", "person", "collective", "household")
    ruled = [
        line for line in lines if line.award_type.prerequisite_id is not None and line.award_type.prerequisite_years > 0
    ]
    holders = _holders_q(ruled)
    if holders is None:
        return []
    required_ids = {line.award_type.prerequisite_id for line in ruled}
    earliest = year - max(line.award_type.prerequisite_years for line in ruled) + 1
    # (required award type, holder) -> the years the registry records it
    registered: dict[tuple[int, tuple[int | None, int | None, int | None]], set[int]] = {}
    for award_type_id, held_year, person_id, collective_id, household_id in Honour.objects.filter(
        holders, award_type_id__in=required_ids, year__gte=earliest, year__lte=year
    ).values_list("award_type_id", "year", "person_id", "collective_id", "household_id"):
        registered.setdefault((award_type_id, (person_id, collective_id, household_id)), set()).add(held_year)
    # lines of the required titles on the same dossier, or on a dossier of the same round sent or accepted
    sent = {NominationStatus.SUBMITTED, NominationStatus.ACCEPTED}
    pending: dict[tuple[int, tuple[int | None, int | None, int | None]], list[tuple[int, int, int, str]]] = {}
    for pk, award_type_id, nomination_id, round_id, status, person_id, collective_id, household_id in (
        NominationLine.objects.filter(holders, award_type_id__in=required_ids)
        .filter(
            Q(nomination__round_id__in={line.nomination.round_id for line in ruled}, nomination__status__in=sent)
            | Q(nomination_id__in={line.nomination_id for line in ruled})
        )
        .values_list(
            "pk",
            "award_type_id",
            "nomination_id",
            "nomination__round_id",
            "nomination__status",
            "person_id",
            "collective_id",
            "household_id",
        )
    ):
        pending.setdefault((award_type_id, (person_id, collective_id, household_id)), []).append(
            (pk, nomination_id, round_id, status)
        )
    problems = []
    for line in ruled:
        award = line.award_type
        required = award.prerequisite
        assert required is not None  # noqa: S101  type narrowing for mypy, not a check
        years = award.prerequisite_years
        key = (required.pk, _holder(line))
        needed_years = list(range(year - years + 1, year + 1))
        held = registered.get(key, set()) & set(needed_years)
        if year not in held and any(
            pk != line.pk
            and (nomination_id == line.nomination_id or (round_id == line.nomination.round_id and status in sent))
            for pk, nomination_id, round_id, status in pending.get(key, [])
        ):
            held.add(year)
        missing = [y for y in needed_years if y not in held]
        if missing:
            if years == 1:
                message = _(
                    "%(name)s: “%(award)s” cần có “%(required)s” cùng năm %(year)s (chưa có trong sổ khen thưởng hay trong đợt này)."
                ) % {
                    "name": line.nominee,
                    "award": award.name_vi,
                    "required": required.name_vi,
                    "year": year,
                }
            else:
                message = _(
                    "%(name)s: “%(award)s” cần %(count)s năm liên tục đạt “%(required)s”; còn thiếu năm %(years)s."
                ) % {
                    "name": line.nominee,
                    "award": award.name_vi,
                    "count": years,
                    "required": required.name_vi,
                    "years": ", ".join(str(y) for y in missing),
                }
            problems.append(EligibilityProblem(line.pk, message))
    return problems
