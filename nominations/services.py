"""Writes on the council's data. Each service validates, runs in one
transaction and raises ``ValidationError`` with a message a user can read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import uploads
from common.text import fold, name_sort_key, nfc, nfc_text
from councils import access
from councils.models import Unit
from nominations import award_wording, certificate_fit, locks
from nominations.models import (
    Attachment,
    AwardMethod,
    AwardType,
    Collective,
    DocumentKind,
    Gender,
    Household,
    Nomination,
    NominationLine,
    NominationStatus,
    NomineeKind,
    Person,
    Round,
    RoundAwardType,
    RoundQuota,
    SubjectCategory,
    Transition,
    TransitionAction,
)
from nominations.selectors import (
    PersonKey,
    collectives_matching,
    households_matching,
    people_matching,
    unit_award_counts,
)
from printing.data import CertificateLayout

# --- People, collectives, households ----------------------------------------


def _person_new(
    *,
    council_id: int,
    full_name: str,
    birth_date: dt.date | None = None,
    birth_year_only: bool = False,
    gender: str = "",
    position: str = "",
    unit: Unit | None = None,
    citizen_id: str = "",
) -> Person:
    """An unsaved person, its text normalised and its search keys set: the one way a person is made."""
    full_name = nfc(full_name)
    if not full_name:
        raise ValidationError(_("Họ và tên không được để trống."))
    return Person(
        council_id=council_id,
        full_name=full_name,
        birth_date=birth_date,
        birth_year_only=bool(birth_year_only and birth_date),
        gender=gender,
        position=nfc(position),
        unit=unit,
        citizen_id=nfc(citizen_id),
        search_name=fold(full_name),
        sort_key=name_sort_key(full_name),
    )


def person_create(
    *,
    council_id: int,
    full_name: str,
    birth_date: dt.date | None = None,
    birth_year_only: bool = False,
    gender: str = "",
    position: str = "",
    unit: Unit | None = None,
    citizen_id: str = "",
) -> Person:
    person = _person_new(
        council_id=council_id,
        full_name=full_name,
        birth_date=birth_date,
        birth_year_only=birth_year_only,
        gender=gender,
        position=position,
        unit=unit,
        citizen_id=citizen_id,
    )
    person.full_clean()
    person.save()
    return person


def person_find_or_create(
    *,
    council_id: int,
    full_name: str,
    birth_date: dt.date | None,
    birth_year_only: bool = False,
    gender: str = "",
    position: str = "",
    unit: Unit | None = None,
) -> Person:
    """The same person across years (``people_matching``), or a new one."""
    key = person_key(full_name, birth_date, year_only=birth_year_only)
    existing = people_matching(council_id=council_id, keys=[key]).get(key)
    if existing:
        return existing
    return person_create(
        council_id=council_id,
        full_name=full_name,
        birth_date=birth_date,
        birth_year_only=birth_year_only,
        gender=gender,
        position=position,
        unit=unit,
    )


def person_key(full_name: str, birth_date: dt.date | None, *, year_only: bool = False) -> PersonKey:
    """What tells two people of a council apart (``people_matching``): the NFC name, the birth
    date and whether only its year is known."""
    return (nfc(full_name), birth_date, bool(year_only and birth_date))


def _collective_new(*, council_id: int, name: str, unit: Unit | None) -> Collective:
    name = nfc(name)
    if not name:
        raise ValidationError(_("Tên tập thể không được để trống."))
    return Collective(council_id=council_id, name=name, unit=unit, search_name=fold(name))


def collective_find_or_create(*, council_id: int, name: str, unit: Unit | None = None) -> Collective:
    collective = collectives_matching(council_id=council_id, names=[name]).get(nfc(name))
    if collective:
        return collective
    collective = _collective_new(council_id=council_id, name=name, unit=unit)
    collective.full_clean()
    collective.save()
    return collective


def _household_new(*, council_id: int, head_name: str, address: str, unit: Unit | None, head_gender: str) -> Household:
    head_name, address = nfc(head_name), nfc(address)
    if not head_name:
        raise ValidationError(_("Tên chủ hộ không được để trống."))
    return Household(
        council_id=council_id,
        head_name=head_name,
        head_gender=head_gender,
        address=address,
        unit=unit,
        search_name=fold(f"{head_name} {address}"),
        sort_key=name_sort_key(head_name),
    )


def _household_learns_gender(household: Household, head_gender: str) -> bool:
    """A head's gender given now is recorded on a household that had none (its papers then say
    "ông" or "bà"); True when the household changed."""
    if head_gender and not household.head_gender:
        household.head_gender = head_gender
        return True
    return False


def household_find_or_create(
    *, council_id: int, head_name: str, address: str = "", unit: Unit | None = None, head_gender: str = ""
) -> Household:
    """The council's household of that head, address and unit (``households_matching``), or a new one."""
    if not nfc(head_name):
        raise ValidationError(_("Tên chủ hộ không được để trống."))
    key = (nfc(head_name), nfc(address), unit.pk if unit else None)
    household = households_matching(council_id=council_id, keys=[key]).get(key)
    if household:
        if _household_learns_gender(household, head_gender):
            household.full_clean()
            household.save(update_fields=["head_gender"])
        return household
    household = _household_new(
        council_id=council_id, head_name=head_name, address=address, unit=unit, head_gender=head_gender
    )
    household.full_clean()
    household.save()
    return household


# --- Dossiers ---------------------------------------------------------------


def ensure_round_open(round: Round) -> None:
    if not round.is_open():
        closes = timezone.localtime(round.closes_at)
        raise ValidationError(
            _("Đợt “%(name)s” đã hết hạn nhận hồ sơ (hạn nộp %(deadline)s) hoặc chưa mở.")
            % {"name": round.name, "deadline": closes.strftime("%H:%M %d/%m/%Y")}
        )


def ensure_editable(nomination: Nomination) -> None:
    if not nomination.is_editable:
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(status)s”, không sửa được.") % {"status": nomination.get_status_display()}
        )


