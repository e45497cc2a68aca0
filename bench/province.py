"""A province's year-end round, generated through the product's services: the generator that
``bench/round.py`` (the round end to end) and ``bench/load.py`` (the load test) build on.

    from province import bench_database, setup_django, build, drop_database

    name, url = bench_database(os.environ["DATABASE_URL"])  # a fresh database beside it
    setup_django(url)                                      # env, django.setup(), migrate
    province = build(councils=20, lines=2000, stop_at="voting")
    ...
    drop_database(os.environ["DATABASE_URL"], name)

The configuration rows (the council tree, units, logins, roles, award types and their rates,
the rounds) are written directly, as ``seed_demo`` writes its configuration; everything a
user does in the process goes through the services: people, collectives and households
are matched or made by the dossiers' bulk entry (``lines_bulk_add``, set-based), files by
``attachment_add``, the dossier flow by ``workflows.services`` (create, submit, review),
the session by ``workflows.session_services`` (start, attendance, open voting).  No status
is ever written.

``stop_at``: ``"submitted"`` (every dossier submitted, awaiting review), ``"accepted"``
(every dossier accepted) or ``"voting"`` (each commune's session made with its accepted
lines, everyone present, voting open; ``keep_in_review`` of the dossiers left submitted).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (str(ROOT), str(ROOT / "bench")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from people_search import FAMILY, GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE  # noqa: E402

PASSWORD = "bench-round-2026"  # noqa: S105  the generated logins' shared password, bench data only
STAGES = ("submitted", "accepted", "voting")
EMAIL_DOMAIN = "thidua.example"

# --- the database -------------------------------------------------------------------------


def _pg_args(database_url: str) -> tuple[list[str], dict[str, str]]:
    parsed = urllib.parse.urlparse(database_url)
    if not parsed.scheme.startswith("postgres"):
        raise SystemExit(f"a PostgreSQL DATABASE_URL is needed, not {parsed.scheme or 'nothing'}")
    env = {**os.environ, "PGPASSWORD": urllib.parse.unquote(parsed.password or "")}
    conn = ["-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres"]
    return conn, env


def bench_database(database_url: str) -> tuple[str, str]:
    """``createdb`` a fresh database on ``database_url``'s server; returns its name and URL."""
    conn, env = _pg_args(database_url)
    name = f"thidua_round_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    subprocess.run(["createdb", *conn, name], check=True, env=env)
    return name, urllib.parse.urlparse(database_url)._replace(path=f"/{name}").geturl()


def drop_database(database_url: str, name: str) -> None:
    """Drop the database ``name`` made by ``bench_database`` (its connections closed first)."""
    if "django" in sys.modules:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - Django not set up: nothing to close
            pass
    conn, env = _pg_args(database_url)
    subprocess.run(["dropdb", *conn, "--force", "--if-exists", name], check=False, env=env)


