"""Decisions of the world's council with many awardees, made straight in the
database (a session per awardee would take minutes for a batch of 120), then
registered through the real service so its hook makes the documents."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.files.storage import default_storage
from pypdf import PdfReader

from common.text import fold, name_sort_key
from decisions.models import Decision, DecisionLine, SignerCapacity
from nominations.models import (
    AwardRate,
    BaseSalary,
    Collective,
    Nomination,
    NominationLine,
    NominationStatus,
    NomineeKind,
    Person,
    SubjectCategory,
)
from workflows import decisions as flow_decisions

SIGNED_ON = dt.date(2026, 12, 20)
ACHIEVEMENT = "Đã có thành tích xuất sắc trong phong trào thi đua năm 2026"
SUBJECT = "Về việc khen thưởng tổng kết năm 2026"


def rates(world: Any) -> None:
    BaseSalary.objects.get_or_create(valid_from=dt.date(2024, 7, 1), defaults={"amount": 2_340_000})
    BaseSalary.objects.get_or_create(valid_from=dt.date(2026, 7, 1), defaults={"amount": 2_530_000})
    for award, kind, multiplier in (
        (world.ldtt, NomineeKind.INDIVIDUAL, "0.3"),
        (world.gk, NomineeKind.COLLECTIVE, "0.6"),
    ):
        AwardRate.objects.get_or_create(
            award_type=award,
            nominee_kind=kind,
            valid_from=dt.date(2024, 1, 1),
            defaults={"multiplier": Decimal(multiplier)},
        )


def draft_decision(
    world: Any,
    people: Sequence[tuple[str, str]],
    *,
    collectives: Sequence[str] = (),
    achievement: str = ACHIEVEMENT,
) -> Decision:
    """A draft decision of the world's council: an LDTT line per (full name, gender) of
    unit B's staff, then a Giấy khen line per collective of unit A."""
    rates(world)
    nomination = Nomination.objects.create(
        round=world.round,
        unit=world.unit_b,
        title="Đề nghị khen thưởng tổng kết năm",
        status=NominationStatus.ACCEPTED,
        created_by=world.unit_b_user,
    )
    persons = Person.objects.bulk_create(
        [
            Person(
                council=world.council,
                full_name=name,
                gender=gender,
                position="Giáo viên",
                unit=world.unit_b,
                search_name=fold(name),
                sort_key=name_sort_key(name),
            )
            for name, gender in people
        ]
    )
    groups = [
        Collective.objects.create(council=world.council, name=name, unit=world.unit_a, search_name=fold(name))
        for name in collectives
    ]
    lines = NominationLine.objects.bulk_create(
        [
            NominationLine(
                nomination=nomination,
                position=index,
                award_type=world.ldtt,
                nominee_kind=NomineeKind.INDIVIDUAL,
                person=person,
                achievement=achievement,
                subject_category=SubjectCategory.DIRECT_WORKER,
            )
            for index, person in enumerate(persons, start=1)
        ]
        + [
            NominationLine(
                nomination=nomination,
                position=len(persons) + index,
                award_type=world.gk,
                nominee_kind=NomineeKind.COLLECTIVE,
                collective=group,
                achievement=achievement,
                subject_category=SubjectCategory.COLLECTIVE,
            )
            for index, group in enumerate(groups, start=1)
        ]
    )
    decision = Decision.objects.create(
        council=world.council, round=world.round, year=SIGNED_ON.year, subject=SUBJECT, created_by=world.chairman
    )
    DecisionLine.objects.bulk_create(
        [
            DecisionLine(decision=decision, line=line, position=index, achievement=line.achievement)
            for index, line in enumerate(lines, start=1)
        ]
    )
    return decision


def register(world: Any, decision: Decision, *, number: int = 15) -> Decision:
    return flow_decisions.decision_register(
        actor=world.secretariat,
        decision=decision,
        signed_on=SIGNED_ON,
        signer_name="Trịnh Văn Hùng",
        signer_capacity=SignerCapacity.CHAIRMAN,
        number=number,
    )


def many_people(count: int) -> list[tuple[str, str]]:
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ", "Vũ", "Bùi"]
    middle = ["Văn", "Thị", "Minh", "Thu", "Quang", "Ngọc"]
    given = ["An", "Bình", "Châu", "Dũng", "Hường", "Khánh", "Lan", "Mạnh", "Nga", "Phúc", "Quý", "Sơn"]
    people = []
    for i in range(count):
        between = middle[(i // 8) % 6]
        people.append((f"{family[i % 8]} {between} {given[i % 12]} {i + 1}", "female" if between == "Thị" else "male"))
    return people


def five_thousand_characters() -> str:
    """A unit's long summary of achievements: 5,000 characters, NFC, no space at either end."""
    text = ("Hoàn thành xuất sắc nhiệm vụ được giao trong phong trào thi đua; " * 100)[:4990].strip()
    text += "." * (5000 - len(text))
    assert len(text) == 5000
    return text


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text, NFC, whitespace folded."""
    reader = PdfReader(io.BytesIO(content))
    return [" ".join(unicodedata.normalize("NFC", page.extract_text() or "").split()) for page in reader.pages]


def page_sizes_mm(content: bytes) -> list[tuple[int, int]]:
    reader = PdfReader(io.BytesIO(content))
    return [
        (round(float(page.mediabox.width) * 25.4 / 72), round(float(page.mediabox.height) * 25.4 / 72))
        for page in reader.pages
    ]
