"""``bench/round.py`` as CI runs it: one commune of 40 lines end to end, through real Celery
workers on PostgreSQL and Redis and a local SMTP server, and its last line says that nothing
was lost or sent twice."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import need, redis_database

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parent.parent
LAST_LINE = re.compile(
    r"^round: (?P<lines>\d+) lines, (?P<councils>\d+) councils in (?P<seconds>[\d.]+) s; "
    r"documents (?P<rate>[\d.]+)/s end to end \(builder (?P<builder>[\d.]+)/s\); "
    r"notices (?P<notices>\d+); lost (?P<lost>\d+); duplicates (?P<duplicates>\d+)$"
)


def _redis_url() -> str:
    """A Redis database of the bench's own (13; the topology test has 14): with the suite on two
    workers (scripts/test.sh -n), the bench's Celery workers must not take another test's tasks."""
    url = redis_database(os.environ.get("REDIS_URL", "").strip() or "redis://127.0.0.1:6379/0", 13)
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception:  # noqa: BLE001 - any failure: no Redis to run against
        need(False, f"bench/round.py needs a running Redis ({url})")
    return url


def test_one_commune_round_loses_nothing_and_sends_nothing_twice() -> None:
    database = os.environ.get("DATABASE_URL", "")
    need(database.startswith("postgres"), "bench/round.py needs PostgreSQL (DATABASE_URL=postgres://...)")
    env = {**os.environ, "DATABASE_URL": database, "REDIS_URL": _redis_url()}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the script sets its own (config.settings.base)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "round.py"), "--councils", "1", "--lines", "40"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,  # the migration of a fresh database comes on top of the round itself
    )
    out = done.stdout.strip().splitlines()
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    found = LAST_LINE.match(out[-1])
    assert found, out[-1]
    assert int(found["lines"]) == 40
    assert int(found["councils"]) == 1
    assert int(found["lost"]) == 0
    assert int(found["duplicates"]) == 0
    assert int(found["notices"]) > 0
    assert float(found["rate"]) > 0
    assert float(found["builder"]) > 0
    assert float(found["seconds"]) < 90, out[-1]
