"""A database made by the old layout migrates forward and keeps every row.

Commit ``face6205c4`` is the last one where the user, the council tree and the
council-session and decision models lived in ``nominations``
(``AUTH_USER_MODEL = "nominations.User"``).  This test exports that commit, runs
its ``migrate``, ``seed_demo`` and the README's demo walk (the remaining
members vote, the secretariat closes, the chairman decides, the secretariat
registers: the decision, its list and the certificates are built eagerly) on a
fresh database, and records the rows of every table.  Then the current code's
``migrate`` runs on the same database, and the test checks that no table lost
or changed a row, that the content types kept their ids under their new app
labels (so viewflow's artifacts, permissions and admin log entries still
resolve), and that the secretariat still sees the decision, its documents and
the dossiers.  On SQLite always; on PostgreSQL too when ``DATABASE_URL`` points
at one (a database of its own is created on that server and dropped after).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import need

OLD_COMMIT = "face6205c49660f7c1dcc31001f13d3ac8229a71"
HERE = Path(__file__).resolve().parent

# The models that left ``nominations`` (their tables keep their names).
TO_COUNCILS = ("user", "council", "councilmembership", "unit", "unitmembership", "holiday")
TO_DECISIONS = (
    "councilsession",
    "attendance",
    "agendaitem",
    "ballotcast",
    "ballot",
    "ballotchoice",
    "decision",
    "decisionnumberregister",
    "decisionline",
    "honour",
    "proposal",
    "proposalline",
)
MOVED = {**dict.fromkeys(TO_COUNCILS, "councils"), **dict.fromkeys(TO_DECISIONS, "decisions")}
NEW_MIGRATIONS = {
    "councils.0001_take_over_from_nominations",
    "decisions.0001_take_over_from_nominations",
    "decisions.0002_sealed_ballot_box",
    "nominations.0010_move_councils_and_decisions_out",
    "documents.0002_point_to_councils_and_decisions",
    "notifications.0003_point_to_councils",
    "workflows.0005_point_to_councils",
}
# Tables the demo has no reason to fill; nothing in them refers to a moved model.
MAY_BE_EMPTY = {"django_celery_beat_clockedschedule", "django_celery_beat_solarschedule"}
# Tables whose rows the migration itself changes or adds (checked on their own below).
CHANGED_BY_MIGRATE = {"django_migrations", "django_content_type", "auth_permission"}
# The readable ballot tables that the sealed ballot box replaced (decisions 0002): their rows
# became per-line counts, checked against them below.
REPLACED = {"nominations_ballot", "nominations_ballotchoice"}

# --- scripts run with ``manage.py shell -c`` ----------------------------------------------
# Each prints one line "<MARKER> <json>".  WALK runs on the old code only; FACTS and PAGES run
# on both layouts, so they find the models by table name, never by app label.

WALK = """
import datetime as dt, json
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from documents.models import CertificateSettings
from nominations import council_services, decision_services
from nominations.models import (
    AgendaItem, Choice, CouncilSession, Decision, Proposal, ProposalLine, SessionStatus, SignerCapacity, User,
)
from notifications.models import Channel, Preference, Reminder
from workflows import session_services
from workflows.models import StepDeadline

users = {user.username: user for user in User.objects.all()}
secretariat, chairman = users["thuky"], users["chutich"]
session = CouncilSession.objects.get(status=SessionStatus.VOTING)
recused = council_services.recusals(session)
items = list(AgendaItem.objects.filter(session=session).order_by("position"))
# the README's walk: chutich and uyvien5 vote, thuky ends the vote, chutich decides, thuky registers
for username in ("chutich", "uyvien5"):
    member = users[username]
    choices = {item.pk: Choice.BLANK if member.pk in recused.get(item.pk, set()) else Choice.AGREE for item in items}
    session_services.session_ballot_cast(member=member, session=session, choices=choices)
