"""Who may call which endpoint: the endpoint × role matrix of the REST API, generated from its
OpenAPI schema, as tests/test_access_matrix.py is from the URLconf for the pages.

Every operation of the schema needs an entry in ``EXPECTED`` (a new endpoint without one fails
``test_every_operation_has_an_entry``).  An entry gives, for each actor, the status its token gets
on the operation's target, and for a list which actors find the target among the rows.  The
expectations are written out here from the access policy's table (domain.md), not read from the
code under test.  Each request runs in a transaction rolled back after it, so a write that
succeeds for one actor leaves the world as it was for the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from knox.models import AuthToken

from conftest import pdf_upload
from decisions.models import Honour
from decisions.tests import long_session as ls

pytestmark = pytest.mark.django_db

ANON, UA, UB, SEC, CHAIR, MEM, OSEC = "anonymous", "unit_a", "unit_b", "secretariat", "chairman", "member", "other_sec"
ACTORS = (ANON, UA, UB, SEC, CHAIR, MEM, OSEC)
SIGNED_IN = ACTORS[1:]
COUNCIL_ROLES = (SEC, CHAIR, MEM)


def table(default: int, *groups: tuple[tuple[str, ...], int]) -> dict[str, int]:
    """Every actor's status: ``default``, then each (actors, status) group; anonymous is always 401."""
    statuses = dict.fromkeys(SIGNED_IN, default)
    for actors, status in groups:
        for actor in actors:
            statuses[actor] = status
    statuses[ANON] = 401
    return statuses


@dataclass(frozen=True)
class Op:
    """One operation's expectations: ``target`` names the object its {id} (or its check) is about,
    ``sees`` the actors that find the target in a list, ``body`` what a write sends."""

    statuses: dict[str, int]
    target: str = ""
    sees: tuple[str, ...] = ()
    body: Callable[[Any], dict[str, Any]] | None = None
    query: Callable[[Any], dict[str, Any]] = field(default=lambda w: {})
    multipart: bool = False


def _line_row(world: Any) -> dict[str, Any]:
    return {"rows": [{"name": "Đinh Thị Mai", "award": "LDTT", "achievement": "Hoàn thành xuất sắc nhiệm vụ"}]}