@transaction.atomic
def nomination_create(*, actor: Any, unit: Unit, round: Round, title: str, note: str = "") -> Nomination:
    """A unit's draft dossier in a round (the flow is started by ``workflows.services.dossier_create``)."""
    access.require_unit(actor, unit.pk, _("Bạn không thuộc đơn vị này."))
    if round.council_id != unit.council_id:
        raise ValidationError(_("Đợt xét này không thuộc hội đồng của đơn vị."))
    ensure_round_open(round)
    nomination = Nomination(
        round=round,
        unit=unit,
        unit_name=unit.name,
        title=nfc(title),
        note=nfc_text(note),
        created_by=actor,
        status=NominationStatus.DRAFT,
    )
    if not nomination.title:
        raise ValidationError(_("Trích yếu hồ sơ không được để trống."))
    nomination.full_clean()
    nomination.save()
    nomination_record(
        nomination=nomination, action=TransitionAction.CREATED, to_status=NominationStatus.DRAFT, actor=actor
    )
    return nomination


@transaction.atomic
def nomination_update(*, actor: Any, nomination: Nomination, title: str, note: str) -> Nomination:
    _ensure_unit(actor, nomination)
    ensure_editable(nomination)
    nomination.title, nomination.note = nfc(title), nfc_text(note)
    if not nomination.title:
        raise ValidationError(_("Trích yếu hồ sơ không được để trống."))
    nomination.full_clean()
    nomination.save(update_fields=["title", "note"])
    return nomination


def nomination_record(
    *, nomination: Nomination, action: str, to_status: str, actor: Any, reason: str = "", from_status: str | None = None
) -> Transition:
    """Record one transition (who, when, why); called inside the caller's transaction."""
    return Transition.objects.create(
        nomination=nomination,
        action=action,
        from_status=nomination.status if from_status is None else from_status,
        to_status=to_status,
        actor=actor,
        reason=nfc_text(reason),
    )


def nomination_set_status(
    *, nomination: Nomination, status: str, action: str, actor: Any, reason: str = "", **fields: Any
) -> Transition:
    """Move a dossier to ``status`` and record it; only the flow services call this."""
    previous = nomination.status
    nomination.status = status
    for name, value in fields.items():
        setattr(nomination, name, value)
    nomination.save(update_fields=["status", *fields.keys()])
    return nomination_record(
        nomination=nomination, action=action, to_status=status, actor=actor, reason=reason, from_status=previous
    )


# --- Lines ------------------------------------------------------------------

SUBJECT_FOR_KIND = {
    NomineeKind.COLLECTIVE: {SubjectCategory.COLLECTIVE, SubjectCategory.ENTERPRISE},
    NomineeKind.HOUSEHOLD: {SubjectCategory.HOUSEHOLD},
    NomineeKind.INDIVIDUAL: {
        SubjectCategory.LEADER_CENTRAL,
        SubjectCategory.LEADER_DEPARTMENT,
        SubjectCategory.BUSINESS,
        SubjectCategory.LEADER_OTHER,
        SubjectCategory.DIRECT_WORKER,
    },
}
DEFAULT_SUBJECT = {
    NomineeKind.COLLECTIVE: SubjectCategory.COLLECTIVE,
    NomineeKind.HOUSEHOLD: SubjectCategory.HOUSEHOLD,
    NomineeKind.INDIVIDUAL: SubjectCategory.DIRECT_WORKER,
}


class LineRules:
    """What the line rules read of a dossier's round and unit (the round's offers, the unit's own
    quotas, its lines counted per award type, the council's certificate layout), each read once
    and kept: one line reads them once, and a pasted list of any length reads them once too."""

    def __init__(self, nomination: Nomination) -> None:
        self.nomination = nomination
        self._offers: dict[int, RoundAwardType] | None = None
        self._unit_quotas: dict[int, int] | None = None
        self._used: dict[int | None, dict[int, int]] = {}
        self._layouts: dict[int, CertificateLayout] = {}

    def offer(self, award_type: AwardType) -> RoundAwardType | None:
        if self._offers is None:
            self._offers = {
                offer.award_type_id: offer for offer in RoundAwardType.objects.filter(round_id=self.nomination.round_id)
            }
        return self._offers.get(award_type.pk)

    def quota(self, offer: RoundAwardType) -> int | None:
        """The fewest lines of the offer's award type the unit may propose: the round's count,
        its share of the unit's staff, and the unit's own quota set on the round's quota page."""
        limits = []
        if offer.quota_count is not None:
            limits.append(offer.quota_count)
        if offer.quota_percent is not None:
            limits.append(math.floor(Decimal(self.nomination.unit.staff_count) * offer.quota_percent / Decimal(100)))
        if self._unit_quotas is None:
            self._unit_quotas = {}
            for award_type_id, set_quota in RoundQuota.objects.filter(
                round_id=self.nomination.round_id, unit=self.nomination.unit
            ).values_list("award_type_id", "quota"):
                self._unit_quotas.setdefault(award_type_id, set_quota)
        unit_quota = self._unit_quotas.get(offer.award_type_id)
        if unit_quota is not None:
            limits.append(unit_quota)
        return min(limits) if limits else None

    def used(self, award_type: AwardType, *, exclude_line_id: int | None = None) -> int:
        """The unit's lines of ``award_type`` in the round, as stored when first asked."""
        if exclude_line_id not in self._used:
            self._used[exclude_line_id] = unit_award_counts(
                round=self.nomination.round, unit=self.nomination.unit, exclude_line_id=exclude_line_id
            )
        return self._used[exclude_line_id].get(award_type.pk, 0)

    def layout(self, award_type: AwardType) -> CertificateLayout:
        if award_type.council_id not in self._layouts:
            self._layouts[award_type.council_id] = certificate_fit.layout_for(award_type.council_id)
        return self._layouts[award_type.council_id]


