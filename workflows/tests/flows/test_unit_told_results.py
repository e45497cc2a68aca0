"""Units told their results (issue 11, item 2): when the office registers a decision,
each nominating unit gets one notice, in-app and by email, in its users' language,
listing exactly its own lines with their outcome (awarded, failed the vote, excluded
by the chairman with his reason, proposed upward); its dossier shows each line's
outcome and the decision's number and date; a result from the higher council is told
the same way and shows on the dossier too."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from decisions import outcomes
from decisions.models import SignerCapacity
from decisions.services import decisions as ds
from decisions.services import proposals as ps
from decisions.tests.unit_results import (
    AWARDED_A,
    AWARDED_B,
    EXCLUDED_A,
    EXCLUSION_REASON,
    FAILED_B,
    PROPOSED_B,
    Scenario,
    english_user_of_unit_b,
    scenario,
)
from notifications.models import Delivery, DeliveryStatus, Notice
from tests.factories import CouncilFactory
from workflows import decisions as flow_decisions

pytestmark = pytest.mark.django_db

SIGNED = dt.date(2026, 12, 20)


@pytest.fixture
def built(world: Any, rates: None, province_award: Any) -> Scenario:
    return scenario(world, province_award)


def _register(built: Scenario, capture: Any) -> None:
    with capture(execute=True):
        flow_decisions.decision_register(
            actor=built.world.secretariat,
            decision=built.decision,
            signed_on=SIGNED,
            signer_name="Trịnh Văn Hùng",
            signer_capacity=SignerCapacity.CHAIRMAN,
            number=15,
        )
    built.decision.refresh_from_db()


def _page(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def _dossier_page(user: Any, dossier: Any) -> str:
    return _page(user, reverse("workflows:dossier_detail", kwargs={"pk": dossier.pk}))


def _lines_told(notice: Notice) -> set[tuple[str, str]]:
    return {(line["nominee"], line["outcome"]) for line in notice.context["lines"]}


def test_each_unit_is_told_exactly_its_own_lines_with_their_outcomes(
    world: Any, built: Scenario, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    english = english_user_of_unit_b(world)
    assert not Notice.objects.filter(verb="decision_result").exists()  # the chairman's draft tells nobody

    _register(built, django_capture_on_commit_callbacks)

    told = Notice.objects.filter(verb="decision_result")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["unit_a", "unit_a2", "unit_b", "unit_b_en"]
    notice_a = told.get(recipient=world.unit_a_user)
    assert _lines_told(notice_a) == {(AWARDED_A, "awarded"), (EXCLUDED_A, "excluded")}
    assert notice_a.url == reverse("documents:unit_decision", kwargs={"pk": built.decision.pk})
    assert notice_a.title == "Kết quả xét khen thưởng: 1/2 đề nghị của Tiểu khu Trang Các được khen thưởng"
    assert "Quyết định số 15/QĐ-UBND ngày 20/12/2026" in notice_a.body
    assert f"{AWARDED_A} – Lao động tiên tiến: được khen thưởng, tiền thưởng 759.000 đồng" in notice_a.body
    assert f"{EXCLUDED_A} – Lao động tiên tiến: không được khen thưởng: Chủ tịch không phê duyệt." in notice_a.body
    assert f"Lý do: {EXCLUSION_REASON}" in notice_a.body
    for name in (AWARDED_B, FAILED_B, PROPOSED_B):
        assert name not in notice_a.body

    notice_b = told.get(recipient=world.unit_b_user)
    assert _lines_told(notice_b) == {(AWARDED_B, "awarded"), (FAILED_B, "failed_vote"), (PROPOSED_B, "proposed")}
    assert f"{FAILED_B} – Lao động tiên tiến: không được khen thưởng: không đạt tỷ lệ phiếu (0/2" in notice_b.body
    assert f"{PROPOSED_B} – Bằng khen của Chủ tịch UBND tỉnh: đạt tỷ lệ phiếu, được đề nghị" in notice_b.body
    for name in (AWARDED_A, EXCLUDED_A):
        assert name not in notice_b.body
    assert EXCLUSION_REASON not in notice_b.body

    # the same event in English for the user who reads English
    notice_en = told.get(recipient=english)
    assert notice_en.language == "en"
    assert notice_en.title == "Award results: 1 of 3 nominations of Trường Mầm non thị trấn awarded"
    assert "Decision No. 15/QĐ-UBND of 20/12/2026" in notice_en.body
    assert (
        f"{FAILED_B} – Lao động tiên tiến: not awarded: the vote did not reach the threshold (0 of 2" in notice_en.body
    )
    assert f"{PROPOSED_B} – Bằng khen của Chủ tịch UBND tỉnh: passed the vote and proposed" in notice_en.body

    # nobody else: not the council's staff, not the other council's unit
    assert not told.exclude(recipient__unit_memberships__unit__in=[world.unit_a, world.unit_b]).exists()

    # and by email, sent to each of them
    sent = {message.to[0]: message for message in mailoutbox if message.subject.startswith(("Kết quả xét", "Award"))}
    assert set(sent) == {f"{name}@thidua.example" for name in ("unit_a", "unit_a2", "unit_b", "unit_b_en")}
    assert EXCLUSION_REASON in sent["unit_a@thidua.example"].body
    assert EXCLUSION_REASON not in sent["unit_b@thidua.example"].body
    assert Delivery.objects.filter(notice__verb="decision_result", status=DeliveryStatus.SENT).count() == 4

    # told once: a second run tells nobody twice
    assert flow_decisions.units_told_results(decision=built.decision) == 2
    assert Notice.objects.filter(verb="decision_result").count() == 4


def test_the_dossier_shows_each_lines_outcome_and_the_decision(
    world: Any, built: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    # a draft decision publishes nothing: the dossier has no results yet
    before = _dossier_page(world.unit_a_user, built.dossier_a)
    assert 'id="dossier-results"' not in before
    assert 'data-outcome="' not in before
    assert 'id="dossier-status">Đã thẩm định, đưa vào xét<' in before

    _register(built, django_capture_on_commit_callbacks)

    page = _dossier_page(world.unit_a_user, built.dossier_a)
    assert 'id="dossier-results"' in page
    # the status no longer reads as if the dossier still waited for the council
    assert 'id="dossier-status">Đã có kết quả xét khen thưởng<' in page
    assert "Quyết định số 15/QĐ-UBND ngày 20/12/2026" in page
    assert reverse("documents:unit_decision", kwargs={"pk": built.decision.pk}) in page
    assert 'data-outcome="awarded">Được khen thưởng<' in page
    assert 'data-outcome="excluded">Không được khen thưởng: chủ tịch không phê duyệt<' in page
    assert f"Lý do: {EXCLUSION_REASON}" in page
    assert "Tải Giấy khen" in page  # the unit's own certificate, built after the commit

    page_b = _dossier_page(world.unit_b_user, built.dossier_b)
    assert 'data-outcome="awarded"' in page_b
    assert 'data-outcome="failed_vote">Không được khen thưởng: không đạt tỷ lệ phiếu<' in page_b
    assert "0/2 phiếu đồng ý (0,00%)" in page_b
    assert EXCLUSION_REASON not in page_b
    page_up = _dossier_page(world.unit_b_user, built.dossier_b_up)
    assert 'data-outcome="proposed">Đề nghị cấp trên khen thưởng, chờ kết quả<' in page_up
    assert "Tải Giấy khen" not in page_up

    # the council's staff read the same outcomes, with a link to their own decision page
    staff = _dossier_page(world.secretariat, built.dossier_a)
    assert 'data-outcome="excluded"' in staff
    assert reverse("decisions:decision_detail", kwargs={"pk": built.decision.pk}) in staff
    assert reverse("documents:unit_decision", kwargs={"pk": built.decision.pk}) not in staff
    assert "Tải Giấy khen" not in staff

    # revoked: the dossier says so, with the reason, and offers nothing to download
    ds.decision_revoke(
        actor=world.chairman,
        decision=built.decision,
        reason="Phát hiện sai sót về đối tượng",
        revoked_by_number="25/QĐ-UBND",
        revoked_by_date=None,
    )
    page = _dossier_page(world.unit_a_user, built.dossier_a)
    assert 'data-outcome="revoked">Quyết định khen thưởng đã bị thu hồi<' in page
    assert "Lý do: Phát hiện sai sót về đối tượng" in page
    assert "Tải Giấy khen" not in page
    assert reverse("documents:unit_decision", kwargs={"pk": built.decision.pk}) not in page


def test_the_outcome_selector_reads_every_ending(
    world: Any, built: Scenario, django_capture_on_commit_callbacks: Any, django_assert_max_num_queries: Any
) -> None:
    lines = [built.line(name) for name in (AWARDED_A, EXCLUDED_A, AWARDED_B, FAILED_B, PROPOSED_B)]
    assert outcomes.line_outcomes(lines) == {}  # nothing published while the decision is a draft

    _register(built, django_capture_on_commit_callbacks)

    with django_assert_max_num_queries(8):
        found = outcomes.line_outcomes(lines)
    by_name = {row.line.person.full_name: row for row in found.values()}
    assert {name: row.outcome for name, row in by_name.items()} == {
        AWARDED_A: outcomes.Outcome.AWARDED,
        EXCLUDED_A: outcomes.Outcome.EXCLUDED,
        AWARDED_B: outcomes.Outcome.AWARDED,
        FAILED_B: outcomes.Outcome.FAILED_VOTE,
        PROPOSED_B: outcomes.Outcome.PROPOSED,
    }
    assert by_name[AWARDED_A].decision == built.decision
    assert (by_name[AWARDED_A].decision_reference, by_name[AWARDED_A].decision_date) == ("15/QĐ-UBND", "20/12/2026")
    assert by_name[AWARDED_A].amount_text == "759.000"
    assert by_name[EXCLUDED_A].reason == EXCLUSION_REASON
    assert (by_name[FAILED_B].vote.agree, by_name[FAILED_B].vote.base) == (0, 2)

    grouped = outcomes.decision_outcomes_by_unit(built.decision)
    assert {unit: {row.line.person.full_name for row in rows} for unit, rows in grouped.items()} == {
        world.unit_a.pk: {AWARDED_A, EXCLUDED_A},
        world.unit_b.pk: {AWARDED_B, FAILED_B, PROPOSED_B},
    }
    only_a = outcomes.decision_outcomes_by_unit(built.decision, [world.unit_a.pk])
    assert list(only_a) == [world.unit_a.pk]


def test_the_higher_councils_result_is_told_and_shown_as_today(
    world: Any, built: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    _register(built, django_capture_on_commit_callbacks)
    parent = CouncilFactory(name="Hội đồng Thi đua – Khen thưởng tỉnh Thanh Hoá", level="province")
    world.council.parent = parent
    world.council.save(update_fields=["parent"])
    proposal = ps.proposal_create(actor=world.secretariat, session=built.session)
    assert list(proposal.lines.values_list("line__person__full_name", flat=True)) == [PROPOSED_B]

    ps.proposal_record_higher_decision(
        actor=world.secretariat,
        proposal=proposal,
        reference="125/QĐ-UBND",
        decided_on=dt.date(2027, 1, 10),
        awarded_line_ids=[built.line(PROPOSED_B).pk],
    )

    notice = Notice.objects.get(verb="higher_result", recipient=world.unit_b_user)
    assert PROPOSED_B in notice.body
    assert "125/QĐ-UBND" in notice.body
    assert not Notice.objects.filter(verb="higher_result", recipient__in=[world.unit_a_user, world.unit_a_user2])
    page = _dossier_page(world.unit_b_user, built.dossier_b_up)
    assert 'data-outcome="higher_awarded">Cấp trên đã khen thưởng<' in page
    assert "Quyết định số 125/QĐ-UBND ngày 10/01/2027 của cấp trên" in page
    registry = _page(world.unit_b_user, reverse("decisions:registry_for_unit"))
    assert PROPOSED_B in registry
    assert "125/QĐ-UBND" in registry
