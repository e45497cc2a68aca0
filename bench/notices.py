"""Notices benchmark: the email outbox end to end, with a worker killed mid-run.

    REDIS_URL=redis://127.0.0.1:6379/0 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/notices.py --count 10000

It creates its own database next to DATABASE_URL's (PostgreSQL: ``createdb``,
dropped at the end; SQLite: a temporary file), migrates it, starts an SMTP
server (aiosmtpd, in a process of its own) and Celery worker processes (the
shared settings, with DB_CONN_MAX_AGE=60 as in .env.example), and creates ``--count`` notices through the real
``notice_emit``, in transactions whose commit queues the sending.  When a third
has arrived the worker is killed (SIGKILL to its process group) and started
again.  Figures:

* R: notices delivered per second, from the first commit to the last message
  received by the SMTP server;
* outbox lag p95: from a notice's commit to the SMTP server receiving it;
* D and L, counted by Message-ID at the SMTP server: extra copies, and
  deliveries never received;
* B, the baseline: plain ``.delay()`` calls of a task that sends the same email
  directly (no outbox row, no lock), per second, with the same workers.

Redis: the database number ``--redis-db`` (default 13) of REDIS_URL's server and
a queue of this run's own; nothing else there is touched (the worker's short
visibility timeout would otherwise hand other workers' unacknowledged tasks
back).  The last line sums it up::

    notices: R/s; outbox lag p95: S s; duplicates: D; lost: L; direct send without outbox: B/s; outbox/direct: R/B

The outbox sends the deliveries of a commit in batches (``DELIVERY_BATCH_SIZE``, one
task and one SMTP session each); the baseline sends one message per task and
connection, as a plain ``.delay()`` of ``send_mail`` would.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

from celery import shared_task

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH_DOMAIN = "bench.thidua.local"


@shared_task(name="bench.direct_send")
def direct_send(message_id: str, to: str, subject: str, body: str) -> str:
    """The baseline: the same email as a notice's, sent straight away (no row, no lock, no status)."""
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": message_id},
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    ).send(fail_silently=False)
    return "sent"


# --- the SMTP server: a process of its own, one line per message received ------


def smtp_serve(port: int, log_path: str) -> None:
    """Run aiosmtpd until killed; append ``<unix time> <Message-ID>`` per message to ``log_path``."""
    import email
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    out = open(log_path, "a", buffering=1)  # noqa: SIM115 - open for the life of the process

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            received = time.time()
            message = email.message_from_bytes(envelope.original_content or envelope.content)
            out.write(f"{received:.6f} {message['Message-ID']}\n")
            return "250 2.0.0 Accepted"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()
    out.close()


class ReceivedLog:
    """What the SMTP server received so far, read incrementally from its log."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.items: list[tuple[float, str]] = []

    def read(self) -> list[tuple[float, str]]:
        with open(self.path, "rb") as handle:
            handle.seek(self.offset)
            chunk = handle.read()
        complete = chunk[: chunk.rfind(b"\n") + 1]  # a line being written is read next time
        self.offset += len(complete)
        for line in complete.decode().splitlines():
            at, _sep, message_id = line.partition(" ")
            if message_id:
                self.items.append((float(at), message_id))
        return self.items


# --- helpers --------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class Worker:
    """``celery -A config worker`` in its own session (a SIGKILL of the group takes the pool with it)."""

    def __init__(self, env: dict[str, str], log_path: Path, args: list[str]) -> None:
        self.env, self.log_path, self.args = env, log_path, args
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        marker = f"===== start {self.starts} ====="
        with open(self.log_path, "a") as log:
            log.write(f"\n{marker}\n")
            log.flush()
            self.process = subprocess.Popen(
                [str(BIN / "celery"), "-A", "config", "worker", "-l", "info", *self.args],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if " ready." in self.log_path.read_text(errors="replace").rpartition(marker)[2]:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise SystemExit("the worker did not start:\n" + self.log_path.read_text(errors="replace")[-5000:])

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


def bench_database(database_url: str) -> tuple[str, Any]:
    """A database of this run next to ``database_url``'s, and a function that removes it."""
    parsed = urllib.parse.urlparse(database_url)
    if parsed.scheme.startswith("postgres"):
        name = f"thidua_bench_{os.getpid()}"
        env = {**os.environ, "PGPASSWORD": urllib.parse.unquote(parsed.password or "")}
        conn = [
            "-h",
            parsed.hostname or "127.0.0.1",
            "-p",
            str(parsed.port or 5432),
            "-U",
            parsed.username or "postgres",
        ]
        subprocess.run(["createdb", *conn, name], check=True, env=env)
        url = parsed._replace(path=f"/{name}").geturl()

        def drop() -> None:
            subprocess.run(["dropdb", *conn, "--force", "--if-exists", name], check=False, env=env)

        return url, drop
    folder = tempfile.mkdtemp(prefix="thidua-bench-")
    return f"sqlite:///{folder}/bench.sqlite3", lambda: shutil.rmtree(folder, ignore_errors=True)


