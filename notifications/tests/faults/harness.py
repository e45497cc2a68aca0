"""Real processes for the fault tests (and the notices benchmark): a private
``redis-server``, an SMTP server on loopback that records every Message-ID and
can be told to misbehave, and Celery worker subprocesses.

Nothing here stops a process it did not start: the machine's Redis on 6379 is
shared with other runs."""

from __future__ import annotations

import asyncio
import email
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], bool], *, timeout: float, what: Callable[[], str], step: float = 0.1) -> None:
    """Poll ``condition``; on timeout raise with ``what()`` (state, logs) in the message."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    if condition():
        return
    raise AssertionError(f"not reached within {timeout:.0f} s:\n{what()}")


def database_url(settings_dict: dict[str, Any]) -> str:
    """The URL of a PostgreSQL database that a child process can open (the test database)."""
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


class PrivateRedis:
    """A ``redis-server`` of one test on a spare port, without persistence: stopping
    it loses whatever was queued, as a crashed Redis without AOF would."""

    def __init__(self, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None, "already running"
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child keeps writing to it
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--daemonize", "no"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        wait_until(self.ping, timeout=10, what=lambda: self.log_path.read_text(errors="replace"))

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None


@dataclass
class Received:
    message_id: str
    to: tuple[str, ...]
    at: float  # time.time() when the DATA arrived
    connection: int = 0  # the number of the SMTP connection it came over (1, 2, ...)
    accepted: bool = True  # False: the server answered its DATA with an error


@dataclass
class SmtpRecorder:
    """The SMTP server's handler.  ``mode`` says how it answers the next mails:

    * ``accept``: 250 to everything;
    * ``refuse``: 550 to the recipient (a permanent error);
    * ``tempfail``: 451 to the recipient (try again later);
    * ``drop``: closes the connection when the recipient is given;
    * ``stall``: does not answer the recipient for ``stall_seconds``.

    ``delay_next(seconds)`` holds the answer to the next message's DATA (after
    recording it: the server has it, the client does not know yet) and sets
    ``in_flight`` (and ``held``) meanwhile, so a test can kill the sender at that moment.

    Per recipient, whatever the mode: ``rcpt_replies[address]`` and
    ``data_replies[address]`` are the answers (``"451 ..."``, ``"550 ..."``) that
    its next RCPT or DATA gets, one per try, before it is accepted as usual.
    ``connections`` counts the SMTP connections made to the server."""

    mode: str = "accept"
    stall_seconds: float = 5.0
    received: list[Received] = field(default_factory=list)
    attempts: list[tuple[str, float]] = field(default_factory=list)
    in_flight: threading.Event = field(default_factory=threading.Event)
    held: str = ""  # the Message-ID whose answer delay_next held
    rcpt_replies: dict[str, list[str]] = field(default_factory=dict)
    data_replies: dict[str, list[str]] = field(default_factory=dict)
    connections: int = 0
    _delay_next: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def connected(self, session: Any) -> None:
        with self._lock:
            self.connections += 1
            session.number = self.connections

    def _next_reply(self, replies: dict[str, list[str]], addresses: Any) -> str:
        with self._lock:
            for address in addresses:
                if replies.get(address):
                    return replies[address].pop(0)
        return ""

    def delay_next(self, seconds: float) -> None:
        self.in_flight.clear()
        self._delay_next = seconds

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:  # noqa: N802
        mode = self.mode
        with self._lock:
            self.attempts.append((mode, time.time()))
        reply = self._next_reply(self.rcpt_replies, [address])
        if reply:
            return reply
        if mode == "refuse":
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        if mode == "tempfail":
            return "451 4.3.0 Mail server busy, try again later"
        if mode == "drop":
            server.transport.abort()
            return "421 4.4.2 Connection dropped"
        if mode == "stall":
            await asyncio.sleep(self.stall_seconds)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        content = envelope.original_content or envelope.content
        message = email.message_from_bytes(content if isinstance(content, bytes) else content.encode())
        message_id = str(message["Message-ID"])
        connection = getattr(session, "number", 0)
        reply = self._next_reply(self.data_replies, envelope.rcpt_tos)
        if reply:
            with self._lock:
                self.received.append(Received(message_id, tuple(envelope.rcpt_tos), time.time(), connection, False))
            return reply
        with self._lock:
            self.received.append(Received(message_id, tuple(envelope.rcpt_tos), time.time(), connection))
            delay, self._delay_next = self._delay_next, 0.0
        if delay:
            self.held = message_id
            self.in_flight.set()
            await asyncio.sleep(delay)
        return "250 2.0.0 Accepted"

    def message_ids(self) -> list[str]:
        """The messages the server accepted, in the order they came."""
        with self._lock:
            return [item.message_id for item in self.received if item.accepted]

    def accepted(self) -> list[Received]:
        with self._lock:
            return [item for item in self.received if item.accepted]

    def refused(self) -> list[Received]:
        """The messages whose DATA the server answered with an error."""
        with self._lock:
            return [item for item in self.received if not item.accepted]

    def copies(self) -> Counter[str]:
        return Counter(self.message_ids())

    def attempt_times(self) -> list[float]:
        with self._lock:
            return [at for _mode, at in self.attempts]


class _CountingSMTP(SMTP):
    """aiosmtpd's server protocol, telling the recorder of each connection made."""

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self.event_handler.connected(self.session)


