"""Benchmark: counting a council session's secret ballots.

Builds a session of M members x L agenda lines (default 50 x 1,000: 50,000 ballot
choices) in a fresh test database of the configured engine (DATABASE_URL; SQLite in
memory when unset), then times the product's tally (`session_tally`: one aggregate
query over the ballot rows) against a baseline that counts
each line with its own query, in the same run.

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
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        session = build(args.members, args.lines)
        from django.db.models import Count

        from decisions.models import AgendaItem, BallotChoice
        from decisions.services.sessions import session_tally

        def product() -> object:
            return session_tally(session)

        def per_line() -> dict[int, dict[str, int]]:
            counts = {}
            for item_id in AgendaItem.objects.filter(session=session).values_list("id", flat=True):
                counts[item_id] = dict(
                    BallotChoice.objects.filter(item_id=item_id).values_list("choice").annotate(n=Count("id"))
                )
            return counts

        def timed(fn) -> tuple[float, int, object]:  # type: ignore[no-untyped-def]
            best, queries, result = float("inf"), 0, None
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    result = fn()
                    elapsed = time.perf_counter() - start
                best, queries = min(best, elapsed), len(captured.captured_queries)
            return best, queries, result

        t1, q1, tally = timed(product)
        t2, q2, baseline = timed(per_line)
        agree_product = sum(r.agree for r in tally.results.values())  # type: ignore[attr-defined]
        agree_baseline = sum(c.get("agree", 0) for c in baseline.values())  # type: ignore[attr-defined]
        assert agree_product == agree_baseline, (agree_product, agree_baseline)
        passed = sum(1 for r in tally.results.values() if r.passed)  # type: ignore[attr-defined]
        sys.stdout.write(
            f"engine: {connection.vendor}; ballots: {args.members}; choices: {args.members * args.lines}; "
            f"lines passed: {passed}/{args.lines}; agree votes counted by both: {agree_product}\n"
            f"product tally: {t1:.3f} s, {q1} queries (best of {args.repeat})\n"
            f"baseline, one query per line: {t2:.3f} s, {q2} queries (best of {args.repeat})\n"
            f"speed-up: {t2 / t1:.1f}x\n"
            f"tally: {args.members}x{args.lines} in {t1:.3f} s, {q1} queries; "
            f"per-line counting: {t2:.3f} s, {q2} queries\n"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def build(members: int, lines: int):  # type: ignore[no-untyped-def]
    """A voting session with every ballot cast; rows are inserted in bulk (set-up, not the product path)."""
    import random

    from django.utils import timezone

    from common.text import fold, name_sort_key
    from councils.models import Council, CouncilMembership, CouncilRole, Unit, User
    from decisions.models import (
        AgendaItem,
        Attendance,
        AttendanceState,
        Ballot,
        BallotCast,
        BallotChoice,
        CastMethod,
        CouncilSession,
        SessionStatus,
    )
    from decisions.services.sessions import freeze_voters
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
        secretary=users[1],
        status=SessionStatus.VOTING,
        members_total=members,
        present_total=members,
        created_by=users[1],
    )
    items = AgendaItem.objects.bulk_create(
        [AgendaItem(session=session, line=line, position=i) for i, line in enumerate(line_rows, start=1)]
    )
    Attendance.objects.bulk_create(
        [Attendance(session=session, member=user, state=AttendanceState.PRESENT) for user in users]
    )
    BallotCast.objects.bulk_create(
        [BallotCast(session=session, member=user, method=CastMethod.ONLINE) for user in users]
    )
    ballots = Ballot.objects.bulk_create([Ballot(session=session) for _ in users])
    choices = []
    for index, ballot in enumerate(ballots):
        for item in items:
            choice = "blank" if index == 0 else rng.choice(("agree", "agree", "disagree"))
            choices.append(BallotChoice(ballot=ballot, item=item, choice=choice))
    BallotChoice.objects.bulk_create(choices, batch_size=5000)
    freeze_voters(session)  # what opening the vote records: members taking part, recusals per line
    session.refresh_from_db()
    return session


if __name__ == "__main__":
    main()
