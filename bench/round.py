"""A province's year-end round end to end (issue 15 item 1).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python bench/round.py [--councils 166] [--lines 20000] [--workers 2]

It creates its own database beside DATABASE_URL's (``createdb``, dropped at the end, always),
migrates it, starts a local SMTP server (aiosmtpd, a process of its own, logging the Message-ID
of every message it receives) and ``--workers`` real ``celery -A config worker`` processes on
PostgreSQL and Redis (the Redis database ``--redis-db`` of REDIS_URL's server, default 14, this
benchmark's own: the workers' default queue there, which tasks queued by a worker go to as well,
is emptied before and after the run).  Then, through the product's services and pages, never by writing a status:

1. ``province.build(stop_at="voting")``: the communes, their units, members and people; the
   units' dossiers entered by bulk entry (cultural-family lists among them), submitted and
   accepted; each commune's session made, everyone present, voting open;
2. the members vote, concurrently (a thread pool), through the ballot page (the test client,
   signed in); the vote closes by itself when everyone has voted;
3. for each commune, through the pages as its officers (signed in with password and TOTP code):
   the chairman decides, the office registers the decision (its papers then built by the
   workers), makes the proposal of the province-level lines and sends it up; as the commune's
   representing unit it attaches the cover letter and submits the forwarded dossier;
4. the province: its office accepts the forwarded dossiers, opens the session, its members vote,
   its chairman decides, its office registers;
5. every notice's email goes out through the outbox (the workers, to the SMTP server); the run
   waits (bounded) until no document is pending and every email delivery has been received.

Figures: each stage's time; for each kind of request issued (the ballot page and the cast, the
decide, register, proposal and dossier steps) the queries per request and the time, p50/p95
(``CaptureQueriesContext`` around each test-client request); D, documents stored per second
while some were being made (the union of the spans from each decision's registration request
to its last document stored: the officers' steps in between are not counted); B, the
certificate builder alone
(``printing.certificate.build_certificate``) on the same certificates' data, each stored to the
same storage, in this process; lost and duplicates counted: documents expected (per registered
decision: the decision, its list and one certificate per line whose award prints a paper)
versus current documents DONE with their file present in storage, documents stored more than
once (a slot with more than one DONE version), and email deliveries versus Message-IDs received.
The last line::

    round: L lines, C councils in T s; documents D/s end to end (builder B/s); notices N; lost X; duplicates Y
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import urllib.parse
import warnings
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (str(ROOT), str(ROOT / "bench")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from notices import ReceivedLog, Worker, forget_queue, free_port, percentile, say, smtp_serve  # noqa: E402
from province import Province, bench_database, build, drop_database, open_sessions, setup_django  # noqa: E402

BENCH_DOMAIN = "round.thidua.local"
# the static files are not collected for a benchmark: whitenoise's warning says only that
warnings.filterwarnings("ignore", message="No directory at")


# --- requests, measured ----------------------------------------------------------------------


class Requests:
    """Every measured request: its kind, queries and seconds (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rows: dict[str, list[tuple[int, float]]] = {}

    def call(self, kind: str, send: Callable[[], Any], *, expect: tuple[int, ...] = (200, 302)) -> Any:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        # the log keeps the last 9,000 queries: emptied first, or a full log counts 0 for a request
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = send()
            elapsed = time.perf_counter() - started
        if response.status_code not in expect:
            where = response.get("Location", "")
            raise RuntimeError(f"{kind}: HTTP {response.status_code} {where}\n{response.content.decode()[:3000]}")
        with self.lock:
            self.rows.setdefault(kind, []).append((len(queries.captured_queries), elapsed))
        return response

    def report(self) -> None:
        say("queries per request (p50/p95) and time (p50/p95):")
        for kind, rows in self.rows.items():
            counts = [float(q) for q, _s in rows]
            times = [s * 1000 for _q, s in rows]
            say(
                f"  {kind:<22} n={len(rows):<5} queries {percentile(counts, 0.5):.0f}/{percentile(counts, 0.95):.0f}"
                f"  time {percentile(times, 0.5):.0f}/{percentile(times, 0.95):.0f} ms"
            )


def messages_of(response: Any) -> str:
    context = getattr(response, "context", None)
    try:
        return "; ".join(str(m) for m in context["messages"]) if context else ""
    except (KeyError, TypeError):
        return ""


OFFICERS: dict[str, Any] = {}  # username -> its signed-in client, one login per officer
OFFICERS_LOCK = threading.Lock()


def officer_client(username: str, password: str) -> Any:
    """A client signed in as a user would: the login page (password), then the TOTP code of the
    officer's device (``tests.otp``: the code an authenticator app shows, from the real device).
    Once per officer: the device refuses a code twice, as a phone's would be."""
    with OFFICERS_LOCK:
        if username not in OFFICERS:
            OFFICERS[username] = _sign_in(username, password)
        return OFFICERS[username]


def _sign_in(username: str, password: str) -> Any:
    from django.test import Client

    from tests.otp import pass_second_step

    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    if response.status_code != 302:
        raise RuntimeError(f"login of {username} refused ({response.status_code})")
    pass_second_step(client, username)
    return client


# --- the stages after build -------------------------------------------------------------------


def vote(sessions: list[Any], requests: Requests, *, threads: int, password: str) -> int:
    """Every voting member of every session votes 'agree' on every item through the ballot page,
    the members of all sessions at once (``threads`` at a time); a member signs in with the
    password alone (``force_login``), the chairman with the TOTP code too.  Returns the ballots
    cast (counted in the ballot box)."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from councils.access import second_factor_required
    from councils.models import User
    from decisions.models import AgendaItem, BallotCast
    from decisions.services.sessions import recusals, voting_members

    jobs = []
    for session in sessions:
        items = list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
        recused = recusals(session)
        for user_id in voting_members(session.council_id):
            jobs.append((session.pk, user_id, [i for i in items if user_id not in recused.get(i, set())]))
    users = User.objects.in_bulk([user_id for _s, user_id, _i in jobs])

    def cast(job: tuple[int, int, list[int]]) -> None:
        session_id, user_id, items = job
        try:
            user = users[user_id]
            if second_factor_required(user):
                client = officer_client(user.username, password)
            else:
                client = Client()
                client.force_login(user)
            url = reverse("workflows:session_ballot", args=[session_id])
            requests.call("ballot page", lambda: client.get(url), expect=(200,))
            data = {"step": "confirm", **{f"item_{pk}": "agree" for pk in items}}
            requests.call("ballot cast", lambda: client.post(url, data), expect=(200,))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(cast, jobs))
    cast_count = BallotCast.objects.filter(session__in=sessions).count()
    if cast_count != len(jobs):
        raise RuntimeError(f"{cast_count} ballots in the box for {len(jobs)} members")
    return cast_count


def close_and_decide(session: Any, secretariat: Any, chairman: Any, requests: Requests, subject: str) -> Any:
    from django.urls import reverse

    from decisions.models import AgendaItem, Decision, SessionStatus

    session.refresh_from_db()
    if session.status == SessionStatus.VOTING:  # not everyone voted: the office closes it
        requests.call("session close", lambda: secretariat.post(reverse("workflows:session_close", args=[session.pk])))
        session.refresh_from_db()
    if session.status != SessionStatus.CLOSED:
        raise RuntimeError(f"session {session.pk} is {session.status}, not closed")
    items = list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
    url = reverse("workflows:session_decide", args=[session.pk])
    requests.call("decide page", lambda: chairman.get(url), expect=(200,))
    requests.call("decide", lambda: chairman.post(url, {"approve": items, "subject": subject}))
    return Decision.objects.get(session=session)


REGISTERED_AT: dict[int, float] = {}  # decision id -> when its registration request was sent


def register(decision: Any, secretariat: Any, requests: Requests, signer: str) -> Any:
    from django.urls import reverse
    from django.utils import timezone

    from decisions.models import DecisionStatus

    REGISTERED_AT.setdefault(decision.pk, time.time())
    data = {
        "number": "",
        "signed_on": timezone.localdate().isoformat(),
        "signer_name": signer,
        "signer_capacity": "chairman",
    }
    url = reverse("workflows:decision_register", args=[decision.pk])
    response = requests.call("decision register", lambda: secretariat.post(url, data))
    decision.refresh_from_db()
    if decision.status != DecisionStatus.REGISTERED:
        raise RuntimeError(f"decision {decision.pk} not registered: {messages_of(response)}")
    return decision


def forward(session: Any, secretariat: Any, requests: Requests) -> Any:
    """The commune's office makes the proposal of the province-level lines, sends it up and, as
    the commune's unit at the province, attaches its cover letter and submits it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from decisions.models import Proposal
    from demo.management.commands.seed_demo import demo_pdf
    from nominations.models import NominationStatus

    requests.call("proposal create", lambda: secretariat.post(reverse("decisions:proposal_create", args=[session.pk])))
    proposal = Proposal.objects.get(session=session)
    requests.call("proposal send", lambda: secretariat.post(reverse("workflows:proposal_send", args=[proposal.pk])))
    proposal.refresh_from_db()
    dossier = proposal.forwarded_nomination
    if dossier is None:
        raise RuntimeError(f"proposal {proposal.pk} was not sent")
    upload = SimpleUploadedFile(
        "to-trinh.pdf", demo_pdf("To trinh de nghi khen thuong"), content_type="application/pdf"
    )
    requests.call(
        "attachment add",
        lambda: secretariat.post(
            reverse("nominations:attachment_add", args=[dossier.pk]), {"kind": "cover_letter", "file": upload}
        ),
    )
    requests.call("dossier submit", lambda: secretariat.post(reverse("workflows:dossier_submit", args=[dossier.pk])))
    dossier.refresh_from_db()
    if dossier.status != NominationStatus.SUBMITTED:
        raise RuntimeError(f"forwarded dossier {dossier.pk} is {dossier.status}")
    return dossier


# --- waiting for the workers ----------------------------------------------------------------


def wait_documents(timeout: float) -> bool:
    from documents.models import DocumentStatus, GeneratedDocument

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not GeneratedDocument.objects.filter(status__in=[DocumentStatus.PENDING, DocumentStatus.RUNNING]).exists():
            return True
        time.sleep(0.5)
    return False


def expected_emails() -> set[str]:
    from notifications.models import Channel, Delivery, DeliveryStatus

    return set(
        Delivery.objects.filter(channel=Channel.EMAIL)
        .exclude(status=DeliveryStatus.SKIPPED)
        .values_list("message_id", flat=True)
    )


def wait_emails(log: ReceivedLog, timeout: float) -> bool:
    from notifications.services import delivery_sweep

    deadline = time.monotonic() + timeout
    last_seen, last_progress = -1, time.monotonic()
    while time.monotonic() < deadline:
        expected = expected_emails()
        seen = {mid for _at, mid in log.read()}
        if expected <= seen:
            return True
        if len(seen) != last_seen:
            last_seen, last_progress = len(seen), time.monotonic()
        elif time.monotonic() - last_progress > 5:
            # what beat does every minute: pending rows that no task is coming for
            delivery_sweep(older_than=dt.timedelta(seconds=5), limit=len(expected))
            last_progress = time.monotonic()
        time.sleep(0.3)
    return False


# --- counting -----------------------------------------------------------------------------


def busy_seconds(finished: dict[int, float]) -> float:
    """The time documents were being made: the union of the spans from each decision's
    registration request to its last document stored (the officers' steps in between, when no
    document was waiting, are not counted)."""
    spans = sorted((REGISTERED_AT[d], end) for d, end in finished.items() if d in REGISTERED_AT)
    total, reach = 0.0, float("-inf")
    for start, end in spans:
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def count_documents() -> tuple[int, int, int, dict[int, float]]:
    """(expected, stored, stored twice, each decision's last document's finishing time) over
    every registered decision."""
    from django.core.files.storage import default_storage

    from decisions.models import Decision, DecisionStatus
    from documents import selectors
    from documents.models import DocumentKind, DocumentStatus, GeneratedDocument

    expected = 0
    for decision in Decision.objects.filter(status=DecisionStatus.REGISTERED):
        expected += 2 + selectors.paper_lines(decision).count()
    done = list(
        GeneratedDocument.objects.filter(status=DocumentStatus.DONE)
        .exclude(kind=DocumentKind.PRINT)
        .values_list("decision_id", "slot", "current", "file", "finished_at")
    )
    slots = Counter((decision_id, slot) for decision_id, slot, _c, _f, _t in done)
    stored = sum(1 for _d, _s, current, name, _t in done if current and name and default_storage.exists(name))
    twice = sum(n - 1 for n in slots.values())
    finished: dict[int, float] = {}
    for decision_id, _s, _c, _f, at in done:
        if at is not None:
            finished[decision_id] = max(finished.get(decision_id, 0.0), at.timestamp())
    return expected, stored, twice, finished


def builder_rate(limit: int) -> tuple[int, float]:
    """B: ``build_certificate`` alone on up to ``limit`` certificates of the registered decisions
    (their data read beforehand), each PDF stored to the same storage; per second."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from decisions.models import Decision, DecisionStatus
    from documents import selectors
    from printing.certificate import build_certificate

    work: list[tuple[Any, Any]] = []
    for decision in Decision.objects.filter(status=DecisionStatus.REGISTERED).order_by("pk"):
        layout = selectors.certificate_layout(decision.council_id)
        for data in selectors.certificates_of(decision):
            work.append((data, layout))
            if len(work) >= limit:
                break
        if len(work) >= limit:
            break
    if work:  # the fonts are loaded and registered once per process: not part of the rate
        build_certificate(*work[0])
    names = []
    started = time.monotonic()
    for index, (data, layout) in enumerate(work):
        names.append(default_storage.save(f"bench-builder/{index}.pdf", ContentFile(build_certificate(data, layout))))
    elapsed = time.monotonic() - started
    for name in names:
        default_storage.delete(name)
    return len(work), (len(work) / elapsed if elapsed else 0.0)


# --- the run --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--councils", type=int, default=166, help="communes under the province (default 166)")
    parser.add_argument("--lines", type=int, default=20_000, help="nomination lines in all (default 20000)")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes (default 2)")
    parser.add_argument("--redis-db", type=int, default=14, help="Redis database number of this benchmark")
    parser.add_argument("--threads", type=int, default=8, help="members voting at once (default 8)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--builder-sample", type=int, default=300, help="certificates timed for B (default 300)")
    args = parser.parse_args()

    database = os.environ.get("DATABASE_URL", "").strip()
    redis_url = os.environ.get("REDIS_URL", "").strip()
    if not database.startswith("postgres") or not redis_url:
        sys.stderr.write("DATABASE_URL (PostgreSQL) and REDIS_URL are required\n")
        return 2
    broker = urllib.parse.urlparse(redis_url)._replace(path=f"/{args.redis_db}").geturl()
    queue = "celery"  # the default queue: a task a worker queues goes there too
    work = Path(tempfile.mkdtemp(prefix="thidua-bench-round-"))
    media = work / "media"
    media.mkdir()
    smtp_port = free_port()
    smtp_log = work / "smtp.log"
    smtp_log.touch()
    forget_queue(broker, queue)  # what an interrupted run left there
    name, url = bench_database(database)
    smtp = multiprocessing.get_context("spawn").Process(target=smtp_serve, args=(smtp_port, str(smtp_log)), daemon=True)
    workers: list[Worker] = []
    try:
        smtp.start()
        mail = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "false",
            "NOTICE_MESSAGE_ID_DOMAIN": BENCH_DOMAIN,
            "MEDIA_ROOT": str(media),
        }
        os.environ.update(mail)
        started = time.monotonic()
        setup_django(url, redis_url=broker, eager=False)
        say(f"database {name} migrated in {time.monotonic() - started:.1f} s")
        worker_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("CELERY_")},
            **mail,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": url,
            "REDIS_URL": broker,
            "DB_CONN_MAX_AGE": "60",
            "LOG_LEVEL": "INFO",
        }
        for number in range(args.workers):
            worker = Worker(
                worker_env,
                work / f"worker{number}.log",
                [
                    "-c",
                    "1",
                    "-n",
                    f"round{number}-{os.getpid()}@%h",
                    "--without-gossip",
                    "--without-mingle",
                ],
            )
            worker.start()
            workers.append(worker)
        say(f"{args.workers} workers on {broker} (queue {queue}); SMTP on 127.0.0.1:{smtp_port}")
        return run(args, ReceivedLog(smtp_log))
    finally:
        for worker in workers:
            worker.stop()
        smtp.terminate()
        smtp.join(timeout=10)
        try:
            forget_queue(broker, queue)
        except Exception as exc:  # noqa: BLE001 - cleanup only
            sys.stderr.write(f"could not clean the queue {queue} up: {exc}\n")
        drop_database(database, name)
        # on stderr: the round's line stays the last of stdout
        sys.stderr.write(f"database {name} dropped; logs: {work}\n")


def run(args: argparse.Namespace, log: ReceivedLog) -> int:
    from django.db import transaction

    from councils.models import Council, User
    from decisions.models import CouncilSession, SessionStatus
    from nominations.models import Nomination, NominationLine, Round

    requests = Requests()
    t0 = time.monotonic()
    say(f"building: {args.councils} communes, {args.lines} lines")
    province: Province = build(
        councils=args.councils, lines=args.lines, seed=args.seed, stop_at="voting", keep_in_review=0.0, say=say
    )
    stage = time.monotonic()
    say(f"  built in {stage - t0:.1f} s")

    users = {
        u.username: u for u in User.objects.filter(username__in=province.secretariat_users + province.chairman_users)
    }
    councils = Council.objects.in_bulk([province.province_council_id, *province.council_ids])
    sessions = list(CouncilSession.objects.filter(council_id__in=province.council_ids, status=SessionStatus.VOTING))
    ballots = vote(sessions, requests, threads=args.threads, password=province.password)
    now = time.monotonic()
    say(f"  {ballots} ballots cast in {len(sessions)} sessions: {now - stage:.1f} s")
    stage = now

    # Each commune's chairman decides; then the offices register (the province's communes
    # registering their decisions in the same days: the workers build while the next ones
    # register); then the upward lines are forwarded.
    decided = []
    for index, council_id in enumerate(province.council_ids, start=1):
        secretariat_name, chairman_name = province.secretariat_users[index], province.chairman_users[index]
        office = officer_client(secretariat_name, province.password)
        chairman = officer_client(chairman_name, province.password)
        session = next(s for s in sessions if s.council_id == council_id)
        year = session.round.year
        decision = close_and_decide(
            session, office, chairman, requests, f"Về việc khen thưởng tổng kết phong trào thi đua năm {year}"
        )
        decided.append((session, office, decision, users[chairman_name].get_full_name() or chairman_name))
    now = time.monotonic()
    say(f"  {len(decided)} communes closed and decided: {now - stage:.1f} s")
    stage = now
    for _session, office, decision, signer in decided:
        register(decision, office, requests, signer)
    now = time.monotonic()
    say(f"  {len(decided)} decisions registered: {now - stage:.1f} s")
    stage = now
    forwarded = [forward(session, office, requests) for session, office, _decision, _signer in decided]
    now = time.monotonic()
    say(f"  {len(forwarded)} communes' upward lines forwarded: {now - stage:.1f} s")
    stage = now

    # the province
    p_office = officer_client(province.secretariat_users[0], province.password)
    p_chair = officer_client(province.chairman_users[0], province.password)
    from django.urls import reverse

    for dossier in forwarded:
        review_url = reverse("workflows:dossier_review", args=[dossier.pk])
        requests.call("dossier review", functools.partial(p_office.post, review_url, {"decision": "accept"}))
    accepted = Nomination.objects.filter(pk__in=[d.pk for d in forwarded], status="accepted").count()
    if accepted != len(forwarded):
        raise RuntimeError(f"the province accepted {accepted} of {len(forwarded)} forwarded dossiers")
    with transaction.atomic():
        (p_session,) = open_sessions(
            [
                (
                    councils[province.province_council_id],
                    users[province.secretariat_users[0]],
                    users[province.chairman_users[0]],
                    Round.objects.get(council_id=province.province_council_id),
                )
            ]
        )
    vote([p_session], requests, threads=args.threads, password=province.password)
    p_decision = close_and_decide(
        p_session, p_office, p_chair, requests, "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh"
    )
    register(p_decision, p_office, requests, users[province.chairman_users[0]].get_full_name())
    now = time.monotonic()
    say(f"  the province: {len(forwarded)} dossiers accepted, decided and registered: {now - stage:.1f} s")
    stage = now

    expected_docs, _stored, _twice, _finished = count_documents()
    docs_done = wait_documents(timeout=max(300.0, expected_docs / 3))
    now = time.monotonic()
    say(f"  documents: {'all built' if docs_done else 'NOT all built'} {now - stage:.1f} s after the last registration")
    stage = now
    mails_done = wait_emails(log, timeout=max(120.0, len(expected_emails()) / 10))
    now = time.monotonic()
    say(f"  notices: {'all received' if mails_done else 'NOT all received'} {now - stage:.1f} s later")
    total = now - t0

    expected_docs, stored, twice, finished = count_documents()
    busy = busy_seconds(finished)
    spans = sorted(end - REGISTERED_AT[d] for d, end in finished.items() if d in REGISTERED_AT and d != p_decision.pk)
    if spans and p_decision.pk in finished:
        say(
            f"  each commune's decision, registration sent to its last document stored: "
            f"p50 {spans[len(spans) // 2]:.2f} s, max {spans[-1]:.2f} s; "
            f"the province's: {finished[p_decision.pk] - REGISTERED_AT[p_decision.pk]:.2f} s"
        )
    rate = stored / busy if busy > 0 else 0.0
    expected = expected_emails()
    received = [mid for _at, mid in log.read() if mid in expected]
    copies = Counter(received)
    notices = len(copies)
    lost = (expected_docs - stored) + sum(1 for mid in expected if mid not in copies)
    duplicates = twice + sum(n - 1 for n in copies.values())
    sample, builder = builder_rate(args.builder_sample)
    say(f"  builder alone: {sample} certificates built and stored, {builder:.1f}/s")
    requests.report()
    line_count = NominationLine.objects.filter(nomination__unit__council_id__in=province.council_ids).count()
    say(
        f"documents: {stored} of {expected_docs} stored ({twice} twice), {busy:.1f} s from registrations to stored; "
        f"emails: {notices} of {len(expected)} "
        f"received, {len(received) - notices} extra copies"
    )
    say(
        f"round: {line_count} lines, {len(province.council_ids)} councils in {total:.1f} s; "
        f"documents {rate:.1f}/s end to end (builder {builder:.1f}/s); notices {notices}; "
        f"lost {lost}; duplicates {duplicates}"
    )
    return 0 if lost == 0 and duplicates == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
