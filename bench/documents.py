"""Documents benchmark: a registered decision's papers, end to end, against the builder alone.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/documents.py [--count 3000]

It creates its own database next to DATABASE_URL's (PostgreSQL: ``createdb``, dropped at
the end; SQLite: a temporary file), migrates it, makes the documents tests' council
(``conftest.world``) and a draft decision of ``--count`` lines (people and lines in bulk,
as ``documents/tests/registered.py`` does), then registers it through the real
``workflows.decisions.decision_register`` in the embedded default (no REDIS_URL: Celery
eager, documents built after the commit by the web process's documents thread, into a
temporary MEDIA_ROOT).  Figures:

* T: the registration as the request runs it (service, commit, the hook that makes the
  rows and queues the building), in seconds;
* D: documents per second from the commit to the last stored (``background.wait_idle``),
  every document DONE checked;
* B, the baseline: ``build_certificate`` alone on the same certificates' data (read
  beforehand), per second, in the same process on the same machine; ratio = D / B.

The last line sums it up::

    documents: N in S s, D/s end to end; builder alone B/s; D/B = R; registration T s
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from notices import bench_database, say  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3000, help="lines of the decision (default 3000)")
    args = parser.parse_args()

    database_url, drop_database = bench_database(os.environ.get("DATABASE_URL", "").strip() or "sqlite:///")
    media = tempfile.mkdtemp(prefix="thidua-bench-documents-")
    os.environ.pop("REDIS_URL", None)  # the embedded default: eager Celery, the documents thread
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": media,
            "LOG_LEVEL": "WARNING",
            "DOCUMENTS_IN_BACKGROUND": "true",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    try:
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        say(f"database {database_url.rsplit('/', 1)[-1]} migrated in {time.monotonic() - started:.1f} s")
        return run(args)
    finally:
        connections.close_all()
        drop_database()


def run(args: argparse.Namespace) -> int:
    from django.db import transaction

    import conftest
    from documents import background, selectors
    from documents.models import DocumentStatus, GeneratedDocument
    from documents.tests.registered import draft_decision, many_people, register
    from printing.certificate import build_certificate

    world = conftest.world._get_wrapped_function()(None)
    decision = draft_decision(world, many_people(args.count))
    say(f"decision of {args.count} lines made")

    started = time.monotonic()
    with transaction.atomic():  # as the registration request does: the hook runs after the commit
        register(world, decision)
    registered = time.monotonic()
    registration = registered - started
    pending = GeneratedDocument.objects.filter(decision=decision).exclude(status=DocumentStatus.DONE).count()
    say(f"registration: {registration:.2f} s; {pending} documents not yet built at its return")
    if not background.wait_idle(timeout=3600):
        say("the documents thread did not finish within an hour")
        return 1
    elapsed = time.monotonic() - registered
    statuses = list(GeneratedDocument.objects.filter(decision=decision).values_list("status", flat=True))
    total = len(statuses)
    done = statuses.count(DocumentStatus.DONE)
    if done != total or total != args.count + 2:
        say(f"only {done} of {total} documents done (expected {args.count + 2})")
        return 1
    rate = total / elapsed

    layout = selectors.certificate_layout(world.council)
    data = list(selectors.certificates_of(decision))
    started = time.monotonic()
    for item in data:
        build_certificate(item, layout)
    builder = len(data) / (time.monotonic() - started)

    say(
        f"documents: {total} in {elapsed:.2f} s, {rate:.0f}/s end to end; builder alone {builder:.0f}/s; "
        f"D/B = {rate / builder:.2f}; registration {registration:.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