def _check_line(
    *,
    nomination: Nomination,
    award_type: AwardType,
    nominee_kind: str,
    achievement: str,
    subject_category: str,
    method: str,
    extra_in_batch: int = 0,
    exclude_line_id: int | None = None,
    nominee: NomineeData | None = None,
    rules: LineRules | None = None,
) -> None:
    rules = rules or LineRules(nomination)
    offer = rules.offer(award_type)
    if offer is None or not award_type.is_active:
        raise ValidationError(
            _("“%(award)s” không có trong các hình thức xét của đợt này.") % {"award": award_type.name_vi}
        )
    if not award_type.allows(nominee_kind):
        raise ValidationError(
            _("“%(award)s” không xét cho đối tượng “%(kind)s”.")
            % {"award": award_type.name_vi, "kind": NomineeKind(nominee_kind).label}
        )
    if not achievement:
        raise ValidationError(_("Chưa nhập tóm tắt thành tích."))
    # refused when typed, not when its certificate is built after the decision
    misfits = certificate_fit.fit_errors(
        award_type,
        printed_name=printed_nominee_name(award_type, nominee) if nominee is not None else "",
        achievement=achievement,
        year=nomination.round.year,
        layout=rules.layout(award_type) if award_type.issues_paper else None,
    )
    if misfits:
        code, message = misfits[0]
        raise ValidationError(message, code=code)
    if subject_category not in SUBJECT_FOR_KIND[NomineeKind(nominee_kind)]:
        raise ValidationError(_("Phân loại đối tượng không phù hợp với loại đối tượng được đề nghị."))
    if method not in AwardMethod.values:
        raise ValidationError(_("Phương thức khen thưởng không hợp lệ."))
    quota = rules.quota(offer)
    if quota is not None:
        used = rules.used(award_type, exclude_line_id=exclude_line_id)
        if used + extra_in_batch + 1 > quota:
            raise ValidationError(
                _("Vượt chỉ tiêu: đơn vị được đề nghị tối đa %(quota)s “%(award)s” trong đợt này (đã có %(used)s).")
                % {"quota": quota, "award": award_type.name_vi, "used": used + extra_in_batch}
            )


@dataclass
class NomineeData:
    """What identifies a nominee on a line, before it is matched to a stored row."""

    kind: str
    full_name: str = ""
    birth_date: dt.date | None = None
    birth_year_only: bool = False  # "1970" typed: ``birth_date`` is 1 January of it
    gender: str = ""
    position: str = ""
    person: Person | None = None
    collective_name: str = ""
    household_head: str = ""
    household_address: str = ""


def printed_nominee_name(award_type: AwardType, nominee: NomineeData) -> str:
    """The nominee's name as the certificate prints it: "Ông Nguyễn Văn An", the collective's name,
    "Hộ gia đình bà Lê Thị Hoa"."""
    if nominee.kind == NomineeKind.HOUSEHOLD:
        return award_type.household_name(nominee.household_head, nominee.gender) if nominee.household_head else ""
    if nominee.kind == NomineeKind.COLLECTIVE:
        return nfc(nominee.collective_name)
    name = nominee.person.full_name if nominee.person else nfc(nominee.full_name)
    gender = nominee.person.gender if nominee.person else nominee.gender
    return f"{award_wording.PERSON_TITLES.get(gender, '')} {name}".strip() if name else ""


# the council and unit of a nominee made here are the dossier's own: not looked up again per row
_KNOWN_RELATIONS = ["council", "unit"]


def _nominees_resolve(nomination: Nomination, nominees: list[NomineeData]) -> list[dict[str, Any]]:
    """Each nominee matched to its stored person, collective or household (one query per kind,
    whatever the number), the missing ones made in one statement per kind; for one line and a
    pasted list alike.  A nominee named twice is matched or made once."""
    council_id, unit = nomination.unit.council_id, nomination.unit
    if any(data.kind not in NomineeKind.values for data in nominees):
        raise ValidationError(_("Loại đối tượng không hợp lệ."))
    typed = [data for data in nominees if data.kind == NomineeKind.INDIVIDUAL and data.person is None]
    people = people_matching(council_id=council_id, keys=[_nominee_person_key(data) for data in typed])
    new_people: list[Person] = []
    for data in typed:
        key = _nominee_person_key(data)
        if key not in people:
            people[key] = _person_new(
                council_id=council_id,
                full_name=data.full_name,
                birth_date=data.birth_date,
                birth_year_only=data.birth_year_only,
                gender=data.gender,
                position=data.position,
                unit=unit,
            )
            new_people.append(people[key])
    groups = [data for data in nominees if data.kind == NomineeKind.COLLECTIVE]
    collectives = collectives_matching(council_id=council_id, names=[data.collective_name for data in groups])
    new_collectives: list[Collective] = []
    for data in groups:
        name = nfc(data.collective_name)
        if name not in collectives:
            collectives[name] = _collective_new(council_id=council_id, name=name, unit=unit)
            new_collectives.append(collectives[name])
    homes = [data for data in nominees if data.kind == NomineeKind.HOUSEHOLD]
    if any(not nfc(data.household_head) for data in homes):
        raise ValidationError(_("Tên chủ hộ không được để trống."))
    home_keys = [(nfc(data.household_head), nfc(data.household_address), unit.pk) for data in homes]
    households = households_matching(council_id=council_id, keys=home_keys)
    new_households: list[Household] = []
    learnt: dict[int, Household] = {}
    for data, home_key in zip(homes, home_keys, strict=True):
        household = households.get(home_key)
        if household is None:
            household = households[home_key] = _household_new(
                council_id=council_id,
                head_name=data.household_head,
                address=data.household_address,
                unit=unit,
                head_gender=data.gender,
            )
            new_households.append(household)
        elif _household_learns_gender(household, data.gender):
            learnt[household.pk] = household
    for made in (*new_people, *new_collectives, *new_households, *learnt.values()):
        made.full_clean(exclude=_KNOWN_RELATIONS)
    Person.objects.bulk_create(new_people)
    Collective.objects.bulk_create(new_collectives)
    Household.objects.bulk_create(new_households)
    Household.objects.bulk_update(list(learnt.values()), ["head_gender"])
    resolved: list[dict[str, Any]] = []
    homes_left = iter(home_keys)
    for data in nominees:
        if data.kind == NomineeKind.INDIVIDUAL:
            person = data.person or people[_nominee_person_key(data)]
            if person.council_id != council_id:
                raise ValidationError(_("Người được đề nghị không thuộc hội đồng này."))
            resolved.append({"person": person})
        elif data.kind == NomineeKind.COLLECTIVE:
            resolved.append({"collective": collectives[nfc(data.collective_name)]})
        else:
            resolved.append({"household": households[next(homes_left)]})
    return resolved


def _nominee_person_key(data: NomineeData) -> PersonKey:
    return person_key(data.full_name, data.birth_date, year_only=data.birth_year_only)