def forget_queue(broker: str, queue: str) -> None:
    """Remove this run's queue and what kombu keeps about it, so that no later worker on
    this Redis database hands its leftovers (a killed worker's unacknowledged copies) back."""
    import json

    import redis

    client = redis.Redis.from_url(broker)
    for tag, raw in client.hscan_iter("unacked"):
        try:
            _message, exchange, routing_key = json.loads(raw)
        except (ValueError, TypeError):
            continue
        if queue in (exchange, routing_key):
            client.pipeline().hdel("unacked", tag).zrem("unacked_index", tag).execute()
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    client.zrem("_kombu.binding_deadlines", queue)


# --- the run --------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="notices to create (default 10000)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes (2 as in docker-compose.yml)")
    parser.add_argument("--per-event", type=int, default=50, help="recipients of one event")
    parser.add_argument("--events-per-commit", type=int, default=4, help="events emitted in one transaction")
    parser.add_argument("--redis-db", type=int, default=13, help="Redis database number of this benchmark")
    parser.add_argument("--no-kill", action="store_true", help="do not kill the worker mid-run")
    args = parser.parse_args()

    redis_url = os.environ.get("REDIS_URL", "").strip()
    if not redis_url:
        sys.stderr.write(
            "REDIS_URL is required: the Redis server the Celery workers use as broker, "
            "e.g. REDIS_URL=redis://127.0.0.1:6379/0\n"
        )
        return 2
    parsed = urllib.parse.urlparse(redis_url)
    broker = parsed._replace(path=f"/{args.redis_db}").geturl()
    queue = f"bench-notices-{os.getpid()}"
    database_url, drop_database = bench_database(os.environ.get("DATABASE_URL", "").strip() or "sqlite:///")
    work = Path(tempfile.mkdtemp(prefix="thidua-bench-notices-"))
    smtp_port = free_port()
    smtp_log = work / "smtp.log"
    smtp_log.touch()

    import multiprocessing

    smtp = multiprocessing.get_context("spawn").Process(target=smtp_serve, args=(smtp_port, str(smtp_log)), daemon=True)
    smtp.start()

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": database_url,
            "REDIS_URL": broker,
            "NOTICE_MESSAGE_ID_DOMAIN": BENCH_DOMAIN,
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from config.celery import conf_set

    worker_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "EMAIL_", "NOTICE_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",  # with REDIS_URL: not eager, DEBUG off
        "DATABASE_URL": database_url,
        "REDIS_URL": broker,
        "DB_CONN_MAX_AGE": "60",  # as in .env.example
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "NOTICE_MESSAGE_ID_DOMAIN": BENCH_DOMAIN,
        # a killed worker's tasks come back quickly (restored on the broker's next scan)
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "LOG_LEVEL": "INFO",  # as in .env.example and docker-compose (-l info)
        "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    worker = Worker(
        worker_env,
        work / "worker.log",
        ["-c", str(args.concurrency), "-Q", queue, "-I", "notices", "--without-gossip", "--without-mingle"],
    )
    try:
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        say(f"database {database_url.rsplit('/', 1)[-1]} migrated in {time.monotonic() - started:.1f} s")
        conf_set(task_default_queue=queue)
        worker.start()
        return run(args, worker, ReceivedLog(smtp_log))
    finally:
        worker.stop()
        smtp.terminate()
        smtp.join(timeout=10)
        try:
            forget_queue(broker, queue)
        except Exception as exc:  # noqa: BLE001 - cleanup only
            say(f"could not clean the queue {queue} up: {exc}")
        from django.db import connections

        connections.close_all()
        drop_database()
        say(f"logs: {work}")


