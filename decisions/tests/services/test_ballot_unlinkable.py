"""The ballot box as a database dump would see it, on PostgreSQL (docs/ballot-secrecy.md).

Nine voting members take part, one of them recused from the two lines of his own
unit's dossier.  Eight vote on twelve lines with eight different choice patterns: online
at the meeting, in writing before it and on paper; the ninth, registered to vote in
writing, never does, so the secretariat closes with a reason.  Every cast goes through the real pages (review, then
confirm; paper hand-ins, closing the hand-ins, then entries in another order), each in
its own committed transaction.  After every step the test reads every table of the
schema (every column, ``ctid`` and ``xmin``) and the decoded ``django_session`` rows,
and looks for any member's choices in every encoding a careless write could use.
After the close it checks that no table holds a ballot, a ballot id or a whole
pattern, and that the stored counts are the ones the test meant.

The twin ``direct`` stores each ballot's plaintext as its "ciphertext" (the write
this design replaced).  It is ``xfail(strict=True)`` and must fail with
``ReadableDuringVoting``: the scan catches it, which proves the scan can fail.
"""

from __future__ import annotations

import base64
import json
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import need, pdf_upload
from councils.models import CouncilMembership, CouncilRole, User
from decisions import seal
from decisions.models import AgendaItem, AttendanceState, CouncilSession, LineTally, SessionStatus
from decisions.services import ballot_box
from decisions.services.sessions import recusals
from nominations import services as ns
from tests import factories
from workflows import services as ws

# --- The council, the agenda and what each member means to vote ------------------

UNIT_A_NOMINEES = ["Lê Thị Hường", "Nguyễn Văn Tâm"]  # unit A's dossier: the recused member's unit
UNIT_B_NOMINEES = [
    "Trần Thị Lan",
    "Phạm Văn Dũng",
    "Hoàng Thị Mai",
    "Vũ Đức Phúc",
    "Đỗ Thị Ngọc",
    "Bùi Văn Quân",
    "Đặng Thị Thảo",
    "Ngô Văn Khánh",
    "Lý Thị Giang",
    "Trịnh Văn Bình",
]
NOMINEES = UNIT_A_NOMINEES + UNIT_B_NOMINEES  # the order of the patterns' letters
UNIT_A_LINES = {0, 1}

PRESENT, WRITTEN = AttendanceState.PRESENT.value, AttendanceState.WRITTEN.value
CHOICE = {"A": "agree", "D": "disagree", "B": "blank"}
LABEL = {"A": "Đồng ý", "D": "Không đồng ý", "B": "Để trống"}


@dataclass(frozen=True)
class Voter:
    key: str
    attendance: str
    method: str | None  # online, written, paper; None: takes part and casts nothing
    pattern: str  # one letter per NOMINEES line: A agree, D disagree, B left blank (paper), R recused


VOTERS = [
    Voter("chairman", PRESENT, "online", "ADAADDADAADD"),
    Voter("member", PRESENT, "online", "RRDADADDAAAD"),  # works in unit A: recused from its two lines
    Voter("tv2", PRESENT, "online", "DAAAADDDADAD"),
    Voter("tv3", PRESENT, "online", "AADDDAAADDAA"),
    Voter("tv4", PRESENT, "paper", "ADBDAADDBAAD"),
    Voter("tv5", PRESENT, "paper", "DADDBAAADDAA"),
    Voter("tv6", PRESENT, "paper", "AAADDDBDAAAD"),
    Voter("tv7", WRITTEN, "written", "DDDAAADADAAD"),
    Voter("tv8", WRITTEN, None, ""),  # registered to vote in writing, never returns the ballot
]
RECUSED = {"member": UNIT_A_LINES}
CLOSE_REASON = "Thành viên bỏ phiếu bằng văn bản không gửi phiếu; hội đồng thống nhất kết thúc."