def setup_django(url: str, *, redis_url: str | None = None, eager: bool = True) -> None:
    """Point the shared settings (``config.settings.base``) at ``url``, set Django up and migrate.

    ``eager``: Celery runs in the process (documents on the web process's documents thread,
    email to the dummy backend unless ``EMAIL_BACKEND`` says otherwise); otherwise ``redis_url``
    is the broker of real workers.  ``redis_url`` with ``eager`` only shares the cache."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="thidua-bench-media-"))
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    # a key of this run only (the workers get it through the environment too)
    os.environ.setdefault("BALLOT_SEAL_KEY", secrets.token_hex(32))
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    if not eager and not redis_url:
        raise SystemExit("setup_django: eager=False needs a redis_url (the workers' broker)")
    import django

    django.setup()
    if eager and redis_url:
        from django.conf import settings

        from config.celery import conf_set

        settings.CELERY_TASK_ALWAYS_EAGER = True
        conf_set(task_always_eager=True)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- what the generator returns --------------------------------------------------------------


@dataclass
class Province:
    province_council_id: int
    council_ids: list[int]
    password: str
    unit_users: list[str] = field(default_factory=list)
    member_users: list[str] = field(default_factory=list)
    secretariat_users: list[str] = field(default_factory=list)
    chairman_users: list[str] = field(default_factory=list)
    # username -> hex key of the officer's confirmed TOTP device (secretariat, chairmen)
    totp_keys: dict[str, str] = field(default_factory=dict)


# --- names ---------------------------------------------------------------------------------

PLACE_SYLLABLES = (
    "Hà Trung Hoằng Quảng Nga Thiệu Yên Định Thọ Xuân Nông Cống Tĩnh Gia Đông Sơn Lộc Bình Minh Phú An Tân "
    "Thành Vĩnh Long Hưng Thịnh Hải Tiến Đức Hoà Phong Lâm Mỹ Thái Lương Ngọc Cẩm Thạch Vân Kim Hợp Triệu"
).split()
SCHOOLS = ("Trường Mầm non xã {x}", "Trường Tiểu học xã {x}", "Trường THCS xã {x}")
INSTITUTIONS = (
    ("Trạm Y tế xã {x}", "health"),
    ("Ủy ban MTTQ Việt Nam xã {x}", "organisation"),
    ("Đoàn Thanh niên xã {x}", "organisation"),
    ("Hội Liên hiệp Phụ nữ xã {x}", "organisation"),
    ("Hội Nông dân xã {x}", "organisation"),
    ("Hội Cựu chiến binh xã {x}", "organisation"),
    ("Công an xã {x}", "police"),
    ("Ban Chỉ huy quân sự xã {x}", "military"),
    ("Văn phòng HĐND và UBND xã {x}", "agency"),
    ("Chi bộ Cơ quan xã {x}", "party_cell"),
)
POSITIONS = ("Giáo viên", "Cán bộ", "Công chức", "Nhân viên", "Trưởng thôn", "Chi hội trưởng", "Hội viên")
ACHIEVEMENTS_IND = (
    "Hoàn thành xuất sắc nhiệm vụ năm {year}",
    "Hoàn thành tốt nhiệm vụ được giao năm {year}; tích cực tham gia phong trào thi đua",
    "Có nhiều đóng góp trong xây dựng nông thôn mới năm {year}",
)
ACHIEVEMENTS_HH = (
    "Gương mẫu chấp hành chủ trương của Đảng, pháp luật của Nhà nước",
    "Gia đình hoà thuận, tiến bộ; tích cực tham gia phong trào ở khu dân cư",
    "Tham gia giữ gìn vệ sinh môi trường, an ninh trật tự ở thôn",
)
ACHIEVEMENT_COL = "Tập thể hoàn thành tốt nhiệm vụ năm {year}; 100% thành viên hoàn thành nhiệm vụ"
ACHIEVEMENT_CSTD = "Hoàn thành xuất sắc nhiệm vụ năm {year}; có sáng kiến được công nhận cấp xã"
ACHIEVEMENT_BK = "Có thành tích xuất sắc tiêu biểu trong phong trào thi đua năm {year}"


class Names:
    """Seeded Vietnamese names (family names weighted as in the population), never twice the same
    (name, birth date) in one council, as the bulk entry refuses a row twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.families, self.weights = zip(*FAMILY, strict=True)

    def person(self) -> tuple[str, str]:
        rng = self.rng
        female = rng.random() < 0.5
        middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        extra = f" {rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)}" if rng.random() < 0.2 else ""
        return f"{rng.choices(self.families, self.weights)[0]} {middle}{extra} {given}", "female" if female else "male"

    def birth(self) -> dt.date:
        return dt.date(1960, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 365 * 40))