class _CountingController(Controller):
    def factory(self) -> SMTP:
        return _CountingSMTP(self.handler, **self.SMTP_kwargs)


class SmtpServer:
    """aiosmtpd on loopback in a thread of this process."""

    def __init__(self) -> None:
        self.recorder = SmtpRecorder()
        self.port = free_port()
        self.controller = _CountingController(self.recorder, hostname="127.0.0.1", port=self.port, ready_timeout=10)

    def start(self) -> None:
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # one line per SMTP command otherwise
        self.controller.start()
        # the controller connects once itself to see that the server answers: not a client's connection
        with self.recorder._lock:
            self.recorder.connections = 0

    def stop(self) -> None:
        self.controller.stop()


class WorkerProcess:
    """``celery -A config worker`` in a session of its own, so a SIGKILL of its
    process group takes the pool children with it (what a crashed host does)."""

    def __init__(self, env: dict[str, str], log_path: Path, *, args: tuple[str, ...] = ()) -> None:
        self.env = env
        self.log_path = log_path
        self.args = args
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self, *, ready_timeout: float = 40) -> None:
        assert self.process is None or self.process.poll() is not None, "already running"
        self.starts += 1
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== worker start #{self.starts} =====\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [str(BIN / "celery"), "-A", "config", "worker", "-l", "info", "--without-gossip", "--without-mingle"]
                + ["--without-heartbeat", *self.args],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        marker = f"===== worker start #{self.starts} ====="
        wait_until(
            lambda: " ready." in self.log().rpartition(marker)[2] or self.process.poll() is not None,  # type: ignore[union-attr]
            timeout=ready_timeout,
            what=lambda: "the worker did not start:\n" + self.log(),
        )
        assert self.process.poll() is None, "the worker exited:\n" + self.log()

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def kill(self) -> None:
        """SIGKILL to the worker and its pool children: nothing acknowledges, nothing cleans up."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def worker_env(*, database: str, redis_url: str, smtp_port: int, **extra: str) -> dict[str, str]:
    """A non-eager worker on the given database, broker and SMTP server."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "NOTICE_", "EMAIL_", "DJANGO_")) and key not in {"REDIS_URL", "DATABASE_URL"}
    }
    env.update(
        {
            # the shared settings with a broker are not eager; prod.py would add only
            # required variables that say nothing about delivery
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": database,
            "REDIS_URL": redis_url,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_TIMEOUT": "2",
            "CELERY_VISIBILITY_TIMEOUT": "5",
            "NOTICE_MAX_RETRIES": "2",
            "NOTICE_RETRY_BASE_SECONDS": "1",
            "NOTICE_RETRY_MAX_SECONDS": "2",
            "NOTICE_SWEEP_AFTER_SECONDS": "2",
            "NOTICE_SWEEP_INTERVAL_SECONDS": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def _reset_broker_pools(app: Any) -> None:
    """Forget pooled broker connections and producers (they remember their URL)."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    pools.reset()


@contextmanager
def celery_publishing_to(broker_url: str) -> Iterator[Any]:
    """This process publishes tasks to ``broker_url`` instead of running them eagerly."""
    from config.celery import app, conf_set

    saved = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    _reset_broker_pools(app)
    conf_set(task_always_eager=False, broker_url=broker_url)
    assert (app.conf.task_always_eager, app.conf.broker_url) == (False, broker_url)
    try:
        yield app
    finally:
        _reset_broker_pools(app)
        conf_set(**saved)