@transaction.atomic
def line_add(
    *,
    actor: Any,
    nomination: Nomination,
    award_type: AwardType,
    nominee: NomineeData,
    achievement: str,
    method: str = AwardMethod.REGULAR,
    subject_category: str = "",
) -> NominationLine:
    nomination = _locked_editable(actor, nomination)
    achievement = nfc_text(achievement)
    subject_category = subject_category or DEFAULT_SUBJECT[NomineeKind(nominee.kind)]
    _check_line(
        nomination=nomination,
        award_type=award_type,
        nominee_kind=nominee.kind,
        achievement=achievement,
        subject_category=subject_category,
        method=method,
        nominee=nominee,
    )
    (line,) = _build_lines(
        nomination,
        [PlannedLine(award_type, nominee, achievement, method, subject_category)],
        start=_last_position(nomination),
    )
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def line_update(
    *,
    actor: Any,
    line: NominationLine,
    award_type: AwardType,
    nominee: NomineeData,
    achievement: str,
    method: str = AwardMethod.REGULAR,
    subject_category: str = "",
) -> NominationLine:
    """Change a line of a draft or returned dossier: the same rules as ``line_add`` (this line
    not counted twice against the quota), the nominee matched or made as ``line_add`` does, and
    the change recorded in the dossier's history.

    A person, collective or household is one identity across dossiers: a new name or birth date
    points the line at the matching (or a new) person and leaves the old one as it is; a gender
    or position typed for a person (a head's gender for a household) is written on it only when
    no other dossier names it, else refused, so no other dossier changes silently."""
    nomination = _locked_editable(actor, line.nomination)
    line = NominationLine.objects.select_related("award_type", "person", "collective", "household").get(
        pk=line.pk, nomination=nomination
    )
    achievement = nfc_text(achievement)
    subject_category = subject_category or DEFAULT_SUBJECT[NomineeKind(nominee.kind)]
    _check_line(
        nomination=nomination,
        award_type=award_type,
        nominee_kind=nominee.kind,
        achievement=achievement,
        subject_category=subject_category,
        method=method,
        exclude_line_id=line.pk,
        nominee=nominee,
    )
    before = _line_summary(line)
    (resolved,) = _nominees_resolve(nomination, [nominee])
    details_changed = _nominee_details_apply(line, resolved, nominee)
    line.award_type = award_type
    line.nominee_kind = nominee.kind
    line.person = resolved.get("person")
    line.collective = resolved.get("collective")
    line.household = resolved.get("household")
    line.achievement = achievement
    line.method = method
    line.subject_category = subject_category
    line.full_clean()
    line.save()
    changes = _line_changes(before, _line_summary(line), details_changed=details_changed)
    if changes:
        nomination_record(
            nomination=nomination,
            action=TransitionAction.LINE_UPDATED,
            to_status=nomination.status,
            actor=actor,
            reason=_("Dòng %(number)s: %(changes)s.") % {"number": line.position, "changes": "; ".join(changes)},
        )
    return line


def _line_summary(line: NominationLine) -> dict[str, str]:
    return {
        "award": line.award_type.code,
        "nominee": _nominee_label(line),
        "achievement": line.achievement,
        "method": line.get_method_display(),
        "subject": line.get_subject_category_display(),
    }


def _nominee_label(line: NominationLine) -> str:
    """The nominee as the history names it: a person with the birth date, a household with its address."""
    if line.person is not None and line.person.birth_date:
        return f"{line.person.full_name} ({line.person.birth_text})"
    if line.household is not None and line.household.address:
        return f"{line.household}, {line.household.address}"
    return str(line.nominee or "")


def _line_changes(before: dict[str, str], after: dict[str, str], *, details_changed: bool) -> list[str]:
    """What an edit changed, as the dossier's history says it."""
    changes = []
    if before["award"] != after["award"]:
        changes.append(_("hình thức %(old)s → %(new)s") % {"old": before["award"], "new": after["award"]})
    if before["nominee"] != after["nominee"]:
        changes.append(_("đối tượng “%(old)s” → “%(new)s”") % {"old": before["nominee"], "new": after["nominee"]})
    if details_changed:
        changes.append(_("thông tin người được đề nghị"))
    if before["achievement"] != after["achievement"]:
        changes.append(_("tóm tắt thành tích"))
    if before["method"] != after["method"]:
        changes.append(_("phương thức %(old)s → %(new)s") % {"old": before["method"], "new": after["method"]})
    if before["subject"] != after["subject"]:
        changes.append(_("phân loại đối tượng %(old)s → %(new)s") % {"old": before["subject"], "new": after["subject"]})
    return changes


def _nominee_details_apply(line: NominationLine, resolved: dict[str, Any], nominee: NomineeData) -> bool:
    """Write a typed gender or position on the line's person (a head's gender on its household)
    when it differs; refused when another dossier's line names that person or household.  A
    blank field changes nothing, as in ``line_add``.  True when something was written."""
    target: Person | Household | None = None
    wanted: dict[str, str] = {}
    if resolved.get("person") is not None and nominee.person is None:
        target = resolved["person"]
        wanted = {"gender": nominee.gender, "position": nfc(nominee.position)}
    elif resolved.get("household") is not None:
        target = resolved["household"]
        wanted = {"head_gender": nominee.gender}
    if target is None:
        return False
    changed = {name: value for name, value in wanted.items() if value and getattr(target, name) != value}
    if not changed:
        return False
    relation = "person" if isinstance(target, Person) else "household"
    others = NominationLine.objects.filter(**{relation: target}).exclude(nomination_id=line.nomination_id)
    if others.exists():
        raise ValidationError(
            _(
                "Không sửa được giới tính, chức vụ của “%(name)s”: người (hộ) này còn có trong hồ sơ khác, "
                "sửa ở đây sẽ làm đổi cả các hồ sơ đó."
            )
            % {"name": str(target) if isinstance(target, Person) else target.head_name}
        )
    for name, value in changed.items():
        setattr(target, name, value)
    target.full_clean(exclude=_KNOWN_RELATIONS)
    target.save(update_fields=list(changed))
    return True


@dataclass(frozen=True)
class PlannedLine:
    """A line checked and ready to be written."""

    award_type: AwardType
    nominee: NomineeData
    achievement: str
    method: str
    subject_category: str


def _ensure_unit(actor: Any, nomination: Nomination) -> None:
    access.require_unit(actor, nomination.unit_id, _("Bạn không thuộc đơn vị của hồ sơ này."))


def _locked_editable(actor: Any, nomination: Nomination) -> Nomination:
    """The dossier re-read under a row lock (a copy loaded before it was submitted must not
    change it), once the actor is known to work for its unit and it is still editable."""
    _ensure_unit(actor, nomination)
    locked = locks.nominations_for_update().select_related("unit", "round").get(pk=nomination.pk)
    ensure_editable(locked)
    return locked