def commune_names(count: int, rng: random.Random) -> list[str]:
    pairs = [f"{a} {b}" for a in PLACE_SYLLABLES for b in PLACE_SYLLABLES if a != b]
    rng.shuffle(pairs)
    return [pairs[i % len(pairs)] + (f" {i // len(pairs) + 1}" if i >= len(pairs) else "") for i in range(count)]


# --- the plan of one commune's lines ----------------------------------------------------------


@dataclass
class Row:
    code: str  # award type code
    kind: str  # individual, collective, household
    name: str
    achievement: str
    gender: str = ""
    birth: dt.date | None = None
    position: str = ""
    address: str = ""


def split_lines(total: int, councils: int, rng: random.Random) -> list[int]:
    """``total`` lines over the communes, unevenly (a big commune has about five times a small one's)."""
    weights = [rng.uniform(0.4, 2.0) for _ in range(councils)]
    shares = [int(total * w / sum(weights)) for w in weights]
    for i in range(total - sum(shares)):
        shares[i % councils] += 1
    return shares


def plan_commune(count: int, units: list[tuple[int, str, str]], names: Names, year: int) -> dict[int, list[Row]]:
    """``count`` lines of one commune by unit id: about 45% cultural-family households (the
    quarters' lists, concentrated in a few big quarters), 30% Lao động tiên tiến, 5% CSTĐCS,
    7% collectives, the rest Giấy khen, and 2% (at least one) Bằng khen of the province."""
    rng = names.rng
    quarters = [u for u in units if u[2] == "quarter"]
    others = [u for u in units if u[2] != "quarter"] or quarters
    province = max(1, round(count * 0.02))
    households = int(count * 0.45)
    collectives = max(1, int(count * 0.07)) if count >= 10 else 0
    cstd = int(count * 0.05)
    gk = int(count * 0.11)
    ldtt = max(0, count - province - households - collectives - cstd - gk)
    plan: dict[int, list[Row]] = {}
    seen: set[tuple[str, dt.date | None]] = set()

    def person_row(code: str, achievement: str) -> Row:
        while True:
            name, gender = names.person()
            birth = names.birth()
            if (name, birth) not in seen:
                seen.add((name, birth))
                return Row(
                    code, "individual", name, achievement.format(year=year), gender, birth, rng.choice(POSITIONS)
                )

    for _ in range(ldtt):
        plan.setdefault(rng.choice(others)[0], []).append(person_row("LDTT", ACHIEVEMENTS_IND[rng.randrange(3)]))
    for _ in range(cstd):
        plan.setdefault(rng.choice(others)[0], []).append(person_row("CSTDCS", ACHIEVEMENT_CSTD))
    for _ in range(gk):
        plan.setdefault(rng.choice(units)[0], []).append(person_row("GK", ACHIEVEMENTS_IND[0]))
    for _ in range(province):
        plan.setdefault(rng.choice(others)[0], []).append(person_row("BKT", ACHIEVEMENT_BK))
    for number in range(collectives):
        unit_id, unit_name, _kind = rng.choice(units)
        plan.setdefault(unit_id, []).append(
            Row("TTLDTT", "collective", f"Tổ công tác số {number + 1}, {unit_name}", ACHIEVEMENT_COL.format(year=year))
        )
    # households: half of them in the biggest two quarters' lists, the rest spread
    big = quarters[:2]
    for number in range(households):
        unit_id, unit_name, _kind = rng.choice(big) if big and rng.random() < 0.5 else rng.choice(quarters or units)
        head, gender = names.person()
        plan.setdefault(unit_id, []).append(
            Row(
                "GDVH",
                "household",
                head,
                ACHIEVEMENTS_HH[number % 3],
                gender,
                address=f"Số nhà {number + 1}, {unit_name}",
            )
        )
    return plan


def bulk_rows(rows: list[Row]) -> list[list[str]]:
    """The rows as a unit's clerk pastes them (a header, then one row per line)."""
    table = [["Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Địa chỉ", "Hình thức", "Thành tích"]]
    for row in rows:
        table.append(
            [
                row.name,
                row.birth.strftime("%d/%m/%Y") if row.birth else "",
                {"male": "Nam", "female": "Nữ"}.get(row.gender, ""),
                row.position,
                row.address,
                row.code,
                row.achievement,
            ]
        )
    return table


