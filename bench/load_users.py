"""The Locust users of ``bench/load.py``, and its runner: run in a process of its own.

Locust monkey-patches the standard library (gevent) when imported, so it is imported first
here and never in a process that runs Django or psycopg.  ``bench/load.py`` starts

    .venv/bin/python bench/load_users.py --host http://127.0.0.1:PORT --accounts ACCOUNTS.json \\
        --users 200 --seconds 120 --mix-seconds 30 --healthz-seconds 30 --out RESULT.json

and reads RESULT.json.  The accounts file (written by load.py from the province it built) holds
each account's username, the password, the TOTP key of those with a second factor and the
paths each account may see (its dossiers, its council's sessions).

The users, weighted 60/25/15:

* ``UnitUser``: a unit's staff (password only): home, its dossiers, one of them, the tasks
  page, the notices;
* ``MemberUser``: a council member (password, then the TOTP code): home, the sessions, the
  ballot of an open vote (GET only: nothing is cast), the results of a closed one;
* ``SecretariatUser``: the secretariat (password, then the TOTP code): the queue, a dossier,
  a session, the decisions.

One run, three phases:

1. the users log in (``on_start``; not timed: their failures count as errors);
2. (a) ``--seconds`` of browsing with 1–3 s of think time: p50, p95, p99, errors;
3. (b) ``--mix-seconds`` of the same users with no think time: R, the mix's requests per second;
4. (b) ``--healthz-seconds`` of as many users asking ``/healthz`` with no think time: C, the
   ceiling of the stack (gunicorn, Django's middleware, the loopback) on this machine;
5. (c) ``--floor-seconds`` of the signed-in users asking only ``/`` with no think time: F, the
   floor of any signed-in answer (the session, the user, the second factor's device, the
   middleware's checks and the home's one query, then a redirect; no template).  No page of the
   mix can answer faster than this, so F bounds R from above: R/C can never exceed F/C.

A request answered with anything but 2xx or 3xx is an error, and so is a redirect to the login
or the second step (a session lost).  Redirects are not followed: each request is one page.
"""

from __future__ import annotations

# isort: off
import locust  # noqa: F401  (first: it monkey-patches the standard library)
from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser
from locust.env import Environment
from locust.exception import StopUser

# isort: on

import argparse
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import sys
import time
from collections.abc import Iterator
from typing import Any

import gevent

ACCOUNTS: dict[str, Any] = {}
THINK = {"on": True}  # phase (a) thinks, phase (b) does not: one switch, read by every user
# phase (c): every page a user asks for is GET / instead (one switch, read in PageUser.page)
FLOOR = {"on": False}
FLOOR_PAGE = "/ (signed-in floor)"
LOGIN_ERRORS: list[str] = []
LOGGED_IN = {"count": 0}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOST_SESSION = ("/accounts/login/", "/accounts/otp/")


def think(user: Any) -> float:
    return random.uniform(1.0, 3.0) if THINK["on"] else 0.0


# --- TOTP (RFC 6238, as django_otp.oath.TOTP: HMAC-SHA1, the device's step, t0 and digits) ---


