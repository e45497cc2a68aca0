"""The embedded default's worker: with no broker (``REDIS_URL`` unset, Celery eager) a
decision's documents are built after the response, by one thread of the web process
that takes jobs from an in-process queue, one chunk at a time, and closes its database
connection whenever the queue runs dry.

The rows are the truth, as with Celery: a web process stopped (or restarted by
gunicorn) in the middle leaves its documents PENDING or RUNNING, and the
secretariat's *Tạo lại văn bản* queues them again once they are stale.  One thread
keeps SQLite to one writer at a time besides the requests."""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connections

logger = logging.getLogger(__name__)

Job = Callable[[], object]

_lock = threading.Lock()
_idle = threading.Condition(_lock)
_resumed = threading.Event()
_resumed.set()
_jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
_unfinished = 0
_thread: threading.Thread | None = None
_owner_pid = 0


def submit(job: Job) -> None:
    """Run ``job`` on the documents thread, after the jobs already queued."""
    global _unfinished, _thread, _owner_pid, _jobs
    with _lock:
        if _owner_pid != os.getpid():  # a forked child (gunicorn) does not inherit the thread
            _jobs, _unfinished, _thread, _owner_pid = queue.SimpleQueue(), 0, None, os.getpid()
        _unfinished += 1
        _jobs.put(job)
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_work, args=(_jobs,), name="documents-builder", daemon=True)
            _thread.start()


def _work(jobs: queue.SimpleQueue[Job]) -> None:
    global _unfinished
    while True:
        job = jobs.get()
        _resumed.wait()
        try:
            job()
        except Exception:
            logger.exception("a documents job failed; its rows stay pending until they are queued again")
        finally:
            with _lock:
                _unfinished -= 1
                if _unfinished == 0:
                    _idle.notify_all()
            if jobs.empty():
                connections.close_all()  # this thread's own connections; a new job opens them again


def wait_idle(timeout: float) -> bool:
    """Wait until every queued job has run; False if that took longer than ``timeout`` seconds."""
    with _lock:
        return _idle.wait_for(lambda: _unfinished == 0, timeout=timeout)


@contextmanager
def paused() -> Iterator[None]:
    """Hold the thread before its next job (tests look at the rows while nothing builds)."""
    _resumed.clear()
    try:
        yield
    finally:
        _resumed.set()
