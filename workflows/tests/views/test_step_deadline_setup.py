"""A council's step time limits on its own setup page (not Django admin): the default shown, its own
rule saved and audited, bad values refused in Vietnamese, back to the default, another council's page
a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from councils.models import CouncilMembership, CouncilRole
from tests import factories
from workflows.models import StepDeadline
from workflows.selectors import step_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_admin(world: Any, client: Any) -> Any:
    admin = factories.UserFactory(username="qt_thoihan")
    CouncilMembership.objects.create(council=world.council, user=admin, role=CouncilRole.ADMIN)
    client.force_login(admin)
    return admin


def _url(council: Any) -> str:
    return reverse("workflows:step_deadlines", args=[council.pk])


def test_the_page_shows_the_default_and_saves_the_councils_own_rule(
    world: Any, client: Any, council_admin: Any
) -> None:
    page = client.get(_url(world.council)).content.decode()
    assert "Thường trực thẩm định hồ sơ" in page
    assert "Đang dùng thời hạn mặc định." in page
    assert 'name="review-working_days" value="5"' in page  # the settings' default for the review

    answer = client.post(
        _url(world.council),
        {
            "step": "review",
            "review-working_days": "7",
            "review-escalate_to_secretariat_after_days": "",
            "review-escalate_to_chairman_after_days": "4",
        },
    )
    assert answer.status_code == 302
    row = StepDeadline.objects.get(council=world.council, step="review")
    assert (row.working_days, row.escalate_to_secretariat_after_days, row.escalate_to_chairman_after_days) == (
        7,
        None,
        4,
    )
    assert step_rules(council_ids={world.council.pk})[(world.council.pk, "review")].working_days == 7
    page = client.get(_url(world.council)).content.decode()
    assert "Hội đồng đã đặt thời hạn riêng." in page
    assert "Lịch sử thay đổi" in page

    client.post(_url(world.council), {"step": "review", "action": "reset"})
    assert not StepDeadline.objects.filter(council=world.council).exists()


@pytest.mark.parametrize(
    ("days", "secretariat", "chairman", "message"),
    [
        ("0", "", "", "Thời hạn phải từ 1 đến 60 ngày làm việc."),
        ("61", "", "", "Thời hạn phải từ 1 đến 60 ngày làm việc."),
        ("5", "4", "2", "Chủ tịch được báo cùng lúc hoặc sau thường trực, không được báo trước."),
        ("", "", "", "Trường này là bắt buộc."),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(
    world: Any, client: Any, council_admin: Any, days: str, secretariat: str, chairman: str, message: str
) -> None:
    answer = client.post(
        _url(world.council),
        {
            "step": "revise",
            "revise-working_days": days,
            "revise-escalate_to_secretariat_after_days": secretariat,
            "revise-escalate_to_chairman_after_days": chairman,
        },
    )
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert not StepDeadline.objects.exists()


def test_another_councils_page_is_a_404_and_an_unknown_step_too(world: Any, client: Any, council_admin: Any) -> None:
    assert client.get(_url(world.other_council)).status_code == 404
    assert client.post(_url(world.other_council), {"step": "review", "review-working_days": "3"}).status_code == 404
    assert client.post(_url(world.council), {"step": "vote", "vote-working_days": "3"}).status_code == 404
    assert not StepDeadline.objects.exists()
