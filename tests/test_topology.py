"""The docker-compose topology with real processes: gunicorn serves the app,
a Celery worker and beat run against this machine's PostgreSQL and Redis.
A unit submits a dossier through gunicorn; the worker delivers the notice
that the submission queued, and the test reads the row the task wrote."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection

from conftest import need, redis_database
from nominations.models import NominationStatus
from notifications.models import Delivery, DeliveryStatus

pytestmark = [pytest.mark.topology, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_reachable(url: str) -> bool:
    parsed = urllib.parse.urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _database_url() -> str:
    settings = connection.settings_dict
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[dict[str, Any]]:
    need(connection.vendor == "postgresql", "the topology test needs PostgreSQL (DATABASE_URL=postgres://...)")
    redis_url = os.environ.get("REDIS_URL", "")
    need(bool(redis_url) and _redis_reachable(redis_url), "the topology test needs Redis (REDIS_URL)")
    # A Redis database of its own, so queued work of other runs does not mix in.
    broker = redis_database(redis_url, 14)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "topology-test-secret-key-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker,
        "SECURE_COOKIES": "false",
        # plain HTTP straight to gunicorn, as the proxy of docker-compose.yml would talk to it
        "SECURE_SSL_REDIRECT": "false",
        "RESULTS_HMAC_KEY": "topology-test-results-key-0123456789abcdef",
        "BALLOT_SEAL_KEY": "topology-test-ballot-seal-key-0123456789abcdef",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run(
        [str(BIN / "python"), "-c", f"import redis; redis.Redis.from_url('{broker}').flushdb()"], check=True, env=env
    )
    logs = {name: open(tmp_path / f"{name}.log", "w+") for name in ("web", "worker", "beat")}  # noqa: SIM115
    commands = {
        "web": [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--access-logfile",
            "-",
        ],
        "worker": [
            str(BIN / "celery"),
            "-A",
            "config",
            "worker",
            "-l",
            "info",
            "-c",
            "1",
            "--without-gossip",
            "--without-mingle",
        ],
        "beat": [
            str(BIN / "celery"),
            "-A",
            "config",
            "beat",
            "-l",
            "info",
            "-s",
            str(tmp_path / "beat-schedule"),
            "--scheduler",
            "django_celery_beat.schedulers:DatabaseScheduler",
        ],
    }
    processes = {
        name: subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=logs[name], stderr=subprocess.STDOUT, start_new_session=True
        )
        for name, command in commands.items()
    }
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("gunicorn did not answer: " + (tmp_path / "web.log").read_text())
        yield {"url": f"http://127.0.0.1:{port}", "processes": processes, "logs": tmp_path}
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for handle in logs.values():
            handle.close()


class Browser:
    """A tiny cookie-keeping HTTP client for forms with CSRF tokens."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path: str, data: dict[str, str], page: str) -> str:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the page"
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token.group(1)}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})  # noqa: S310  self.base is the loopback http server this test started
        with self.opener.open(request, timeout=10) as response:
            return response.read().decode()


def test_submit_through_gunicorn_is_delivered_by_the_worker(
    world: Any, make_dossier: Any, stack: dict[str, Any]
) -> None:
    nomination = make_dossier("draft")
    # the server runs the production settings, whose hashers do not include the tests' MD5
    world.unit_a_user.password = make_password("secret-pass-1", hasher="pbkdf2_sha256")
    world.unit_a_user.save(update_fields=["password"])
    browser = Browser(stack["url"])
    login_page = browser.get("/accounts/login/")
    browser.post("/accounts/login/", {"username": "unit_a", "password": "secret-pass-1"}, login_page)
    detail = browser.get(f"/dossiers/{nomination.pk}/")
    assert nomination.title in detail
    after = browser.post(f"/dossiers/{nomination.pk}/submit/", {}, detail)
    assert "Đã gửi hồ sơ" in after

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    deadline = time.monotonic() + 30
    deliveries: list[Delivery] = []
    while time.monotonic() < deadline:
        deliveries = list(
            Delivery.objects.filter(notice__url=f"/dossiers/{nomination.pk}/")
            .select_related("notice__recipient")
            .order_by("notice__recipient__username")
        )
        if deliveries and all(d.status == DeliveryStatus.SENT for d in deliveries):
            break
        time.sleep(0.3)
    worker_log = (stack["logs"] / "worker.log").read_text()
    assert [d.notice.recipient.username for d in deliveries] == ["secretariat", "secretariat2"], worker_log
    assert all(d.status == DeliveryStatus.SENT and d.sent_at and d.attempts == 1 for d in deliveries), worker_log
    # both went in one batch over one SMTP session, run by the worker (not eagerly in the web process)
    assert re.search(r"Task notifications\.delivery_send_batch_task\[[^\]]+\] succeeded", worker_log), worker_log
    # the console email backend of the worker printed each message with its Message-ID
    for delivery in deliveries:
        assert f"Message-ID: {delivery.message_id}" in worker_log
    beat_log = (stack["logs"] / "beat.log").read_text()
    assert stack["processes"]["beat"].poll() is None, beat_log
    assert "beat: Starting" in beat_log