session = session_services.session_close_voting(actor=secretariat, session=session)
passed = [item_id for item_id, result in decision_services.session_results(session).items() if result.passed]
decision = session_services.session_chairman_decide(chairman=chairman, session=session, approve_item_ids=passed)
decision = decision_services.decision_register(
    actor=secretariat,
    decision=decision,
    signed_on=timezone.localdate(),
    signer_name=chairman.get_full_name() or "Trịnh Văn Hùng",
    signer_capacity=SignerCapacity.CHAIRMAN,
)
# rows in the tables the walk leaves empty, each pointing at a moved model
session = CouncilSession.objects.select_related("council").get(pk=session.pk)
town = session.council
reader = Group.objects.create(name="Tra cứu quyết định")
reader.permissions.add(Permission.objects.get(content_type__app_label="nominations", codename="view_decision"))
secretariat.groups.add(reader)
secretariat.user_permissions.add(
    Permission.objects.get(content_type__app_label="nominations", codename="view_councilsession")
)
LogEntry.objects.create(
    user=users["admin"],
    content_type=ContentType.objects.get_for_model(Decision),
    object_id=str(decision.pk),
    object_repr=str(decision)[:200],
    action_flag=CHANGE,
    change_message="[]",
)
Preference.objects.create(user=secretariat, verb="session_closed", channel=Channel.EMAIL, enabled=False)
Reminder.objects.create(
    key="forward-migration", recipient=chairman, verb="ballot_reminder", url="/", council=town,
    due_at=timezone.now() + dt.timedelta(days=30),
)
CertificateSettings.objects.create(council=town, updated_by=secretariat)
StepDeadline.objects.create(council=town, step="review", working_days=7)
proposal = Proposal.objects.create(council=town, parent=town.parent, session=session, created_by=secretariat)
ProposalLine.objects.create(proposal=proposal, line=items[0].line)
print("WALK " + json.dumps({"decision": decision.pk, "number": decision.number, "passed": len(passed)}))
"""

FACTS = """
import hashlib, json
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from viewflow.workflow.models import Process, Task

by_table = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
Decision = by_table["nominations_decision"]
CouncilSession = by_table["nominations_councilsession"]
GeneratedDocument = by_table["documents_generateddocument"]

def cell(value):
    return bytes(value).hex() if isinstance(value, (bytes, memoryview)) else value

def ref(get):  # [model label, pk] of a generic relation's object, or why it does not resolve
    try:
        obj = get()
    except Exception as exc:
        return ["unresolved", f"{type(exc).__name__}: {exc}"]
    return None if obj is None else [obj._meta.label, obj.pk]

ONLY_COLUMNS = None  # replaced by the old layout's columns when run on the new one
counts, digests, columns = {}, {}, {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names(cursor)):
        names = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        columns[table] = names
        # the columns the old layout had: a column added since may not change a row's digest
        # (in the old order: SQLite remakes a table to add a column, in the model's field order)
        kept = names if ONLY_COLUMNS is None else [n for n in ONLY_COLUMNS.get(table, names) if n in names]
        cursor.execute("SELECT " + ", ".join(connection.ops.quote_name(n) for n in kept) + " FROM " + connection.ops.quote_name(table))
        rows = sorted(json.dumps([cell(v) for v in row], default=str, sort_keys=True) for row in cursor.fetchall())
        counts[table] = len(rows)
        digests[table] = hashlib.sha256("\\n".join(rows).encode()).hexdigest()