def _last_position(nomination: Nomination) -> int:
    return nomination.lines.order_by("-position").values_list("position", flat=True).first() or 0


def _build_lines(nomination: Nomination, planned: list[PlannedLine], *, start: int) -> list[NominationLine]:
    """The one way lines are made, for one line and for a bulk list alike: numbered from
    ``start`` + 1, their nominees matched or made together."""
    nominees = _nominees_resolve(nomination, [line.nominee for line in planned])
    return [
        _build_line(nomination, line, position=start + index, nominee=nominee)
        for index, (line, nominee) in enumerate(zip(planned, nominees, strict=True), start=1)
    ]


def _build_line(
    nomination: Nomination, planned: PlannedLine, *, position: int, nominee: dict[str, Any]
) -> NominationLine:
    return NominationLine(
        nomination=nomination,
        position=position,
        award_type=planned.award_type,
        nominee_kind=planned.nominee.kind,
        achievement=planned.achievement,
        method=planned.method,
        subject_category=planned.subject_category,
        **nominee,
    )


@transaction.atomic
def line_remove(*, actor: Any, line: NominationLine) -> None:
    """Delete a line of a draft or returned dossier, recorded in the dossier's history."""
    nomination = _locked_editable(actor, line.nomination)
    line = NominationLine.objects.select_related("award_type", "person", "collective", "household").get(
        pk=line.pk, nomination=nomination
    )
    summary = _("Dòng %(number)s: %(nominee)s – %(award)s.") % {
        "number": line.position,
        "nominee": line.nominee,
        "award": line.award_type.code,
    }
    line.delete()
    nomination_record(
        nomination=nomination,
        action=TransitionAction.LINE_REMOVED,
        to_status=nomination.status,
        actor=actor,
        reason=summary,
    )


# --- Bulk entry: a pasted table or a spreadsheet ------------------------------

BULK_HEADERS = {
    "họ và tên": "name",
    "ho va ten": "name",
    "họ tên": "name",
    "ho ten": "name",
    "tên": "name",
    "ten": "name",
    "chủ hộ": "name",
    "chu ho": "name",
    "tên tập thể": "name",
    "ten tap the": "name",
    "ngày sinh": "birth_date",
    "ngay sinh": "birth_date",
    "năm sinh": "birth_date",
    "nam sinh": "birth_date",
    "giới tính": "gender",
    "gioi tinh": "gender",
    "chức vụ": "position",
    "chuc vu": "position",
    "địa chỉ": "address",
    "dia chi": "address",
    "hình thức": "award",
    "hinh thuc": "award",
    "mã hình thức": "award",
    "ma hinh thuc": "award",
    "đối tượng": "kind",
    "doi tuong": "kind",
    "thành tích": "achievement",
    "thanh tich": "achievement",
    "tóm tắt thành tích": "achievement",
    "tom tat thanh tich": "achievement",
}
KIND_WORDS = {
    "cá nhân": NomineeKind.INDIVIDUAL,
    "ca nhan": NomineeKind.INDIVIDUAL,
    "individual": NomineeKind.INDIVIDUAL,
    "tập thể": NomineeKind.COLLECTIVE,
    "tap the": NomineeKind.COLLECTIVE,
    "collective": NomineeKind.COLLECTIVE,
    "hộ gia đình": NomineeKind.HOUSEHOLD,
    "ho gia dinh": NomineeKind.HOUSEHOLD,
    "hộ": NomineeKind.HOUSEHOLD,
    "household": NomineeKind.HOUSEHOLD,
}
GENDER_WORDS = {
    "nam": Gender.MALE,
    "nữ": Gender.FEMALE,
    "nu": Gender.FEMALE,
    "male": Gender.MALE,
    "female": Gender.FEMALE,
}


NAME_KINDS = {"chu ho": NomineeKind.HOUSEHOLD, "ten tap the": NomineeKind.COLLECTIVE}
#: the header row of each kind's template: titles ``BULK_HEADERS`` reads
BULK_TEMPLATE_HEADERS = {
    NomineeKind.INDIVIDUAL: ["Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Hình thức", "Thành tích"],
    NomineeKind.COLLECTIVE: ["Tên tập thể", "Hình thức", "Thành tích"],
    NomineeKind.HOUSEHOLD: ["Chủ hộ", "Giới tính", "Địa chỉ", "Hình thức", "Thành tích"],
}
#: a template's drop-down offers "LDTT – Lao động tiên tiến": the code is read before the dash
AWARD_LABEL_DASH = " – "


class BulkImportError(ValidationError):
    """Raised with one message per bad row; nothing is saved.  ``rows``: the bad rows themselves
    (``CheckedRow``, each with its problems), for a caller that reports them row by row (the API)."""

    def __init__(self, messages: list[str], rows: list[Any] | None = None) -> None:
        super().__init__(messages)
        self.rows = rows or []


BIRTH_YEARS = (1900, 2100)  # a birth year typed alone is read within these


def parse_birth(value: str) -> tuple[dt.date | None, bool]:
    """A typed birth date and whether only its year was given: "15/03/1985" is that day,
    "1970" is 1 January 1970 known by its year only; a ``ValueError`` for anything else."""
    value = value.strip()
    if value.endswith(".0") and value[:-2].isdigit():
        value = value[:-2]  # a year typed in a number cell of a sheet
    if not value:
        return None, False
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date(), False  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    if value.isdigit() and len(value) == 4 and BIRTH_YEARS[0] <= int(value) <= BIRTH_YEARS[1]:
        return dt.date(int(value), 1, 1), True
    raise ValueError(value)


BULK_MAX_COLUMNS = 40  # columns read of each row of a sheet


def _too_many_rows(max_rows: int) -> ValidationError:
    return ValidationError(
        _("Danh sách có hơn %(limit)s dòng; mỗi lần nhập tối đa %(limit)s dòng. Hãy chia thành nhiều lần.")
        % {"limit": max_rows}
    )