EXPECTED: dict[str, Op] = {
    # the councils one has a part in: a role, or a unit of it
    "GET /api/councils/": Op(table(200), "council", sees=(UA, UB, *COUNCIL_ROLES)),
    "GET /api/councils/{id}/": Op(table(404, ((UA, UB, *COUNCIL_ROLES), 200)), "council"),
    # a unit's own unit; the council's units for those who read its dossiers
    "GET /api/units/": Op(table(200), "unit_a", sees=(UA, *COUNCIL_ROLES)),
    "GET /api/units/{id}/": Op(table(404, ((UA, *COUNCIL_ROLES), 200)), "unit_a"),
    # the council's open rounds, for its units and roles
    "GET /api/rounds/": Op(table(200), "round", sees=(UA, UB, *COUNCIL_ROLES)),
    "GET /api/rounds/{id}/": Op(table(404, ((UA, UB, *COUNCIL_ROLES), 200)), "round"),
    # sessions are the council's roles' only: a unit holds none of them
    "GET /api/sessions/": Op(table(200, ((UA, UB), 403)), "session", sees=COUNCIL_ROLES),
    "GET /api/sessions/{id}/": Op(table(404, ((UA, UB), 403), (COUNCIL_ROLES, 200)), "session"),
    # decisions: the council's roles; a unit the registered decisions on its own lines
    "GET /api/decisions/": Op(table(200), "decision", sees=(UA, UB, *COUNCIL_ROLES)),
    "GET /api/decisions/{id}/": Op(table(404, ((UA, UB, *COUNCIL_ROLES), 200)), "decision"),
    # the registry: its keepers (not a member) and a unit its own awards (unit A's person)
    "GET /api/registry/": Op(table(200, ((MEM,), 403)), "honour_a", sees=(UA, SEC, CHAIR)),
    "GET /api/registry/{id}/": Op(table(404, ((MEM,), 403), ((UA, SEC, CHAIR), 200)), "honour_a"),
    # the year-end figures of the council asked for: its keepers only
    "GET /api/yearend/": Op(
        table(403, ((SEC, CHAIR), 200), ((OSEC,), 404)), query=lambda w: {"council": w["council"].pk}
    ),
    # dossiers: a unit its own; the council's readers once submitted; a member accepted ones only
    "GET /api/dossiers/": Op(table(200), "submitted_a", sees=(UA, SEC, CHAIR)),
    "GET /api/dossiers/{id}/": Op(table(404, ((UA, SEC, CHAIR), 200)), "submitted_a"),
    "GET /api/dossiers/{id}/lines/": Op(table(404, ((UA, SEC, CHAIR), 200)), "submitted_a"),
    # a unit makes a dossier for itself in an open round; nobody else may
    "POST /api/dossiers/": Op(
        table(403, ((UA,), 201), ((UB,), 400)),  # unit B: "not your unit", a field error
        body=lambda w: {"round": w["round"].pk, "unit": w["unit_a"].pk, "title": "Đề nghị khen thưởng qua API"},
    ),
    # the unit edits its draft; staff who see the dossier may not (403), the rest do not see it
    "POST /api/dossiers/{id}/lines/": Op(table(404, ((UA,), 201)), "draft_a", body=_line_row),
    "POST /api/dossiers/{id}/attachments/": Op(
        table(404, ((UA,), 201)),
        "draft_a",
        body=lambda w: {"kind": "other", "file": pdf_upload("minh-chung.pdf")},
        multipart=True,
    ),
    "POST /api/dossiers/{id}/submit/": Op(table(404, ((UA,), 200)), "draft_a", body=lambda w: {}),
    "POST /api/dossiers/{id}/withdraw/": Op(
        table(404, ((UA,), 200)), "draft_a", body=lambda w: {"reason": "Đơn vị rút hồ sơ"}
    ),
    "POST /api/dossiers/{id}/recall/": Op(
        table(404, ((UA,), 200), ((SEC, CHAIR), 403)), "submitted_a", body=lambda w: {"reason": "Cần bổ sung"}
    ),
    # the secretariat's review; the chairman sees the dossier but does not review
    "POST /api/dossiers/{id}/review/": Op(
        table(404, ((SEC,), 200), ((UA, CHAIR), 403)),
        "submitted_a",
        body=lambda w: {"outcome": "return", "reason": "Thiếu biên bản họp bình xét"},
    ),
}


def schema_operations() -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    )


def test_every_operation_has_an_entry() -> None:
    operations = set(schema_operations())
    missing = sorted(operations - set(EXPECTED))
    extra = sorted(set(EXPECTED) - operations)
    assert not missing, f"API operations without an EXPECTED entry (add one to api/tests/test_api_access.py): {missing}"
    assert not extra, f"EXPECTED entries for no operation of the schema: {extra}"


def test_no_vote_close_registration_or_revocation_through_the_api() -> None:
    """Those need the second factor: they are never API operations."""
    words = ("ballot", "vote", "close", "register", "revoke", "decide")
    assert not [op for op in schema_operations() if any(word in op for word in words)]


@pytest.fixture
def api_world(world: Any, make_dossier: Any) -> dict[str, Any]:
    decision = ls.registered_decision(world, 4, number=31, signed_on=dt.date(2026, 12, 1))
    honour_a = Honour.objects.filter(source_line__nomination__unit=world.unit_a).order_by("pk").first()
    assert honour_a is not None
    users = {
        UA: world.unit_a_user,
        UB: world.unit_b_user,
        SEC: world.secretariat,
        CHAIR: world.chairman,
        MEM: world.member,
        OSEC: world.other_secretariat,
    }
    return {
        "world": world,
        "council": world.council,
        "unit_a": world.unit_a,
        "round": world.round,
        "session": decision.session,
        "decision": decision,
        "honour_a": honour_a,
        "draft_a": make_dossier("draft"),
        "submitted_a": make_dossier("submitted"),
        "tokens": {actor: AuthToken.objects.create(user=user)[1] for actor, user in users.items()},
    }