def grouped(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted([list(row) for row in cursor.fetchall()])

# the ballots' counts per agenda line: from the readable ballot rows in the old layout, from the
# per-line counts the sealed-box migration wrote from them in the new one
ballot_counts = None
if "nominations_ballotchoice" in counts:
    ballot_counts = grouped(
        "SELECT item_id, SUM(CASE WHEN choice = 'agree' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN choice = 'disagree' THEN 1 ELSE 0 END), SUM(CASE WHEN choice = 'blank' THEN 1 ELSE 0 END) "
        "FROM nominations_ballotchoice GROUP BY item_id"
    )
elif "decisions_linetally" in counts:
    ballot_counts = grouped("SELECT item_id, agree, disagree, blank FROM decisions_linetally")

def table_of(ct):
    model = ct.model_class()
    return model._meta.db_table if model else None

User = get_user_model()
secretariat = User.objects.get(username="thuky")
facts = {
    "counts": counts,
    "digests": digests,
    "columns": columns,
    "ballot_counts": ballot_counts,
    "models": {table: model._meta.label for table, model in by_table.items()},
    "user_model": User._meta.label,
    "migrations": sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()),
    "content_types": {str(ct.pk): [ct.app_label, ct.model, table_of(ct)] for ct in ContentType.objects.all()},
    "councilsession_ct": ContentType.objects.get_for_model(CouncilSession).pk,
    "decision_ct": ContentType.objects.get_for_model(Decision).pk,
    "user_ct": ContentType.objects.get_for_model(User).pk,
    "permissions": sorted(Permission.objects.values_list("pk", "content_type_id", "codename")),
    "users": list(User.objects.order_by("pk").values_list("pk", "username", "password", "is_superuser")),
    "secretariat_perms": sorted(secretariat.get_all_permissions()),
    "secretariat_groups": sorted(secretariat.groups.values_list("name", flat=True)),
    "decisions": list(
        Decision.objects.order_by("pk").values_list("pk", "number", "symbol", "year", "status", "council_id", "session_id")
    ),
    "processes": [
        [p.pk, p.artifact_content_type_id, p.artifact_object_id, ref(lambda: p.artifact), ref(lambda: p.seed)]
        for p in Process.objects.order_by("pk")
    ],
    "tasks": [
        [t.pk, t.process_id, t.status, ref(lambda: t.artifact), ref(lambda: t.seed), ref(lambda: t.owner)]
        for t in Task.objects.order_by("pk")
    ],
    "log_entries": [
        [entry.pk, entry.content_type_id, entry.object_id, ref(entry.get_edited_object)]
        for entry in LogEntry.objects.order_by("pk")
    ],
    "documents": [
        [
            doc.pk, doc.kind, doc.status, doc.decision.number, doc.decision.session_id,
            doc.decision_line.line.nomination.unit.name if doc.decision_line_id else None,
            bool(doc.file) and default_storage.exists(doc.file.name),
        ]
        for doc in GeneratedDocument.objects.order_by("pk")
    ],
}
print("FACTS " + json.dumps(facts, default=str))
"""

PAGES = """
import json, re
from django.apps import apps
from django.test import Client
from django.utils.html import escape

by_table = {model._meta.db_table: model for model in apps.get_models()}
Decision = by_table["nominations_decision"]
Nomination = by_table["nominations_nomination"]
decision = Decision.objects.get(status="registered")
reference = f"{decision.number:02d}/{decision.symbol}"
client = Client()
login = client.post("/accounts/login/", {"username": "thuky", "password": "demo12345"})
out = {"reference": reference, "login": [login.status_code, login.get("Location", "")]}
landing = client.get(login.get("Location", "/"))
if landing.status_code == 302 and landing["Location"].startswith("/accounts/otp/"):
    # the current layout asks the secretariat for the second factor after the password: enrol on
    # the setup page with the code an authenticator app would show (the old layout had none)
    from tests.otp import pass_second_step
    second = pass_second_step(client, "thuky")
    out["second_step"] = [second.status_code, "otp-recovery-codes" in second.content.decode()]

detail = client.get(f"/decisions/{decision.pk}/")
out["detail"] = [detail.status_code, reference in detail.content.decode()]

dossiers = client.get("/dossiers/")
page = dossiers.content.decode()
titles = set(Nomination.objects.filter(round__council_id=decision.council_id).values_list("title", flat=True))
out["dossiers"] = [dossiers.status_code, sorted(title for title in titles if escape(title) in page)]

documents = client.get(f"/decisions/{decision.pk}/documents/")
page = documents.content.decode()
rows = sorted({int(pk) for pk in re.findall(r'id="document-(\\d+)"', page)})
links = sorted({int(pk) for pk in re.findall(r'/documents/(\\d+)/download/', page)})
out["documents"] = [documents.status_code, reference in page, rows, links]
if links:
    download = client.get(f"/documents/{links[0]}/download/")
    body = b"".join(download.streaming_content) if download.streaming else download.content
    out["download"] = [download.status_code, body[:5].decode("latin-1")]