# --- the generator ---------------------------------------------------------------------------


class Timer:
    def __init__(self, say: Callable[[str], Any]) -> None:
        self.say = say
        self.times: dict[str, float] = {}

    def stage(self, name: str, started: float, detail: str = "") -> None:
        self.times[name] = time.monotonic() - started
        self.say(f"  {name}: {self.times[name]:.1f} s" + (f" ({detail})" if detail else ""))


def build(
    *,
    councils: int,
    lines: int,
    seed: int = 2026,
    stop_at: str = "accepted",
    keep_in_review: float = 0.1,
    say: Callable[[str], Any] = print,
) -> Province:
    """A province of ``councils`` communes and ``lines`` nomination lines, taken to ``stop_at``."""
    if stop_at not in STAGES:
        raise ValueError(f"stop_at must be one of {STAGES}, not {stop_at!r}")
    from django.contrib.auth.hashers import make_password
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from councils.models import Council, CouncilLevel, CouncilMembership, CouncilRole, Unit, UnitMembership, User
    from councils.two_factor import TOTP_DEVICE_NAME
    from demo.management.commands.seed_demo import demo_pdf
    from nominations import services as nomination_services
    from nominations.models import AwardRate, AwardType, BaseSalary, Nomination, Round, RoundAwardType, RoundKind
    from workflows import services as flow_services

    rng = random.Random(seed)  # noqa: S311 - bench data, not secrets
    names = Names(rng)
    timer = Timer(say)
    now = timezone.now()
    year = timezone.localtime(now).year
    tag = uuid.uuid4().hex[:4]  # logins unique even when two provinces share a database

    # --- configuration rows: the tree, units, logins, roles -----------------------------
    started = time.monotonic()
    province_name = "Thanh Hoá"
    province = Council.objects.create(
        name=f"Hội đồng Thi đua – Khen thưởng tỉnh {province_name}",
        level=CouncilLevel.PROVINCE,
        locality=f"tỉnh {province_name}",
        place_name=province_name,
        issuing_body=f"Ủy ban nhân dân tỉnh {province_name}",
    )
    places = commune_names(councils, rng)
    communes = Council.objects.bulk_create(
        [
            Council(
                parent=province,
                name=f"Hội đồng Thi đua – Khen thưởng xã {place}",
                level=CouncilLevel.COMMUNE,
                locality=f"xã {place}",
                place_name=place,
                issuing_body=f"Ủy ban nhân dân xã {place}",
            )
            for place in places
        ]
    )
    representing = Unit.objects.bulk_create(
        [Unit(council=province, name=f"Ủy ban nhân dân xã {place}", kind="agency", staff_count=20) for place in places]
    )
    represented: dict[int, int] = {}  # commune id -> its unit at the province
    for commune, unit in zip(communes, representing, strict=True):
        commune.unit_in_parent = unit
        represented[commune.pk] = unit.pk
    Council.objects.bulk_update(communes, ["unit_in_parent"])
    units: list[Unit] = []
    for commune, place in zip(communes, places, strict=True):
        size = rng.randint(20, 30)
        fixed = [(s.format(x=place), "school") for s in SCHOOLS] + [(n.format(x=place), k) for n, k in INSTITUTIONS]
        quarters = [(f"Thôn {number}", "quarter") for number in range(1, size - len(fixed) + 1)]
        for name, kind in quarters + fixed:
            units.append(
                Unit(
                    council=commune,
                    name=name,
                    kind=kind,
                    staff_count=rng.randint(8, 60),
                    household_count=rng.randint(220, 330) if kind == "quarter" else 0,
                )
            )
    units = Unit.objects.bulk_create(units)
    password = make_password(PASSWORD)  # one hash for all: hashing thousands would take minutes
    users: list[User] = []
    roles: list[tuple[str, int, str]] = []  # (username, council id, role)
    unit_of_user: dict[str, list[int]] = {}

    def person_user(username: str) -> User:
        name, _gender = names.person()
        family_middle, _sep, given = name.rpartition(" ")
        user = User(
            username=username,
            first_name=given,
            last_name=family_middle,
            email=f"{username}@{EMAIL_DOMAIN}",
            password=password,
        )
        users.append(user)
        return user

    result = Province(province_council_id=province.pk, council_ids=[c.pk for c in communes], password=PASSWORD)
    everyone = [(province, f"t{tag}", 7)] + [(c, f"x{tag}{i:03d}", rng.randint(7, 9)) for i, c in enumerate(communes)]
    for council, prefix, member_count in everyone:
        person_user(f"{prefix}_thuky")
        roles.append((f"{prefix}_thuky", council.pk, CouncilRole.SECRETARIAT))
        result.secretariat_users.append(f"{prefix}_thuky")
        person_user(f"{prefix}_chutich")
        roles.append((f"{prefix}_chutich", council.pk, CouncilRole.CHAIRMAN))
        result.chairman_users.append(f"{prefix}_chutich")
        for number in range(1, member_count + 1):
            person_user(f"{prefix}_uv{number}")
            roles.append((f"{prefix}_uv{number}", council.pk, CouncilRole.MEMBER))
            result.member_users.append(f"{prefix}_uv{number}")
    units_by_council: dict[int, list[Unit]] = {}
    for unit in units:
        units_by_council.setdefault(unit.council_id, []).append(unit)
    for (commune, prefix, _m), commune_units in zip(
        everyone[1:], [units_by_council[c.pk] for c in communes], strict=True
    ):
        for number, unit in enumerate(commune_units, start=1):
            username = f"{prefix}_dv{number:02d}"
            person_user(username)
            unit_of_user[username] = [unit.pk]
            result.unit_users.append(username)
        # the commune's office files its proposals up as the unit that stands for it at the province
        unit_of_user[f"{prefix}_thuky"] = [represented[commune.pk]]
    users = User.objects.bulk_create(users)
    by_name = {user.username: user for user in users}
    CouncilMembership.objects.bulk_create(
        [CouncilMembership(council_id=council_id, user=by_name[u], role=role) for u, council_id, role in roles]
    )
    UnitMembership.objects.bulk_create(
        [UnitMembership(unit_id=unit_id, user=by_name[u]) for u, ids in unit_of_user.items() for unit_id in ids]
    )
    officers = result.secretariat_users + result.chairman_users
    devices = TOTPDevice.objects.bulk_create(
        [TOTPDevice(user=by_name[u], name=TOTP_DEVICE_NAME, confirmed=True) for u in officers]
    )
    result.totp_keys = {device.user.username: device.key for device in devices}
    timer.stage(
        "councils, units, logins",
        started,
        f"{councils} communes, {len(units)} units, {len(users)} logins, {len(devices)} TOTP devices",
    )

    # --- award types, money, rounds -----------------------------------------------------
    started = time.monotonic()
    for amount, valid_from in ((2_340_000, dt.date(2024, 7, 1)), (2_530_000, dt.date(2026, 7, 1))):
        BaseSalary.objects.update_or_create(valid_from=valid_from, defaults={"amount": amount})
    docs_title = ["cover_letter", "review_minutes"]
    rate_from = dt.date(2025, 7, 1)
    bk = AwardType.objects.create(
        council=province,
        code="BK",
        name_vi="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        name_en="Certificate of merit of the provincial chairman",
        kind="commendation",
        deciding_level=CouncilLevel.PROVINCE,
        issuing_authority="Chủ tịch Ủy ban nhân dân tỉnh Thanh Hoá",
        required_documents=["cover_letter"],
        for_individual=True,
        for_collective=True,
    )
    rates = [AwardRate(award_type=bk, nominee_kind="individual", multiplier=Decimal("1.0"), valid_from=rate_from)]
    award_specs: list[dict[str, Any]] = [
        {"code": "LDTT", "name_vi": "Lao động tiên tiến", "kind": "title", "for_individual": True, "rates": {"individual": "0.3"}},
        {"code": "CSTDCS", "name_vi": "Chiến sĩ thi đua cơ sở", "kind": "title", "for_individual": True, "rates": {"individual": "1.0"}},
        {"code": "TTLDTT", "name_vi": "Tập thể lao động tiên tiến", "kind": "title", "for_collective": True, "rates": {"collective": "0.8"}},
        {"code": "GDVH", "name_vi": "Gia đình văn hoá", "kind": "title", "for_household": True, "needs_vote": False,
         "carries_money": False, "required_documents": ["posting_result", "review_minutes"], "rates": {}},
        {"code": "GK", "name_vi": "Giấy khen của Chủ tịch Ủy ban nhân dân xã", "kind": "commendation",
         "for_individual": True, "for_collective": True, "for_household": True,
         "rates": {"individual": "0.3", "collective": "0.6", "household": "0.45"}},
        {"code": "BKT", "name_vi": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "kind": "commendation",
         "deciding_level": CouncilLevel.PROVINCE, "for_individual": True, "for_collective": True, "rates": {}},
    ]  # fmt: skip
    awards: dict[tuple[int, str], AwardType] = {}
    for commune, place in zip(communes, places, strict=True):
        for spec in award_specs:
            spec = dict(spec)
            multipliers = spec.pop("rates")
            award = AwardType(
                council=commune,
                name_en="",
                deciding_level=spec.pop("deciding_level", CouncilLevel.COMMUNE),
                issuing_authority=f"Chủ tịch Ủy ban nhân dân xã {place}",
                required_documents=spec.pop("required_documents", docs_title),
                parent_award_type=bk if spec["code"] == "BKT" else None,
                **spec,
            )
            awards[(commune.pk, award.code)] = award
            for kind, multiplier in multipliers.items():
                rates.append(
                    AwardRate(award_type=award, nominee_kind=kind, multiplier=Decimal(multiplier), valid_from=rate_from)
                )
    for award in awards.values():
        award.full_clean(exclude=["council", "parent_award_type"])
    AwardType.objects.bulk_create(list(awards.values()))
    for rate in rates:
        rate.award_type_id = rate.award_type.pk
    AwardRate.objects.bulk_create(rates)
    opens, closes = now - dt.timedelta(days=1), now + dt.timedelta(days=30)
    rounds = Round.objects.bulk_create(
        [
            Round(
                council=council,
                name=f"Xét khen thưởng tổng kết năm {year}",
                year=year,
                kind=RoundKind.YEARLY,
                opens_at=opens,
                closes_at=closes,
            )
            for council in [province, *communes]
        ]
    )
    offers = [RoundAwardType(round=rounds[0], award_type=bk)]
    for round_, commune in zip(rounds[1:], communes, strict=True):
        offers += [RoundAwardType(round=round_, award_type=awards[(commune.pk, s["code"])]) for s in award_specs]
    RoundAwardType.objects.bulk_create(offers)
    round_of = {round_.council_id: round_ for round_ in rounds}
    timer.stage("award types, rates, rounds", started, f"{len(awards) + 1} award types, {len(rounds)} rounds")

    # --- dossiers: made, filled by bulk entry, files attached, submitted ------------------
    started = time.monotonic()
    shares = split_lines(lines, councils, rng)
    dossiers: list[tuple[Nomination, str]] = []  # (dossier, its commune's secretariat username)
    made_lines = 0
    for (commune, prefix, _m), count in zip(everyone[1:], shares, strict=True):
        commune_units = units_by_council[commune.pk]
        clerk = {u.pk: by_name[f"{prefix}_dv{n:02d}"] for n, u in enumerate(commune_units, start=1)}
        plan = plan_commune(count, [(u.pk, u.name, u.kind) for u in commune_units], names, year)
        unit_by_id = {u.pk: u for u in commune_units}
        for unit_id, rows in plan.items():
            unit, user = unit_by_id[unit_id], clerk[unit_id]
            dossier = flow_services.dossier_create(
                user=user,
                unit=unit,
                round=round_of[commune.pk],
                title=f"Đề nghị khen thưởng tổng kết năm {year} – {unit.name}",
            )
            for kind in ("individual", "collective", "household"):
                of_kind = [row for row in rows if row.kind == kind]
                if of_kind:
                    made_lines += len(
                        nomination_services.lines_bulk_add(
                            actor=user, nomination=dossier, rows=bulk_rows(of_kind), default_kind=kind
                        )
                    )
            needed = sorted({doc for row in rows for doc in awards[(commune.pk, row.code)].required_documents})
            for kind in needed:
                nomination_services.attachment_add(
                    actor=user,
                    nomination=dossier,
                    # a paper of its own per kind and dossier: the same content twice is refused
                    upload=SimpleUploadedFile(
                        f"{kind}.pdf",
                        demo_pdf("Tai lieu kem theo ho so (benchmark)", f"{kind} {dossier.pk}"),
                        content_type="application/pdf",
                    ),
                    kind=kind,
                )
            dossiers.append((flow_services.dossier_submit(user=user, nomination=dossier), f"{prefix}_thuky"))
    timer.stage("dossiers entered and submitted", started, f"{len(dossiers)} dossiers, {made_lines} lines")
    if stop_at == "submitted":
        return result

    # --- the secretariats accept -------------------------------------------------------------
    started = time.monotonic()
    keep = int(len(dossiers) * keep_in_review) if stop_at == "voting" else 0
    left = set(rng.sample(range(len(dossiers)), keep)) if keep else set()
    for index, (dossier, officer) in enumerate(dossiers):
        if index in left:
            continue
        flow_services.dossier_review(user=by_name[officer], nomination=dossier, accept=True, reason="Hồ sơ đầy đủ.")
    timer.stage("dossiers accepted", started, f"{len(dossiers) - keep} accepted, {keep} left in review")
    if stop_at == "accepted":
        return result

    # --- each commune's session: agenda, attendance, voting open -----------------------------
    started = time.monotonic()
    open_sessions([(c, by_name[f"{p}_thuky"], by_name[f"{p}_chutich"], round_of[c.pk]) for c, p, _m in everyone[1:]])
    timer.stage("sessions opened", started, f"{councils} sessions voting")
    return result


def open_sessions(councils: list[tuple[Any, Any, Any, Any]]) -> list[Any]:
    """Each council's session on its round's accepted lines, through the session services:
    everyone present, voting open for two hours.  ``councils``: (council, secretariat user,
    chairman user, round) tuples."""
    from django.utils import timezone

    from decisions.models import AttendanceState
    from decisions.services.sessions import attendance_record, voting_members
    from workflows import session_services

    sessions = []
    for council, secretariat, chairman, round_ in councils:
        now = timezone.now()
        session = session_services.session_start(
            actor=secretariat,
            round=round_,
            held_at=now,
            place=f"Hội trường Ủy ban nhân dân {council.locality}",
            chair=chairman,
            secretary=secretariat,
            allow_written_votes=False,
        )
        members = voting_members(council.pk)
        attendance_record(actor=secretariat, session=session, states=dict.fromkeys(members, AttendanceState.PRESENT))
        sessions.append(
            session_services.session_open_voting(
                actor=secretariat, session=session, closes_at=now + dt.timedelta(hours=2)
            )
        )
    return sessions