def intended_counts() -> list[dict[str, int]]:
    """Per NOMINEES line, from the patterns and the recusals above alone (never from product code)."""
    counts = []
    for line in range(len(NOMINEES)):
        row = dict.fromkeys(("agree", "disagree", "blank", "recused", "not_voted"), 0)
        for voter in VOTERS:
            if line in RECUSED.get(voter.key, set()):
                row["recused"] += 1
            elif voter.method is None:
                row["not_voted"] += 1
            else:
                row[CHOICE[voter.pattern[line]]] += 1
        counts.append(row)
    return counts


def test_the_voters_premise() -> None:
    cast = [voter.pattern for voter in VOTERS if voter.method]
    assert len(VOTERS) == 9
    assert len(set(cast)) == len(cast)
    for voter in VOTERS:
        if voter.method:
            assert len(voter.pattern) == len(NOMINEES)
            assert {"A", "D"} <= set(voter.pattern)
            assert {i for i, code in enumerate(voter.pattern) if code == "R"} == RECUSED.get(voter.key, set())
            assert voter.method == "paper" or "B" not in voter.pattern  # the ballot page asks for every line
    assert {voter.method for voter in VOTERS} == {"online", "written", "paper", None}
    for row in intended_counts():
        assert sum(row.values()) == len(VOTERS)


# --- What must never be found ----------------------------------------------------


class ReadableDuringVoting(AssertionError):
    """A table or a session row says how a member voted while the vote is open."""


@dataclass
class Needles:
    """Every encoding of one member's ballot a careless write could leave behind."""

    who: str
    texts: dict[str, str] = field(default_factory=dict)  # casefolded
    data: dict[str, bytes] = field(default_factory=dict)

    def add(self, what: str, value: str) -> None:
        self.texts[what] = value.casefold()
        self.data[what] = value.encode()


def needles_for(voter: Voter, order: list[int], line_of: dict[int, int]) -> Needles:
    """``order``: agenda item ids in agenda order; ``line_of``: item id -> index in NOMINEES."""
    found = Needles(voter.key)
    codes = {item: voter.pattern[line_of[item]] for item in order}
    text = "".join(codes[item] for item in order)
    found.add("seal codes", text)
    found.add("seal codes hex", text.encode().hex())
    found.add("seal codes base64", base64.b64encode(text.encode()).decode())
    found.add("seal codes in nominee order", voter.pattern)
    voted = [item for item in order if codes[item] != "R"]
    found.add("seal codes of the lines voted", "".join(codes[item] for item in voted))
    words = [CHOICE[codes[item]] for item in voted]
    for name, sep in (("comma", ","), ("comma space", ", "), ("space", " "), ("semicolon", ";"), ("bar", "|")):
        found.add(f"choices joined by {name}", sep.join(words))
        found.add(f"choices and recusals joined by {name}", sep.join(CHOICE.get(codes[i], "recused") for i in order))
    found.add("choices as JSON", json.dumps(words))
    found.add("labels joined", ", ".join(LABEL[codes[item]] for item in voted))
    found.add("labels as JSON", json.dumps([LABEL[codes[item]] for item in voted], ensure_ascii=False))
    found.add("labels as escaped JSON", json.dumps([LABEL[codes[item]] for item in voted]))
    by_item = {str(item): CHOICE[codes[item]] for item in voted}
    found.add("JSON of item -> choice", json.dumps(by_item))
    found.add("compact JSON of item -> choice", json.dumps(by_item, separators=(",", ":")))
    found.add("Python dict of item -> choice", repr({item: CHOICE[codes[item]] for item in voted}))
    found.add("posted form", urlencode({f"item_{item}": CHOICE[codes[item]] for item in voted}))
    return found


CHOICE_WORDS = r"(?:agree|disagree|blank|đồng ý|không đồng ý|để trống)"


def pair_pattern(item_ids: list[int]) -> re.Pattern[str]:
    """An agenda item id next to a choice (``"12": "agree"``, ``item_12=agree``): no table holds one while voting."""
    ids = "|".join(str(item) for item in sorted(item_ids, reverse=True))
    return re.compile(rf"(?<!\d)(?:{ids})[\"']?\s*[:=]\s*[\"']?{CHOICE_WORDS}(?![a-z])")


