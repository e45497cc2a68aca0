"""Load test: a province's users on gunicorn over the loopback, with Locust (issue 15, item 7).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/load.py [--users 200] [--seconds 120] [--lines 20000] [--councils 166]

It creates a database of its own next to DATABASE_URL's, builds a province in it
(``bench/province.py``: ``--councils`` commune councils, ``--lines`` nomination lines, every
council's round taken to its open vote), starts ``gunicorn config.wsgi -w 3`` on the
production settings (``config.settings.prod``; over plain HTTP on 127.0.0.1, so the HTTPS
redirect, HSTS and the secure cookies are switched off by their environment variables, and no
proxy is trusted) and runs the Locust users of ``bench/load_users.py`` in a process of their own
(Locust monkey-patches the standard library: never in this process, which runs Django).  At the
end gunicorn is stopped and the database dropped, whatever happened.

The users (60 % unit staff, 25 % council members, 15 % secretariat; members and the secretariat
pass the TOTP step) log in once, then:

* (a) ``--seconds`` of browsing with 1–3 s of think time: A, P, Q = p50, p95, p99 of every
  page request, E = the requests answered with neither 2xx nor 3xx (a redirect to the login
  counts too), the logins' failures included;
* (b) 30 s of the same users with no think time: R, the mix's requests per second; then 30 s of
  as many users asking ``/healthz`` (no database, no session) with no think time: C, the
  stack's ceiling on this machine (gunicorn, the middleware, the loopback and Locust itself
  sharing the cores);
* (c) 30 s of the same signed-in users asking only ``/`` (the session, the user, the second
  factor's device, one query, a redirect) with no think time: F, the floor of any signed-in
  answer.  No page of the mix costs less, so R <= F, and F/C is the most R/C can reach.

The table of pages (p50/p95/p99 per page in phase (a)) shows which cost most.  The last line::

    load: U users; p50 A ms; p95 P ms; p99 Q ms; errors E; R req/s (ceiling C req/s)

Target on a 2-core machine: 200 users with p95 < 500 ms, 0 errors, R >= 0.4 x C.

``--demo`` builds the database with ``manage.py seed_demo`` (one commune) instead of the
province, for a quick run of the harness alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PER_ACCOUNT = 20  # dossiers (or sessions) an account's user picks from


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- The accounts the users log in with, and the pages each may see -------------------------


def _username(account: Any) -> str:
    return str(getattr(account, "username", account))


def accounts_file(
    *,
    password: str,
    unit_users: list[Any],
    member_users: list[Any],
    secretariat_users: list[Any],
    path: Path,
    seed: int,
) -> dict[str, int]:
    """Write what the Locust users need: each account, what it may open (asked of
    ``councils.access``, the pages' own policy), and the TOTP device of those that have one."""
    from django.db.models import Q
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from councils import access
    from councils.access import Capability
    from councils.models import User
    from decisions.models import CouncilSession, SessionStatus
    from nominations.models import Nomination, NominationStatus

    def users(accounts: list[Any]) -> list[User]:
        names = [_username(a) for a in accounts]
        found = {u.username: u for u in User.objects.filter(username__in=names)}
        return [found[name] for name in names if name in found]

    def ids(queryset: Any) -> list[int]:
        return list(queryset.order_by("?").values_list("pk", flat=True)[:PER_ACCOUNT])

    unit, member, secretariat = [], [], []
    for user in users(unit_users):
        dossiers = ids(Nomination.objects.filter(unit_id__in=access.unit_ids(user)))
        unit.append({"username": user.username, "paths": {"dossiers": dossiers}})
    for user in users(member_users):
        councils = access.councils_where(user, Capability.VOTE)
        sessions = CouncilSession.objects.filter(council_id__in=councils)
        member.append(
            {
                "username": user.username,
                "paths": {
                    "ballots": ids(sessions.filter(status=SessionStatus.VOTING)),
                    "results": ids(sessions.filter(results__isnull=False)),
                },
            }
        )
    for user in users(secretariat_users):
        councils = access.councils_where(user, Capability.READ_DOSSIERS)
        dossiers = Nomination.objects.filter(round__council_id__in=councils).filter(
            ~Q(status__in=[NominationStatus.DRAFT, NominationStatus.WITHDRAWN])
        )
        sessions = CouncilSession.objects.filter(council_id__in=councils)
        secretariat.append({"username": user.username, "paths": {"dossiers": ids(dossiers), "sessions": ids(sessions)}})
    # the users take the accounts in this order: those with their role's main page first (a
    # member with an open vote, staff with dossiers), the councils mixed
    rng = random.Random(seed)  # noqa: S311 - an order, not a secret
    for listed, main in ((unit, "dossiers"), (member, "ballots"), (secretariat, "dossiers")):
        rng.shuffle(listed)
        listed.sort(key=lambda account: not account["paths"][main])
    names = [a["username"] for a in (*unit, *member, *secretariat)]
    totp = {
        device.user.username: {"key": device.key, "step": device.step, "t0": device.t0, "digits": device.digits}
        for device in TOTPDevice.objects.filter(user__username__in=names, confirmed=True).select_related("user")
    }
    data = {"password": password, "unit": unit, "member": member, "secretariat": secretariat, "totp": totp}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return {
        "unit": len(unit),
        "member": len(member),
        "secretariat": len(secretariat),
        "with_totp": len(totp),
        "ballots": sum(bool(m["paths"]["ballots"]) for m in member),
    }


def demo_province(say: Any = say) -> dict[str, Any]:
    """``seed_demo``'s commune, its staff given a TOTP app (the demo seeds none): the harness's quick path."""
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from councils import access
    from councils.models import CouncilMembership, CouncilRole, UnitMembership, User
    from demo import demo_data

    call_command("seed_demo", force=True, verbosity=0)  # its own throwaway database (DEBUG is off here)
    say("seed_demo done")
    members = CouncilMembership.objects.filter(role__in=[CouncilRole.MEMBER, CouncilRole.CHAIRMAN])
    secretariat = CouncilMembership.objects.filter(role=CouncilRole.SECRETARIAT)
    staff = User.objects.filter(
        pk__in=[*members.values_list("user_id", flat=True), *secretariat.values_list("user_id", flat=True)]
    ).distinct()
    for user in staff:
        if access.second_factor_required(user) and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
    return {
        "password": demo_data.PASSWORD,
        "unit_users": sorted(set(UnitMembership.objects.values_list("user__username", flat=True))),
        "member_users": sorted(set(members.values_list("user__username", flat=True))),
        "secretariat_users": sorted(set(secretariat.values_list("user__username", flat=True))),
    }


# --- gunicorn ---------------------------------------------------------------------------------


class Gunicorn:
    """``gunicorn config.wsgi -w 3`` on the production settings, in a session of its own."""

    def __init__(self, *, database_url: str, redis_url: str, keys: dict[str, str], folder: Path, workers: int) -> None:
        self.port = free_port()
        self.log = folder / "gunicorn.log"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))},
            **keys,
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            # plain HTTP on the loopback: no HTTPS redirect, no HSTS, cookies over HTTP, no proxy in front
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "TRUSTED_PROXY_HOPS": "0",
            "DB_CONN_MAX_AGE": "60",  # as .env.example
            "MEDIA_ROOT": str(folder / "media"),
            "LOG_LEVEL": "WARNING",
        }
        self.args = [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--access-logfile",
            str(folder / "access.log"),  # as production, which logs every request
            "--worker-tmp-dir",
            "/dev/shm",  # noqa: S108  as the image: /tmp on overlayfs can stall the heartbeat
        ]
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                self.args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not answer /healthz:\n" + self.log.read_text(errors="replace")[-4000:])

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def server_errors(log: Path) -> list[str]:
    """The server's 500s, by the exception that ended each (Django logs them on the console)."""
    text = log.read_text(errors="replace") if log.exists() else ""
    failures = Counter[str]()
    for block in text.split("Internal Server Error: ")[1:]:
        lines = [line for line in block.splitlines() if line and not line.startswith((" ", "Traceback"))]
        ending = next(
            (line for line in lines[1:] if "Error" in line or "Exception" in line), lines[-1] if lines else ""
        )
        failures[ending] += 1
    return [f"server error x{count}: {ending}" for ending, count in failures.most_common(5)]


