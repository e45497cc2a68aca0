"""People search benchmark: ``person_search`` among 200,000 people, with and without the trigram index.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/people_search.py \\
        [--people 200000] [--units 40] [--repeat 40]

It creates its own PostgreSQL database next to DATABASE_URL's (``createdb``, dropped at the end),
migrates it (so ``nominations.0021_person_search_trigram`` builds the ``pg_trgm`` GIN index on
``Person.search_name``), inserts ``--people`` generated Vietnamese names (seeded; family names
weighted as in the population, Nguyễn about a third) in one council of ``--units`` units, runs
ANALYZE, and times the real selector ``nominations.selectors.person_search`` (its 50 rows fetched,
in Vietnamese order, with their units) for diacritic-free fragments, as a unit's clerk (their own
unit's people) and as the council's secretariat (everyone):

* with the index: p50 and p95 of ``--repeat`` runs per query and actor, and the EXPLAIN ANALYZE
  scan lines of the officer's query;
* the baseline, in the same run: the same after ``DROP INDEX`` and ANALYZE (what the search did
  before: the B-tree indexes only).

Each query's rows are checked to be the same with and without the index.  The last line is::

    people search: N people; worst p95 with trigram index T ms; without it T2 ms
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
INDEX = "nominations_person_search_trgm"
QUERIES = ["thi", "nguyen van", "hoa", "tuan", "ng", "le thi huong", "xuan mai"]

FAMILY = [
    ("Nguyễn", 32),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trịnh", 1),
    ("Mai", 1),
    ("Cao", 1),
]
MIDDLE_MALE = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Đình", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Xuân", "Hồng", "Mỹ"]
GIVEN_MALE = (
    "An Bảo Bình Cường Dũng Duy Đạt Đức Giang Hải Hiếu Hoà Hoàng Hùng Hưng Huy Khang Khánh Khoa Kiên "
    "Lâm Long Mạnh Minh Nam Nghĩa Phong Phúc Quân Quang Sơn Tài Thắng Thành Thiện Toàn Trung Tuấn Tùng Việt Vinh"
).split()
GIVEN_FEMALE = (
    "Anh Ánh Bích Châu Chi Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hoà Huế Hương Hường Lan Liên Linh Loan "
    "Mai Ngân Nga Ngọc Nhung Oanh Phương Quyên Quỳnh Tâm Thảo Thoa Thu Thuỷ Trang Uyên Vân Xuân Yến"
).split()


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def bench_database(database_url: str) -> tuple[str, Any]:
    """A PostgreSQL database of this run next to ``database_url``'s, and a function that removes it."""
    parsed = urllib.parse.urlparse(database_url)
    name = f"thidua_bench_{os.getpid()}"
    env = {**os.environ, "PGPASSWORD": urllib.parse.unquote(parsed.password or "")}
    conn = ["-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres"]
    subprocess.run(["createdb", *conn, name], check=True, env=env)  # noqa: S603, S607 - fixed arguments

    def drop() -> None:
        subprocess.run(["dropdb", *conn, "--force", "--if-exists", name], check=False, env=env)  # noqa: S603, S607

    return parsed._replace(path=f"/{name}").geturl(), drop


def generated_names(count: int, seed: int = 15) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    families, weights = zip(*FAMILY, strict=True)
    names = []
    for _ in range(count):
        female = rng.random() < 0.5
        middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        extra = f" {rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)}" if rng.random() < 0.2 else ""
        names.append(f"{rng.choices(families, weights)[0]} {middle}{extra} {given}")
    return names


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=40, help="timed runs per query and actor")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "").strip()
    if not database_url.startswith("postgres"):
        sys.stderr.write("DATABASE_URL must name a PostgreSQL server: postgres://postgres@127.0.0.1:5432/postgres\n")
        return 2
    url, drop_database = bench_database(database_url)
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": url})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connections

    try:
        return run(args, url.rsplit("/", 1)[-1])
    finally:
        connections.close_all()
        drop_database()


