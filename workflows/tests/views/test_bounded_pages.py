"""The long list pages are bounded: the secretariat's queue, a unit's inbox, a dossier's lines
and the review form run the same number of queries for 10 rows and for 1,000, and show one
page of them.

One dossier (and its task, its process, its history) is made through the real flow; the
others are copies of its rows, made with ``bulk_create`` in the same shape (a Nomination, its
DossierProcess pointing at it, the open task of that process, the history's return), so the
pages see what the flow would have left.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from viewflow.workflow.status import STATUS

from common.text import fold, name_sort_key
from nominations.models import Nomination, NominationLine, NominationStatus, Person, Transition, TransitionAction
from workflows import selectors
from workflows import services as ws
from workflows.flows import DossierFlow
from workflows.models import DossierProcess, DossierTask
from workflows.services import process_for

pytestmark = pytest.mark.django_db

TASKS = reverse("workflows:tasks")


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _card(response: Any, badge_id: str) -> str:
    """The html of the tasks page's card whose count badge is ``badge_id``."""
    match = re.search(rf'<span class="badge" id="{badge_id}">.*?</section>', response.content.decode(), re.S)
    assert match, f"no {badge_id} card"
    return html.unescape(match.group(0))


def _titles(card: str) -> list[str]:
    return re.findall(r"Hồ sơ số (\d{4})", card)