def run(args: argparse.Namespace, worker: Worker, log: ReceivedLog) -> int:
    from datetime import timedelta

    from django.db import transaction

    from councils.models import Council, User
    from notifications.models import Delivery, DeliveryStatus, Notice
    from notifications.services import delivery_sweep, notice_emit

    council = Council.objects.create(name="Hội đồng Thi đua – Khen thưởng (benchmark)")
    users = User.objects.bulk_create(
        [User(username=f"bench{i:03d}", email=f"bench{i:03d}@thidua.example") for i in range(args.per_event)]
    )
    context = {
        "unit": "Tiểu khu Trang Các",
        "title": "Đề nghị khen thưởng tổng kết năm",
        "round": "Xét khen thưởng tổng kết năm",
        "line_count": 12,
    }
    committed_at: dict[int, float] = {}  # notice id -> commit time
    count, event = args.count, 0
    kill_at = count // 3
    killed_at: float | None = None
    say(
        f"emitting {count} notices: {args.per_event} recipients per event, "
        f"{args.events_per_commit} events per transaction; worker -c {args.concurrency}"
    )
    t0 = time.time()
    created = 0
    while created < count:
        batch: list[int] = []
        stamp: dict[str, float] = {}
        with transaction.atomic():
            # registered first, so it runs right at commit, before the dispatch callbacks
            transaction.on_commit(lambda stamp=stamp: stamp.setdefault("at", time.time()))
            for _ in range(args.events_per_commit):
                if created >= count:
                    break
                take = users[: min(args.per_event, count - created)]
                event += 1
                notices = notice_emit(
                    recipients=take,
                    event_key=f"bench:{event}",
                    verb="dossier_submitted",
                    context=context,
                    url=f"/dossiers/{event}/",
                    council_id=council.pk,
                )
                batch.extend(notice.pk for notice in notices)
                created += len(notices)
        for notice_id in batch:
            committed_at[notice_id] = stamp["at"]
        if killed_at is None and not args.no_kill and len(log.read()) >= kill_at:
            killed_at = kill_worker(worker, log)
    emitted = time.time()
    say(f"emitted in {emitted - t0:.1f} s ({count / (emitted - t0):.1f} notices/s)")

    expected = dict(
        Delivery.objects.filter(notice__event_key__startswith="bench:").values_list("message_id", "notice_id")
    )
    if len(expected) != count:
        say(f"warning: {len(expected)} email deliveries for {count} notices")
    swept = 0
    deadline = time.time() + max(120.0, count / 20)
    last_progress, last_seen = time.time(), 0
    while time.time() < deadline:
        if killed_at is None and not args.no_kill and len(log.read()) >= kill_at:
            killed_at = kill_worker(worker, log)
        seen = {mid for _at, mid in log.read()}
        if expected.keys() <= seen:
            break
        if len(seen) != last_seen:
            last_progress, last_seen = time.time(), len(seen)
        elif time.time() - last_progress > 3:
            # what beat does every minute: pending rows that no task is coming for
            swept += len(delivery_sweep(older_than=timedelta(seconds=3), limit=count))
            last_progress = time.time()
        time.sleep(0.2)
    received = [(at, mid) for at, mid in log.read() if mid in expected]
    copies = Counter(mid for _at, mid in received)
    first_seen: dict[str, float] = {}
    for at, mid in received:
        first_seen.setdefault(mid, at)
    duplicates = sum(n - 1 for n in copies.values())
    lost = sum(1 for mid in expected if mid not in copies)
    end = max(first_seen.values()) if first_seen else time.time()
    rate = len(first_seen) / (end - t0)
    lags = [first_seen[mid] - committed_at[notice_id] for mid, notice_id in expected.items() if mid in first_seen]
    statuses = Counter(Delivery.objects.filter(notice__event_key__startswith="bench:").values_list("status", flat=True))
    say(
        f"delivered {len(first_seen)} of {len(expected)} in {end - t0:.1f} s; "
        f"outbox lag p50 {percentile(lags, 0.5):.2f} s, p95 {percentile(lags, 0.95):.2f} s, "
        f"max {max(lags, default=float('nan')):.2f} s"
    )
    kill_note = f"worker killed once, after {kill_at} received" if killed_at else "worker not killed"
    say(f"{kill_note}; re-dispatched by the sweeper: {swept}; delivery rows: {dict(sorted(statuses.items()))}")
    if duplicates:
        say(f"received twice: {sorted(mid for mid, n in copies.items() if n > 1)}")
    assert Notice.objects.filter(event_key__startswith="bench:").count() == count
    assert statuses.get(DeliveryStatus.PENDING, 0) + statuses.get(DeliveryStatus.SENT, 0) == count

    # the baseline: the same email straight from .delay(), same workers
    sample = Notice.objects.filter(event_key__startswith="bench:").first()
    assert sample is not None
    body = f"{sample.body}\n\nhttp://127.0.0.1:8000{sample.url}"
    direct_ids = [f"<direct-{i}@{BENCH_DOMAIN}>" for i in range(count)]
    say(f"baseline: {count} direct sends")
    b0 = time.time()
    for i, message_id in enumerate(direct_ids):
        direct_send.delay(message_id, users[i % len(users)].email, sample.title, body)
    wanted = set(direct_ids)
    deadline = time.time() + max(120.0, count / 20)
    while time.time() < deadline:
        got = {mid for _at, mid in log.read() if mid in wanted}
        if got == wanted:
            break
        time.sleep(0.2)
    direct = [at for at, mid in log.read() if mid in wanted]
    baseline = len(set(direct)) / ((max(direct) if direct else time.time()) - b0)
    say(f"baseline: {len(direct)} of {count} received in {(max(direct) if direct else 0) - b0:.1f} s")

    say(
        f"notices: {rate:.1f}/s; outbox lag p95: {percentile(lags, 0.95):.2f} s; "
        f"duplicates: {duplicates}; lost: {lost}; direct send without outbox: {baseline:.1f}/s; "
        f"outbox/direct: {rate / baseline:.2f}x"
    )
    return 0 if lost == 0 else 1


def kill_worker(worker: Worker, log: ReceivedLog) -> float:
    at = time.time()
    worker.kill()
    say(f"killed the worker (SIGKILL to its process group) after {len(log.read())} received")
    worker.start()
    say(f"worker started again in {time.time() - at:.1f} s")
    return at


if __name__ == "__main__":
    sys.exit(main())
