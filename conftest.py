"""Shared fixtures: a council with two units, its staff, a round and award types.

Under CI=true a test that would skip for want of PostgreSQL, Redis or Chromium
fails instead: a skipped check is not a passed one.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# browser test makes around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from councils import models as council_models
from nominations import models
from tests import factories

# the council-decision fixtures (a closed session and its draft decision) serve the
# decisions, documents and printing tests alike
pytest_plugins = ["decisions.tests.fixtures", "tests.browsing"]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# the smallest well-formed PDF (with its cross-reference table): uploads are parsed, not sniffed
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n96\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts in the product's default language: a page asked for in English (its
    middleware activates the language on the test's own thread) does not leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _second_factor_on_force_login(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Client.force_login`` of a user whose role requires the second factor
    (``access.second_factor_required``: superuser, council admin, secretariat, chairman) also passes
    the second step, as that user would on ``/accounts/otp/``: a real confirmed TOTP device is
    created for the user (once) and the session is marked verified with it (the session key
    ``django_otp.login`` sets; the test client has no request to give it).  Without this every
    officer's test would meet the OTP page first.  The tests of the second factor itself
    (``councils/tests/views/test_two_factor.py``) and the browser journeys
    (``tests.browsing.login``) log in through the pages instead."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from councils import access

    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        # a fresh copy: the roles ``access`` caches on an instance must not go stale on the test's own
        if not access.second_factor_required(type(user).objects.get(pk=user.pk)):
            return
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def still_ratelimit_clock(time_machine: Any) -> None:
    """django-ratelimit counts in fixed windows (a minute, offset per key): a test whose requests
    straddle a window's end would see the count start again and the limit never reached (a slow
    PDF under CI load is enough).  The clock stands still for the test (time-machine, as the
    other tests that need a set time), so every request falls in one window; the counting, the
    cache and the 429 page stay real."""
    import datetime as dt

    time_machine.move_to(dt.datetime.now(tz=dt.UTC), tick=False)


def redis_database(url: str, number: int) -> str:
    """``url`` (``redis://host:port`` or ``redis://host:port/N``) with database ``number``: a test
    that starts Celery workers gives them a database of their own, so they take no other test's
    (or another xdist worker's) tasks."""
    base = url.rsplit("/", 1)[0] if url.count("/") >= 3 else url.rstrip("/")
    return f"{base}/{number}"


def need(condition: bool, reason: str) -> None:
    """Skip locally when a service is missing; fail in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI requires: {reason}")
    pytest.skip(reason)


_pdf_serial = itertools.count(1)


def pdf_bytes() -> bytes:
    """``PDF_BYTES`` with a trailer ``/ID`` of its own: a different file at each call, since a
    dossier refuses a file whose content it already has (the objects' offsets are unchanged)."""
    serial = next(_pdf_serial)
    return PDF_BYTES.replace(b"/Root 1 0 R>>", b"/Root 1 0 R/ID[<%032x><%032x>]>>" % (serial, serial))


def pdf_upload(name: str = "to-trinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@dataclass
class World:
    council: council_models.Council
    other_council: council_models.Council
    unit_a: council_models.Unit
    unit_b: council_models.Unit
    other_unit: council_models.Unit
    round: models.Round
    other_round: models.Round
    ldtt: models.AwardType
    gk: models.AwardType
    gdvh: models.AwardType
    unit_a_user: Any
    unit_a_user2: Any
    unit_b_user: Any
    other_unit_user: Any
    secretariat: Any
    secretariat2: Any
    chairman: Any
    member: Any
    admin: Any
    other_secretariat: Any


def _award(council: council_models.Council, code: str, **kwargs: Any) -> models.AwardType:
    return factories.AwardTypeFactory(council=council, code=code, **kwargs)


@pytest.fixture
def world(db: Any) -> World:
    council = factories.CouncilFactory(name="Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung")
    other_council = factories.CouncilFactory(name="Hội đồng Thi đua – Khen thưởng xã Hà Phong")
    unit_a = factories.UnitFactory(council=council, name="Tiểu khu Trang Các")
    unit_b = factories.UnitFactory(council=council, name="Trường Mầm non thị trấn", kind=council_models.UnitKind.SCHOOL)
    other_unit = factories.UnitFactory(council=other_council, name="Thôn Đông")
    round_ = factories.RoundFactory(council=council, name="Xét khen thưởng tổng kết năm")
    other_round = factories.RoundFactory(council=other_council, name="Xét khen thưởng xã Hà Phong")
    ldtt = _award(council, "LDTT", name_vi="Lao động tiên tiến", required_documents=["cover_letter", "review_minutes"])
    gk = _award(
        council,
        "GK",
        name_vi="Giấy khen",
        kind=models.AwardKind.COMMENDATION,
        for_collective=True,
        for_household=True,
        required_documents=["cover_letter"],
    )
    gdvh = _award(
        council,
        "GDVH",
        name_vi="Gia đình văn hoá",
        for_individual=False,
        for_household=True,
        needs_vote=False,
        required_documents=["posting_result"],
    )
    other_ldtt = _award(other_council, "LDTT", name_vi="Lao động tiên tiến", required_documents=["cover_letter"])
    for award in (ldtt, gk, gdvh):
        models.RoundAwardType.objects.create(round=round_, award_type=award)
    models.RoundAwardType.objects.create(round=other_round, award_type=other_ldtt)

    def user(
        username: str,
        *,
        unit: council_models.Unit | None = None,
        council_: council_models.Council | None = None,
        role: str | None = None,
        **extra: Any,
    ) -> Any:
        extra.setdefault("email", f"{username}@thidua.example")
        u = factories.UserFactory(username=username, **extra)
        if unit is not None:
            council_models.UnitMembership.objects.create(unit=unit, user=u)
        if council_ is not None and role is not None:
            council_models.CouncilMembership.objects.create(council=council_, user=u, role=role)
        return u

    admin = user("admin", council_=council, role=council_models.CouncilRole.ADMIN, is_superuser=True, is_staff=True)
    return World(
        council=council,
        other_council=other_council,
        unit_a=unit_a,
        unit_b=unit_b,
        other_unit=other_unit,
        round=round_,
        other_round=other_round,
        ldtt=ldtt,
        gk=gk,
        gdvh=gdvh,
        unit_a_user=user("unit_a", unit=unit_a),
        unit_a_user2=user("unit_a2", unit=unit_a),
        unit_b_user=user("unit_b", unit=unit_b),
        other_unit_user=user("other_unit", unit=other_unit),
        secretariat=user("secretariat", council_=council, role=council_models.CouncilRole.SECRETARIAT),
        secretariat2=user("secretariat2", council_=council, role=council_models.CouncilRole.SECRETARIAT),
        chairman=user("chairman", council_=council, role=council_models.CouncilRole.CHAIRMAN),
        member=user("member", council_=council, role=council_models.CouncilRole.MEMBER),
        admin=admin,
        other_secretariat=user(
            "other_secretariat", council_=other_council, role=council_models.CouncilRole.SECRETARIAT
        ),
    )


@pytest.fixture
def make_dossier(world: World) -> Any:
    """A dossier of unit A with one LDTT line and its required files, in the given state."""
    from nominations import services as ns
    from workflows import services as ws

    def make(state: str = "draft", *, unit: council_models.Unit | None = None, user: Any = None) -> models.Nomination:
        unit = unit or world.unit_a
        user = user or (world.unit_a_user if unit == world.unit_a else world.unit_b_user)
        nomination = ws.dossier_create(user=user, unit=unit, round=world.round, title="Đề nghị khen thưởng năm")
        ns.line_add(
            actor=nomination.created_by,
            nomination=nomination,
            award_type=world.ldtt,
            nominee=ns.NomineeData(kind="individual", full_name="Lê Thị Hường"),
            achievement="Hoàn thành xuất sắc nhiệm vụ",
        )
        ns.attachment_add(nomination=nomination, upload=pdf_upload("to-trinh.pdf"), kind="cover_letter", actor=user)
        ns.attachment_add(nomination=nomination, upload=pdf_upload("bien-ban.pdf"), kind="review_minutes", actor=user)
        if state == "draft":
            return nomination
        ws.dossier_submit(user=user, nomination=nomination)
        if state == "submitted":
            return nomination
        if state == "returned":
            ws.dossier_review(user=world.secretariat, nomination=nomination, accept=False, reason="Thiếu chữ ký")
        elif state == "accepted":
            ws.dossier_review(user=world.secretariat, nomination=nomination, accept=True)
        nomination.refresh_from_db()
        return nomination

    return make


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Any:
    """A MEDIA_ROOT of this test alone; returns a function listing the files in it."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)

    def files() -> list[str]:
        return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())

    files.root = root  # type: ignore[attr-defined]
    return files


def row_counts() -> dict[str, int]:
    """How many rows each dossier-related table holds: 'nothing saved' is checked against it."""
    from notifications.models import Notice
    from workflows.models import DossierTask

    tables = (
        models.Nomination,
        models.NominationLine,
        models.Attachment,
        models.Transition,
        models.Person,
        models.Collective,
        models.Household,
        DossierTask,
        Notice,
    )
    return {model.__name__: model.objects.count() for model in tables}