def _queries(client: Any, url: str, data: dict[str, Any] | None = None) -> list[str]:
    """The SQL of the queries ``url`` runs (with numbers blanked, so two runs compare), after a
    first visit has warmed the caches and the session (their writes are not the page's)."""
    client.get(url, data or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200
    blanked = [re.sub(r"\b\d+\b", "N", query["sql"]) for query in captured.captured_queries]
    return [re.sub(r"IN \(N(, N)*\)", "IN (…)", sql) for sql in blanked]


def _same_queries(many: list[str], few: list[str]) -> None:
    assert len(many) == len(few), "\n".join(sorted(set(many) ^ set(few)))


def _copy_dossiers(seed: Nomination, node: Any, start: int, stop: int) -> None:
    """Copies ``start``…``stop - 1`` of ``seed``: the dossier, its process and its open ``node``
    task, and its returns in the history, numbered in their title."""
    process = process_for(seed)
    task = DossierTask.objects.get(process=process, flow_task=node, status__in=ws.ACTIVE)
    returns = list(Transition.objects.filter(nomination=seed, action=TransitionAction.RETURNED))
    copies = []
    for number in range(start, stop):
        copy = Nomination.objects.get(pk=seed.pk)
        copy.pk, copy.id, copy.title = None, None, f"Hồ sơ số {number:04d}"
        copy.search_text = copy.folded_search_text()  # what save() keeps; bulk_create does not call it
        copies.append(copy)
    Nomination.objects.bulk_create(copies)
    processes = []
    for copy in copies:
        twin = DossierProcess.objects.get(pk=process.pk)
        twin.pk, twin.id, twin.artifact_object_id = None, None, copy.pk
        processes.append(twin)
    DossierProcess.objects.bulk_create(processes)
    tasks, transitions = [], []
    for number, twin in zip(range(start, stop), processes, strict=True):
        copy_task = DossierTask.objects.get(pk=task.pk)
        copy_task.pk, copy_task.id, copy_task.process = None, None, twin
        copy_task.created = task.created + dt.timedelta(seconds=number)
        tasks.append(copy_task)
    DossierTask.objects.bulk_create(tasks)
    for copy in copies:
        for returned in returns:
            transitions.append(
                Transition(
                    nomination=copy,
                    actor_id=returned.actor_id,
                    action=returned.action,
                    from_status=returned.from_status,
                    to_status=returned.to_status,
                    reason=returned.reason,
                    at=returned.at,
                )
            )
    Transition.objects.bulk_create(transitions)


def _numbered(nomination: Nomination, number: int) -> Nomination:
    nomination.title = f"Hồ sơ số {number:04d}"
    nomination.save(update_fields=["title"])
    return nomination


@pytest.fixture
def resubmitted(world: Any, make_dossier: Any) -> Nomination:
    """A dossier returned once and sent again: its review waits in the queue, with its earlier return."""
    nomination = make_dossier("returned")
    ws.dossier_submit(user=world.unit_a_user, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.submission_count == 2
    return _numbered(nomination, 0)


def test_the_queue_takes_the_same_queries_for_10_and_1000_dossiers(client, world, make_dossier):
    seed = _numbered(make_dossier("submitted"), 0)
    _copy_dossiers(seed, DossierFlow.review, 1, 10)
    client.force_login(world.secretariat)
    few = _queries(client, TASKS)
    assert len(_titles(_card(client.get(TASKS), "queue-count"))) == 10

    _copy_dossiers(seed, DossierFlow.review, 10, 1000)
    _same_queries(_queries(client, TASKS), few)
    queue = _card(client.get(TASKS), "queue-count")
    assert 'id="queue-count">1000<' in queue
    assert _titles(queue) == [f"{n:04d}" for n in range(50)]
    second = _card(client.get(TASKS, {"queue_page": 2}), "queue-count")
    assert _titles(second) == [f"{n:04d}" for n in range(50, 100)]
    last = _card(client.get(TASKS, {"queue_page": 20}), "queue-count")
    assert _titles(last) == [f"{n:04d}" for n in range(950, 1000)]
    # the other council's secretariat sees none of them
    client.force_login(world.other_secretariat)
    assert 'id="queue-count">0<' in _card(client.get(TASKS), "queue-count")


def test_the_officers_inbox_of_resubmissions_takes_the_same_queries_for_10_and_1000(client, world, resubmitted):
    """Each resubmitted dossier's review comes back to the officer who returned it, with its
    earlier returns: read for the page's rows only, in one query."""
    _copy_dossiers(resubmitted, DossierFlow.review, 1, 10)
    client.force_login(world.secretariat)
    few = _queries(client, TASKS)
    assert len(_titles(_card(client.get(TASKS), "inbox-count"))) == 10

    _copy_dossiers(resubmitted, DossierFlow.review, 10, 1000)
    _same_queries(_queries(client, TASKS), few)
    inbox = _card(client.get(TASKS), "inbox-count")
    assert 'id="inbox-count">1000<' in inbox
    assert _titles(inbox) == [f"{n:04d}" for n in range(50)]
    assert inbox.count("Lý do trả lại trước đây:") == 50
    assert inbox.count("Thiếu chữ ký") == 50
    second = _card(client.get(TASKS, {"page": 2}), "inbox-count")
    assert _titles(second) == [f"{n:04d}" for n in range(50, 100)]


def test_the_task_lists_filter_and_search_before_they_page(client, world, make_dossier, resubmitted):
    _copy_dossiers(resubmitted, DossierFlow.review, 1, 120)
    _numbered(make_dossier("submitted", unit=world.unit_b), 500)
    _numbered(make_dossier("submitted"), 501)
    client.force_login(world.secretariat)
    assert _titles(_card(client.get(TASKS, {"q": "số 0117"}), "inbox-count")) == ["0117"]
    assert _titles(_card(client.get(TASKS, {"q": "hồ sơ số 0501"}), "queue-count")) == ["0501"]
    by_unit = client.get(TASKS, {"unit": world.unit_b.pk})
    assert _titles(_card(by_unit, "queue-count")) == ["0500"]
    assert _titles(_card(by_unit, "inbox-count")) == []
    again = client.get(TASKS, {"resubmitted": "on", "page": 3})
    assert 'id="inbox-count">120<' in _card(again, "inbox-count")
    assert _titles(_card(again, "inbox-count")) == [f"{n:04d}" for n in range(100, 120)]
    assert _titles(_card(again, "queue-count")) == []
    # the pager keeps the filter
    assert "resubmitted=on" in _card(again, "inbox-count")
    review_step = client.get(TASKS, {"step": "prepare"})
    assert _titles(_card(review_step, "queue-count")) == []
    nothing = _card(client.get(TASKS, {"q": "không có hồ sơ này"}), "queue-count")
    assert _titles(nothing) == []
    assert "Không có việc nào khớp với bộ lọc." in nothing
    # a round or unit of another council is no filter value here: the page still shows only its own
    foreign = client.get(TASKS, {"unit": world.other_unit.pk})
    assert 'id="queue-count">2<' in _card(foreign, "queue-count")


def test_the_units_inbox_takes_the_same_queries_for_10_and_1000_drafts(client, world, make_dossier):
    seed = _numbered(make_dossier("draft"), 0)
    _copy_dossiers(seed, DossierFlow.prepare, 1, 10)
    client.force_login(world.unit_a_user)
    few = _queries(client, TASKS)
    assert len(_titles(_card(client.get(TASKS), "inbox-count"))) == 10

    _copy_dossiers(seed, DossierFlow.prepare, 10, 1000)
    _same_queries(_queries(client, TASKS), few)
    inbox = _card(client.get(TASKS), "inbox-count")
    assert 'id="inbox-count">1000<' in inbox
    assert _titles(inbox) == [f"{n:04d}" for n in range(50)]
    assert _titles(_card(client.get(TASKS, {"page": 2}), "inbox-count")) == [f"{n:04d}" for n in range(50, 100)]
    # the other unit's clerk sees none of them
    client.force_login(world.unit_b_user)
    assert _titles(_card(client.get(TASKS), "inbox-count")) == []


def test_the_queue_is_narrowed_to_the_users_councils_inside_the_database(world):
    """The council (or unit) condition is an IN over the dossiers in the task query's WHERE,
    not a per-task subquery in its SELECT that is filtered afterwards."""
    sql = str(selectors.queue_tasks(user=world.secretariat).query)
    select, where = sql.split(" WHERE ", 1)
    assert "nominations_nomination" not in select
    assert '"artifact_object_id" IN (SELECT' in where.replace("U0.", "")
    assert f'"council_id" IN ({world.council.pk})' in where
    inbox = str(selectors.inbox_tasks(user=world.unit_a_user).query)
    assert f'"unit_id" IN ({world.unit_a.pk})' in inbox.split(" WHERE ", 1)[1]


# --- a dossier's lines and the review form ---------------------------------------------------


def _add_lines(nomination: Nomination, start: int, stop: int, award_type: Any) -> None:
    """Lines ``start``…``stop - 1`` of individuals named "Người số NNNN", made in bulk as
    ``line_add`` makes them (a Person of the council, a line of the dossier)."""
    template = nomination.lines.select_related("person").first()
    assert template is not None
    people = []
    for number in range(start, stop):
        name = f"Trần Thị Người số {number:04d}"
        people.append(
            Person(
                council_id=template.person.council_id,
                unit_id=nomination.unit_id,
                full_name=name,
                search_name=fold(name),
                sort_key=name_sort_key(name),
            )
        )
    Person.objects.bulk_create(people)
    NominationLine.objects.bulk_create(
        NominationLine(
            nomination=nomination,
            position=number + 1,
            award_type=award_type,
            nominee_kind=template.nominee_kind,
            person=person,
            achievement=template.achievement,
            method=template.method,
            subject_category=template.subject_category,
        )
        for number, person in zip(range(start, stop), people, strict=True)
    )


def _line_names(response: Any) -> list[str]:
    table = re.search(r'<table class="list" id="lines">.*?</table>', response.content.decode(), re.S)
    return re.findall(r"Người số (\d{4})", html.unescape(table.group(0))) if table else []


@pytest.fixture
def big_dossier(world: Any, make_dossier: Any) -> Nomination:
    """A submitted dossier whose first line is Lê Thị Hường's (made by the flow), the rest bulk."""
    nomination = make_dossier("submitted")
    NominationLine.objects.filter(nomination=nomination).update(position=0)
    return nomination


def test_the_dossier_page_and_its_review_form_take_the_same_queries_for_10_and_1000_lines(client, world, big_dossier):
    url = reverse("workflows:dossier_detail", args=[big_dossier.pk])
    _add_lines(big_dossier, 1, 10, world.gk)
    client.force_login(world.secretariat)
    client.post(reverse("workflows:dossier_open", args=[big_dossier.pk]))
    few = _queries(client, url)
    page = client.get(url)
    assert len(_line_names(page)) == 9
    assert page.content.decode().count('name="lines"') == 10  # one box per line, one reason field
    assert page.content.decode().count('name="line_reason"') == 1

    _add_lines(big_dossier, 10, 1000, world.gk)
    _same_queries(_queries(client, url), few)
    page = client.get(url)
    text = _text(page)
    assert 'id="line-count">1000<' in page.content.decode()
    # the totals per award type are counted by the database, not from the page's rows
    assert "Giấy khen (GK): 999" in " ".join(re.sub(r"<[^>]+>", " ", text).split())
    assert "Lao động tiên tiến (LDTT): 1" in " ".join(re.sub(r"<[^>]+>", " ", text).split())
    assert _line_names(page) == [f"{n:04d}" for n in range(1, 100)]
    assert page.content.decode().count('name="lines"') == 100
    assert page.content.decode().count('name="line_reason"') == 1
    assert _line_names(client.get(url, {"page": 2})) == [f"{n:04d}" for n in range(100, 200)]
    assert _line_names(client.get(url, {"page": 10})) == [f"{n:04d}" for n in range(900, 1000)]


def test_the_dossier_lines_are_searched_without_diacritics_and_filtered_by_award_type(client, world, big_dossier):
    _add_lines(big_dossier, 1, 150, world.gk)
    url = reverse("workflows:dossier_detail", args=[big_dossier.pk])
    client.force_login(world.unit_a_user)
    assert _line_names(client.get(url, {"q": "nguoi so 0142"})) == ["0142"]
    huong = client.get(url, {"q": "huong"})
    assert _line_names(huong) == []
    assert "Lê Thị Hường" in _text(huong)
    only_ldtt = client.get(url, {"award_type": world.ldtt.pk})
    assert _line_names(only_ldtt) == []
    assert "Lê Thị Hường" in _text(only_ldtt)
    gk = client.get(url, {"award_type": world.gk.pk, "page": 2})
    assert _line_names(gk) == [f"{n:04d}" for n in range(101, 150)]
    # the pager keeps the filter
    assert f"award_type={world.gk.pk}" in gk.content.decode()
    nothing = client.get(url, {"q": "không ai tên này"})
    assert "Không có dòng nào khớp với bộ lọc." in _text(nothing)


def test_the_review_returns_the_ticked_lines_with_their_one_reason(client, world, big_dossier):
    _add_lines(big_dossier, 1, 300, world.gk)
    picked = list(big_dossier.lines.filter(position__in=[5, 250]).values_list("pk", flat=True))
    client.force_login(world.secretariat)
    response = client.post(
        reverse("workflows:dossier_review", args=[big_dossier.pk]),
        {"decision": "return", "lines": picked, "line_reason": "Thiếu  số liệu\u0301 cụ thể"},
        follow=True,
    )
    assert "Đã trả lại hồ sơ cho đơn vị." in [str(m) for m in response.context["messages"]]
    big_dossier.refresh_from_db()
    assert big_dossier.status == NominationStatus.RETURNED
    returned = dict(big_dossier.lines.exclude(return_reason="").values_list("position", "return_reason"))
    assert returned == {5: "Thiếu số liệú cụ thể", 250: "Thiếu số liệú cụ thể"}
    summary = big_dossier.transitions.get(action=TransitionAction.RETURNED).reason
    assert "5. Trần Thị Người số 0004: Thiếu số liệú cụ thể" in summary
    assert "250. Trần Thị Người số 0249: Thiếu số liệú cụ thể" in summary


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"lines": "LINE"}, "Hãy ghi lý do trả lại cho các dòng đã chọn."),
        ({"line_reason": "Sai ngày sinh"}, "Hãy chọn các dòng cần trả lại: lý do này ghi cho các dòng đã chọn."),
        ({"lines": "OTHER", "line_reason": "Sai ngày sinh"}, "Dòng đã chọn không thuộc hồ sơ này."),
        ({"lines": "x", "line_reason": "Sai ngày sinh"}, "Dòng đã chọn không thuộc hồ sơ này."),
        ({"reason": " "}, "Khi trả lại hồ sơ phải ghi lý do (chung hoặc cho từng dòng)."),
    ],
)
def test_a_bad_review_says_why_and_writes_nothing(client, world, make_dossier, data, message):
    nomination = make_dossier("submitted")
    other = make_dossier("submitted", unit=world.unit_b)
    ids = {"LINE": nomination.lines.get().pk, "OTHER": other.lines.get().pk}
    data = {key: ids.get(value, value) for key, value in data.items()}
    client.force_login(world.secretariat)
    response = client.post(
        reverse("workflows:dossier_review", args=[nomination.pk]), {"decision": "return", **data}, follow=True
    )
    assert message in [str(m) for m in response.context["messages"]]
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert not nomination.lines.exclude(return_reason="").exists()
    assert not other.lines.exclude(return_reason="").exists()
    assert not Transition.objects.filter(nomination=nomination, action=TransitionAction.RETURNED).exists()
    assert DossierTask.objects.filter(process=process_for(nomination), flow_task=DossierFlow.review).get().status in {
        STATUS.NEW,
        STATUS.ASSIGNED,
    }


def test_an_accept_ignores_ticked_lines(client, world, make_dossier):
    nomination = make_dossier("submitted")
    client.force_login(world.secretariat)
    client.post(
        reverse("workflows:dossier_review", args=[nomination.pk]),
        {"decision": "accept", "lines": [nomination.lines.get().pk]},
    )
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED
    assert nomination.lines.get().return_reason == ""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_the_line_reason_shows_once_a_line_is_ticked(live_server, browser, world, make_dossier):
    from tests.browsing import login

    nomination = make_dossier("submitted")
    line = nomination.lines.get()
    page = browser.new_page()
    login(page, live_server.url, "secretariat")
    page.goto(f"{live_server.url}/dossiers/{nomination.pk}/")
    reason = page.locator("#id_line_reason")
    assert not reason.is_visible()
    page.check("input[name=decision][value=return]")
    assert not reason.is_visible()
    page.check(f"#return-line-{line.pk}")
    assert reason.is_visible()
    page.fill("#id_line_reason", "Sai ngày sinh")
    with page.expect_navigation():
        page.click("#review-submit")
    assert page.locator("#dossier-status").inner_text() == "Trả lại để bổ sung"
    line.refresh_from_db()
    assert line.return_reason == "Sai ngày sinh"