print("PAGES " + json.dumps(out))
"""


# --- helpers --------------------------------------------------------------------------------


def _git(*args: str, cwd: Path = HERE) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120, check=False)


def _repo_root() -> Path:
    if shutil.which("git") is None:
        need(False, "git is not installed; the forward-migration test exports the old layout with git")
    found = _git("rev-parse", "--show-toplevel")
    need(found.returncode == 0, f"{HERE} is not in a git clone: {found.stderr.decode().strip()}")
    return Path(found.stdout.decode().strip())


def _env(database_url: str, media: Path) -> dict[str, str]:
    """The environment of every manage.py run: the given database, no Redis (Celery runs the
    tasks eagerly), the development settings (DEBUG, MEDIA_ROOT from the environment)."""
    dropped = {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH", "MEDIA_ROOT", "DEBUG"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": database_url,
            "DEBUG": "true",
            "MEDIA_ROOT": str(media),
            "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "RESULTS_HMAC_KEY": "forward-migration-results-key",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _manage(tree: Path, env: dict[str, str], *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        command = " ".join(args[:1] if args[:1] == ("shell",) else args)
        pytest.fail(
            f"`manage.py {command}` failed in {tree} (exit {result.returncode})\n"
            f"--- stdout ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-12000:]}",
            pytrace=False,
        )
    return result


def _script(tree: Path, env: dict[str, str], marker: str, code: str) -> dict[str, Any]:
    result = _manage(tree, env, "shell", "--no-imports", "-c", code)
    for line in result.stdout.splitlines():
        if line.startswith(marker + " "):
            return json.loads(line[len(marker) + 1 :])
    pytest.fail(f"the {marker} script printed no result in {tree}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")


def _check_pages(pages: dict[str, Any], when: str) -> None:
    assert pages["login"][0] == 302, f"{when}: thuky could not log in: {pages['login']}"
    if "second_step" in pages:
        assert pages["second_step"] == [200, True], f"{when}: thuky's second step: {pages['second_step']}"
    assert pages["detail"] == [200, True], f"{when}: the decision page: {pages['detail']}"
    assert pages["dossiers"][0] == 200, f"{when}: the dossier list answered {pages['dossiers'][0]}"
    assert pages["dossiers"][1], f"{when}: the dossier list shows none of the town's dossiers"
    status, has_reference, rows, links = pages["documents"]
    assert (status, has_reference) == (200, True), f"{when}: the documents page: {pages['documents']}"
    assert rows, f"{when}: the documents page lists no document: {pages['documents']}"
    assert links, f"{when}: the documents page has no download link: {pages['documents']}"
    assert pages["download"] == [200, "%PDF-"], f"{when}: downloading a certificate: {pages['download']}"


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def old_tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The old layout's files, exported from git (``git archive``: no worktree to register,
    nothing in the clone's .git changes)."""
    root = _repo_root()
    present = _git("cat-file", "-e", f"{OLD_COMMIT}^{{commit}}", cwd=root)
    need(
        present.returncode == 0,
        f"commit {OLD_COMMIT[:10]} (the layout before the move) is not in this clone; fetch the full history",
    )
    archive = _git("archive", "--format=tar", OLD_COMMIT, cwd=root)  # from the root: the whole tree
    assert archive.returncode == 0, archive.stderr.decode()
    target = tmp_path_factory.mktemp("old-layout")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout), mode="r:") as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:  # Python before 3.11.4
            tar.extractall(target)  # noqa: S202  Python < 3.11.4 only: the archive is the one this test just made
    assert (target / "nominations" / "management" / "commands" / "seed_demo.py").exists()
    try:
        yield target
    finally:
        shutil.rmtree(target, ignore_errors=True)


def _postgres_database() -> Iterator[str]:
    server = os.environ.get("DATABASE_URL", "")
    need(
        server.startswith(("postgres://", "postgresql://", "pgsql://")),
        "the PostgreSQL case needs DATABASE_URL=postgres://... (a server where it may create a database)",
    )
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(server)
    params: dict[str, Any] = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": int(config.get("PORT") or 5432),
        "user": config.get("USER") or "postgres",
        "dbname": config.get("NAME") or "postgres",
        "connect_timeout": 5,
    }
    if config.get("PASSWORD"):
        params["password"] = config["PASSWORD"]
    name = f"thidua_fwd_{os.getpid()}_{uuid.uuid4().hex[:6]}"

    def run(statement: sql.Composable) -> None:
        with psycopg.connect(**params, autocommit=True) as conn:
            conn.execute(statement)

    try:
        run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        need(False, f"PostgreSQL at {params['host']}:{params['port']} is not reachable: {exc}")
    password = f":{urllib.parse.quote(params['password'], safe='')}" if "password" in params else ""
    user = urllib.parse.quote(params["user"], safe="")
    try:
        yield f"postgres://{user}{password}@{params['host']}:{params['port']}/{name}"
    finally:
        run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a database of its own on DATABASE_URL's server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'forward.sqlite3'}"
    else:
        yield from _postgres_database()


