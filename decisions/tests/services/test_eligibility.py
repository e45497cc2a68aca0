"""Eligibility rules that read the honours registry: warned at submission, blocking at acceptance."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import pdf_upload
from decisions.models import Honour
from decisions.services.decisions import eligibility_problems
from nominations import services as ns
from nominations.models import NominationStatus, RoundAwardType
from tests import factories
from workflows import services as ws

pytestmark = pytest.mark.django_db


@pytest.fixture
def cstdcs(world: Any) -> Any:
    award = factories.AwardTypeFactory(
        council=world.council,
        code="CSTDCS",
        name_vi="Chiến sĩ thi đua cơ sở",
        prerequisite=world.ldtt,
        prerequisite_years=1,
        required_documents=["cover_letter"],
    )
    RoundAwardType.objects.create(round=world.round, award_type=award)
    return award


def _dossier(world: Any, *awards: Any, name: str = "Phạm Văn Bình") -> Any:
    dossier = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Hồ sơ đề nghị")
    for award in awards:
        ns.line_add(
            actor=dossier.created_by,
            nomination=dossier,
            award_type=award,
            nominee=ns.NomineeData(kind="individual", full_name=name),
            achievement="Thành tích",
        )
    for kind in ("cover_letter", "review_minutes"):
        ns.attachment_add(nomination=dossier, upload=pdf_upload(), kind=kind, actor=world.unit_a_user)
    return dossier


def test_cstdcs_without_ldtt_is_warned_at_submission_and_blocked_at_acceptance(
    client: Any, world: Any, cstdcs: Any
) -> None:
    dossier = _dossier(world, cstdcs)
    client.force_login(world.unit_a_user)
    response = client.post(reverse("workflows:dossier_submit", args=[dossier.pk]), follow=True)
    texts = [str(m) for m in response.context["messages"]]
    expected = f"Phạm Văn Bình: “Chiến sĩ thi đua cơ sở” cần có “Lao động tiên tiến” cùng năm {world.round.year}"
    assert any(expected in t for t in texts), texts
    assert expected in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == NominationStatus.SUBMITTED  # a warning, not a refusal
    with pytest.raises(ValidationError) as refused:
        ws.dossier_review(user=world.secretariat, nomination=dossier, accept=True)
    assert any(expected in m for m in refused.value.messages)
    dossier.refresh_from_db()
    assert dossier.status == NominationStatus.SUBMITTED


def test_the_required_title_on_a_line_of_the_same_round_counts(world: Any, cstdcs: Any) -> None:
    dossier = _dossier(world, world.ldtt, cstdcs)
    ws.dossier_submit(user=world.unit_a_user, nomination=dossier)
    ws.dossier_review(user=world.secretariat, nomination=dossier, accept=True)
    dossier.refresh_from_db()
    assert dossier.status == NominationStatus.ACCEPTED


def test_the_registry_satisfies_the_rule(world: Any, cstdcs: Any) -> None:
    dossier = _dossier(world, cstdcs)
    person = dossier.lines.get().person
    Honour.objects.create(council=world.council, award_type=world.ldtt, year=world.round.year, person=person)
    assert eligibility_problems(lines=list(dossier.lines.all()), year=world.round.year) == []


def test_consecutive_years_name_the_missing_years(world: Any) -> None:
    provincial = factories.AwardTypeFactory(
        council=world.council,
        code="CSTDT",
        name_vi="Chiến sĩ thi đua cấp tỉnh",
        prerequisite=world.ldtt,
        prerequisite_years=3,
        required_documents=[],
    )
    RoundAwardType.objects.create(round=world.round, award_type=provincial)
    dossier = _dossier(world, provincial)
    person = dossier.lines.get().person
    year = world.round.year
    Honour.objects.create(council=world.council, award_type=world.ldtt, year=year - 2, person=person)
    problems = eligibility_problems(lines=list(dossier.lines.all()), year=year)
    assert len(problems) == 1
    assert f"cần 3 năm liên tục đạt “Lao động tiên tiến”; còn thiếu năm {year - 1}, {year}" in problems[0].message
