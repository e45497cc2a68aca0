"""The processes of a fault test: its own Redis, an SMTP server, a Celery worker
on the test database, and this process publishing to that Redis."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

from conftest import need
from notifications.tests.faults.harness import (
    PrivateRedis,
    SmtpRecorder,
    SmtpServer,
    WorkerProcess,
    celery_publishing_to,
    database_url,
    worker_env,
)


@dataclass
class Stack:
    redis: PrivateRedis
    smtp: SmtpServer
    logs: Path
    database: str
    workers: list[WorkerProcess] = field(default_factory=list)

    @property
    def mail(self) -> SmtpRecorder:
        return self.smtp.recorder

    def worker(self, *args: str, start: bool = True, **env: str) -> WorkerProcess:
        """A worker process (``-c 2`` unless told); ``env`` adds to the worker's environment."""
        name = f"worker{len(self.workers) + 1}"
        process = WorkerProcess(
            worker_env(database=self.database, redis_url=self.redis.url, smtp_port=self.smtp.port, **env),
            self.logs / f"{name}.log",
            args=args or ("-c", "2"),
        )
        self.workers.append(process)
        if start:
            process.start()
        return process

    def report(self) -> str:
        """What a failed assertion shows: the mail server's view and the workers' logs."""
        parts = [f"SMTP received: {self.mail.message_ids()}", f"SMTP attempts: {self.mail.attempts}"]
        for worker in self.workers:
            parts.append(f"----- {worker.log_path.name} -----\n{worker.log()[-12000:]}")
        return "\n".join(parts)


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    need(connection.vendor == "postgresql", "the fault tests need PostgreSQL (DATABASE_URL=postgres://...)")
    need(shutil.which("redis-server") is not None, "the fault tests start their own redis-server")
    redis = PrivateRedis(tmp_path / "redis.log")
    smtp = SmtpServer()
    redis.start()
    smtp.start()
    stack = Stack(redis=redis, smtp=smtp, logs=tmp_path, database=database_url(connection.settings_dict))
    try:
        with celery_publishing_to(redis.url):
            yield stack
    finally:
        for worker in stack.workers:
            worker.stop()
        smtp.stop()
        redis.stop()