def run(args: argparse.Namespace, database: str) -> int:
    from django.core.management import call_command
    from django.db import connection

    from common.text import fold, name_sort_key
    from councils.models import (
        Council,
        CouncilLevel,
        CouncilMembership,
        CouncilRole,
        Unit,
        UnitKind,
        UnitMembership,
        User,
    )
    from nominations.models import Person
    from nominations.selectors import person_search

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    say(f"database {database} migrated in {time.monotonic() - started:.1f} s")

    council = Council.objects.create(
        name="Hội đồng Thi đua – Khen thưởng (benchmark)",
        locality="thị trấn Hà Trung",
        place_name="Hà Trung",
        issuing_body="Ủy ban nhân dân thị trấn Hà Trung",
        level=CouncilLevel.COMMUNE,
    )
    units = Unit.objects.bulk_create(
        [Unit(council=council, name=f"Tiểu khu {i + 1}", kind=UnitKind.QUARTER) for i in range(args.units)]
    )
    clerk = User.objects.create(username="bench_clerk", email="clerk@thidua.example")
    UnitMembership.objects.create(unit=units[0], user=clerk)
    officer = User.objects.create(username="bench_secretariat", email="secretariat@thidua.example")
    CouncilMembership.objects.create(council=council, user=officer, role=CouncilRole.SECRETARIAT)

    started = time.monotonic()
    rng = random.Random(7)  # noqa: S311 - test data
    Person.objects.bulk_create(
        (
            Person(
                council=council,
                full_name=name,
                unit=units[rng.randrange(len(units))],
                search_name=fold(name),
                sort_key=name_sort_key(name),
            )
            for name in generated_names(args.people)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE nominations_person")
        cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s))", [INDEX])
        index_size = cursor.fetchone()[0]
    say(
        f"{args.people} people in {args.units} units inserted and analysed in {time.monotonic() - started:.1f} s; "
        f"trigram index {INDEX}: {index_size}"
    )
    actors = {"unit clerk": clerk, "secretariat": officer}

    def measure(label: str) -> tuple[dict[tuple[str, str], list[int]], float]:
        say(f"--- {label}")
        rows: dict[tuple[str, str], list[int]] = {}
        worst = 0.0
        for query in QUERIES:
            for who, actor in actors.items():
                list(person_search(actor=actor, council=council, query=query))  # warm: roles cached, pages read
                timings = []
                for _ in range(args.repeat):
                    begin = time.perf_counter()
                    found = list(person_search(actor=actor, council=council, query=query))
                    timings.append((time.perf_counter() - begin) * 1000)
                rows[(query, who)] = [p.pk for p in found]
                p50, p95 = statistics.median(timings), percentile(timings, 0.95)
                worst = max(worst, p95)
                matches = person_search(actor=actor, council=council, query=query, limit=10**9).count()
                say(f'"{query}" as {who}: {len(found)} shown of {matches}; p50 {p50:.1f} ms, p95 {p95:.1f} ms')
            plan = person_search(actor=officer, council=council, query=query).explain(analyze=True)
            scans = [line.strip(" ->") for line in plan.splitlines() if "Scan" in line or "Execution Time" in line]
            say(f'  plan of "{query}" (secretariat): ' + " | ".join(scans))
        return rows, worst

    with_index, worst_with = measure("with the trigram index")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {INDEX}")  # noqa: S608 - a constant name
        cursor.execute("ANALYZE nominations_person")
    without_index, worst_without = measure("baseline: trigram index dropped (B-tree indexes only), ANALYZE")
    differ = [key for key in with_index if with_index[key] != without_index[key]]
    if differ:
        say(f"rows differ with and without the index: {differ}")
        return 1
    say("rows: the same 50 people in the same Vietnamese order with and without the index, for every query")
    say(
        f"people search: {args.people} people; worst p95 with trigram index {worst_with:.1f} ms; "
        f"without it {worst_without:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