def read_table(*, text: str | None = None, upload: UploadedFile | None = None) -> list[list[str]]:
    """Rows of cells from pasted text (tabs, as copied from a spreadsheet, or ;/, CSV) or an .xlsx file."""
    max_rows = uploads.limit("SPREADSHEET_MAX_ROWS")
    if upload is not None:
        import openpyxl

        name = uploads.safe_original_name(upload.name or "")
        if upload.size is not None and upload.size > uploads.limit("SPREADSHEET_MAX_BYTES"):
            raise ValidationError(
                _("Tệp “%(name)s” quá lớn: tối đa %(limit)s MB.")
                % {"name": name, "limit": uploads.megabytes(uploads.limit("SPREADSHEET_MAX_BYTES"))}
            )
        data = upload.read(uploads.limit("SPREADSHEET_MAX_BYTES") + 1)
        upload.seek(0)
        if not data.startswith(b"PK\x03\x04"):
            raise ValidationError(_("Tệp danh sách phải là bảng tính Excel (.xlsx)."))
        try:
            uploads.spreadsheet_check(data=data, name=name)
        except ValidationError as exc:
            if exc.code != "upload_mismatch":
                raise
            raise ValidationError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng.")) from exc
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ValidationError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng.")) from exc
        sheet = workbook.worksheets[0]
        rows = []
        # a sheet may claim far rows and columns with few row tags: the blank rows openpyxl yields
        # in between are counted, and the width is capped
        width = min(sheet.max_column or BULK_MAX_COLUMNS, BULK_MAX_COLUMNS)
        for scanned, row in enumerate(sheet.iter_rows(values_only=True, max_col=width), start=1):
            if scanned > 5 * max_rows:
                workbook.close()
                raise _too_many_rows(max_rows)
            cells = []
            for cell in row:
                if isinstance(cell, dt.datetime):
                    cells.append(cell.strftime("%d/%m/%Y"))
                elif isinstance(cell, dt.date):
                    cells.append(cell.strftime("%d/%m/%Y"))
                elif cell is None:
                    cells.append("")
                else:
                    cells.append(nfc(str(cell)))
            rows.append(cells)
        workbook.close()
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if len(rows) > max_rows + 1:
            raise _too_many_rows(max_rows)
        return rows
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return []
    if len(lines) > max_rows + 1:
        raise _too_many_rows(max_rows)
    delimiter = "\t" if "\t" in lines[0] else (";" if ";" in lines[0] else ",")
    return [[nfc(cell) for cell in row] for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]


class BulkColumns:
    """Where each known column stands in a pasted table or a sheet, from its header row."""

    def __init__(self, header: list[str]) -> None:
        self.index: dict[str, int] = {}
        #: the nominees' kind a name column's title says ("Chủ hộ", "Tên tập thể"), for rows whose
        #: "Đối tượng" is blank: the templates of a kind carry no "Đối tượng" column
        self.kind: str | None = None
        for position, title in enumerate(header):
            column = BULK_HEADERS.get(fold(title)) or BULK_HEADERS.get(nfc(title).lower())
            if column and column not in self.index:
                self.index[column] = position
                if column == "name":
                    self.kind = NAME_KINDS.get(fold(title))
        if "name" not in self.index:
            raise ValidationError(
                _(
                    "Dòng đầu phải là tiêu đề cột, có ít nhất cột “Họ và tên” (hoặc “Chủ hộ”, “Tên tập thể”) và “Thành tích”."
                )
            )

    def cell(self, row: list[str], column: str) -> str:
        position = self.index.get(column)
        return nfc(row[position]) if position is not None and position < len(row) else ""


def bulk_rows_kept(rows: list[list[str]]) -> list[list[str]]:
    """The table with only the columns the reader knows (header included), in their order: what a
    preview keeps for its confirm, read back the same."""
    if not rows:
        return []
    columns = BulkColumns(rows[0])
    kept = sorted(columns.index.values())
    return [[row[position] if position < len(row) else "" for position in kept] for row in rows]


@dataclass
class ParsedRow:
    """One data row as typed, with what is wrong with its own cells."""

    number: int
    name: str
    code: str
    award: AwardType | None
    nominee: NomineeData
    achievement: str
    problems: list[str]


def _bulk_parse(
    rows: list[list[str]], *, awards: dict[str, AwardType], default_award: AwardType | None, default_kind: str
) -> list[ParsedRow]:
    """Step 1: read each data row's cells into a nominee (no database)."""
    columns = BulkColumns(rows[0])
    parsed = []
    for number, row in enumerate(rows[1:], start=2):
        name = columns.cell(row, "name")
        problems = []
        award = default_award
        code = columns.cell(row, "award").split(AWARD_LABEL_DASH)[0].strip().upper()
        if code:
            award = awards.get(code)
            if award is None:
                problems.append(_("hình thức “%(code)s” không có trong đợt này") % {"code": code})
        elif award is None:
            problems.append(_("thiếu hình thức khen thưởng"))
        kind_word = columns.cell(row, "kind").lower()
        kind = KIND_WORDS.get(kind_word, KIND_WORDS.get(fold(kind_word))) if kind_word else columns.kind or default_kind
        if kind is None:
            problems.append(_("đối tượng “%(kind)s” không hợp lệ") % {"kind": kind_word})
            kind = default_kind
        if not name:
            problems.append(_("thiếu họ tên / tên"))
        achievement = columns.cell(row, "achievement")
        if not achievement:
            problems.append(_("thiếu tóm tắt thành tích"))
        birth_date, year_only = None, False
        try:
            birth_date, year_only = parse_birth(columns.cell(row, "birth_date"))
        except ValueError:
            problems.append(
                _("ngày sinh “%(value)s” không đúng dạng ngày/tháng/năm") % {"value": columns.cell(row, "birth_date")}
            )
        gender_word = columns.cell(row, "gender").lower()
        gender = GENDER_WORDS.get(gender_word, "") if gender_word else ""
        if gender_word and not gender:
            problems.append(_("giới tính “%(value)s” không hợp lệ") % {"value": gender_word})
        nominee = NomineeData(
            kind=kind,
            full_name=name,
            birth_date=birth_date,
            birth_year_only=year_only,
            gender=gender,
            position=columns.cell(row, "position"),
            collective_name=name,
            household_head=name,
            household_address=columns.cell(row, "address"),
        )
        parsed.append(ParsedRow(number, name, code, award, nominee, achievement, problems))
    return parsed


