"""A council of ten voting members and two accepted dossiers (units A and B),
with helpers that drive a session through the pages as each role would."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from councils.models import CouncilMembership, CouncilRole
from decisions.models import AgendaItem, CouncilSession
from nominations.models import Nomination
from tests import factories

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)  # type: ignore[misc]


MEMBER_NAMES = [
    ("Đỗ Quang", "Vinh"),
    ("Nguyễn Thị", "Thu"),
    ("Trần Văn", "Sơn"),
    ("Lê Minh", "Quang"),
    ("Phạm Thị", "Oanh"),
    ("Hoàng Văn", "Nam"),
    ("Vũ Thị", "Mai"),
    ("Bùi Đức", "Long"),
]


@dataclass
class Council:
    world: Any
    members: list[Any]  # the ten voting members: the chairman, the world's member, eight more
    dossiers: list[Nomination]

    @property
    def recused(self) -> Any:
        """The member who works in unit A: recused from unit A's line."""
        return self.members[2]


@pytest.fixture
def council(world: Any, make_dossier: Any) -> Council:
    world.chairman.last_name, world.chairman.first_name = "Trịnh Văn", "Hùng"
    world.chairman.save(update_fields=["last_name", "first_name"])
    world.member.last_name, world.member.first_name = "Lê Thị", "Hạnh"
    world.member.save(update_fields=["last_name", "first_name"])
    members = [world.chairman, world.member]
    for index, (family, given) in enumerate(MEMBER_NAMES):
        user = factories.UserFactory(username=f"uyvien{index}", last_name=family, first_name=given)
        CouncilMembership.objects.create(council=world.council, user=user, role=CouncilRole.MEMBER)
        members.append(user)
    CouncilMembership.objects.filter(user=members[2], council=world.council).update(unit=world.unit_a)
    first = make_dossier("accepted")
    second = make_dossier("accepted", unit=world.unit_b)
    return Council(world, members, [first, second])


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, session: CouncilSession | None = None) -> str:
    return reverse(name, args=[session.pk]) if session is not None else reverse(name)


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def items(session: CouncilSession) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(session=session).select_related("line__nomination").order_by("position"))


def item_of(session: CouncilSession, unit: Any) -> AgendaItem:
    return next(item for item in items(session) if item.line.nomination.unit_id == unit.pk)


def ballot_data(choices: dict[AgendaItem, str], step: str = "confirm") -> dict[str, str]:
    """The ballot page's POST: ``step=review`` shows the choices back, ``step=confirm`` casts them."""
    return {"step": step, **{f"item_{item.pk}": choice for item, choice in choices.items()}}


def create_session(council: Council, client: Client, **overrides: Any) -> CouncilSession:
    world = council.world
    data = {
        "round": world.round.pk,
        "held_at": "2026-12-10T08:30",
        "place": "Hội trường UBND thị trấn",
        "chair": world.chairman.pk,
        "secretary": world.secretariat.pk,
        "allow_written_votes": "on",
        **overrides,
    }
    before = set(CouncilSession.objects.values_list("pk", flat=True))
    response = client.post(url("workflows:session_create"), data)
    assert response.status_code == 302, text(response)
    client.get(response["Location"])  # shows (and so consumes) the success message
    return CouncilSession.objects.exclude(pk__in=before).get()


def record_attendance(client: Client, session: CouncilSession, states: dict[Any, str]) -> Any:
    data = {f"attendance_{member.pk}": state for member, state in states.items()}
    return client.post(url("workflows:session_attendance", session), data, follow=True)


def open_voting(client: Client, session: CouncilSession, closes_at: str = "") -> Any:
    return client.post(url("workflows:session_open", session), {"closes_at": closes_at}, follow=True)


def strip_tags(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