# --- the test -------------------------------------------------------------------------------


def test_an_old_layout_database_migrates_forward_with_every_row(
    old_tree: Path, database_url: str, tmp_path: Path
) -> None:
    new_tree = _repo_root()
    assert (new_tree / "manage.py").exists()
    assert (new_tree / "councils" / "migrations").is_dir()
    env = _env(database_url, tmp_path / "media")

    # --- the old layout: migrate, the demo, the README's walk to the certificates -------------
    _manage(old_tree, env, "migrate", "--no-input", "-v", "0")
    _manage(old_tree, env, "seed_demo", "--force")
    walk = _script(old_tree, env, "WALK", WALK)
    assert walk["number"], walk
    assert walk["passed"] > 0, walk
    pages_before = _script(old_tree, env, "PAGES", PAGES)
    _check_pages(pages_before, "old layout")
    before = _script(old_tree, env, "FACTS", FACTS)

    empty = sorted(table for table, count in before["counts"].items() if count == 0 and table not in MAY_BE_EMPTY)
    assert not empty, f"the old layout's walk left tables empty, the test would not see their rows: {empty}"
    assert before["user_model"] == "nominations.User"
    assert before["models"]["nominations_councilsession"] == "nominations.CouncilSession"
    assert not NEW_MIGRATIONS & set(before["migrations"])

    # --- the new layout's migrate on the same database --------------------------------------
    migrated = _manage(new_tree, env, "migrate", "--no-input")
    old_columns = json.dumps(before["columns"])
    after = _script(new_tree, env, "FACTS", FACTS.replace("ONLY_COLUMNS = None", f"ONLY_COLUMNS = {old_columns}"))
    _manage(new_tree, env, "migrate", "--check", "--no-input", "-v", "0")

    # the migrations: all old ones still recorded, the new ones applied
    assert set(before["migrations"]) <= set(after["migrations"])
    missing = NEW_MIGRATIONS - set(after["migrations"])
    assert not missing, f"not applied: {sorted(missing)}\n{migrated.stdout[-3000:]}"

    # every table is still there, with the same rows (new tables may appear)
    lost = sorted(set(before["counts"]) - set(after["counts"]) - REPLACED)
    assert not lost, f"tables gone after migrate: {lost}"
    assert not REPLACED & set(after["counts"]), "the readable ballot tables are still there"
    assert before["ballot_counts"], "the old layout's walk cast no ballot"
    assert after["ballot_counts"] == before["ballot_counts"], "the per-line counts differ from the old ballots"
    counts = {
        table: (count, after["counts"][table])
        for table, count in before["counts"].items()
        if table not in CHANGED_BY_MIGRATE | REPLACED and after["counts"][table] != count
    }
    assert not counts, f"row counts changed by migrate (before, after): {counts}"
    changed = sorted(
        table
        for table, digest in before["digests"].items()
        if table not in CHANGED_BY_MIGRATE | REPLACED and after["digests"][table] != digest
    )
    assert not changed, f"rows changed by migrate (same count, other contents): {changed}"

    # every old table still belongs to a model: the moved ones to councils/decisions
    for table, label in before["models"].items():
        if table in REPLACED:
            continue
        app, name = label.split(".", 1)
        expected = label
        if app == "nominations" and name.split("_", 1)[0].lower() in MOVED:
            expected = f"{MOVED[name.split('_', 1)[0].lower()]}.{name}"
        assert after["models"].get(table) == expected, f"table {table}: model {after['models'].get(table)}"
    assert after["user_model"] == "councils.User"

    # content types kept their ids; the moved models' rows carry the new app label
    new_tables = set(after["counts"]) - set(before["counts"])
    for pk, (app, model, table) in before["content_types"].items():
        expected_app = MOVED.get(model, app) if app == "nominations" else app
        # the replaced ballot models' content types stay (Django keeps stale ones), with no model now
        expected_table = None if table in REPLACED else table
        assert after["content_types"].get(pk) == [expected_app, model, expected_table], (
            f"content type {pk} ({app}.{model}) became {after['content_types'].get(pk)}"
        )
    added = {pk: row for pk, row in after["content_types"].items() if pk not in before["content_types"]}
    stray = {pk: row for pk, row in added.items() if row[2] not in new_tables}
    assert not stray, f"migrate made new content types for models whose table already existed: {stray}"
    assert not [row for row in after["content_types"].values() if row[0] == "nominations" and row[1] in MOVED]
    for key in ("councilsession_ct", "decision_ct", "user_ct"):
        assert after[key] == before[key], f"{key}: {before[key]} -> {after[key]}"
    assert after["counts"]["django_content_type"] == before["counts"]["django_content_type"] + len(added)

    # permissions: the old rows unchanged, new ones only for new models
    old_permissions = {tuple(row) for row in before["permissions"]}
    new_permissions = {tuple(row) for row in after["permissions"]}
    assert old_permissions <= new_permissions, f"permissions lost: {sorted(old_permissions - new_permissions)}"
    extra = sorted(row for row in new_permissions - old_permissions if str(row[1]) not in added)
    assert not extra, f"permissions made again for models that had them: {extra}"
    relabelled = sorted(
        f"{MOVED.get(perm.split('.', 1)[1].split('_', 1)[1], 'nominations')}.{perm.split('.', 1)[1]}"
        if perm.startswith("nominations.")
        else perm
        for perm in before["secretariat_perms"]
    )
    assert before["secretariat_perms"]
    assert after["secretariat_perms"] == relabelled
    assert after["secretariat_groups"] == before["secretariat_groups"] == ["Tra cứu quyết định"]

    # the same users (ids, logins, password hashes), decisions and generated documents
    assert after["users"] == before["users"]
    assert after["decisions"] == before["decisions"]
    assert [row[1] for row in before["decisions"]] == [walk["number"]]
    assert after["documents"] == before["documents"]
    assert any(row[1] == "certificate" for row in before["documents"])
    assert all(row[6] for row in before["documents"]), "a generated document has no file"

    # viewflow's generic relations still resolve, the session's process to the moved CouncilSession
    def relabel(ref: list[Any] | None) -> list[Any] | None:
        if ref is None or "." not in ref[0]:
            return ref
        app, name = ref[0].split(".", 1)
        return [f"{MOVED.get(name.lower(), app) if app == 'nominations' else app}.{name}", ref[1]]

    session_processes = [row for row in before["processes"] if row[1] == before["councilsession_ct"]]
    assert session_processes, "the demo has no session process"
    assert all(row[3] and row[3][0] == "nominations.CouncilSession" for row in session_processes)
    expected_processes = [
        [pk, ct, obj, relabel(artifact), relabel(seed)] for pk, ct, obj, artifact, seed in before["processes"]
    ]
    assert after["processes"] == expected_processes
    after_sessions = [row for row in after["processes"] if row[1] == after["councilsession_ct"]]
    assert [row[3] for row in after_sessions] == [["decisions.CouncilSession", row[3][1]] for row in session_processes]
    expected_tasks = [
        [pk, process, status, relabel(a), relabel(s), relabel(o)] for pk, process, status, a, s, o in before["tasks"]
    ]
    assert after["tasks"] == expected_tasks
    assert before["log_entries"]
    assert all(row[3] for row in before["log_entries"])
    assert after["log_entries"] == [[pk, ct, obj, relabel(ref)] for pk, ct, obj, ref in before["log_entries"]]

    # --- and the app still serves the data --------------------------------------------------
    # the rate limits' counters live in a cache table of the database when there is no Redis (the
    # README's setup makes it after migrate); the certificate download counts against them
    _manage(new_tree, env, "createcachetable")
    pages_after = _script(new_tree, env, "PAGES", PAGES)
    _check_pages(pages_after, "after the migration")
    assert pages_after["reference"] == pages_before["reference"]
    assert pages_after["dossiers"][1] == pages_before["dossiers"][1]
    assert pages_after["documents"][2:] == pages_before["documents"][2:]
