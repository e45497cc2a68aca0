"""Benchmark: opening a council session's sealed ballot box and reading its tally.

Builds a session of M members x L agenda lines (default 50 x 1,000: 50 sealed ballots of
1,000 codes each) in a fresh test database of the configured engine (DATABASE_URL; SQLite
in memory when unset), then times, in the same run:

* the product's close (`ballot_box.session_close`): the box opened in one transaction,
  every ballot decrypted, the per-line counts (`LineTally`) and the sorted trackers
  written, the sealed rows deleted and the record signed.  The close empties the box, so
  each repeat runs inside a transaction of its own that is rolled back (the last one is
  kept); the savepoint that makes the close's own transaction nested there is not counted;
* the product's tally after the close (`session_tally`: one query over the counts)
  against a baseline that reads each line's counts with its own query.

    .venv/bin/python bench/tally.py [--members 50] [--lines 1000] [--repeat 3]

The last line is: tally: MxL in T s, Q queries; per-line counting: T2 s, Q2 queries
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N timings")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        session, expected = build(args.members, args.lines)
        from councils.models import User
        from decisions.models import AgendaItem, LineTally, SealedBallot
        from decisions.services.ballot_box import session_close, session_tally

        counts = ("agree", "disagree", "blank", "recused", "not_voted")

        def product() -> object:
            return session_tally(session)

        def per_line() -> dict[int, dict[str, int]]:
            return {
                item_id: LineTally.objects.filter(item_id=item_id).values(*counts).get()
                for item_id in AgendaItem.objects.filter(session=session).values_list("id", flat=True)
            }

        def timed(fn) -> tuple[float, int, object]:  # type: ignore[no-untyped-def]
            best, queries, result = float("inf"), 0, None
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    result = fn()
                    elapsed = time.perf_counter() - start
                best, queries = min(best, elapsed), len(captured.captured_queries)
            return best, queries, result

        def closing() -> tuple[float, int, object]:
            """Best of N closes; every close but the last is rolled back, so each opens the same full box."""
            best, queries, outcome = float("inf"), 0, None
            for attempt in range(args.repeat):
                # a fresh actor each time: its roles are cached on the user object after the first check
                secretary = User.objects.get(pk=session.secretary_id)
                with transaction.atomic():
                    with CaptureQueriesContext(connection) as captured:
                        start = time.perf_counter()
                        outcome = session_close(actor=secretary, session=session)
                        elapsed = time.perf_counter() - start
                    if attempt < args.repeat - 1:
                        transaction.set_rollback(True)
                best, queries = min(best, elapsed), len(_without_outer_savepoint(captured.captured_queries))
            return best, queries, outcome

        t0, q0, outcome = closing()
        assert not outcome.void, outcome  # type: ignore[attr-defined]
        assert outcome.ballots == args.members, outcome  # type: ignore[attr-defined]
        assert not SealedBallot.objects.filter(session=session).exists(), "the close left sealed rows"
        t1, q1, tally = timed(product)
        t2, q2, baseline = timed(per_line)
        results = tally.results  # type: ignore[attr-defined]
        for item_id, line in baseline.items():  # type: ignore[attr-defined]
            result = results[item_id]
            assert (result.agree, result.disagree, result.blank) == (line["agree"], line["disagree"], line["blank"]), (
                item_id,
                result,
                line,
            )
        agree_product = sum(r.agree for r in results.values())
        agree_baseline = sum(c["agree"] for c in baseline.values())  # type: ignore[attr-defined]
        disagree_product = sum(r.disagree for r in results.values())
        assert agree_product == agree_baseline == expected["agree"], (agree_product, agree_baseline, expected)
        assert disagree_product == expected["disagree"], (disagree_product, expected)
        passed = sum(1 for r in results.values() if r.passed)
        sys.stdout.write(
            f"engine: {connection.vendor}; ballots: {args.members}; sealed codes: {args.members * args.lines}; "
            f"lines passed: {passed}/{args.lines}; agree votes sealed: {expected['agree']}, "
            f"counted by both: {agree_product}\n"
            f"open box (session_close): {t0:.3f} s, {q0} queries (best of {args.repeat})\n"
            f"product tally: {t1:.3f} s, {q1} queries (best of {args.repeat})\n"
            f"baseline, one query per line: {t2:.3f} s, {q2} queries (best of {args.repeat})\n"
            f"speed-up: {t2 / t1:.1f}x\n"
            f"open box: {args.members}x{args.lines} sealed ballots opened and counted in {t0:.3f} s, {q0} queries\n"
            f"tally: {args.members}x{args.lines} in {t1:.3f} s, {q1} queries; "
            f"per-line counting: {t2:.3f} s, {q2} queries\n"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _without_outer_savepoint(queries: list[dict[str, str]]) -> list[dict[str, str]]:
    """The close's own queries: inside the benchmark's transaction its atomic block is a savepoint."""
    if queries and queries[0]["sql"].startswith("SAVEPOINT") and queries[-1]["sql"].startswith("RELEASE SAVEPOINT"):
        return queries[1:-1]
    return queries


def build(members: int, lines: int):  # type: ignore[no-untyped-def]
    """A voting session with every ballot cast and sealed, and the agree and disagree codes
    sealed (the expected counts); rows are inserted in bulk (set-up, not the product path)."""
    import random
    import secrets

    from django.conf import settings
    from django.utils import timezone

    from common.text import fold, name_sort_key
    from councils.models import Council, CouncilMembership, CouncilRole, Unit, User
    from decisions import seal
    from decisions.models import (
        AgendaItem,
        Attendance,
        AttendanceState,
        BallotCast,
        CastMethod,
        CouncilSession,
        SealedBallot,
        SessionStatus,
    )
    from decisions.services.sessions import agenda_binding, freeze_voters
    from nominations.models import AwardType, Nomination, NominationLine, NominationStatus, Person, Round

    rng = random.Random(20261126)
    now = timezone.now()
    council = Council.objects.create(
        name="Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung",
        locality="thị trấn Hà Trung",
        place_name="Hà Trung",
        issuing_body="Ủy ban nhân dân thị trấn Hà Trung",
        level="commune",
    )
    unit = Unit.objects.create(council=council, name="Tiểu khu 1", kind="quarter")
    award = AwardType.objects.create(
        council=council,
        code="LDTT",
        name_vi="Lao động tiên tiến",
        kind="title",
        for_individual=True,
        deciding_level="commune",
        threshold_share=50,
        threshold_comparison="gt",
        threshold_base="all",
    )
    round_ = Round.objects.create(
        council=council,
        name="Tổng kết năm",
        year=now.year,
        kind="yearly",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )
    users = User.objects.bulk_create(
        [User(username=f"uyvien{i}", first_name=f"Viên {i}", last_name="Ủy") for i in range(members)]
    )
    CouncilMembership.objects.bulk_create(
        [CouncilMembership(council=council, user=user, role=CouncilRole.MEMBER) for user in users]
    )
    # the secretariat closes the vote (it does not vote)
    secretary = User.objects.create(username="thuky", first_name="Ký", last_name="Thư")
    CouncilMembership.objects.create(council=council, user=secretary, role=CouncilRole.SECRETARIAT)
    # one member belongs to the nominating unit: recused from every line
    CouncilMembership.objects.filter(user=users[0]).update(unit=unit)
    nomination = Nomination.objects.create(
        round=round_, unit=unit, title="Danh sách đề nghị", status=NominationStatus.ACCEPTED, created_by=users[0]
    )
    names = [f"Nguyễn Văn Người {i}" for i in range(lines)]
    people = Person.objects.bulk_create(
        [Person(council=council, full_name=n, search_name=fold(n), sort_key=name_sort_key(n)) for n in names]
    )
    line_rows = NominationLine.objects.bulk_create(
        [
            NominationLine(
                nomination=nomination,
                position=i,
                award_type=award,
                nominee_kind="individual",
                person=person,
                achievement="Hoàn thành xuất sắc nhiệm vụ",
                subject_category="direct_worker",
            )
            for i, person in enumerate(people, start=1)
        ]
    )
    session = CouncilSession.objects.create(
        council=council,
        round=round_,
        held_at=now,
        place="Hội trường",
        chair=users[1],
        secretary=secretary,
        status=SessionStatus.VOTING,
        members_total=members,
        present_total=members,
        opened_at=now,
        created_by=secretary,
    )
    AgendaItem.objects.bulk_create(
        [AgendaItem(session=session, line=line, position=i) for i, line in enumerate(line_rows, start=1)]
    )
    # what opening the vote fixes: the box's random id, what every ballot is sealed to (the
    # agenda's digest bound to that id) and the ballots the box needs (two thirds)
    session.box_id = secrets.token_hex(16)
    session.agenda_digest = agenda_binding(session)
    session.quorum_ballots = -(-members * 2 // 3)
    session.save(update_fields=["box_id", "agenda_digest", "quorum_ballots"])
    Attendance.objects.bulk_create(
        [Attendance(session=session, member=user, state=AttendanceState.PRESENT) for user in users]
    )
    BallotCast.objects.bulk_create(
        [BallotCast(session=session, member=user, method=CastMethod.ONLINE) for user in users]
    )
    master = settings.BALLOT_SEAL_KEY.encode()
    expected = {"agree": 0, "disagree": 0}
    sealed = []
    for index in range(members):
        if index == 0:
            text = seal.RECUSED * lines
        else:
            text = b"".join(rng.choice((seal.AGREE, seal.AGREE, seal.DISAGREE)) for _ in range(lines))
        expected["agree"] += text.count(seal.AGREE)
        expected["disagree"] += text.count(seal.DISAGREE)
        row = seal.seal(master, session_id=session.pk, agenda_digest=session.agenda_digest, text=text, length=lines)
        sealed.append(SealedBallot(session=session, key_id=row.key_id, nonce=row.nonce, sealed=row.sealed))
    SealedBallot.objects.bulk_create(sealed)
    freeze_voters(session)  # what opening the vote records: members taking part, recusals per line
    session.refresh_from_db()
    return session, expected


if __name__ == "__main__":
    main()