def totp_code(key_hex: str, step: int, t0: int, digits: int, t: int) -> str:
    counter = struct.pack(">Q", t)
    digest = hmac.new(bytes.fromhex(key_hex), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


LAST_STEP: dict[str, int] = {}  # a code is accepted once: an account shared by two users needs a later step


def next_code(username: str, device: dict[str, Any]) -> str:
    """A code the device accepts now: the current step, or the next one (tolerance 1) when an
    account shared by two users has used it; never the previous step, which the server's clock
    may have left behind by the time the form arrives."""
    step, t0, digits = int(device["step"]), int(device["t0"]), int(device["digits"])
    while True:
        now = int((time.time() - t0) // step)
        wanted = max(now, LAST_STEP.get(username, -(10**9)) + 1)
        if wanted <= now + 1:
            LAST_STEP[username] = wanted
            return totp_code(device["key"], step, t0, digits, wanted)
        gevent.sleep(t0 + (wanted - 1) * step - time.time() + 0.2)


# --- The users -----------------------------------------------------------------------------


def _accounts(role: str) -> Iterator[dict[str, Any]]:
    listed = ACCOUNTS.get(role) or []
    if not listed:
        raise SystemExit(f"no {role} accounts in the accounts file")
    return itertools.cycle(listed)


ROTATION: dict[str, Iterator[dict[str, Any]]] = {}


class PageUser(FastHttpUser):
    abstract = True
    role = ""
    wait_time = think
    # the server's backlog, not the client, sets the queueing: one connection per user
    network_timeout = 120.0
    connection_timeout = 120.0

    def on_start(self) -> None:
        if self.role not in ROTATION:
            ROTATION[self.role] = _accounts(self.role)
        self.account = next(ROTATION[self.role])
        try:
            self.login()
        except LoginFailed as failure:
            LOGIN_ERRORS.append(f"{self.account['username']}: {failure}")
            raise StopUser() from failure
        LOGGED_IN["count"] += 1

    # -- login: the form, the password, then the code when the account has a second factor --

    def _form_token(self, path: str) -> str:
        response = self.client.get(path, name=f"login {path}", allow_redirects=False)
        found = CSRF.search(response.text or "")
        if response.status_code != 200 or not found:
            raise LoginFailed(f"GET {path}: {response.status_code}, no form")
        return found.group(1)

    def login(self) -> None:
        username = self.account["username"]
        token = self._form_token("/accounts/login/")
        response = self.client.post(
            "/accounts/login/",
            name="login /accounts/login/ POST",
            data={"csrfmiddlewaretoken": token, "username": username, "password": ACCOUNTS["password"], "next": "/"},
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise LoginFailed(f"password refused ({response.status_code})")
        device = ACCOUNTS["totp"].get(username)
        if device is None:
            return
        token = self._form_token("/accounts/otp/")
        response = self.client.post(
            "/accounts/otp/",
            name="login /accounts/otp/ POST",
            data={"csrfmiddlewaretoken": token, "code": next_code(username, device), "next": "/"},
            allow_redirects=False,
        )
        if response.status_code != 302 or response.headers.get("Location", "").startswith(LOST_SESSION):
            raise LoginFailed(f"code refused ({response.status_code})")

    # -- a page: one request, its redirect not followed --

    def page(self, path: str, name: str | None = None) -> None:
        if FLOOR["on"]:
            path, name = "/", FLOOR_PAGE
        with self.client.get(path, name=name or path, allow_redirects=False, catch_response=True) as response:
            if response.status_code >= 400 or response.status_code < 200:
                response.failure(f"{response.status_code}")
            elif 300 <= response.status_code < 400 and response.headers.get("Location", "").startswith(LOST_SESSION):
                response.failure(f"{response.status_code} to {response.headers.get('Location')}: the session is lost")
            else:
                response.success()

    def pick(self, kind: str) -> int | None:
        ids = self.account["paths"].get(kind) or []
        return random.choice(ids) if ids else None


class LoginFailed(Exception):
    pass


class UnitUser(PageUser):
    weight = 60
    role = "unit"

    @task(2)
    def home(self) -> None:
        self.page("/")

    @task(3)
    def dossiers(self) -> None:
        self.page("/dossiers/")

    @task(3)
    def dossier(self) -> None:
        pk = self.pick("dossiers")
        if pk is not None:
            self.page(f"/dossiers/{pk}/", "/dossiers/[id]/ (unit)")

    @task(2)
    def task_list(self) -> None:
        self.page("/tasks/", "/tasks/ (unit)")

    @task(1)
    def notices(self) -> None:
        self.page("/notices/")


class MemberUser(PageUser):
    weight = 25
    role = "member"

    @task(2)
    def home(self) -> None:
        self.page("/", "/ (member)")

    @task(2)
    def sessions(self) -> None:
        self.page("/sessions/", "/sessions/ (member)")

    @task(3)
    def ballot(self) -> None:
        pk = self.pick("ballots")
        if pk is not None:
            self.page(f"/sessions/{pk}/ballot/", "/sessions/[id]/ballot/")

    @task(1)
    def results(self) -> None:
        pk = self.pick("results")
        if pk is not None:
            self.page(f"/sessions/{pk}/results/", "/sessions/[id]/results/")


class SecretariatUser(PageUser):
    weight = 15
    role = "secretariat"

    @task(3)
    def queue(self) -> None:
        self.page("/tasks/", "/tasks/ (secretariat)")

    @task(3)
    def dossier(self) -> None:
        pk = self.pick("dossiers")
        if pk is not None:
            self.page(f"/dossiers/{pk}/", "/dossiers/[id]/ (secretariat)")

    @task(2)
    def session(self) -> None:
        pk = self.pick("sessions")
        if pk is not None:
            self.page(f"/sessions/{pk}/", "/sessions/[id]/")

    @task(1)
    def decisions(self) -> None:
        self.page("/decisions/")


class HealthUser(FastHttpUser):
    wait_time = constant(0)
    network_timeout = 120.0
    connection_timeout = 120.0

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", allow_redirects=False)


# --- The runner --------------------------------------------------------------------------


def figures(env: Environment, seconds: float) -> dict[str, Any]:
    total = env.stats.total
    rows = [
        {
            "name": entry.name,
            "method": entry.method,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
            "mean": round(entry.avg_response_time, 1),
            "bytes": round(entry.avg_content_length),
        }
        for entry in sorted(env.stats.entries.values(), key=lambda e: -e.num_requests)
    ]
    return {
        "seconds": seconds,
        "requests": total.num_requests,
        "failures": total.num_failures,
        "p50": total.get_response_time_percentile(0.5) if total.num_requests else 0,
        "p95": total.get_response_time_percentile(0.95) if total.num_requests else 0,
        "p99": total.get_response_time_percentile(0.99) if total.num_requests else 0,
        "rps": total.num_requests / seconds if seconds else 0.0,
        "errors": {
            f"{error.method} {error.name}: {error.error}": error.occurrences for error in env.stats.errors.values()
        },
        "rows": rows,
    }


def measure(env: Environment, seconds: float) -> dict[str, Any]:
    """A phase's figures; with the share of a core Locust itself took and the machine's load
    average at the end (the cores are shared: a busy neighbour shows there)."""
    env.stats.reset_all()
    started, cpu = time.monotonic(), time.process_time()
    gevent.sleep(seconds)
    wall = time.monotonic() - started
    result = figures(env, wall)
    result["locust_cpu"] = round((time.process_time() - cpu) / wall, 2)
    result["load_average"] = round(os.getloadavg()[0], 1)
    return result


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--accounts", required=True, help="the JSON file load.py wrote")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second (logins)")
    parser.add_argument("--seconds", type=float, default=120.0, help="phase (a), with think time")
    parser.add_argument("--mix-seconds", type=float, default=30.0, help="phase (b), the mix without think time")
    parser.add_argument("--healthz-seconds", type=float, default=30.0, help="phase (b), /healthz")
    parser.add_argument("--floor-seconds", type=float, default=30.0, help="phase (c), GET / signed in")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    ACCOUNTS.update(json.loads(open(args.accounts, encoding="utf-8").read()))
    result: dict[str, Any] = {"users": args.users}

    env = Environment(user_classes=[UnitUser, MemberUser, SecretariatUser], host=args.host)
    runner = env.create_local_runner()
    started = time.monotonic()
    runner.start(args.users, spawn_rate=args.spawn_rate)
    # the logins: every user's on_start done (or failed), then the clock starts
    deadline = time.monotonic() + args.users / args.spawn_rate + 300
    while LOGGED_IN["count"] + len(LOGIN_ERRORS) < args.users and time.monotonic() < deadline:
        gevent.sleep(0.5)
    login = figures(env, time.monotonic() - started)
    result["login"] = {
        "seconds": round(time.monotonic() - started, 1),
        "logged_in": LOGGED_IN["count"],
        "failed": LOGIN_ERRORS[:20],
        "failures": len(LOGIN_ERRORS) + (args.users - LOGGED_IN["count"] - len(LOGIN_ERRORS)),
        "rows": [row for row in login["rows"] if row["name"].startswith("login ")],
        "page_failures": login["failures"]
        - sum(r["failures"] for r in login["rows"] if r["name"].startswith("login ")),
    }
    say(f"logged in {LOGGED_IN['count']} of {args.users} in {result['login']['seconds']} s")
    result["think"] = measure(env, args.seconds)
    say(f"phase (a): {result['think']['requests']} requests, p95 {result['think']['p95']} ms")
    THINK["on"] = False
    result["mix"] = measure(env, args.mix_seconds)
    say(f"phase (b) mix: {result['mix']['rps']:.1f} requests/s")
    FLOOR["on"] = True
    result["floor"] = measure(env, args.floor_seconds)
    say(f"phase (c) signed-in floor: {result['floor']['rps']:.1f} requests/s")
    runner.quit()
    runner.greenlet.join(timeout=30)

    health = Environment(user_classes=[HealthUser], host=args.host)
    health_runner = health.create_local_runner()
    health_runner.start(args.users, spawn_rate=max(args.users / 2, 1))
    gevent.sleep(2)  # all of them started
    result["healthz"] = measure(health, args.healthz_seconds)
    say(f"phase (b) healthz: {result['healthz']['rps']:.1f} requests/s")
    health_runner.quit()
    health_runner.greenlet.join(timeout=30)

    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