def _call(w: dict[str, Any], operation: str, op: Op, actor: str) -> Any:
    method, path = operation.split(" ", 1)
    url = path.replace("{id}", str(w[op.target].pk)) if "{id}" in path else path
    headers = {"HTTP_AUTHORIZATION": f"Token {w['tokens'][actor]}"} if actor != ANON else {}
    client = Client()
    with transaction.atomic():
        if method == "GET":
            response = client.get(url, op.query(w), **headers)
        elif op.multipart:
            response = client.post(url, op.body(w) if op.body else {}, **headers)
        else:
            response = client.post(url, op.body(w) if op.body else {}, content_type="application/json", **headers)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("operation", sorted(EXPECTED))
def test_api_access(operation: str, api_world: dict[str, Any]) -> None:
    op = EXPECTED[operation]
    assert set(op.statuses) == set(ACTORS), f"{operation}: every actor needs a status"
    wrong = {}
    for actor in ACTORS:
        response = _call(api_world, operation, op, actor)
        assert response["Content-Type"].startswith("application/json"), (operation, actor)
        if response.status_code != op.statuses[actor]:
            wrong[actor] = (response.status_code, op.statuses[actor], response.content[:300])
            continue
        if operation.startswith("GET") and op.sees and response.status_code == 200:
            ids = [row["id"] for row in response.json()["results"]]
            found = api_world[op.target].pk in ids
            assert found == (actor in op.sees), f"{operation}: {actor} {'sees' if found else 'misses'} the target"
    assert not wrong, f"{operation}: (got, expected) by actor: {wrong}"


def test_a_unit_token_never_reads_another_units_dossier(api_world: dict[str, Any], make_dossier: Any) -> None:
    world = api_world["world"]
    of_b = make_dossier("submitted", unit=world.unit_b)
    token_a = {"HTTP_AUTHORIZATION": f"Token {api_world['tokens'][UA]}"}
    client = Client()
    listed = client.get("/api/dossiers/", {"page_size": 200}, **token_a).json()["results"]
    assert of_b.pk not in [row["id"] for row in listed]
    assert {row["unit"] for row in listed} == {world.unit_a.pk}
    for url in (f"/api/dossiers/{of_b.pk}/", f"/api/dossiers/{of_b.pk}/lines/"):
        response = client.get(url, **token_a)
        assert response.status_code == 404
        assert of_b.title.encode() not in response.content
    assert client.get("/api/dossiers/", {"unit": world.unit_b.pk}, **token_a).json()["results"] == []


def test_anonymous_gets_401_everywhere_but_the_schema(api_world: dict[str, Any]) -> None:
    client = Client()
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
    for operation in schema_operations():
        method, path = operation.split(" ", 1)
        url = path.replace("{id}", "1")
        response = client.get(url) if method == "GET" else client.post(url, {}, content_type="application/json")
        assert response.status_code == 401, operation
        assert "token" in response.json()["detail"].lower()


def test_a_revoked_or_expired_token_is_refused(api_world: dict[str, Any]) -> None:
    world = api_world["world"]
    instance, token = AuthToken.objects.create(user=world.unit_a_user, expiry=dt.timedelta(days=1))
    client = Client()
    assert client.get("/api/councils/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    AuthToken.objects.filter(pk=instance.pk).update(expiry=instance.created - dt.timedelta(seconds=1))
    response = client.get("/api/councils/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401
    assert "hết hạn" in response.json()["detail"]
    response = client.get("/api/councils/", HTTP_AUTHORIZATION="Token tdkt_not-a-real-token")
    assert response.status_code == 401


def test_errors_speak_the_callers_language(api_world: dict[str, Any]) -> None:
    client = Client()
    vi = client.get("/api/councils/").json()["detail"]
    en = client.get("/api/councils/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert "mã truy cập" in vi.lower() or "token" in vi.lower()
    assert vi != en
    token = {"HTTP_AUTHORIZATION": f"Token {api_world['tokens'][UA]}"}
    missing = client.get("/api/dossiers/999999/", **token)
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Không tìm thấy."}