# --- Reading the whole database -------------------------------------------------


@dataclass(frozen=True)
class Cell:
    table: str
    ctid: str
    xmin: str
    column: str
    value: Any


def every_cell() -> Iterator[Cell]:
    """Every column of every row of every table, with ``ctid`` and ``xmin``; and every
    ``django_session`` row decoded, as one more table."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        assert "decisions_sealedballot" in tables
        assert "django_session" in tables
        for table in tables:
            cursor.execute(f"SELECT ctid::text, xmin::text, t.* FROM {qn(table)} AS t")
            columns = [column.name for column in cursor.description]
            for row in cursor.fetchall():
                ctid, xmin = row[0], row[1]
                for column, value in zip(columns, row, strict=True):
                    yield Cell(table, ctid, xmin, column, value)
                if table == "django_session":
                    decoded = SessionStore().decode(row[columns.index("session_data")])
                    yield Cell("django_session (decoded)", ctid, xmin, "session_data", decoded)


def haystacks(value: Any) -> tuple[bytes | None, str | None]:
    """(raw bytes, casefolded text) of a cell; a bytes cell is searched raw, as hex and as Latin-1."""
    if value is None or isinstance(value, bool | int | float):
        return None, None
    if isinstance(value, memoryview | bytes | bytearray):
        raw = bytes(value)
        return raw, (raw.hex() + "\x00" + raw.decode("latin-1")).casefold()
    if isinstance(value, dict | list):
        return None, (
            json.dumps(value, default=str) + "\x00" + json.dumps(value, ensure_ascii=False, default=str)
        ).casefold()
    return None, str(value).casefold()


def where(cell: Cell) -> str:
    return f"{cell.table}[ctid {cell.ctid}, xmin {cell.xmin}].{cell.column}"


def scan(
    needles: list[Needles], *, pairs: re.Pattern[str] | None = None, also: dict[str, bytes] | None = None
) -> list[str]:
    """What of ``needles`` (and of ``also``: values that must have gone) any cell holds."""
    found = []
    also = also or {}
    also_texts = {what: value.hex() for what, value in also.items()}
    for cell in every_cell():
        raw, text = haystacks(cell.value)
        if raw is None and text is None:
            continue
        for needle in needles:
            for what, data in needle.data.items():
                if raw is not None and data in raw:
                    found.append(f"{where(cell)} holds {needle.who}'s ballot ({what}, raw bytes)")
            for what, value in needle.texts.items():
                if text is not None and value in text:
                    found.append(f"{where(cell)} holds {needle.who}'s ballot ({what})")
        for what, data in also.items():
            if (raw is not None and data in raw) or (text is not None and also_texts[what] in text):
                found.append(f"{where(cell)} holds {what}")
        if pairs is not None and text is not None and (match := pairs.search(text)):
            found.append(f"{where(cell)} holds a line's choice: {match.group(0)!r}")
    return found


def columns_of(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s",
            [table],
        )
        return dict(cursor.fetchall())


def references() -> dict[str, dict[str, str]]:
    """{table: {column: referenced table}} for every foreign key of the schema."""
    found: dict[str, dict[str, str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            relations = connection.introspection.get_relations(cursor, table)
            found[table] = {column: target for column, (_target_column, target) in relations.items()}
    return found


def raw_count(table: str) -> int | None:
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return None
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


def sealed_rows() -> list[tuple[str, bytes, bytes, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id::text, nonce, sealed, xmin::text FROM decisions_sealedballot")
        return [(row[0], bytes(row[1]), bytes(row[2]), row[3]) for row in cursor.fetchall()]


# --- The sealer under test ------------------------------------------------------


@pytest.fixture
def sealer(request: Any, monkeypatch: Any) -> str:
    """``sealed``: the real AES-GCM box.  ``direct``: the plaintext written as it is (padded to the
    ciphertext's length, so only the scan can tell), and read back as it is at the close."""
    if request.param == "direct":
        plaintext = seal.plaintext

        def direct_seal(master: bytes, *, session_id: int, agenda_digest: str, text: bytes, length: int) -> Any:
            text = plaintext([bytes([byte]) for byte in text], length)
            return seal.Sealed(seal.key_id(master), os.urandom(seal.NONCE_BYTES), text + bytes(16))

        def direct_unseal(master: bytes, *, session_id: int, agenda_digest: str, row: Any, length: int) -> bytes:
            return plaintext([bytes([byte]) for byte in bytes(row.sealed)[:-16]], length)

        monkeypatch.setattr(seal, "seal", direct_seal)
        monkeypatch.setattr(seal, "unseal", direct_unseal)
    return request.param


# --- Driving the pages ----------------------------------------------------------

TRACKER = re.compile(r'id="tracker">([0-9a-f]{64})</code>')
HIDDEN_CHOICE = re.compile(r'<input type="hidden" name="(item_\d+)" value="([a-z]*)">')


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(name: str, session: CouncilSession) -> str:
    return reverse(name, args=[session.pk])


def accepted_dossier(world: Any, unit: Any, user: Any, nominees: list[str]) -> None:
    dossier = ws.dossier_create(user=user, unit=unit, round=world.round, title="Đề nghị khen thưởng năm")
    for name in nominees:
        ns.line_add(
            actor=user,
            nomination=dossier,
            award_type=world.ldtt,
            nominee=ns.NomineeData(kind="individual", full_name=name),
            achievement="Hoàn thành xuất sắc nhiệm vụ",
        )
    ns.attachment_add(nomination=dossier, upload=pdf_upload("to-trinh.pdf"), kind="cover_letter", actor=user)
    ns.attachment_add(nomination=dossier, upload=pdf_upload("bien-ban.pdf"), kind="review_minutes", actor=user)
    ws.dossier_submit(user=user, nomination=dossier)
    ws.dossier_review(user=world.secretariat, nomination=dossier, accept=True)


@dataclass
class Vote:
    session: CouncilSession
    members: dict[str, Any]
    order: list[int]  # agenda item ids in agenda order
    line_of: dict[int, int]  # agenda item id -> index in NOMINEES
    secretariat: Client

    def choices(self, voter: Voter) -> dict[str, str]:
        """What the member marks: every line not recused from, minus a paper ballot's blank lines."""
        return {
            f"item_{item}": CHOICE[voter.pattern[self.line_of[item]]]
            for item in self.order
            if voter.pattern[self.line_of[item]] in "AD"
        }


def open_vote(world: Any) -> Vote:
    members = {"chairman": world.chairman, "member": world.member}
    for voter in VOTERS[2:]:
        user = factories.UserFactory(username=voter.key)
        CouncilMembership.objects.create(council=world.council, user=user, role=CouncilRole.MEMBER)
        members[voter.key] = user
    CouncilMembership.objects.filter(council=world.council, user=world.member).update(unit=world.unit_a)
    accepted_dossier(world, world.unit_a, world.unit_a_user, UNIT_A_NOMINEES)
    accepted_dossier(world, world.unit_b, world.unit_b_user, UNIT_B_NOMINEES)

    secretariat = login(world.secretariat)
    response = secretariat.post(
        reverse("workflows:session_create"),
        {
            "round": world.round.pk,
            "held_at": "2026-12-10T08:30",
            "place": "Hội trường UBND thị trấn",
            "chair": world.chairman.pk,
            "secretary": world.secretariat.pk,
            "allow_written_votes": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    session = CouncilSession.objects.get(round=world.round)
    states = {f"attendance_{members[voter.key].pk}": voter.attendance for voter in VOTERS}
    secretariat.post(page("workflows:session_attendance", session), states)
    secretariat.post(page("workflows:session_open", session), {"closes_at": ""})
    session.refresh_from_db()
    assert session.status == SessionStatus.VOTING
    assert session.voters_present == len(VOTERS)

    items = list(AgendaItem.objects.filter(session=session).order_by("position", "id").select_related("line__person"))
    assert len(items) == len(NOMINEES)
    line_of = {item.pk: NOMINEES.index(item.line.person.full_name) for item in items}
    # the premise of the recusal: the member of unit A, on unit A's two lines, and nobody else
    member = members["member"].pk
    assert {item: users for item, users in recusals(session).items() if users} == {
        item: {member} for item, line in line_of.items() if line in UNIT_A_LINES
    }
    return Vote(session, members, [item.pk for item in items], line_of, secretariat)


def cast_on_the_page(vote: Vote, voter: Voter, check: Any) -> str:
    """Review, then confirm with the review page's hidden fields; the tracker is in the answer."""
    client = login(vote.members[voter.key])
    url = page("workflows:session_ballot", vote.session)
    chosen = vote.choices(voter)
    review = client.post(url, {"step": "review", **chosen})
    assert review.status_code == 200
    hidden = dict(HIDDEN_CHOICE.findall(review.content.decode()))
    assert hidden == chosen, review.content.decode()
    check(f"after {voter.key}'s review")
    confirmed = client.post(url, {"step": "confirm", **hidden})
    assert confirmed.status_code == 200
    trackers = TRACKER.findall(confirmed.content.decode())
    assert len(trackers) == 1, confirmed.content.decode()
    check(f"after {voter.key}'s cast")
    return trackers[0]


def hand_in(vote: Vote, keys: list[str]) -> None:
    response = vote.secretariat.post(
        page("workflows:session_paper_handed_in", vote.session), {"member": [vote.members[key].pk for key in keys]}
    )
    assert response.status_code == 302


def enter_paper(vote: Vote, voter: Voter) -> str:
    chosen = vote.choices(voter)
    blank = [item for item in vote.order if voter.pattern[vote.line_of[item]] == "B"]
    chosen.update({f"item_{item}": "blank" for item in blank[:1]})  # one blank ticked, any other left unmarked
    response = vote.secretariat.post(page("workflows:session_paper", vote.session), chosen)
    assert response.status_code == 200
    trackers = TRACKER.findall(response.content.decode())
    assert len(trackers) == 1, response.content.decode()
    return trackers[0]


# --- The test -------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # each cast a commit of its own: real xmin, real sessions
@pytest.mark.parametrize(
    "sealer",
    [
        "sealed",
        pytest.param(
            "direct",
            marks=pytest.mark.xfail(
                strict=True, raises=ReadableDuringVoting, reason="the direct write of readable choices is caught"
            ),
        ),
    ],
    indirect=True,
)
def test_no_table_links_a_member_to_a_choice(sealer: str, world: Any) -> None:
    need(connection.vendor == "postgresql", "the unlinkability test reads ctid and xmin: it needs PostgreSQL")
    vote = open_vote(world)
    session = vote.session
    by_key = {voter.key: voter for voter in VOTERS}
    needles = [needles_for(voter, vote.order, vote.line_of) for voter in VOTERS if voter.method]
    pairs = pair_pattern(vote.order)
    trackers: list[str] = []
    seen_sealed: dict[str, tuple[bytes, bytes]] = {}  # every sealed row met while voting: id -> (nonce, sealed)
    plaintexts = [needle.data["seal codes"] for needle in needles]

    def check(step: str) -> None:
        findings = scan(needles, pairs=pairs, also={f"the tracker {t}": bytes.fromhex(t) for t in trackers})
        if findings:
            raise ReadableDuringVoting(f"{step}:\n" + "\n".join(findings[:25]))
        for ballot_id, nonce, sealed, _xmin in sealed_rows():
            seen_sealed[ballot_id] = (nonce, sealed)
            assert len(nonce) == seal.NONCE_BYTES
            assert len(sealed) == len(vote.order) + 16, step
            assert all(text not in sealed and sealed != text for text in plaintexts), step

    # the shape of the box: a sealed row names no member and no time; nothing points at a ballot
    assert set(columns_of("decisions_sealedballot")) == {"id", "session_id", "key_id", "nonce", "sealed", "pending"}
    user_table = User._meta.db_table
    links = references()
    for table in ("decisions_sealedballot", "decisions_ballottracker", "decisions_linetally"):
        assert user_table not in links[table].values(), table
        assert not [c for c, kind in columns_of(table).items() if "time" in kind or kind == "date"], table
    for table, columns in links.items():
        assert "decisions_sealedballot" not in columns.values(), f"{table} references a sealed ballot"
        assert "decisions_ballottracker" not in columns.values(), f"{table} references a tracker"
    check("at the opening")

    # the vote: online casts, paper hand-ins and a written ballot, interleaved
    trackers.append(cast_on_the_page(vote, by_key["chairman"], check))
    hand_in(vote, ["tv4"])
    check("after tv4's paper was handed in")
    trackers.append(cast_on_the_page(vote, by_key["member"], check))
    trackers.append(cast_on_the_page(vote, by_key["tv7"], check))
    hand_in(vote, ["tv6", "tv5"])
    check("after tv6's and tv5's papers were handed in")
    trackers.append(cast_on_the_page(vote, by_key["tv2"], check))
    trackers.append(cast_on_the_page(vote, by_key["tv3"], check))
    assert vote.secretariat.post(page("workflows:session_paper_close", session)).status_code == 302
    check("after the hand-ins were closed")
    for key in ("tv5", "tv4", "tv6"):  # not the order they were handed in
        trackers.append(enter_paper(vote, by_key[key]))
        check(f"after a paper entry ({key}'s)")

    # the premise: each cast was a commit of its own, and every ballot is in the box
    casters = [voter for voter in VOTERS if voter.method]
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text, method FROM nominations_ballotcast WHERE session_id = %s", [session.pk])
        casts = cursor.fetchall()
    assert len(casts) == len(casters)
    page_casts = [xmin for xmin, method in casts if method != "paper"]
    assert len(set(page_casts)) == len(page_casts) == sum(v.method in ("online", "written") for v in casters)
    assert len(seen_sealed) == len(casters) == len(set(trackers))
    logged_in = {
        str(cell.value.get("_auth_user_id")) for cell in every_cell() if cell.table == "django_session (decoded)"
    }
    assert {str(vote.members[v.key].pk) for v in casters if v.method != "paper"} <= logged_in  # decoding worked
    assert CouncilSession.objects.get(pk=session.pk).status == SessionStatus.VOTING

    # the close: tv8 never voted, so the secretariat closes with a reason
    response = vote.secretariat.post(page("workflows:session_close", session), {"reason": CLOSE_REASON})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED, [str(m) for m in response.wsgi_request._messages]

    # no ballot, no ballot id and no whole ballot is left anywhere
    assert raw_count("decisions_sealedballot") == 0
    assert raw_count("nominations_ballot") in (None, 0)
    assert raw_count("nominations_ballotchoice") in (None, 0)
    gone: dict[str, bytes] = {}
    for ballot_id, (nonce, sealed) in seen_sealed.items():
        gone[f"the ballot id {ballot_id}"] = uuid.UUID(ballot_id).bytes
        gone[f"the ballot id {ballot_id} as text"] = ballot_id.encode()
        gone[f"the nonce of ballot {ballot_id}"] = nonce
        gone[f"the ciphertext of ballot {ballot_id}"] = sealed
    findings = scan(needles, also=gone)
    assert not findings, "\n".join(findings[:25])

    # the counts are the ones meant, and add up to the members taking part
    tallies = {row.item_id: row for row in LineTally.objects.filter(session=session)}
    assert set(tallies) == set(vote.order)
    intended = intended_counts()
    for item in vote.order:
        row = tallies[item]
        stored = {name: getattr(row, name) for name in ("agree", "disagree", "blank", "recused", "not_voted")}
        assert stored == intended[vote.line_of[item]], NOMINEES[vote.line_of[item]]
        assert sum(stored.values()) == len(VOTERS)
    assert session.ballots_opened == len(casters)
    assert session.ballots_invalid == 0
    assert ballot_box.live_trackers(session) == sorted(trackers)
    assert ballot_box.session_verify(session).ok