@dataclass
class CheckedRow:
    """A data row with everything wrong with it (its cells and the line rules), and the line it
    makes when nothing is."""

    row: ParsedRow
    problems: list[str]
    planned: PlannedLine | None

    @property
    def message(self) -> str:
        return _("Dòng %(number)s (%(name)s): %(problems)s.") % {
            "number": self.row.number,
            "name": self.row.name or "—",
            "problems": "; ".join(p.rstrip(".") for p in self.problems),
        }


def _bulk_check(
    nomination: Nomination, parsed: list[ParsedRow], *, default_award: AwardType | None, method: str
) -> list[CheckedRow]:
    """Step 2: the rules every line obeys (the same ``_check_line`` as one line, counting the
    quotas of the rows above), and no row twice; reads only."""
    checked: list[CheckedRow] = []
    batch_counts: dict[int, int] = {}
    seen: set[tuple[str, str, str]] = set()
    rules = LineRules(nomination)
    for row in parsed:
        problems = list(row.problems)
        kind = row.nominee.kind
        # Two households may share a head's name (the address tells them apart); a person is
        # the same when name and birth date (a year typed alone apart from a full date) are.
        if kind == NomineeKind.HOUSEHOLD:
            told_apart = fold(row.nominee.household_address)
        else:
            told_apart = str(row.nominee.birth_date or "") + ("~" if row.nominee.birth_year_only else "")
        identity = (fold(row.name), told_apart, row.code or (default_award.code if default_award else ""))
        if row.name and identity in seen:
            problems.append(_("trùng với một dòng phía trên"))
        seen.add(identity)
        subject_category = DEFAULT_SUBJECT[NomineeKind(kind)]
        if row.award is not None and not problems:
            try:
                _check_line(
                    nomination=nomination,
                    award_type=row.award,
                    nominee_kind=kind,
                    achievement=row.achievement,
                    subject_category=subject_category,
                    method=method,
                    extra_in_batch=batch_counts.get(row.award.pk, 0),
                    nominee=row.nominee,
                    rules=rules,
                )
            except ValidationError as exc:
                problems.extend(exc.messages)
        if problems or row.award is None:
            checked.append(CheckedRow(row, problems, None))
            continue
        batch_counts[row.award.pk] = batch_counts.get(row.award.pk, 0) + 1
        checked.append(
            CheckedRow(row, [], PlannedLine(row.award, row.nominee, row.achievement, method, subject_category))
        )
    return checked