# --- The run ----------------------------------------------------------------------------------


def table(phase: dict[str, Any]) -> list[str]:
    lines = [f"  {'page':<42} {'requests':>8} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'KB':>6}"]
    for row in sorted((r for r in phase["rows"] if r["requests"]), key=lambda r: -r["p95"]):
        lines.append(
            f"  {row['method'] + ' ' + row['name']:<42} {row['requests']:>8} {row['failures']:>5} "
            f"{row['p50']:>6} {row['p95']:>6} {row['p99']:>6} {row['bytes'] / 1024:>6.1f}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=120.0, help="phase (a), with think time (default 120)")
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--councils", type=int, default=166, help="commune councils (default 166: ~120 lines each)")
    parser.add_argument("--phase-b-seconds", type=float, default=30.0, help="each part of phase (b) (default 30)")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users logging in per second (default 10)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--redis-db", type=int, default=15, help="Redis database of the web processes (default 15)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--demo", action="store_true", help="seed_demo's commune instead of a province")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must point at a PostgreSQL server (its database is left alone)")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0] + f"/{args.redis_db}"
    # the same keys for the build (the votes are opened, their box bound) and the web processes
    keys = {name: secrets.token_urlsafe(48) for name in ("SECRET_KEY", "RESULTS_HMAC_KEY", "BALLOT_SEAL_KEY")}
    os.environ.update(keys)

    from bench.province import bench_database, build, drop_database, setup_django

    name, url = bench_database(database_url)
    folder = Path(tempfile.mkdtemp(prefix="thidua-load-"))
    server: Gunicorn | None = None
    try:
        setup_django(url, redis_url=None, eager=True)
        started = time.monotonic()
        if args.demo:
            built = demo_province()
        else:
            province = build(councils=args.councils, lines=args.lines, seed=args.seed, stop_at="voting", say=say)
            built = {
                "password": province.password,
                "unit_users": list(province.unit_users),
                "member_users": list(province.member_users),
                "secretariat_users": list(province.secretariat_users),
            }
        say(f"database {name} built in {time.monotonic() - started:.1f} s")
        from django.db import connection

        # A database in use has its planner statistics kept by autovacuum; this one was filled a
        # moment ago, and the planner would still count its tables as the migration left them
        # (empty): the secretariat's queue then runs a nested loop over every open task.
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        say(f"ANALYZE in {time.monotonic() - started:.1f} s")
        accounts = folder / "accounts.json"
        counts = accounts_file(path=accounts, seed=args.seed, **built)
        say(
            "accounts: {unit} unit staff, {member} members ({ballots} with an open vote), {secretariat} secretariat; "
            "{with_totp} with a TOTP app".format(**counts)
        )
        from django.db import connections

        connections.close_all()

        server = Gunicorn(database_url=url, redis_url=redis_url, keys=keys, folder=folder, workers=args.workers)
        server.start()
        say(f"gunicorn -w {args.workers} on {server.url} (config.settings.prod over plain HTTP)")
        out = folder / "result.json"
        locust = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "load_users.py"),
                "--host",
                server.url,
                "--accounts",
                str(accounts),
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--seconds",
                str(args.seconds),
                "--mix-seconds",
                str(args.phase_b_seconds),
                "--healthz-seconds",
                str(args.phase_b_seconds),
                "--floor-seconds",
                str(args.phase_b_seconds),
                "--out",
                str(out),
            ],
            cwd=ROOT,
            env={k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))},
            check=False,
        )
        if locust.returncode != 0 or not out.exists():
            raise SystemExit(f"the Locust process failed ({locust.returncode})")
        result = json.loads(out.read_text(encoding="utf-8"))
    finally:
        if server is not None:
            server.stop()
            for line in server_errors(server.log):
                say(line)
        drop_database(database_url, name)
        shutil.rmtree(folder, ignore_errors=True)
        media = os.environ.get("MEDIA_ROOT", "")
        if Path(media).name.startswith("thidua-bench-media-"):  # setup_django's folder of this run's files
            shutil.rmtree(media, ignore_errors=True)

    login, think, mix, health = result["login"], result["think"], result["mix"], result["healthz"]
    say(f"logins: {login['logged_in']} in {login['seconds']} s, {login['failures']} failed {login['failed']}")
    say(
        f"phase (a), {think['seconds']:.0f} s with 1-3 s of think time: {think['requests']} requests "
        f"({think['rps']:.1f}/s); Locust took {think['locust_cpu']:.0%} of a core, load average {think['load_average']}"
    )
    for line in table(think):
        say(line)
    for error, count in think["errors"].items():
        say(f"  error x{count}: {error}")
    floor = result["floor"]
    for label, what, phase in (
        ("(b)", "without think time", mix),
        ("(b)", "of /healthz", health),
        ("(c)", "of GET / signed in", floor),
    ):
        say(
            f"phase {label}, {phase['seconds']:.0f} s {what}: {phase['rps']:.1f} requests/s, "
            f"p95 {phase['p95']} ms, {phase['failures']} errors; Locust {phase['locust_cpu']:.0%} of a core, "
            f"load average {phase['load_average']}"
        )
    errors = think["failures"] + login["failures"]
    ratio = mix["rps"] / health["rps"] if health["rps"] else 0.0
    bound = floor["rps"] / health["rps"] if health["rps"] else 0.0
    say(f"R/C = {ratio:.2f}; F/C = {bound:.2f} (the most R/C can be: no signed-in page answers faster than F)")
    say(
        f"load: {result['users']} users; p50 {think['p50']} ms; p95 {think['p95']} ms; p99 {think['p99']} ms; "
        f"errors {errors}; {mix['rps']:.0f} req/s (ceiling {health['rps']:.0f} req/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