def _bulk_validate(
    nomination: Nomination, parsed: list[ParsedRow], *, default_award: AwardType | None, method: str
) -> list[PlannedLine]:
    """Every bad row is named, none is planned then."""
    checked = _bulk_check(nomination, parsed, default_award=default_award, method=method)
    bad = [row for row in checked if row.planned is None]
    if bad:
        raise BulkImportError([row.message for row in bad], rows=bad)
    planned = [row.planned for row in checked if row.planned is not None]
    if not planned:
        raise ValidationError(_("Danh sách không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return planned


def _bulk_create(nomination: Nomination, planned: list[PlannedLine]) -> list[NominationLine]:
    """Step 3: write the planned lines in one statement, after the dossier's last line."""
    created = _build_lines(nomination, planned, start=_last_position(nomination))
    NominationLine.objects.bulk_create(created)
    return created


def lines_version(nomination: Nomination) -> str:
    """What the dossier's lines are now, in a few characters (how many, the newest): a preview
    carries it, so its confirm is refused once a line was added, removed or imported since."""
    lines = NominationLine.objects.filter(nomination_id=nomination.pk).aggregate(
        count=models.Count("id"), newest=models.Max("id")
    )
    return f"{lines['count']}:{lines['newest'] or 0}"


@dataclass(frozen=True)
class BulkPreview:
    """What a bulk entry would add, row by row, before anything is saved."""

    rows: list[CheckedRow]
    version: str  # ``lines_version`` when previewed

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(row.planned is not None for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.planned is None)


def _bulk_rows(
    nomination: Nomination,
    rows: list[list[str]],
    *,
    default_award: AwardType | None,
    default_kind: str,
) -> list[ParsedRow]:
    if not rows:
        raise ValidationError(_("Danh sách trống: hãy dán bảng hoặc chọn tệp Excel."))
    awards = {a.code.upper(): a for a in nomination.round.award_types.all()}
    parsed = _bulk_parse(rows, awards=awards, default_award=default_award, default_kind=default_kind)
    if not parsed:
        raise ValidationError(_("Danh sách không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return parsed


def lines_bulk_preview(
    *,
    actor: Any,
    nomination: Nomination,
    rows: list[list[str]],
    default_award: AwardType | None = None,
    default_kind: str = NomineeKind.INDIVIDUAL,
    method: str = AwardMethod.REGULAR,
) -> BulkPreview:
    """What ``lines_bulk_add`` would do with the same rows: each row read and checked by the
    same rules, with its problems; nothing is written."""
    _ensure_unit(actor, nomination)
    ensure_editable(nomination)
    parsed = _bulk_rows(nomination, rows, default_award=default_award, default_kind=default_kind)
    checked = _bulk_check(nomination, parsed, default_award=default_award, method=method)
    return BulkPreview(checked, lines_version(nomination))


@transaction.atomic
def lines_bulk_add(
    *,
    actor: Any,
    nomination: Nomination,
    rows: list[list[str]],
    default_award: AwardType | None = None,
    default_kind: str = NomineeKind.INDIVIDUAL,
    method: str = AwardMethod.REGULAR,
    previewed_version: str | None = None,
) -> list[NominationLine]:
    """Add many lines at once. Every bad row is named; if any row is bad nothing is saved.
    ``previewed_version``: the ``lines_version`` the user's preview saw; refused if the lines
    changed since (a second click on the confirm, or another tab's edit)."""
    nomination = _locked_editable(actor, nomination)
    if previewed_version is not None and previewed_version != lines_version(nomination):
        raise ValidationError(
            _(
                "Danh sách dòng của hồ sơ đã thay đổi sau khi xem trước (có thể danh sách này đã được nhập). "
                "Hãy kiểm tra hồ sơ rồi nhập lại nếu cần."
            ),
            code="bulk_stale",
        )
    parsed = _bulk_rows(nomination, rows, default_award=default_award, default_kind=default_kind)
    planned = _bulk_validate(nomination, parsed, default_award=default_award, method=method)
    return _bulk_create(nomination, planned)


# --- Attachments --------------------------------------------------------------

ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@transaction.atomic
def attachment_add(*, actor: Any, nomination: Nomination, upload: UploadedFile, kind: str) -> Attachment:
    """Store one dossier file (``attachments_add`` of one)."""
    return attachments_add(actor=actor, nomination=nomination, files=[upload], kind=kind)[0]


@transaction.atomic
def attachments_add(*, actor: Any, nomination: Nomination, files: list[UploadedFile], kind: str) -> list[Attachment]:
    """Store dossier files of one kind, all or none: each file's type checked from its structure,
    its size limited, stored under a random name (an image as re-encoded); a file whose content
    (SHA-256) the dossier already has, or that comes twice, is refused by its name.  Every bad
    file is named."""
    nomination = _locked_editable(actor, nomination)
    if kind not in DocumentKind.values:
        raise ValidationError(_("Loại tài liệu không hợp lệ."))
    if not files:
        raise ValidationError(_("Chưa chọn tệp nào."))
    attached = dict(nomination.attachments.values_list("sha256", "original_name"))
    coming: dict[str, str] = {}
    problems: list[str] = []
    accepted: list[uploads.CheckedUpload] = []
    for upload in files:
        try:
            checked = uploads.upload_check(
                upload=upload,
                allowed=ALLOWED_TYPES,
                unsupported=_(
                    "Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), JPG hoặc PNG; “%(name)s” không thuộc loại này."
                ),
                mismatch=_("Nội dung tệp “%(name)s” không phải là %(ext)s như tên tệp ghi; tệp bị từ chối."),
            )
        except ValidationError as exc:
            name = uploads.safe_original_name(upload.name or "")
            for message in exc.messages:
                named = len(files) == 1 or f"“{name}”" in message
                problems.append(message if named else _("“%(name)s”: %(problem)s") % {"name": name, "problem": message})
            continue
        if checked.sha256 in attached:
            problems.append(
                _("Tệp “%(name)s” đã được đính kèm (trùng nội dung với “%(other)s”).")
                % {"name": checked.original_name, "other": attached[checked.sha256]}
            )
            continue
        if checked.sha256 in coming:
            problems.append(
                _("Tệp “%(name)s” trùng nội dung với tệp “%(other)s” chọn cùng lần này.")
                % {"name": checked.original_name, "other": coming[checked.sha256]}
            )
            continue
        coming[checked.sha256] = checked.original_name
        accepted.append(checked)
    if problems:
        if len(files) > 1:
            problems.append(_("Chưa lưu tệp nào; hãy bỏ hoặc sửa các tệp trên rồi tải lên lại."))
        raise ValidationError(problems)
    stored: list[Attachment] = []
    try:
        for checked in accepted:
            attachment = Attachment(
                nomination=nomination,
                kind=kind,
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=actor,
            )
            attachment.file.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(checked.content), save=False)
            stored.append(attachment)
            attachment.save()
    except Exception:
        for attachment in stored:
            attachment.file.delete(save=False)  # no row, no file
        raise
    return stored


@transaction.atomic
def attachment_remove(*, actor: Any, attachment: Attachment) -> None:
    _ensure_unit(actor, attachment.nomination)
    ensure_editable(attachment.nomination)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


# --- Submission rules ---------------------------------------------------------


@dataclass(frozen=True)
class RequiredDocument:
    """A document kind the dossier's award types require, the award types that ask for it, and
    whether the dossier has a file of that kind."""

    kind: str
    label: str
    award_codes: tuple[str, ...]
    present: bool


def _required_documents(*, nomination: Nomination, award_types: list[AwardType]) -> list[RequiredDocument]:
    present = set(nomination.attachments.values_list("kind", flat=True))
    required: dict[str, list[str]] = {}
    for award_type in award_types:
        for kind in award_type.required_documents or []:
            codes = required.setdefault(kind, [])
            if award_type.code not in codes:
                codes.append(award_type.code)
    return [
        RequiredDocument(kind, str(DocumentKind(kind).label), tuple(codes), kind in present)
        for kind, codes in required.items()
    ]


def nomination_required_documents(*, nomination: Nomination) -> list[RequiredDocument]:
    """The checklist the dossier page shows before sending: the rule ``nomination_check_submittable``
    applies, read per document kind (one query for the award types, one for the files)."""
    award_types = list(AwardType.objects.filter(lines__nomination=nomination).distinct().order_by("code"))
    return _required_documents(nomination=nomination, award_types=award_types)


def nomination_check_submittable(*, nomination: Nomination) -> None:
    """Everything a dossier needs before the secretariat sees it; all problems at once.

    A dossier the secretariat returned for correction may be sent back after the
    round's deadline (it was on time the first time); any other needs the round open.
    """
    problems: list[str] = []
    if nomination.status != NominationStatus.RETURNED:
        try:
            ensure_round_open(nomination.round)
        except ValidationError as exc:
            problems.extend(exc.messages)
    lines = list(nomination.lines.select_related("award_type"))
    if not lines:
        problems.append(_("Hồ sơ chưa có dòng đề nghị nào."))
    for line in lines:
        if not line.achievement.strip():
            problems.append(_("Dòng %(number)s chưa có tóm tắt thành tích.") % {"number": line.position})
    for item in _required_documents(nomination=nomination, award_types=[line.award_type for line in lines]):
        if not item.present:
            problems.append(
                _("Thiếu tài liệu bắt buộc: %(doc)s (cho %(awards)s).")
                % {"doc": item.label, "awards": ", ".join(item.award_codes)}
            )
    # quotas may have been exceeded by another dossier of the unit submitted meanwhile
    counts: dict[int, int] = {}
    for line in lines:
        counts[line.award_type_id] = counts.get(line.award_type_id, 0) + 1
    rules = LineRules(nomination)
    for offer in RoundAwardType.objects.filter(round_id=nomination.round_id, award_type_id__in=counts).select_related(
        "award_type"
    ):
        quota = rules.quota(offer)
        if quota is None:
            continue
        used = rules.used(offer.award_type)
        if used > quota:
            problems.append(
                _("Vượt chỉ tiêu “%(award)s”: tối đa %(quota)s, đơn vị đang đề nghị %(used)s.")
                % {"award": offer.award_type.name_vi, "quota": quota, "used": used}
            )
    if problems:
        raise ValidationError(problems)


# --- Unit accounts --------------------------------------------------------------


# --- Users ------------------------------------------------------------------
