"""Who may open which page: the role × URL matrix, generated from the URLconf.

Every route of the project needs an entry in ``EXPECTED`` (Django admin's and
``set_language`` aside; they have their own tests below), so a new URL without
one fails ``test_every_route_has_an_entry``.  An entry is a list of cases; a
case says which object of the world the URL points at and what each actor gets
on GET and on POST.  Around every request the test compares the stored state:
only the actors named in ``changes`` may change it, and they must.  A 4xx page
never shows the title of any dossier, and a case's ``secret`` (a person's
name, a unit's name) reaches only the actors in ``may_see``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from viewflow.workflow.models import Task

from conftest import pdf_upload
from councils import models as council_models
from decisions import models as decision_models
from decisions.services import ballot_box
from decisions.services import decisions as decision_services
from decisions.services import sessions as council_services
from documents import services as document_services
from documents.models import Certificate, CertificateSettings, DocumentStatus, GeneratedDocument
from nominations import models
from nominations import services as nomination_services
from notifications import services as notice_services
from notifications.models import Delivery, DeliveryStatus, Notice, Preference
from tests import factories
from workflows import decisions as flow_decisions
from workflows import models as workflow_models
from workflows import selectors as flow_selectors
from workflows import services as flow_services
from workflows import session_services
from workflows.flows import DossierFlow

PASSWORD = "secret-pass-1"  # tests.factories.UserFactory's

# --- Actors -------------------------------------------------------------------

ANONYMOUS = "anonymous"
UNIT_A = "unit_a"
UNIT_A2 = "unit_a2"
UNIT_B = "unit_b"
OTHER_UNIT = "other_unit"
SECRETARIAT = "secretariat"
CHAIRMAN = "chairman"
MEMBER = "member"
COUNCIL_ADMIN = "council_admin"
OTHER_SECRETARIAT = "other_secretariat"
SUPERUSER = "superuser"

ACTORS = (
    ANONYMOUS,
    UNIT_A,
    UNIT_A2,
    UNIT_B,
    OTHER_UNIT,
    SECRETARIAT,
    CHAIRMAN,
    MEMBER,
    COUNCIL_ADMIN,
    OTHER_SECRETARIAT,
    SUPERUSER,
)
LOGGED_IN = ACTORS[1:]
OWN_UNIT = (UNIT_A, UNIT_A2)
UNIT_USERS = (UNIT_A, UNIT_A2, UNIT_B, OTHER_UNIT)
# The council's staff see its dossiers once submitted; the superuser of the
# world also holds the council's admin role (conftest), which is what counts.
STAFF = (SECRETARIAT, CHAIRMAN, COUNCIL_ADMIN, SUPERUSER)
ACCOUNT_MANAGERS = (SECRETARIAT, COUNCIL_ADMIN, SUPERUSER)
OTHER_COUNCIL = (OTHER_UNIT, OTHER_SECRETARIAT)

LOGIN = "login"  # a 302 to settings.LOGIN_URL

Statuses = dict[str, int | str]


def statuses(default: int | str, *groups: tuple[Iterable[str], int | str], anonymous: int | str = LOGIN) -> Statuses:
    """Every actor's expected status: ``default``, then each (actors, status) group in order."""
    table: Statuses = dict.fromkeys(LOGGED_IN, default)
    for actors, status in groups:
        for actor in actors:
            table[actor] = status
    table[ANONYMOUS] = anonymous
    return table


def only(*actors: str) -> tuple[str, ...]:
    return actors


def users_by_actor(world: Any) -> dict[str, Any]:
    council_admin = factories.UserFactory(username="council_admin")
    council_models.CouncilMembership.objects.create(
        council=world.council, user=council_admin, role=council_models.CouncilRole.ADMIN
    )
    users = {
        UNIT_A: world.unit_a_user,
        UNIT_A2: world.unit_a_user2,
        UNIT_B: world.unit_b_user,
        OTHER_UNIT: world.other_unit_user,
        SECRETARIAT: world.secretariat,
        CHAIRMAN: world.chairman,
        MEMBER: world.member,
        COUNCIL_ADMIN: council_admin,
        OTHER_SECRETARIAT: world.other_secretariat,
        SUPERUSER: world.admin,
    }
    # the matrix is about these premises; if the fixture changes, say so here
    assert users[SUPERUSER].is_superuser
    assert not any(user.is_superuser or user.is_staff for actor, user in users.items() if actor != SUPERUSER)
    return users


# --- The objects URLs point at ------------------------------------------------


class Targets:
    """Dossiers and users of the world, made on first use so a test builds only what it needs."""

    def __init__(self, world: Any, make_dossier: Callable[..., models.Nomination]) -> None:
        self.world = world
        self._make = make_dossier
        self.titles: list[str] = []

    def _dossier(self, state: str, title: str, unit: council_models.Unit | None = None) -> models.Nomination:
        nomination = self._make(state, unit=unit)
        models.Nomination.objects.filter(pk=nomination.pk).update(title=title)
        nomination.refresh_from_db()
        self.titles.append(title)
        return nomination

    def locked_out(self, user: Any) -> Any:
        """``user``, locked out of logging in from one address (django-axes' failure record)."""
        AccessAttempt.objects.get_or_create(
            username=user.username,
            ip_address="10.0.0.1",
            user_agent="",
            defaults={
                "failures_since_start": settings.AXES_FAILURE_LIMIT,
                "attempt_time": timezone.now(),
                "get_data": "",
                "post_data": "",
                "http_accept": "",
                "path_info": "/accounts/login/",
            },
        )
        return user

    @functools.cached_property
    def draft_a(self) -> models.Nomination:
        return self._dossier("draft", "ZXA-NHAP Hồ sơ nháp của Trang Các")

    @functools.cached_property
    def submitted_a(self) -> models.Nomination:
        return self._dossier("submitted", "ZXA-GUI Hồ sơ đã gửi của Trang Các")

    @functools.cached_property
    def returned_a(self) -> models.Nomination:
        return self._dossier("returned", "ZXA-TRA Hồ sơ bị trả lại của Trang Các")

    @functools.cached_property
    def accepted_a(self) -> models.Nomination:
        return self._dossier("accepted", "ZXA-NHAN Hồ sơ được chấp nhận của Trang Các")

    @functools.cached_property
    def draft_b(self) -> models.Nomination:
        return self._dossier("draft", "ZXB-NHAP Hồ sơ nháp của trường Mầm non", unit=self.world.unit_b)

    @functools.cached_property
    def submitted_other(self) -> models.Nomination:
        world = self.world
        user = world.other_unit_user
        nomination = flow_services.dossier_create(
            user=user, unit=world.other_unit, round=world.other_round, title="ZXO-GUI Hồ sơ của thôn Đông"
        )
        nomination_services.line_add(
            actor=nomination.created_by,
            nomination=nomination,
            award_type=models.AwardType.objects.get(council=world.other_council, code="LDTT"),
            nominee=nomination_services.NomineeData(kind="individual", full_name="Phạm Văn Đông"),
            achievement="Hoàn thành tốt nhiệm vụ",
        )
        nomination_services.attachment_add(nomination=nomination, upload=pdf_upload(), kind="cover_letter", actor=user)
        flow_services.dossier_submit(user=user, nomination=nomination)
        nomination.refresh_from_db()
        self.titles.append(nomination.title)
        return nomination

    @functools.cached_property
    def unit_a_superuser(self) -> Any:
        """A superuser who also belongs to unit A: not a unit account to reset."""
        user = factories.UserFactory(username="unit_a_root", is_superuser=True, is_staff=True)
        council_models.UnitMembership.objects.create(unit=self.world.unit_a, user=user)
        return user

    @functools.cached_property
    def parent_council(self) -> council_models.Council:
        """The world's council as a province, so that it has a tier below it to create."""
        council = self.world.council
        council_models.Council.objects.filter(pk=council.pk).update(level=council_models.CouncilLevel.PROVINCE)
        council.refresh_from_db()
        return council

    @functools.cached_property
    def child_council(self) -> council_models.Council:
        """A council below the world's council, with its first admin still on a temporary password."""
        child = factories.CouncilFactory(name="ZXC-CON Hội đồng xã Hà Lĩnh", parent=self.parent_council)
        admin = factories.UserFactory(username="child_admin", must_change_password=True)
        council_models.CouncilMembership.objects.create(
            council=child, user=admin, role=council_models.CouncilRole.ADMIN
        )
        return child

    @functools.cached_property
    def unit_a_chairman(self) -> Any:
        """The council's chairman who also belongs to unit A: not a unit account to reset."""
        user = factories.UserFactory(username="unit_a_chair")
        council_models.UnitMembership.objects.create(unit=self.world.unit_a, user=user)
        council_models.CouncilMembership.objects.create(
            council=self.world.council, user=user, role=council_models.CouncilRole.CHAIRMAN
        )
        return user

    @functools.cached_property
    def notice_of_secretariat(self) -> Notice:
        """A notice of this council's secretariat user: only that user may read or open it."""
        return Notice.objects.create(
            recipient=self.world.secretariat,
            council=self.world.council,
            event_key="matrix-notice",
            verb="due_reminder",
            title="ZXT-TB Thông báo riêng của thường trực",
            url="/tasks/",
        )

    def _failed_delivery(self, recipient: Any, council: council_models.Council, title: str) -> Delivery:
        """The email of a notice whose text cannot be rendered (the event gave none of its
        variables): FAILED at once, for the secretariat to retry."""
        notice = notice_services.notice_emit(
            recipients=[recipient],
            event_key=f"matrix-{title}",
            verb="dossier_submitted",
            context={},
            council_id=council.pk,
        )[0]
        Notice.objects.filter(pk=notice.pk).update(title=title)
        delivery = Delivery.objects.select_related("notice").get(notice=notice)
        assert delivery.status == DeliveryStatus.FAILED
        return delivery

    @functools.cached_property
    def failed_delivery(self) -> Delivery:
        return self._failed_delivery(
            self.world.unit_a_user, self.world.council, "ZXF-LOI Thông báo gửi lỗi của Trang Các"
        )

    @functools.cached_property
    def failed_delivery_other(self) -> Delivery:
        return self._failed_delivery(
            self.world.other_unit_user, self.world.other_council, "ZXF-LOI Thông báo gửi lỗi của thôn Đông"
        )

    @functools.cached_property
    def sent_delivery(self) -> Delivery:
        delivery = self._failed_delivery(self.world.unit_b_user, self.world.council, "ZXF-GUI Thông báo đã gửi")
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT, last_error="")
        return delivery

    # --- the council's session and decisions (nominations.decision_views) ---

    DRAFT_DECISION_SUBJECT = "ZXD-DT Về việc khen thưởng Trang Các (dự thảo)"
    REGISTERED_DECISION_SUBJECT = "ZXD-VS Về việc khen thưởng Trang Các (đã vào số)"
    OTHER_DECISION_SUBJECT = "ZXD-KHAC Về việc khen thưởng thôn Đông"

    def _rates(self) -> None:
        models.BaseSalary.objects.get_or_create(valid_from=dt.date(2024, 7, 1), defaults={"amount": 2_340_000})
        models.AwardRate.objects.get_or_create(
            award_type=self.world.ldtt,
            nominee_kind=models.NomineeKind.INDIVIDUAL,
            valid_from=dt.date(2024, 1, 1),
            defaults={"multiplier": "0.3"},
        )

    @functools.cached_property
    def closed_session(self) -> decision_models.CouncilSession:
        """A closed session on accepted_a's line: the chairman and the member, both present, agree."""
        world = self.world
        self.accepted_a  # noqa: B018 - its line is the agenda
        session = council_services.session_create(
            actor=world.secretariat,
            round=world.round,
            held_at=timezone.now(),
            place="Hội trường UBND thị trấn",
            chair=world.chairman,
            secretary=world.secretariat,
        )
        voters = (world.chairman, world.member)
        council_services.attendance_record(
            actor=world.secretariat,
            session=session,
            states={u.pk: decision_models.AttendanceState.PRESENT for u in voters},
        )
        session = council_services.session_voting_open(actor=world.secretariat, session=session)
        items = decision_models.AgendaItem.objects.filter(session=session)
        for voter in voters:
            ballot_box.ballot_cast(
                member=voter, session=session, choices={item.pk: decision_models.Choice.AGREE for item in items}
            )
        return ballot_box.session_close(actor=world.secretariat, session=session).session

    @functools.cached_property
    def draft_decision(self) -> decision_models.Decision:
        self._rates()
        session = self.closed_session
        items = list(decision_models.AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
        decision = decision_services.session_decide(
            chairman=self.world.chairman, session=session, approve_item_ids=items, subject=self.DRAFT_DECISION_SUBJECT
        )
        assert decision is not None
        self.titles.append(decision.subject)
        return decision

    @functools.cached_property
    def registered_decision(self) -> decision_models.Decision:
        """Number 15, on submitted_a's line, with its signed scan: the person is in the registry."""
        self._rates()
        world = self.world
        decision = decision_models.Decision.objects.create(
            council=world.council,
            round=world.round,
            year=world.round.year,
            subject=self.REGISTERED_DECISION_SUBJECT,
            created_by=world.chairman,
        )
        decision_models.DecisionLine.objects.create(
            decision=decision, line=self.line(self.submitted_a), position=1, achievement="Hoàn thành xuất sắc"
        )
        decision = flow_decisions.decision_register(
            actor=world.secretariat,
            decision=decision,
            signed_on=timezone.localdate(),
            signer_name="Trịnh Văn Hùng",
            signer_capacity=decision_models.SignerCapacity.CHAIRMAN,
            number=15,
        )
        decision_services.decision_attach_scan(actor=world.secretariat, decision=decision, upload=pdf_upload("qd.pdf"))
        decision.refresh_from_db()
        self.titles.append(decision.subject)
        return decision

    @functools.cached_property
    def other_decision(self) -> decision_models.Decision:
        world = self.world
        decision = decision_models.Decision.objects.create(
            council=world.other_council,
            round=world.other_round,
            year=world.other_round.year,
            subject=self.OTHER_DECISION_SUBJECT,
            created_by=world.other_secretariat,
        )
        self.titles.append(decision.subject)
        return decision

    PARENT_COUNCIL_NAME = "ZXP Hội đồng Thi đua – Khen thưởng huyện Hà Trung"

    @functools.cached_property
    def proposal(self) -> decision_models.Proposal:
        """A draft proposal of the council (its parent: a district council) with accepted_a's line."""
        world = self.world
        parent = factories.CouncilFactory(name=self.PARENT_COUNCIL_NAME, level=council_models.CouncilLevel.DISTRICT)
        council_models.Council.objects.filter(pk=world.council.pk).update(parent=parent)
        proposal = decision_models.Proposal.objects.create(
            council=world.council, parent=parent, session=self.closed_session, created_by=world.secretariat
        )
        decision_models.ProposalLine.objects.create(proposal=proposal, line=self.line(self.accepted_a))
        return proposal

    @functools.cached_property
    def honoured_person(self) -> models.Person:
        return decision_models.Honour.objects.get(decision=self.registered_decision).person

    # --- the registered decision's stored documents (documents.decision_views) ---

    @functools.cached_property
    def registered_documents(self) -> dict[str, GeneratedDocument]:
        """The registered decision's documents, built as its worker would (the matrix's
        transaction never commits, so the registration's hook does not run); the decision's
        own PDF is then marked FAILED, so that regenerating has something to do."""
        decision = self.registered_decision
        document_services.decision_documents_generate(decision_id=decision.pk)
        rows = GeneratedDocument.objects.filter(decision=decision, current=True)
        document_services.documents_build(document_ids=list(rows.values_list("pk", flat=True)))
        rows.filter(slot="decision").update(status=DocumentStatus.FAILED, error="ZXG-LOI")
        found = {doc.slot.split("-")[0]: doc for doc in rows}
        assert found["certificate"].status == DocumentStatus.DONE, found["certificate"].error
        return found

    @functools.cached_property
    def certificate_token(self) -> str:
        self.registered_documents  # noqa: B018 - the certificate's register entry is made with them
        return Certificate.objects.get(decision_line__decision=self.registered_decision).token

    REVOKED_DECISION_SUBJECT = "ZXD-TH Về việc khen thưởng Trang Các (đã thu hồi)"

    @functools.cached_property
    def revoked_documents(self) -> dict[str, GeneratedDocument]:
        """A decision on a line of unit A, registered (number 16), its documents built, then revoked:
        its papers stay stored for the office, and are no unit's any more."""
        self._rates()
        world = self.world
        decision = decision_models.Decision.objects.create(
            council=world.council,
            round=world.round,
            year=world.round.year,
            subject=self.REVOKED_DECISION_SUBJECT,
            created_by=world.chairman,
        )
        decision_models.DecisionLine.objects.create(
            decision=decision,
            line=self.line(self._dossier("accepted", "ZXA-THU Hồ sơ của quyết định bị thu hồi")),
            position=1,
            achievement="Hoàn thành xuất sắc",
        )
        decision = flow_decisions.decision_register(
            actor=world.secretariat,
            decision=decision,
            signed_on=timezone.localdate(),
            signer_name="Trịnh Văn Hùng",
            signer_capacity=decision_models.SignerCapacity.CHAIRMAN,
            number=16,
        )
        document_services.decision_documents_generate(decision_id=decision.pk)
        rows = GeneratedDocument.objects.filter(decision=decision, current=True)
        document_services.documents_build(document_ids=list(rows.values_list("pk", flat=True)))
        decision_services.decision_revoke(
            actor=world.chairman,
            decision=decision,
            reason="Phát hiện sai sót",
            revoked_by_number="25/QĐ-UBND",
            revoked_by_date=None,
        )
        self.titles.append(decision.subject)
        found = {doc.slot.split("-")[0]: doc for doc in rows}
        assert all(doc.status == DocumentStatus.DONE for doc in found.values()), [doc.error for doc in found.values()]
        return found

    # --- council sessions run through their flow (workflows.session_views) ---

    def _flow_session(self, tag: str) -> decision_models.CouncilSession:
        """A session of its own accepted dossier, started through the session flow."""
        world = self.world
        self._dossier("accepted", f"{tag} Hồ sơ trong chương trình phiên họp")
        return session_services.session_start(
            actor=world.secretariat,
            round=world.round,
            held_at=timezone.now(),
            place=f"{tag} Phòng họp của phiên",
            chair=world.chairman,
            secretary=world.secretariat,
        )

    def _all_present(self, session: decision_models.CouncilSession) -> decision_models.CouncilSession:
        """The council's two voting members, the chairman and the member, present."""
        world = self.world
        council_services.attendance_record(
            actor=world.secretariat,
            session=session,
            states={
                world.chairman.pk: decision_models.AttendanceState.PRESENT,
                world.member.pk: decision_models.AttendanceState.PRESENT,
            },
        )
        return session

    def _opened(self, tag: str) -> decision_models.CouncilSession:
        session = self._all_present(self._flow_session(tag))
        return session_services.session_open_voting(actor=self.world.secretariat, session=session)

    @functools.cached_property
    def session_preparing(self) -> decision_models.CouncilSession:
        return self._flow_session("ZXS-CB")

    @functools.cached_property
    def session_ready(self) -> decision_models.CouncilSession:
        """Preparing, attendance recorded: voting may open."""
        return self._all_present(self._flow_session("ZXS-SS"))

    @functools.cached_property
    def session_voting(self) -> decision_models.CouncilSession:
        return self._opened("ZXS-BP")

    @functools.cached_property
    def session_handing_in(self) -> decision_models.CouncilSession:
        """Voting; the member handed in a paper ballot, the hand-ins are still open."""
        session = self._opened("ZXS-TP")
        session_services.session_paper_handed_in(
            actor=self.world.secretariat, session=session, members=[self.world.member]
        )
        return session

    @functools.cached_property
    def session_with_paper(self) -> decision_models.CouncilSession:
        """Voting; the member handed in a paper ballot, the hand-ins are closed, its content is not entered yet."""
        session = self._opened("ZXS-PG")
        session_services.session_paper_handed_in(
            actor=self.world.secretariat, session=session, members=[self.world.member]
        )
        return ballot_box.paper_handins_close(actor=self.world.secretariat, session=session)

    @functools.cached_property
    def session_closed_in_flow(self) -> decision_models.CouncilSession:
        """Both voting members agreed on every line; the secretariat closed: the chairman decides next."""
        world = self.world
        session = self._opened("ZXS-KT")
        for voter in (world.chairman, world.member):
            session_services.session_ballot_cast(member=voter, session=session, choices=self.all_agree(session))
        session.refresh_from_db()  # everyone has voted: the vote closed by itself
        assert session.status == decision_models.SessionStatus.CLOSED
        return session

    @staticmethod
    def all_agree(session: decision_models.CouncilSession) -> dict[int, str]:
        return {
            pk: decision_models.Choice.AGREE
            for pk in decision_models.AgendaItem.objects.filter(session=session).values_list("pk", flat=True)
        }

    @staticmethod
    def line(nomination: models.Nomination) -> models.NominationLine:
        return nomination.lines.order_by("id").first()

    @staticmethod
    def attachment(nomination: models.Nomination) -> models.Attachment:
        return nomination.attachments.order_by("id").first()


# --- The matrix ---------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    about: str
    get: Statuses
    post: Statuses
    kwargs: Callable[[Targets], dict[str, int]] = lambda t: {}
    query: Callable[[Targets], str] = lambda t: ""
    data: Callable[[Targets], dict[str, Any]] = lambda t: {}
    # actors whose POST must change the stored state, and what it must have done
    changes: tuple[str, ...] = ()
    changed: Callable[[Targets, Any], bool] | None = None
    # a text that only ``may_see`` actors may receive; with ``shown`` they must on a 200
    secret: Callable[[Targets], str] | None = None
    may_see: tuple[str, ...] = ()
    shown: bool = False


def dossier(name: str) -> Callable[[Targets], dict[str, int]]:
    return lambda t: {"pk": getattr(t, name).pk}


def dossier_line(name: str, of: str | None = None) -> Callable[[Targets], dict[str, int]]:
    """A line of dossier ``of`` addressed through dossier ``name`` (the same one unless told)."""
    return lambda t: {"pk": getattr(t, name).pk, "line_pk": t.line(getattr(t, of or name)).pk}


def dossier_file(name: str, of: str | None = None) -> Callable[[Targets], dict[str, int]]:
    return lambda t: {"pk": getattr(t, name).pk, "attachment_pk": t.attachment(getattr(t, of or name)).pk}


def status_is(name: str, status: str) -> Callable[[Targets, Any], bool]:
    return lambda t, user: models.Nomination.objects.get(pk=getattr(t, name).pk).status == status


def seeing(
    name: str, viewers: tuple[str, ...], kwargs: Callable[[Targets], dict[str, int]] | None = None, shown: bool = True
) -> Case:
    """A read-only page of dossier ``name`` (GET and POST alike), 200 for ``viewers``, 404 for the rest."""
    table = statuses(404, (viewers, 200))
    return Case(
        about=name,
        get=table,
        post=table,
        kwargs=kwargs or dossier(name),
        secret=lambda t: getattr(t, name).title,
        may_see=viewers,
        shown=shown,
    )


Address = Callable[..., Callable[[Targets], dict[str, int]]]
Effect = Callable[[str], Callable[[Targets, Any], bool]]


def editing(
    data: Callable[[Targets], dict[str, Any]], changed: Effect, *, address: Address = dossier, post_only: bool = False
) -> list[Case]:
    """A unit's editing page: the unit edits its draft and its returned dossier,
    not a submitted one; staff who can see a dossier get 403, everyone else 404.
    A POST-only page answers 405 to GET and redirects back when the service refuses."""

    def table(for_unit: int, staff: int | None = None) -> Statuses:
        return statuses(404, (OWN_UNIT, for_unit), *([(STAFF, staff)] if staff else []))

    def get(staff: int | None = None) -> Statuses:
        return statuses(405) if post_only else table(200, staff)

    refused = 302 if post_only else 200
    cases = [
        Case("draft_a", get(), table(302), address("draft_a"), data=data, changes=OWN_UNIT, changed=changed("draft_a")),
        Case(
            "returned_a",
            get(403),
            table(302, 403),
            address("returned_a"),
            data=data,
            changes=OWN_UNIT,
            changed=changed("returned_a"),
        ),
        Case("submitted_a (not editable)", get(403), table(refused, 403), address("submitted_a"), data=data),
    ]
    if address is not dossier:
        # unit B addresses unit A's line or file through its own dossier
        cases.append(
            Case(
                "draft_b with draft_a's object",
                get() if post_only else statuses(404),
                statuses(404),
                address("draft_b", "draft_a"),
                data=data,
            )
        )
    return cases


NEW_DOSSIER_TITLE = "ZXN-MOI Hồ sơ mới"
EDITED_TITLE = "ZXE-SUA Trích yếu đã sửa"
NEW_ACHIEVEMENT = "Thành tích thêm bởi ma trận quyền"
BULK_NAME = "Đỗ Văn Bình"
NEW_USERNAME = "to-dan-pho-moi"
# the world's council admin and the superuser (who also holds the admin role there)
SETUP_ADMINS = (COUNCIL_ADMIN, SUPERUSER)
CHILD_COUNCIL_DATA = {
    "name": "Hội đồng Thi đua – Khen thưởng xã Hà Sơn",
    "locality": "xã Hà Sơn",
    "place_name": "Hà Sơn",
    "issuing_body": "Ủy ban nhân dân xã Hà Sơn",
    "level": "commune",
    "admin_username": "qt-ha-son",
    "admin_full_name": "Mai Thị Hương",
}
NEW_PASSWORD = "Mat-khau-moi-2024!"
NEW_UNIT_DATA = {"name": "ZXU-DV Tiểu khu Hà Thành", "kind": "quarter", "staff_count": 10, "household_count": 200}
NEW_MEMBER_DATA = {
    "account": "new",
    "username": "uy-vien-moi",
    "full_name": "Đinh Văn Mới",
    "role": "member",
    "term_from": "2026-01-01",
    "term_until": "2030-12-31",
}


def membership_of(council: str, user: str) -> Callable[[Targets], dict[str, int]]:
    """The role in the world's ``council`` of the world's ``user``."""
    return lambda t: {
        "pk": council_models.CouncilMembership.objects.get(
            council=getattr(t.world, council), user=getattr(t.world, user)
        ).pk
    }


def line_added(name: str) -> Callable[[Targets, Any], bool]:
    return lambda t, user: getattr(t, name).lines.filter(achievement=NEW_ACHIEVEMENT).exists()


def bulk_added(name: str) -> Callable[[Targets, Any], bool]:
    return lambda t, user: getattr(t, name).lines.filter(person__full_name=BULK_NAME).exists()


def file_added(name: str) -> Callable[[Targets, Any], bool]:
    return lambda t, user: getattr(t, name).attachments.filter(original_name="minh-chung.pdf").exists()


def line_removed(name: str) -> Callable[[Targets, Any], bool]:
    return lambda t, user: getattr(t, name).lines.count() == 0


def file_removed(name: str) -> Callable[[Targets, Any], bool]:
    return lambda t, user: getattr(t, name).attachments.count() == 1


def title_edited(name: str) -> Callable[[Targets, Any], bool]:
    return lambda t, user: models.Nomination.objects.get(pk=getattr(t, name).pk).title == EDITED_TITLE


def password_reset(target: Callable[[Targets], Any]) -> Callable[[Targets, Any], bool]:
    return lambda t, user: not council_models.User.objects.get(pk=target(t).pk).check_password(PASSWORD)


def delivery(name: str) -> Callable[[Targets], dict[str, int]]:
    return lambda t: {"pk": getattr(t, name).pk}


def delivery_is(name: str, status: str) -> Callable[[Targets, Any], bool]:
    return lambda t, user: Delivery.objects.get(pk=getattr(t, name).pk).status == status


def notice_choices_saved(t: Targets, user: Any) -> bool:
    """English notices, the optional kinds off (unchecked boxes), the required kinds still on."""
    return (
        council_models.User.objects.get(pk=user.pk).language == "en"
        and Preference.objects.filter(user=user, verb="due_reminder", channel="email", enabled=False).exists()
        and not Preference.objects.filter(user=user, verb="dossier_returned", enabled=False).exists()
    )


def line_data(t: Targets) -> dict[str, Any]:
    return {
        "award_type": t.world.ldtt.pk,
        "nominee_kind": "individual",
        "full_name": "Hoàng Thị Lan",
        "achievement": NEW_ACHIEVEMENT,
        "method": "regular",
    }


def bulk_data(t: Targets) -> dict[str, Any]:
    return {
        "award_type": t.world.ldtt.pk,
        "nominee_kind": "individual",
        "method": "regular",
        "text": f"Họ và tên\tThành tích\n{BULK_NAME}\tHoàn thành tốt nhiệm vụ",
    }


READERS = STAFF + only(MEMBER)  # council members read the decisions and a session's ballot and minutes
REVOKERS = (CHAIRMAN, COUNCIL_ADMIN, SUPERUSER)
EDITED_DECISION_SUBJECT = "ZXE-QD Về việc khen thưởng (đã sửa)"


def decision(name: str) -> Callable[[Targets], dict[str, int]]:
    return lambda t: {"pk": getattr(t, name).pk}


def decision_is(name: str, status: str) -> Callable[[Targets, Any], bool]:
    return lambda t, user: decision_models.Decision.objects.get(pk=getattr(t, name).pk).status == status


def decision_page(name: str, viewers: tuple[str, ...]) -> Case:
    table = statuses(404, (viewers, 200))
    return Case(
        name,
        table,
        table,
        decision(name),
        secret=lambda t: getattr(t, name).subject,
        may_see=viewers,
        shown=True,
    )


def decision_documents_case(name: str, about: str) -> Case:
    """The documents page of a decision of another council: 404 but for its staff."""
    return Case(
        about,
        statuses(404, (only(OTHER_SECRETARIAT), 200)),
        statuses(405),
        decision(name),
        secret=lambda t: getattr(t, name).subject,
        may_see=only(OTHER_SECRETARIAT),
        shown=True,
    )


def session_document(
    about: str, viewers: tuple[str, ...], forbidden: tuple[str, ...] = (), *, shown: bool = True
) -> Case:
    """A printable document of closed_session: 200 for ``viewers``, 403 for ``forbidden``, 404 for the
    rest; accepted_a's nominee is on it (``shown``) and nowhere else."""
    table = statuses(404, (viewers, 200), (forbidden, 403))
    return Case(
        about,
        table,
        table,
        lambda t: {"pk": t.closed_session.pk},
        secret=lambda t: t.line(t.accepted_a).person.full_name,
        may_see=viewers + forbidden,
        shown=shown,
    )


COUNCIL = STAFF + only(MEMBER)  # every role of the session's council
VOTERS = (CHAIRMAN, MEMBER)
NEW_SESSION_PLACE = "ZXS-MOI Phòng họp của phiên mới"


def council_session(name: str) -> Callable[[Targets], dict[str, int]]:
    return lambda t: {"pk": getattr(t, name).pk}


def made_first(name: str) -> Callable[[Targets], dict[str, int]]:
    """No URL arguments, but target ``name`` is made before the request (not inside its rollback)."""
    return lambda t: {} if getattr(t, name) else {}


def session_is(name: str, status: str) -> Callable[[Targets, Any], bool]:
    return lambda t, user: decision_models.CouncilSession.objects.get(pk=getattr(t, name).pk).status == status


def session_place(name: str) -> Callable[[Targets], str]:
    return lambda t: getattr(t, name).place


def session_page(name: str, viewers: tuple[str, ...], forbidden: tuple[str, ...] = (), *, shown: bool = True) -> Case:
    """A read-only session page (GET and POST alike): 200 for ``viewers``, 403 for ``forbidden``,
    404 for the rest; the session's place reaches only the viewers."""
    table = statuses(404, (forbidden, 403), (viewers, 200))
    return Case(
        name,
        table,
        table,
        council_session(name),
        secret=session_place(name),
        may_see=viewers,
        shown=shown,
    )


def secretariat_action(
    name: str, data: Callable[[Targets], dict[str, Any]] = lambda t: {}, changed: Any = None, post_ok: int = 302
) -> Case:
    """A secretariat's POST on a session: 302 (done, or refused with a message) for the secretariat,
    403 for the council's other roles, 404 outside the council."""
    return Case(
        name,
        statuses(405),
        statuses(404, (COUNCIL, 403), (only(SECRETARIAT), post_ok)),
        council_session(name),
        data=data,
        changes=only(SECRETARIAT) if changed else (),
        changed=changed,
        secret=session_place(name),
        may_see=COUNCIL,
    )


def attendance_data(name: str) -> Callable[[Targets], dict[str, Any]]:
    return lambda t: {
        f"attendance_{t.world.chairman.pk}": "present",
        f"attendance_{t.world.member.pk}": "present",
    }


def ballot_choices(name: str) -> Callable[[Targets], dict[str, Any]]:
    """A ballot's confirming POST (the paper page ignores ``step``)."""
    return lambda t: {
        "step": "confirm",
        **{f"item_{pk}": choice for pk, choice in t.all_agree(getattr(t, name)).items()},
    }


# --- Rounds on the setup pages ----------------------------------------------------

ROUND_MANAGERS = (SECRETARIAT, COUNCIL_ADMIN, SUPERUSER)
NEW_ROUND_NAME = "ZRN-MOI Đợt xét mới"
EDITED_ROUND_NAME = "ZRE-SUA Đợt xét đã sửa"
DRAFT_ROUND_NAME = "ZRD Đợt xét đang soạn"


def draft_round(t: Targets) -> models.Round:
    """A draft round of the council (made on first use), with one award type to open with."""
    round_, made = models.Round.objects.get_or_create(
        council=t.world.council,
        name=DRAFT_ROUND_NAME,
        defaults={
            "year": t.world.round.year,
            "kind": models.RoundKind.THEMATIC,
            "opens_at": timezone.now() - dt.timedelta(days=1),
            "closes_at": timezone.now() + dt.timedelta(days=60),
            "is_draft": True,
        },
    )
    if made:
        models.RoundAwardType.objects.create(round=round_, award_type=t.world.ldtt)
    return round_


def round_form(name: str) -> Callable[[Targets], dict[str, Any]]:
    return lambda t: {
        "council": t.world.council.pk,
        "name": name,
        "year": t.world.round.year + 1,
        "kind": "thematic",
        "opens_at": f"01/03/{t.world.round.year + 1} 07:00",
        "closes_at": f"30/04/{t.world.round.year + 1} 17:00",
        "award_types": [t.world.ldtt.pk],
    }


def round_page(
    kwargs: Callable[[Targets], dict[str, int]], about: str, *, post_only: bool = False, **post: Any
) -> list[Case]:
    """A page of one of the council's rounds: its managers get it, the other council's
    secretariat (a manager elsewhere) a 404, everyone else a 403."""
    get = statuses(405) if post_only else statuses(403, (ROUND_MANAGERS, 200), (only(OTHER_SECRETARIAT), 404))
    return [
        Case(
            about,
            get,
            statuses(403, (ROUND_MANAGERS, 302), (only(OTHER_SECRETARIAT), 404)),
            kwargs,
            changes=ROUND_MANAGERS,
            secret=None if post_only else (lambda t: t.world.round.name),
            may_see=ROUND_MANAGERS,
            **post,
        )
    ]


def the_round(t: Targets) -> dict[str, int]:
    return {"pk": t.world.round.pk}


def the_draft_round(t: Targets) -> dict[str, int]:
    return {"pk": draft_round(t).pk}


def round_row(t: Targets) -> models.Round:
    return models.Round.objects.get(pk=t.world.round.pk)


# --- Award types and their money on the setup pages (the council's admin) -------------------

NEW_AWARD_CODE = "ZAN-MOI"
EDITED_AWARD_NAME = "ZAE-SUA Giấy khen đã sửa"
UNUSED_AWARD_CODE = "ZAU-XOA"


def award_form(code: str, name: str) -> Callable[[Targets], dict[str, Any]]:
    return lambda t: {
        "council": t.world.council.pk,
        "code": code,
        "name_vi": name,
        "kind": "commendation",
        "for_collective": "on",
        "deciding_level": "commune",
        "needs_vote": "on",
        "carries_money": "on",
        "threshold_share": "50",
        "threshold_comparison": "gt",
        "threshold_base": "all",
        "required_documents": ["cover_letter"],
        "prerequisite_years": "0",
        "is_active": "on",
    }


def unused_award(t: Targets) -> models.AwardType:
    """An award type of the council that nothing uses (made on first use): it may be deleted."""
    award, _made = models.AwardType.objects.get_or_create(
        council=t.world.council,
        code=UNUSED_AWARD_CODE,
        defaults={"name_vi": "Khen thưởng đột xuất", "kind": "commendation", "for_individual": True},
    )
    return award


def the_award(t: Targets) -> dict[str, int]:
    return {"pk": t.world.gk.pk}


def other_award(t: Targets) -> dict[str, int]:
    return {"pk": models.AwardType.objects.get(council=t.world.other_council, code="LDTT").pk}


def gk_rate(t: Targets) -> models.AwardRate:
    rate, _made = models.AwardRate.objects.get_or_create(
        award_type=t.world.gk,
        nominee_kind=models.NomineeKind.COLLECTIVE,
        valid_from=dt.date(2024, 1, 1),
        defaults={"multiplier": "0.6"},
    )
    return rate


RATE_DATA = {"nominee_kind": "collective", "multiplier": "0.8", "valid_from": "2024-01-01", "valid_until": ""}


def award_page(
    kwargs: Callable[[Targets], dict[str, int]], about: str, *, post_only: bool = False, **post: Any
) -> list[Case]:
    """A page of one of the council's award types: its admins get it, everyone else a 403; the
    other council's award type is a 404 to them and changes nothing."""
    mine = statuses(403, (SETUP_ADMINS, 200))
    return [
        Case(
            about,
            statuses(405) if post_only else mine,
            statuses(403, (SETUP_ADMINS, 302)),
            kwargs,
            changes=SETUP_ADMINS,
            secret=None if post_only else (lambda t: t.world.gk.name_vi),
            may_see=SETUP_ADMINS,
            **post,
        ),
        Case(
            "the other council's award type",
            statuses(405) if post_only else statuses(403, (SETUP_ADMINS, 404)),
            statuses(403, (SETUP_ADMINS, 404)),
            other_award,
            data=post.get("data", lambda t: {}),
        ),
    ]


EXPECTED: dict[str, list[Case]] = {
    "home": [Case("redirect to the tasks", statuses(302), statuses(302))],
    "login": [
        Case("login form (POST without credentials)", statuses(200, anonymous=200), statuses(200, anonymous=200))
    ],
    "logout": [Case("logout", statuses(405, anonymous=405), statuses(LOGIN))],
    "healthz": [
        Case("the probe: anyone, no login, GET only", statuses(200, anonymous=200), statuses(405, anonymous=405))
    ],
    "password_change": [
        Case(
            "own password",
            statuses(200),
            statuses(302),
            data=lambda t: {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            changes=LOGGED_IN,
            changed=lambda t, user: council_models.User.objects.get(pk=user.pk).check_password(NEW_PASSWORD),
        )
    ],
    "password_change_done": [Case("done page", statuses(200), statuses(405))],
    # the user's own sessions (councils/session_views.py): nobody reaches another user's
    "sessions": [Case("own sessions", statuses(200), statuses(405))],
    "sessions_end_others": [Case("sign out own other sessions", statuses(405), statuses(302))],
    "keepalive": [Case("keep own session alive", statuses(204, anonymous=401), statuses(204, anonymous=401))],
    "reauth": [
        Case(
            "own password again (a wrong one is refused)",
            statuses(200),
            statuses(200),
            data=lambda t: {"password": "not-the-password", "otp_token": "000000"},
        )
    ],
    "workflows:tasks": [Case("own tasks", statuses(200), statuses(200))],
    "workflows:dossier_create": [
        Case(
            "a new dossier of unit A",
            statuses(403, (UNIT_USERS, 200)),
            # other units' users get the form back: unit A is not among their choices
            statuses(403, (UNIT_USERS, 200), (OWN_UNIT, 302)),
            data=lambda t: {
                "unit": t.world.unit_a.pk,
                "round": t.world.round.pk,
                "title": NEW_DOSSIER_TITLE,
                "note": "",
            },
            changes=OWN_UNIT,
            changed=lambda t, user: models.Nomination.objects.filter(
                title=NEW_DOSSIER_TITLE, unit=t.world.unit_a, created_by=user
            ).exists(),
        )
    ],
    "workflows:dossier_detail": [
        seeing("draft_a", OWN_UNIT),
        seeing("submitted_a", OWN_UNIT + STAFF),
        seeing("accepted_a", OWN_UNIT + STAFF + only(MEMBER)),
        seeing("submitted_other", OTHER_COUNCIL),
    ],
    "workflows:dossier_submit": [
        Case(
            "draft_a",
            statuses(405),
            statuses(404, (OWN_UNIT, 302)),
            dossier("draft_a"),
            changes=OWN_UNIT,
            changed=status_is("draft_a", models.NominationStatus.SUBMITTED),
        ),
        Case(
            "returned_a",
            statuses(405),
            statuses(404, (OWN_UNIT, 302), (STAFF, 403)),
            dossier("returned_a"),
            changes=OWN_UNIT,
            changed=status_is("returned_a", models.NominationStatus.SUBMITTED),
        ),
        Case(
            "submitted_a (already sent)",
            statuses(405),
            statuses(404, (OWN_UNIT, 302), (STAFF, 403)),
            dossier("submitted_a"),
        ),
    ],
    "workflows:dossier_withdraw": [
        Case(
            "draft_a",
            statuses(404, (OWN_UNIT, 200)),
            statuses(404, (OWN_UNIT, 302)),
            dossier("draft_a"),
            data=lambda t: {"reason": "Đơn vị rút"},
            changes=OWN_UNIT,
            changed=status_is("draft_a", models.NominationStatus.WITHDRAWN),
        ),
        Case(
            "returned_a",
            statuses(404, (OWN_UNIT, 200), (STAFF, 403)),
            statuses(404, (OWN_UNIT, 302), (STAFF, 403)),
            dossier("returned_a"),
            data=lambda t: {"reason": "Đơn vị rút"},
            changes=OWN_UNIT,
            changed=status_is("returned_a", models.NominationStatus.WITHDRAWN),
        ),
        Case(
            "submitted_a (not withdrawable)",
            statuses(404, (OWN_UNIT, 200), (STAFF, 403)),
            statuses(404, (OWN_UNIT, 200), (STAFF, 403)),
            dossier("submitted_a"),
            data=lambda t: {"reason": "Đơn vị rút"},
        ),
    ],
    "workflows:dossier_recall": [
        Case(
            "submitted_a (unopened)",
            statuses(404, (OWN_UNIT, 200), (STAFF, 403)),
            statuses(404, (OWN_UNIT, 302), (STAFF, 403)),
            dossier("submitted_a"),
            data=lambda t: {"reason": ""},
            changes=OWN_UNIT,
            changed=status_is("submitted_a", models.NominationStatus.DRAFT),
        ),
        Case(
            "draft_a (nothing to recall)",
            statuses(404, (OWN_UNIT, 200)),
            statuses(404, (OWN_UNIT, 200)),
            dossier("draft_a"),
            data=lambda t: {"reason": ""},
        ),
        Case(
            "accepted_a",
            statuses(404, (OWN_UNIT, 200), (STAFF + only(MEMBER), 403)),
            statuses(404, (OWN_UNIT, 200), (STAFF + only(MEMBER), 403)),
            dossier("accepted_a"),
            data=lambda t: {"reason": ""},
        ),
    ],
    "workflows:dossier_open": [
        Case(
            "submitted_a",
            statuses(405),
            statuses(404, (OWN_UNIT + STAFF, 403), (only(SECRETARIAT), 302)),
            dossier("submitted_a"),
            changes=only(SECRETARIAT),
            changed=lambda t, user: (
                models.Nomination.objects.get(pk=t.submitted_a.pk).opened_at is not None
                and flow_services.active_task(flow_services.process_for(t.submitted_a), DossierFlow.review).owner_id
                == user.pk
            ),
        ),
        Case("draft_a", statuses(405), statuses(404, (OWN_UNIT, 403)), dossier("draft_a")),
        Case(
            "submitted_other",
            statuses(405),
            statuses(404, (only(OTHER_UNIT), 403), (only(OTHER_SECRETARIAT), 302)),
            dossier("submitted_other"),
            changes=only(OTHER_SECRETARIAT),
            changed=lambda t, user: models.Nomination.objects.get(pk=t.submitted_other.pk).opened_at is not None,
        ),
    ],
    "workflows:dossier_review": [
        Case(
            "submitted_a, accept",
            statuses(405),
            statuses(404, (OWN_UNIT + STAFF, 403), (only(SECRETARIAT), 302)),
            dossier("submitted_a"),
            data=lambda t: {"decision": "accept", "reason": ""},
            changes=only(SECRETARIAT),
            changed=status_is("submitted_a", models.NominationStatus.ACCEPTED),
        ),
        Case(
            "accepted_a, return (already reviewed)",
            statuses(405),
            statuses(404, (OWN_UNIT + STAFF + only(MEMBER), 403), (only(SECRETARIAT), 302)),
            dossier("accepted_a"),
            data=lambda t: {"decision": "return", "reason": "Thiếu chữ ký"},
        ),
        Case(
            "submitted_other, return",
            statuses(405),
            statuses(404, (only(OTHER_UNIT), 403), (only(OTHER_SECRETARIAT), 302)),
            dossier("submitted_other"),
            data=lambda t: {"decision": "return", "reason": "Thiếu chữ ký"},
            changes=only(OTHER_SECRETARIAT),
            changed=status_is("submitted_other", models.NominationStatus.RETURNED),
        ),
    ],
    "nominations:list": [
        Case("dossier list (contents: test_dossier_list_shows_only_visible)", statuses(200), statuses(200))
    ],
    "nominations:edit": editing(lambda t: {"title": EDITED_TITLE, "note": ""}, title_edited),
    "nominations:line_add": editing(line_data, line_added),
    "nominations:lines_bulk": editing(bulk_data, bulk_added),
    "nominations:line_edit": editing(line_data, line_added, address=dossier_line),
    "nominations:line_delete": editing(lambda t: {}, line_removed, address=dossier_line),
    "nominations:attachment_add": editing(
        lambda t: {"kind": "other", "file": pdf_upload("minh-chung.pdf")}, file_added
    ),
    "nominations:attachment_download": [
        seeing("draft_a", OWN_UNIT, dossier_file("draft_a"), shown=False),
        seeing("submitted_a", OWN_UNIT + STAFF, dossier_file("submitted_a"), shown=False),
        seeing("accepted_a", OWN_UNIT + STAFF + only(MEMBER), dossier_file("accepted_a"), shown=False),
        seeing("submitted_other", OTHER_COUNCIL, dossier_file("submitted_other"), shown=False),
        Case("unit B's draft_b with draft_a's file", statuses(404), statuses(404), dossier_file("draft_b", "draft_a")),
    ],
    "nominations:attachment_delete": editing(lambda t: {}, file_removed, address=dossier_file, post_only=True),
    "nominations:person_search": [
        Case(
            "a person of the council, asked for with the council's id",
            statuses(200, (only(MEMBER), 403)),
            statuses(200, (only(MEMBER), 403)),
            query=lambda t: f"?q=Huong&council={t.draft_a.round.council_id}",
            secret=lambda t: t.line(t.draft_a).person.full_name,
            may_see=OWN_UNIT + STAFF,  # a unit finds only its own people (ASVS 5: minimal personal data)
            shown=True,
        )
    ],
    "councils:unit_accounts": [
        Case(
            "accounts of the council's units; POST creates one for unit A",
            statuses(403, (ACCOUNT_MANAGERS + only(OTHER_SECRETARIAT), 200)),
            # the other council's secretariat gets the form back: unit A is not among its choices
            # done: the page again, with the temporary password shown once (no redirect to keep it in)
            statuses(403, (ACCOUNT_MANAGERS + only(OTHER_SECRETARIAT), 200)),
            data=lambda t: {"unit": t.world.unit_a.pk, "username": NEW_USERNAME, "full_name": "Trần Văn Mới"},
            changes=ACCOUNT_MANAGERS,
            changed=lambda t, user: council_models.UnitMembership.objects.filter(
                unit=t.world.unit_a, user__username=NEW_USERNAME
            ).exists(),
            secret=lambda t: t.world.unit_a.name,
            may_see=ACCOUNT_MANAGERS,
            shown=True,
        )
    ],
    # --- The council's setup (councils.setup_views): its admin, and a parent's admin below it ---
    "councils:setup": [
        Case(
            "the setup hub of the admin's own council",
            statuses(403, (SETUP_ADMINS, 200)),
            statuses(405),
            secret=lambda t: t.world.council.name,
            may_see=SETUP_ADMINS,
            shown=True,
        ),
        Case(
            "the other council's hub (not below the admin's)",
            statuses(403, (SETUP_ADMINS, 404)),
            statuses(405),
            query=lambda t: f"?council={t.world.other_council.pk}",
            secret=lambda t: t.world.other_council.name,
        ),
        Case(
            "the hub of a council below the admin's",
            statuses(403, (SETUP_ADMINS, 200)),
            statuses(405),
            query=lambda t: f"?council={t.child_council.pk}",
            secret=lambda t: t.child_council.name,
            may_see=SETUP_ADMINS,
            shown=True,
        ),
    ],
    "councils:child_list": [
        Case(
            "the tree below the admin's council",
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(405),
            lambda t: {"council_pk": t.child_council.parent_id},
            secret=lambda t: t.child_council.name,
            may_see=SETUP_ADMINS,
            shown=True,
        ),
        Case(
            "the other council's tree",
            statuses(404),
            statuses(405),
            lambda t: {"council_pk": t.world.other_council.pk},
        ),
    ],
    "councils:child_create": [
        Case(
            "a new council below the admin's (a province); POST creates it and its admin",
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(404, (SETUP_ADMINS, 200)),
            lambda t: {"council_pk": t.parent_council.pk},
            data=lambda t: CHILD_COUNCIL_DATA,
            changes=SETUP_ADMINS,
            changed=lambda t, user: council_models.CouncilMembership.objects.filter(
                council__parent=t.world.council,
                council__name=CHILD_COUNCIL_DATA["name"],
                user__username=CHILD_COUNCIL_DATA["admin_username"],
                user__must_change_password=True,
                role=council_models.CouncilRole.ADMIN,
            ).exists(),
        ),
        Case(
            "a new council below the other council",
            statuses(404),
            statuses(404),
            lambda t: {"council_pk": t.world.other_council.pk},
            data=lambda t: CHILD_COUNCIL_DATA,
        ),
    ],
    "councils:child_created": [
        Case(
            "the account sheet of a council below the admin's; POST issues a new temporary password",
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(404, (SETUP_ADMINS, 200)),
            lambda t: {"pk": t.child_council.pk},
            changes=SETUP_ADMINS,
            changed=password_reset(lambda t: council_models.User.objects.get(username="child_admin")),
        ),
        Case(
            "the admin's own council (no parent here: nobody's sheet)",
            statuses(404),
            statuses(404),
            lambda t: {"pk": t.world.council.pk},
        ),
        Case(
            "the other council",
            statuses(404),
            statuses(404),
            lambda t: {"pk": t.world.other_council.pk},
        ),
    ],
    "councils:unit_list": [
        Case(
            "the units of the admin's council",
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(405),
            lambda t: {"council_pk": t.world.council.pk},
            secret=lambda t: t.world.unit_b.name,
            may_see=SETUP_ADMINS + only(UNIT_B),  # unit B's staff see their own unit's name in the header
            shown=True,
        ),
        Case(
            "the other council's units",
            statuses(404),
            statuses(405),
            lambda t: {"council_pk": t.world.other_council.pk},
            secret=lambda t: t.world.other_unit.name,
            may_see=only(OTHER_UNIT),
        ),
    ],
    "councils:unit_create": [
        Case(
            "a new unit of the admin's council; POST adds it",
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(404, (SETUP_ADMINS, 302)),
            lambda t: {"council_pk": t.world.council.pk},
            data=lambda t: NEW_UNIT_DATA,
            changes=SETUP_ADMINS,
            changed=lambda t, user: council_models.Unit.objects.filter(
                council=t.world.council, name=NEW_UNIT_DATA["name"]
            ).exists(),
        ),
        Case(
            "a new unit of the other council",
            statuses(404),
            statuses(404),
            lambda t: {"council_pk": t.world.other_council.pk},
            data=lambda t: NEW_UNIT_DATA,
        ),
    ],
    "councils:unit_edit": [
        Case(
            "unit A of the admin's council; POST renames it",
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(404, (SETUP_ADMINS, 302)),
            lambda t: {"pk": t.world.unit_a.pk},
            data=lambda t: NEW_UNIT_DATA,
            changes=SETUP_ADMINS,
            changed=lambda t, user: council_models.Unit.objects.get(pk=t.world.unit_a.pk).name == NEW_UNIT_DATA["name"],
        ),
        Case(
            "unit B; POST deactivates it",
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(404, (SETUP_ADMINS, 302)),
            lambda t: {"pk": t.world.unit_b.pk},
            data=lambda t: {"action": "deactivate"},
            changes=SETUP_ADMINS,
            changed=lambda t, user: not council_models.Unit.objects.get(pk=t.world.unit_b.pk).is_active,
        ),
        Case(
            "the other council's unit",
            statuses(404),
            statuses(404),
            lambda t: {"pk": t.world.other_unit.pk},
            data=lambda t: {"action": "deactivate"},
        ),
    ],
    "councils:member_list": [
        Case(
            "the roles and terms of the admin's council",
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(405),
            lambda t: {"council_pk": t.world.council.pk},
        ),
        Case(
            "the other council's members",
            statuses(404),
            statuses(405),
            lambda t: {"council_pk": t.world.other_council.pk},
        ),
    ],
    "councils:security_events": [
        Case(
            "the security event log of the admin's own council",
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(405),
            lambda t: {"council_pk": t.world.council.pk},
        ),
        Case(
            "the other council's log: the superuser reads every council's",
            statuses(404, ((SUPERUSER,), 200)),
            statuses(405),
            lambda t: {"council_pk": t.world.other_council.pk},
        ),
    ],
    "councils:security_events_all": [
        Case("every council's security events: the superuser only", statuses(404, ((SUPERUSER,), 200)), statuses(405)),
    ],
    "councils:member_create": [
        Case(
            "a new member of the admin's council; POST makes the account (its password shown once: 200)",
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(404, (SETUP_ADMINS, 200)),
            lambda t: {"council_pk": t.world.council.pk},
            data=lambda t: NEW_MEMBER_DATA,
            changes=SETUP_ADMINS,
            changed=lambda t, user: council_models.CouncilMembership.objects.filter(
                council=t.world.council,
                user__username=NEW_MEMBER_DATA["username"],
                user__must_change_password=True,
                role=council_models.CouncilRole.MEMBER,
            ).exists(),
        ),
        Case(
            "a new member of the other council",
            statuses(404),
            statuses(404),
            lambda t: {"council_pk": t.world.other_council.pk},
            data=lambda t: NEW_MEMBER_DATA,
        ),
    ],
    "councils:member_edit": [
        Case(
            "the member's role; POST sets its position",
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(404, (SETUP_ADMINS, 302)),
            membership_of("council", "member"),
            data=lambda t: {"role": council_models.CouncilRole.MEMBER, "position": "Trưởng ban"},
            changes=SETUP_ADMINS,
            changed=lambda t, user: council_models.CouncilMembership.objects.filter(
                council=t.world.council, user=t.world.member, position="Trưởng ban"
            ).exists(),
        ),
        Case(
            "the chairman's role; POST ends its term",
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(404, (SETUP_ADMINS, 302)),
            membership_of("council", "chairman"),
            data=lambda t: {"action": "end_term", "ended_on": "2026-12-31"},
            changes=SETUP_ADMINS,
            changed=lambda t, user: council_models.CouncilMembership.objects.filter(
                council=t.world.council, user=t.world.chairman, term_until=dt.date(2026, 12, 31)
            ).exists(),
        ),
        Case(
            "the other council's secretariat role",
            statuses(404),
            statuses(404),
            membership_of("other_council", "other_secretariat"),
            data=lambda t: {"action": "end_term", "ended_on": "2026-12-31"},
        ),
    ],
    "councils:unit_account_unlock": [
        Case(
            "unit A's user, locked out",
            statuses(405),
            statuses(403, (ACCOUNT_MANAGERS, 302), (only(OTHER_SECRETARIAT), 404)),
            lambda t: {"user_pk": t.locked_out(t.world.unit_a_user).pk},
            changes=ACCOUNT_MANAGERS,
            changed=lambda t, user: not AccessAttempt.objects.filter(username=t.world.unit_a_user.username).exists(),
        ),
        Case(
            "the other council's unit user, locked out",
            statuses(405),
            statuses(403, (ACCOUNT_MANAGERS, 404), (only(OTHER_SECRETARIAT), 302)),
            lambda t: {"user_pk": t.locked_out(t.world.other_unit_user).pk},
            changes=(OTHER_SECRETARIAT,),
            changed=lambda t, user: (
                not AccessAttempt.objects.filter(username=t.world.other_unit_user.username).exists()
            ),
        ),
    ],
    "councils:unit_account_reset": [
        Case(
            "unit A's user",
            statuses(405),
            statuses(403, (ACCOUNT_MANAGERS, 200), (only(OTHER_SECRETARIAT), 404)),
            lambda t: {"user_pk": t.world.unit_a_user.pk},
            changes=ACCOUNT_MANAGERS,
            changed=password_reset(lambda t: t.world.unit_a_user),
        ),
        Case(
            "the other council's unit user",
            statuses(405),
            statuses(403, (ACCOUNT_MANAGERS, 404), (only(OTHER_SECRETARIAT), 200)),
            lambda t: {"user_pk": t.world.other_unit_user.pk},
            changes=only(OTHER_SECRETARIAT),
            changed=password_reset(lambda t: t.world.other_unit_user),
        ),
        Case(
            "a superuser who also belongs to unit A (nobody may reset it here)",
            statuses(405),
            statuses(403, (ACCOUNT_MANAGERS, 302), (only(OTHER_SECRETARIAT), 404)),
            lambda t: {"user_pk": t.unit_a_superuser.pk},
        ),
        Case(
            "the chairman who also belongs to unit A (nobody may reset it here)",
            statuses(405),
            statuses(403, (ACCOUNT_MANAGERS, 302), (only(OTHER_SECRETARIAT), 404)),
            lambda t: {"user_pk": t.unit_a_chairman.pk},
        ),
    ],
    "nominations:round_list": [
        Case(
            "the rounds of the councils whose rounds one manages",
            statuses(403, (ROUND_MANAGERS + only(OTHER_SECRETARIAT), 200)),
            statuses(405),
            secret=lambda t: t.world.round.name,
            may_see=ROUND_MANAGERS,
            shown=True,
        )
    ],
    "nominations:round_create": [
        Case(
            "a new draft round; the other council's secretariat may not choose this council",
            statuses(403, (ROUND_MANAGERS + only(OTHER_SECRETARIAT), 200)),
            statuses(403, (ROUND_MANAGERS, 302), (only(OTHER_SECRETARIAT), 200)),
            data=round_form(NEW_ROUND_NAME),
            changes=ROUND_MANAGERS,
            changed=lambda t, user: models.Round.objects.filter(
                council=t.world.council, name=NEW_ROUND_NAME, is_draft=True
            ).exists(),
        )
    ],
    "nominations:round_copy": round_page(
        the_round,
        "copy the council's round to next year",
        changed=lambda t, user: models.Round.objects.filter(
            council=t.world.council, year=t.world.round.year + 1, is_draft=True
        ).exists(),
    ),
    "nominations:round_edit": round_page(
        the_draft_round,
        "a draft round",
        data=round_form(EDITED_ROUND_NAME),
        # looked up by its new name: ``draft_round`` finds it by the old one
        changed=lambda t, user: models.Round.objects.filter(
            council=t.world.council, name=EDITED_ROUND_NAME, is_draft=True
        ).exists(),
    ),
    "nominations:round_open": round_page(
        the_draft_round,
        "open a draft round",
        post_only=True,
        changed=lambda t, user: not models.Round.objects.get(pk=draft_round(t).pk).is_draft,
    ),
    "nominations:round_extend": round_page(
        the_round,
        "extend the open round by a month (the units are told)",
        data=lambda t: {
            "closes_at": f"{timezone.localtime(t.world.round.closes_at) + dt.timedelta(days=30):%d/%m/%Y %H:%M}"
        },
        changed=lambda t, user: (
            round_row(t).closes_at > t.world.round.closes_at + dt.timedelta(days=29)
            and Notice.objects.filter(verb="round_extended", recipient=t.world.unit_a_user).exists()
        ),
    ),
    "nominations:round_close": round_page(
        the_round,
        "close the open round",
        post_only=True,
        changed=lambda t, user: round_row(t).closed_at is not None,
    ),
    "nominations:round_quotas": round_page(
        the_round,
        "unit A's quota in the open round",
        data=lambda t: {f"q_{t.world.unit_a.pk}_all": "5"},
        changed=lambda t, user: models.RoundQuota.objects.filter(
            round=t.world.round, unit=t.world.unit_a, award_type=None, quota=5
        ).exists(),
    ),
    "nominations:award_list": [
        Case(
            "the award types of the councils one administers",
            statuses(403, (SETUP_ADMINS, 200)),
            statuses(405),
            secret=lambda t: t.world.gdvh.name_vi,
            may_see=SETUP_ADMINS,
            shown=True,
        )
    ],
    "nominations:award_create": [
        Case(
            "a new award type of the admin's council",
            statuses(403, (SETUP_ADMINS, 200)),
            statuses(403, (SETUP_ADMINS, 302)),
            data=award_form(NEW_AWARD_CODE, "Giấy khen đột xuất"),
            changes=SETUP_ADMINS,
            changed=lambda t, user: models.AwardType.objects.filter(
                council=t.world.council, code=NEW_AWARD_CODE
            ).exists(),
        )
    ],
    "nominations:award_edit": award_page(
        the_award,
        "the council's Giấy khen, with its change history",
        data=lambda t: award_form(t.world.gk.code, EDITED_AWARD_NAME)(t),
        changed=lambda t, user: models.AwardType.objects.filter(pk=t.world.gk.pk, name_vi=EDITED_AWARD_NAME).exists(),
    ),
    "nominations:award_deactivate": award_page(
        the_award,
        "stop offering the council's Giấy khen",
        post_only=True,
        changed=lambda t, user: not models.AwardType.objects.get(pk=t.world.gk.pk).is_active,
    ),
    "nominations:award_delete": award_page(
        lambda t: {"pk": unused_award(t).pk},
        "delete an award type nothing uses",
        post_only=True,
        changed=lambda t, user: not models.AwardType.objects.filter(code=UNUSED_AWARD_CODE).exists(),
    ),
    "nominations:award_rates": award_page(
        the_award,
        "the Giấy khen's money; POST adds a dated rate",
        data=lambda t: RATE_DATA,
        changed=lambda t, user: models.AwardRate.objects.filter(
            award_type=t.world.gk, nominee_kind="collective", multiplier="0.8"
        ).exists(),
    ),
    "nominations:award_rate_edit": [
        Case(
            "a rate of the Giấy khen, addressed through it",
            statuses(403, (SETUP_ADMINS, 200)),
            statuses(403, (SETUP_ADMINS, 302)),
            lambda t: {"pk": t.world.gk.pk, "rate_pk": gk_rate(t).pk},
            data=lambda t: RATE_DATA,
            changes=SETUP_ADMINS,
            changed=lambda t, user: models.AwardRate.objects.filter(pk=gk_rate(t).pk, multiplier="0.8").exists(),
            secret=lambda t: t.world.gk.name_vi,
            may_see=SETUP_ADMINS,
        ),
        Case(
            "the Giấy khen's rate addressed through another award type",
            statuses(403, (SETUP_ADMINS, 404)),
            statuses(403, (SETUP_ADMINS, 404)),
            lambda t: {"pk": t.world.ldtt.pk, "rate_pk": gk_rate(t).pk},
            data=lambda t: RATE_DATA,
        ),
        Case(
            "a rate of the other council's award type",
            statuses(403, (SETUP_ADMINS, 404)),
            statuses(403, (SETUP_ADMINS, 404)),
            lambda t: {"pk": other_award(t)["pk"], "rate_pk": gk_rate(t).pk},
            data=lambda t: RATE_DATA,
        ),
    ],
    "notifications:list": [
        Case(
            "own notices (contents: notifications/tests/views)",
            statuses(200),
            statuses(200),
            secret=lambda t: t.notice_of_secretariat.title,
            may_see=only(SECRETARIAT),
            shown=True,
        )
    ],
    "notifications:open": [
        Case(
            "the secretariat user's notice (GET marks it read and follows its link)",
            statuses(404, (only(SECRETARIAT), 302)),
            statuses(405),
            lambda t: {"pk": t.notice_of_secretariat.pk},
            secret=lambda t: t.notice_of_secretariat.title,
            may_see=only(SECRETARIAT),
        )
    ],
    "notifications:read_all": [
        Case(
            "own notices",
            statuses(405),
            statuses(302),
            changes=LOGGED_IN,
            changed=lambda t, user: not Notice.objects.filter(recipient=user, read_at__isnull=True).exists(),
            # makes the secretariat user's notice, which nobody else's page may show
            secret=lambda t: t.notice_of_secretariat.title,
            may_see=only(SECRETARIAT),
        )
    ],
    "notifications:preferences": [
        Case(
            "own choices; POST: English notices and every box unchecked",
            statuses(200),
            statuses(302),
            data=lambda t: {"language": "en"},
            changes=LOGGED_IN,
            changed=notice_choices_saved,
        )
    ],
    "notifications:failed": [
        Case(
            "failed deliveries of the councils the user runs",
            statuses(403, (ACCOUNT_MANAGERS + only(OTHER_SECRETARIAT), 200)),
            statuses(403, (ACCOUNT_MANAGERS + only(OTHER_SECRETARIAT), 200)),
            secret=lambda t: t.failed_delivery.notice.title,
            may_see=ACCOUNT_MANAGERS,
            shown=True,
        )
    ],
    "notifications:retry": [
        Case(
            "a failed delivery of this council",
            statuses(405),
            statuses(403, (ACCOUNT_MANAGERS, 302)),
            delivery("failed_delivery"),
            changes=ACCOUNT_MANAGERS,
            changed=delivery_is("failed_delivery", DeliveryStatus.PENDING),
        ),
        Case(
            "a failed delivery of the other council",
            statuses(405),
            statuses(403, (only(OTHER_SECRETARIAT), 302)),
            delivery("failed_delivery_other"),
            changes=only(OTHER_SECRETARIAT),
            changed=delivery_is("failed_delivery_other", DeliveryStatus.PENDING),
        ),
        Case(
            "a delivery already sent (nothing to retry)",
            statuses(405),
            statuses(403, (ACCOUNT_MANAGERS, 302)),
            delivery("sent_delivery"),
        ),
    ],
    # --- Decisions, the honours registry, printable documents (nominations.decision_views) ---
    "decisions:decision_list": [
        Case(
            "decisions of the councils the user has a part in",
            statuses(404, (READERS + only(OTHER_SECRETARIAT), 200)),
            statuses(404, (READERS + only(OTHER_SECRETARIAT), 200)),
            secret=lambda t: t.draft_decision.subject,
            may_see=READERS,
            shown=True,
        )
    ],
    "decisions:decision_detail": [
        decision_page("draft_decision", READERS),
        decision_page("other_decision", only(OTHER_SECRETARIAT)),
    ],
    "workflows:decision_edit": [
        Case(
            "draft_decision",
            statuses(404, (STAFF, 200), (only(MEMBER), 403)),
            statuses(404, (STAFF, 302), (only(MEMBER), 403)),
            decision("draft_decision"),
            data=lambda t: {
                "subject": EDITED_DECISION_SUBJECT,
                "legal_bases": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                "recipients": "- Lưu: VT.",
                f"achievement_{t.draft_decision.lines.get().pk}": "Hoàn thành xuất sắc nhiệm vụ",
            },
            changes=STAFF,
            changed=lambda t, user: (
                decision_models.Decision.objects.get(pk=t.draft_decision.pk).subject == EDITED_DECISION_SUBJECT
            ),
        ),
        Case(
            "registered_decision (no longer a draft)",
            statuses(404, (STAFF, 302), (only(MEMBER), 403)),
            statuses(404, (STAFF, 302), (only(MEMBER), 403)),
            decision("registered_decision"),
            data=lambda t: {"subject": EDITED_DECISION_SUBJECT},
        ),
    ],
    "workflows:decision_register": [
        Case(
            "draft_decision, a number from the register",
            statuses(405),
            statuses(404, (STAFF, 302), (only(MEMBER), 403)),
            decision("draft_decision"),
            data=lambda t: {
                "number": "",
                "signed_on": timezone.localdate().isoformat(),
                "signer_name": "Trịnh Văn Hùng",
                "signer_capacity": "chairman",
            },
            changes=STAFF,
            changed=decision_is("draft_decision", decision_models.DecisionStatus.REGISTERED),
        ),
        Case(
            "registered_decision (already registered)",
            statuses(405),
            statuses(404, (STAFF, 302), (only(MEMBER), 403)),
            decision("registered_decision"),
            data=lambda t: {
                "number": "16",
                "signed_on": "2026-01-05",
                "signer_name": "A",
                "signer_capacity": "chairman",
            },
        ),
    ],
    "decisions:decision_scan": [
        Case(
            "registered_decision: a new scan replaces the old one",
            statuses(404, (STAFF, 200), (only(MEMBER), 403)),
            statuses(404, (STAFF, 302), (only(MEMBER), 403)),
            decision("registered_decision"),
            data=lambda t: {"file": pdf_upload("quyet-dinh-da-ky.pdf")},
            changes=STAFF,
            changed=lambda t, user: (
                decision_models.Decision.objects.get(pk=t.registered_decision.pk).scan.name
                != t.registered_decision.scan.name
            ),
        ),
        Case(
            "draft_decision (not signed yet)",
            statuses(404, (STAFF, 302), (only(MEMBER), 403)),
            statuses(404, (STAFF, 302), (only(MEMBER), 403)),
            decision("draft_decision"),
            data=lambda t: {"file": pdf_upload("quyet-dinh-da-ky.pdf")},
        ),
    ],
    "decisions:decision_scan_download": [
        Case(
            "registered_decision's scan",
            statuses(404, (READERS, 200)),
            statuses(404, (READERS, 200)),
            decision("registered_decision"),
        ),
        Case("draft_decision (no scan)", statuses(404), statuses(404), decision("draft_decision")),
    ],
    "decisions:decision_revoke": [
        Case(
            "registered_decision",
            statuses(404, (REVOKERS, 200), (only(SECRETARIAT, MEMBER), 403)),
            statuses(404, (REVOKERS, 302), (only(SECRETARIAT, MEMBER), 403)),
            decision("registered_decision"),
            data=lambda t: {"reason": "Phát hiện sai sót", "revoked_by_number": "25/QĐ-UBND"},
            changes=REVOKERS,
            changed=decision_is("registered_decision", decision_models.DecisionStatus.REVOKED),
        ),
        Case(
            "draft_decision (nothing to revoke)",
            statuses(404, (REVOKERS, 302), (only(SECRETARIAT, MEMBER), 403)),
            statuses(404, (REVOKERS, 302), (only(SECRETARIAT, MEMBER), 403)),
            decision("draft_decision"),
            data=lambda t: {"reason": "Phát hiện sai sót"},
        ),
    ],
    "documents:print_decision": [
        Case(
            "draft_decision",
            statuses(404, (STAFF, 200), (only(MEMBER), 403)),
            statuses(404, (STAFF, 200), (only(MEMBER), 403)),
            decision("draft_decision"),
            secret=lambda t: t.draft_decision.subject,
            may_see=STAFF,
            shown=True,
        )
    ],
    "decisions:registry_search": [
        Case(
            "a person in the registry, asked for with the council's id",
            statuses(404, (STAFF + only(OTHER_SECRETARIAT), 200)),
            statuses(404, (STAFF + only(OTHER_SECRETARIAT), 200)),
            query=lambda t: f"?q=Huong&council={t.registered_decision.council_id}",
            secret=lambda t: t.honoured_person.full_name,
            may_see=STAFF,
            shown=True,
        )
    ],
    "decisions:registry_holder": [
        Case(
            "the person's awards",
            statuses(404, (STAFF, 200)),
            statuses(404, (STAFF, 200)),
            lambda t: {"kind": "person", "pk": t.honoured_person.pk},
            secret=lambda t: t.honoured_person.full_name,
            may_see=STAFF,
            shown=True,
        ),
        Case("an unknown kind", statuses(404), statuses(404), lambda t: {"kind": "unit", "pk": t.world.unit_a.pk}),
    ],
    "documents:print_ballot": [session_document("the paper ballot", READERS)],
    "documents:print_minutes": [session_document("the minutes", READERS)],
    # a PDF: the nominee's name is in its compressed text, not in the bytes (documents/tests/views/test_minutes_pdf.py reads it)
    "documents:minutes_pdf": [
        Case(
            "the minutes as a PDF",
            statuses(404, (READERS, 200)),
            statuses(405),
            lambda t: {"pk": t.closed_session.pk},
            secret=lambda t: t.line(t.accepted_a).person.full_name,
            may_see=READERS,
            shown=False,
        )
    ],
    # the Word copies (.docx, zipped: the name is not in the bytes; documents/tests/views/test_word_copies.py reads it)
    "documents:word_decision": [
        Case(
            "draft_decision as Word",
            statuses(404, (STAFF, 200), (only(MEMBER), 403)),
            statuses(405),
            decision("draft_decision"),
            secret=lambda t: t.draft_decision.subject,
            may_see=STAFF + only(MEMBER),
            shown=False,
        )
    ],
    "documents:word_decision_list": [
        Case(
            "draft_decision's list as Word",
            statuses(404, (STAFF, 200), (only(MEMBER), 403)),
            statuses(405),
            decision("draft_decision"),
            secret=lambda t: t.draft_decision.subject,
            may_see=STAFF + only(MEMBER),
            shown=False,
        )
    ],
    "documents:word_minutes": [
        Case(
            "the minutes as Word",
            statuses(404, (READERS, 200)),
            statuses(405),
            lambda t: {"pk": t.closed_session.pk},
            secret=lambda t: t.line(t.accepted_a).person.full_name,
            may_see=READERS,
            shown=False,
        )
    ],
    "documents:word_proposal": [
        Case(
            "the proposal as Word",
            statuses(404, (STAFF, 200), (only(MEMBER), 403)),
            statuses(405),
            lambda t: {"pk": t.closed_session.pk},
            secret=lambda t: t.line(t.accepted_a).person.full_name,
            may_see=STAFF + only(MEMBER),
            shown=False,
        )
    ],
    "documents:print_proposal": [
        session_document(
            "the proposal to the higher council (LDTT is the commune's: the list is empty)",
            STAFF,
            forbidden=only(MEMBER),
            shown=False,
        )
    ],
    "decisions:proposal_list": [
        Case(
            "the proposals of the user's councils",
            statuses(404, (STAFF + only(OTHER_SECRETARIAT), 200)),
            statuses(404, (STAFF + only(OTHER_SECRETARIAT), 200)),
            made_first("proposal"),
            secret=lambda t: t.PARENT_COUNCIL_NAME,
            may_see=STAFF,
            shown=True,
        )
    ],
    "decisions:proposal_detail": [
        Case(
            "a draft proposal",
            statuses(404, (STAFF, 200)),
            statuses(404, (STAFF, 200)),
            lambda t: {"pk": t.proposal.pk},
            secret=lambda t: t.line(t.accepted_a).person.full_name,
            may_see=STAFF,
            shown=True,
        )
    ],
    "decisions:proposal_create": [
        Case(
            "closed_session (not decided yet: refused with a message)",
            statuses(405),
            statuses(404, (STAFF, 302), (only(CHAIRMAN), 403)),
            lambda t: {"pk": t.closed_session.pk},
        )
    ],
    "workflows:proposal_send": [
        Case(
            "a draft proposal (the parent has no unit for this council: refused with a message)",
            statuses(405),
            # the chairman decides, the office proposes: sending is the proposal's own capability
            statuses(404, (STAFF, 302), (only(CHAIRMAN), 403)),
            lambda t: {"pk": t.proposal.pk},
        )
    ],
    "decisions:proposal_higher_decision": [
        Case(
            "a draft proposal, the higher decision entered by hand",
            statuses(405),
            statuses(404, (STAFF, 302), (only(CHAIRMAN), 403)),
            lambda t: {"pk": t.proposal.pk},
            data=lambda t: {
                "reference": "125/QĐ-UBND",
                "decided_on": "2027-01-10",
                "awarded": [str(t.line(t.accepted_a).pk)],
            },
            changes=only(SECRETARIAT, COUNCIL_ADMIN, SUPERUSER),
            changed=lambda t, user: (
                decision_models.Proposal.objects.get(pk=t.proposal.pk).status == decision_models.ProposalStatus.DECIDED
            ),
        )
    ],
    "workflows:session_list": [
        Case(
            "the sessions of the user's councils",
            statuses(403, (COUNCIL + only(OTHER_SECRETARIAT), 200)),
            statuses(403, (COUNCIL + only(OTHER_SECRETARIAT), 200)),
            made_first("session_preparing"),
            secret=session_place("session_preparing"),
            may_see=COUNCIL,
            shown=True,
        )
    ],
    "workflows:session_create": [
        Case(
            "a new session of the round, accepted_a's line on its agenda",
            statuses(403, ((SECRETARIAT, OTHER_SECRETARIAT), 200)),
            # the other council's secretariat gets the form back: this round is not among its choices
            statuses(403, (only(SECRETARIAT), 302), (only(OTHER_SECRETARIAT), 200)),
            made_first("accepted_a"),
            data=lambda t: {
                "round": t.world.round.pk,
                "held_at": "2026-12-10T08:30",
                "place": NEW_SESSION_PLACE,
                "chair": t.world.chairman.pk,
                "secretary": t.world.secretariat.pk,
                "allow_written_votes": "on",
            },
            changes=only(SECRETARIAT),
            changed=lambda t, user: decision_models.CouncilSession.objects.filter(
                place=NEW_SESSION_PLACE, created_by=user
            ).exists(),
        )
    ],
    "workflows:session_detail": [
        session_page("session_preparing", STAFF, only(MEMBER)),
        session_page("session_closed_in_flow", STAFF, only(MEMBER)),
    ],
    "workflows:session_attendance": [
        secretariat_action(
            "session_preparing",
            attendance_data("session_preparing"),
            lambda t, user: decision_models.Attendance.objects.filter(session=t.session_preparing).count() == 2,
        ),
        secretariat_action("session_voting", attendance_data("session_voting")),
    ],
    "workflows:session_add_lines": [
        # no late line to add here: refused with a message (the adding itself: test_decide_sees_every_line)
        secretariat_action("session_preparing", lambda t: {"line": []}),
    ],
    "workflows:session_open": [
        secretariat_action(
            "session_ready",
            lambda t: {"closes_at": ""},
            session_is("session_ready", decision_models.SessionStatus.VOTING),
        ),
        secretariat_action("session_preparing", lambda t: {"closes_at": ""}),  # no quorum: nobody recorded
    ],
    "workflows:session_paper": [
        Case(
            "session_voting: no paper ballot handed in, so none to enter",
            statuses(404, (COUNCIL, 403), (only(SECRETARIAT), 200)),
            statuses(404, (COUNCIL, 403), (only(SECRETARIAT), 200)),
            council_session("session_voting"),
            data=ballot_choices("session_voting"),
            secret=session_place("session_voting"),
            may_see=COUNCIL,
        ),
        Case(
            "session_with_paper: the content of the ballot handed in",
            statuses(404, (COUNCIL, 403), (only(SECRETARIAT), 200)),
            statuses(404, (COUNCIL, 403), (only(SECRETARIAT), 200)),
            council_session("session_with_paper"),
            data=ballot_choices("session_with_paper"),
            changes=only(SECRETARIAT),
            changed=lambda t, user: (
                decision_models.SealedBallot.objects.filter(session=t.session_with_paper).count() == 1
            ),
            secret=session_place("session_with_paper"),
            may_see=COUNCIL,
        ),
    ],
    "workflows:session_paper_handed_in": [
        secretariat_action(
            "session_voting",
            lambda t: {"member": [t.world.member.pk]},
            lambda t, user: decision_models.BallotCast.objects.filter(
                session=t.session_voting, member=t.world.member, method=decision_models.CastMethod.PAPER
            ).exists(),
        )
    ],
    "workflows:session_paper_close": [
        secretariat_action(
            "session_handing_in",
            changed=lambda t, user: (
                decision_models.CouncilSession.objects.get(pk=t.session_handing_in.pk).paper_closed_at is not None
            ),
        ),
        secretariat_action("session_voting"),  # nobody handed a paper ballot in: refused with a message
    ],
    "workflows:session_paper_discard": [
        secretariat_action("session_with_paper"),  # no entry waits for confirmation: refused with a message
    ],
    "workflows:session_close": [
        # an early close with a reason; no ballot is in the box, so the vote is void and held again
        secretariat_action(
            "session_voting",
            lambda t: {"reason": "Thử kết thúc sớm"},
            changed=session_is("session_voting", decision_models.SessionStatus.PREPARING),
        ),
        secretariat_action("session_preparing"),  # not open: nothing to close
    ],
    "workflows:session_ballot": [
        Case(
            "session_voting",
            statuses(404, (STAFF, 403), (VOTERS, 200)),
            statuses(404, (STAFF, 403), (VOTERS, 200)),  # the answer shows the tracker: no redirect
            council_session("session_voting"),
            data=ballot_choices("session_voting"),
            changes=VOTERS,
            changed=lambda t, user: decision_models.BallotCast.objects.filter(
                session=t.session_voting, member=user
            ).exists(),
            secret=session_place("session_voting"),
            may_see=COUNCIL,
        ),
        Case(
            "session_closed_in_flow (closed; both already voted)",
            statuses(404, (STAFF, 403), (VOTERS, 200)),
            statuses(404, (STAFF, 403), (VOTERS, 200)),
            council_session("session_closed_in_flow"),
            data=ballot_choices("session_closed_in_flow"),
            secret=session_place("session_closed_in_flow"),
            may_see=COUNCIL,
        ),
    ],
    "workflows:session_results": [
        # before the close nobody reads results: "kết quả chỉ công bố sau khi kết thúc bỏ phiếu"
        session_page("session_voting", (), COUNCIL),
        session_page("session_closed_in_flow", COUNCIL, shown=False),
    ],
    "workflows:session_decide": [
        Case(
            "session_closed_in_flow: approve every line",
            statuses(404, (COUNCIL, 403), (only(CHAIRMAN), 200)),
            statuses(404, (COUNCIL, 403), (only(CHAIRMAN), 302)),
            council_session("session_closed_in_flow"),
            data=lambda t: {
                "approve": list(
                    decision_models.AgendaItem.objects.filter(session=t.session_closed_in_flow).values_list(
                        "pk", flat=True
                    )
                )
            },
            changes=only(CHAIRMAN),
            changed=session_is("session_closed_in_flow", decision_models.SessionStatus.DECIDED),
            secret=session_place("session_closed_in_flow"),
            may_see=COUNCIL,
        ),
        Case(
            "session_voting (not closed: nothing to decide)",
            statuses(404, (COUNCIL, 403), (only(CHAIRMAN), 200)),
            statuses(404, (COUNCIL, 403), (only(CHAIRMAN), 200)),
            council_session("session_voting"),
            data=lambda t: {"approve": []},
            secret=session_place("session_voting"),
            may_see=COUNCIL,
        ),
    ],
    "workflows:session_send_back": [
        Case(
            "session_closed_in_flow",
            statuses(405),
            statuses(404, (COUNCIL, 403), (only(CHAIRMAN), 302)),
            council_session("session_closed_in_flow"),
            data=lambda t: {"reason": "Cần xác minh thêm"},
            changes=only(CHAIRMAN),
            changed=session_is("session_closed_in_flow", decision_models.SessionStatus.RETURNED),
            secret=session_place("session_closed_in_flow"),
            may_see=COUNCIL,
        )
    ],
    # --- Year-end figures (documents.views): the council's staff, of their own council only ---
    "documents:yearend": [
        Case(
            "the figures of the council asked for by id",
            statuses(404, (STAFF, 200)),
            statuses(405),
            query=lambda t: f"?council={t.registered_decision.council_id}&year={t.world.round.year}",
            secret=lambda t: t.world.unit_a.name,
            may_see=STAFF,
            shown=True,
        ),
        Case(
            "the first council of the user's own",
            statuses(404, (STAFF + only(OTHER_SECRETARIAT), 200)),
            statuses(405),
            query=lambda t: f"?year={t.registered_decision.round.year}",
            secret=lambda t: t.world.unit_a.name,
            may_see=STAFF,
            shown=True,
        ),
    ],
    "documents:yearend_pdf": [
        Case(
            "the annex",
            statuses(404, (STAFF, 200)),
            statuses(405),
            lambda t: {"year": t.registered_decision.round.year},
            query=lambda t: f"?council={t.world.council.pk}",
        ),
        Case("a year out of range", statuses(404), statuses(405), lambda t: {"year": 1999}),
    ],
    "documents:yearend_xlsx": [
        Case(
            "the spreadsheet",
            statuses(404, (STAFF, 200)),
            statuses(405),
            lambda t: {"year": t.registered_decision.round.year},
            query=lambda t: f"?council={t.world.council.pk}",
        ),
        Case("a year out of range", statuses(404), statuses(405), lambda t: {"year": 1999}),
    ],
    # --- A decision's stored documents, certificate printing, verification (documents.decision_views) ---
    "documents:decision_documents": [
        Case(
            "registered_decision's documents",
            statuses(404, (STAFF, 200), (only(MEMBER), 403)),
            statuses(405),
            lambda t: {"pk": t.registered_documents["certificate"].decision_id},
            secret=lambda t: t.registered_decision.subject,
            may_see=STAFF,
            shown=True,
        ),
        decision_documents_case("other_decision", "the other council's draft (no documents)"),
    ],
    "documents:decision_documents_progress": [
        Case(
            "registered_decision's progress (JSON)",
            statuses(404, (STAFF, 200), (only(MEMBER), 403)),
            statuses(405),
            lambda t: {"pk": t.registered_documents["certificate"].decision_id},
        )
    ],
    "documents:decision_documents_regenerate": [
        Case(
            "registered_decision: its failed decision PDF gets a new version",
            statuses(405),
            statuses(404, (STAFF, 302), (only(MEMBER), 403)),
            lambda t: {"pk": t.registered_documents["decision"].decision_id},
            changes=STAFF,
            changed=lambda t, user: GeneratedDocument.objects.filter(
                decision=t.registered_decision, slot="decision", version=2, current=True
            ).exists(),
        )
    ],
    "documents:decision_documents_print": [
        Case(
            "registered_decision: all its certificates in one PDF",
            statuses(405),
            statuses(404, (STAFF, 302), (only(MEMBER), 403)),
            lambda t: {"pk": t.registered_documents["certificate"].decision_id},
            changes=STAFF,
            changed=lambda t, user: GeneratedDocument.objects.filter(
                decision=t.registered_decision, kind="print", current=True
            ).exists(),
        )
    ],
    "documents:download": [
        Case(
            "a certificate of registered_decision",
            statuses(404, (STAFF, 200), (only(MEMBER), 403)),
            statuses(405),
            lambda t: {"pk": t.registered_documents["certificate"].pk},
        ),
        Case(
            "its failed decision PDF (no file)",
            statuses(404, (only(MEMBER), 403)),
            statuses(405),
            lambda t: {"pk": t.registered_documents["decision"].pk},
        ),
    ],
    "documents:certificate_settings": [
        Case(
            "the council's print settings; POST: A3 paper",
            statuses(404, (STAFF, 200), (only(MEMBER), 403)),
            statuses(404, (STAFF, 302), (only(MEMBER), 403)),
            lambda t: {"pk": t.world.council.pk},
            data=lambda t: {"paper": "A3", "offset_x_mm": "0", "offset_y_mm": "1.5"},
            changes=STAFF,
            changed=lambda t, user: CertificateSettings.objects.filter(council=t.world.council, paper="A3").exists(),
        ),
        Case(
            "the other council's print settings",
            statuses(404, (only(OTHER_SECRETARIAT), 200)),
            statuses(404, (only(OTHER_SECRETARIAT), 302)),
            lambda t: {"pk": t.world.other_council.pk},
            data=lambda t: {"paper": "A3", "offset_x_mm": "0", "offset_y_mm": "0"},
            changes=only(OTHER_SECRETARIAT),
            changed=lambda t, user: CertificateSettings.objects.filter(
                council=t.world.other_council, paper="A3"
            ).exists(),
        ),
    ],
    "documents:certificate_calibration": [
        Case(
            "the council's calibration page (PDF)",
            statuses(404, (STAFF, 200), (only(MEMBER), 403)),
            statuses(405),
            lambda t: {"pk": t.world.council.pk},
        )
    ],
    # --- A unit's results: the registered decisions that concern it (documents.unit_views) ---
    "documents:unit_decision": [
        Case(
            "registered_decision, on unit A's line: its results page",
            statuses(404, (OWN_UNIT, 200)),
            statuses(405),
            decision("registered_decision"),
            secret=lambda t: t.registered_decision.subject,
            may_see=OWN_UNIT,
            shown=True,
        ),
        Case(
            "draft_decision (a draft is nobody's to read but the council's)",
            statuses(404),
            statuses(405),
            decision("draft_decision"),
            secret=lambda t: t.draft_decision.subject,
        ),
        Case(
            "a revoked decision on unit A's line",
            statuses(404),
            statuses(405),
            lambda t: {"pk": t.revoked_documents["list"].decision_id},
            secret=lambda t: t.REVOKED_DECISION_SUBJECT,
        ),
        Case(
            "the other council's draft",
            statuses(404),
            statuses(405),
            decision("other_decision"),
            secret=lambda t: t.other_decision.subject,
        ),
    ],
    "documents:unit_document_download": [
        Case(
            "registered_decision's certificate, of unit A's line",
            statuses(404, (OWN_UNIT, 200)),
            statuses(405),
            lambda t: {"pk": t.registered_documents["certificate"].pk},
        ),
        Case(
            "registered_decision's attached list (a public paper)",
            statuses(404, (OWN_UNIT, 200)),
            statuses(405),
            lambda t: {"pk": t.registered_documents["list"].pk},
        ),
        Case(
            "registered_decision's failed decision PDF (no file)",
            statuses(404),
            statuses(405),
            lambda t: {"pk": t.registered_documents["decision"].pk},
        ),
        Case(
            "a revoked decision's attached list",
            statuses(404),
            statuses(405),
            lambda t: {"pk": t.revoked_documents["list"].pk},
        ),
        Case(
            "a revoked decision's certificate, of unit A's line",
            statuses(404),
            statuses(405),
            lambda t: {"pk": t.revoked_documents["certificate"].pk},
        ),
    ],
    "decisions:registry_for_unit": [
        Case(
            "the unit's own awards (unit A's: the registered decision's person)",
            statuses(404, (UNIT_USERS, 200)),
            statuses(405),
            made_first("registered_decision"),
            secret=lambda t: t.honoured_person.full_name,
            may_see=OWN_UNIT,
            shown=True,
        )
    ],
    # the public look-up of awards (decisions/lookup_views.py): anyone, no login, GET only; it finds
    # the registered decision's person by name without diacritics
    "decisions:public_lookup": [
        Case("the look-up's form: anyone, no login", statuses(200, anonymous=200), statuses(405, anonymous=405)),
        Case(
            "a look-up by name: anyone, no login",
            statuses(200, anonymous=200),
            statuses(405, anonymous=405),
            made_first("registered_decision"),
            query=lambda t: "?q=le+thi+huong",
            secret=lambda t: t.honoured_person.full_name,
            may_see=ACTORS,
            shown=True,
        ),
    ],
    "documents:verify": [
        Case(
            "a certificate's public page: anyone, no login",
            statuses(200, anonymous=200),
            statuses(405, anonymous=405),
            lambda t: {"token": t.certificate_token},
            secret=lambda t: t.honoured_person.full_name,
            may_see=ACTORS,
            shown=True,
        ),
        Case(
            "an unknown token",
            statuses(404, anonymous=404),
            statuses(405, anonymous=405),
            lambda t: {"token": "khong-co-ma-nay-0000000"},
        ),
    ],
}

# --- Later setup pages: each block extends EXPECTED with its own routes ------------------------

# @@ profile, legal bases, base salary, holidays

PROFILE_DATA = {
    "name": "ZXP-HD Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung",
    "locality": "thị trấn Hà Trung",
    "place_name": "Hà Trung",
    "issuing_body": "Ủy ban nhân dân thị trấn Hà Trung",
    "decision_symbol": "QĐ-UBND",
    "proposal_symbol": "TTr-HĐTĐKT",
    "minutes_symbol": "BB-HĐTĐKT",
    "report_symbol": "BC-HĐTĐKT",
    "decision_recipients": "- Như Điều 3;\n- Lưu: VT.",
    "money_rounding": "1000",
    "quorum_numerator": "2",
    "quorum_denominator": "3",
}
SIGNER_DATA = {"full_name": "ZXK-KY Lê Văn Ký", "capacity": "deputy", "position": "20", "is_active": "on"}
HOLIDAY_DATA = {"date": "2031-09-02", "name": "ZXH-LE Quốc khánh", "is_day_off": "on"}
BASIS_DATA = {
    "family": "quy-che-thi-dua-ha-trung",
    "text": "ZXB-CC Căn cứ Quy chế thi đua, khen thưởng của thị trấn Hà Trung;",
    "for_decision": "on",
    "valid_from": "2024-01-01",
    "valid_until": "",
    "position": "50",
}
DECREE_152_FAMILY = "nghi-dinh-thi-dua-khen-thuong"
DECREE_152_TEXT = (
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 21 tháng 6 năm 2025 của Chính phủ quy định chi tiết thi hành "
    "một số điều của Luật Thi đua, khen thưởng;"
)
SALARY_DATA = {"amount": "2340001", "valid_from": "2024-07-01"}


def council_signer(council: str) -> Callable[[Targets], dict[str, int]]:
    """A signer of the world's ``council`` (made on first use)."""

    def kwargs(t: Targets) -> dict[str, int]:
        signer, _made = council_models.CouncilSigner.objects.get_or_create(
            council=getattr(t.world, council), full_name="Trịnh Văn Hùng", capacity="chairman"
        )
        return {"pk": signer.pk}

    return kwargs


def a_holiday(t: Targets) -> council_models.Holiday:
    holiday, _made = council_models.Holiday.objects.get_or_create(
        date=dt.date(2031, 1, 1), defaults={"name": "Tết Dương lịch"}
    )
    return holiday


def own_basis(council: str) -> Callable[[Targets], dict[str, int]]:
    """A legal basis of the world's ``council``'s own (made on first use)."""

    def kwargs(t: Targets) -> dict[str, int]:
        basis, _made = decision_models.LegalBasis.objects.get_or_create(
            council=getattr(t.world, council),
            family="quy-che-rieng",
            valid_from=dt.date(2020, 1, 1),
            defaults={"text": "Căn cứ Quy chế riêng của hội đồng;"},
        )
        return {"pk": basis.pk}

    return kwargs


def decree_152(t: Targets) -> decision_models.LegalBasis:
    """The seeded national row whose title the top-level admin completes."""
    basis, _made = decision_models.LegalBasis.objects.get_or_create(
        council=None,
        family=DECREE_152_FAMILY,
        valid_from=dt.date(2025, 7, 1),
        defaults={"text": "Căn cứ Nghị định số 152/2025/NĐ-CP …", "position": 30},
    )
    return basis


def decree_152_data(t: Targets) -> dict[str, Any]:
    basis = decree_152(t)
    return {
        "family": basis.family,
        "text": DECREE_152_TEXT,
        "for_decision": "on",
        "for_proposal": "on",
        "valid_from": basis.valid_from.isoformat(),
        "valid_until": "",
        "position": str(basis.position),
    }


def base_salary(t: Targets) -> models.BaseSalary:
    salary, _made = models.BaseSalary.objects.get_or_create(
        valid_from=dt.date(2024, 7, 1), defaults={"amount": 2_340_000}
    )
    return salary


def setup_page(
    own: Callable[[Targets], dict[str, int]],
    other: Callable[[Targets], dict[str, int]],
    about: str,
    *,
    data: Callable[[Targets], dict[str, Any]],
    changed: Callable[[Targets, Any], bool],
) -> list[Case]:
    """A page of the council's own setup: its admins get it and their POST does its work; everyone
    else, and the other council's page for everyone, is a 404 that changes nothing."""
    return [
        Case(
            about,
            statuses(404, (SETUP_ADMINS, 200)),
            statuses(404, (SETUP_ADMINS, 302)),
            own,
            data=data,
            changes=SETUP_ADMINS,
            changed=changed,
        ),
        Case("the other council's", statuses(404), statuses(404), other, data=data),
    ]


def national_page(
    kwargs: Callable[[Targets], dict[str, int]],
    about: str,
    *,
    data: Callable[[Targets], dict[str, Any]],
    changed: Callable[[Targets, Any], bool],
) -> Case:
    """A page of a national table: the top-level admins (the world's council has no parent) edit it,
    everyone else gets a 403."""
    return Case(
        about,
        statuses(403, (SETUP_ADMINS, 200)),
        statuses(403, (SETUP_ADMINS, 302)),
        kwargs,
        data=data,
        changes=SETUP_ADMINS,
        changed=changed,
    )


EXPECTED.update(
    {
        "councils:profile": setup_page(
            lambda t: {"council_pk": t.world.council.pk},
            lambda t: {"council_pk": t.world.other_council.pk},
            "the council's profile; POST renames it",
            data=lambda t: PROFILE_DATA,
            changed=lambda t, user: (
                council_models.Council.objects.get(pk=t.world.council.pk).name == PROFILE_DATA["name"]
            ),
        ),
        "councils:signer_create": setup_page(
            lambda t: {"council_pk": t.world.council.pk},
            lambda t: {"council_pk": t.world.other_council.pk},
            "a new signer of the council; POST adds it",
            data=lambda t: SIGNER_DATA,
            changed=lambda t, user: council_models.CouncilSigner.objects.filter(
                council=t.world.council, full_name=SIGNER_DATA["full_name"], capacity="deputy"
            ).exists(),
        ),
        "councils:signer_edit": setup_page(
            council_signer("council"),
            council_signer("other_council"),
            "a signer of the council; POST renames it",
            data=lambda t: SIGNER_DATA,
            changed=lambda t, user: (
                council_models.CouncilSigner.objects.filter(
                    council=t.world.council, full_name=SIGNER_DATA["full_name"]
                ).count()
                == council_models.CouncilSigner.objects.filter(council=t.world.council).count()
                == 1
            ),
        ),
        "councils:holiday_list": [
            national_page(
                lambda t: {},
                "the national days off; POST adds one",
                data=lambda t: HOLIDAY_DATA,
                changed=lambda t, user: council_models.Holiday.objects.filter(
                    date=dt.date(2031, 9, 2), name=HOLIDAY_DATA["name"]
                ).exists(),
            )
        ],
        "councils:holiday_edit": [
            national_page(
                lambda t: {"pk": a_holiday(t).pk},
                "a national day off; POST renames it",
                data=lambda t: HOLIDAY_DATA,
                changed=lambda t, user: council_models.Holiday.objects.filter(
                    date=dt.date(2031, 9, 2), name=HOLIDAY_DATA["name"]
                ).exists(),
            )
        ],
        "decisions:legal_basis_list": [
            Case(
                "the council's legal bases and the national ones",
                statuses(404, (SETUP_ADMINS, 200)),
                statuses(405),
                lambda t: {"council_pk": t.world.council.pk},
            ),
            Case(
                "the other council's legal bases",
                statuses(404),
                statuses(405),
                lambda t: {"council_pk": t.world.other_council.pk},
            ),
        ],
        "decisions:legal_basis_create": setup_page(
            lambda t: {"council_pk": t.world.council.pk},
            lambda t: {"council_pk": t.world.other_council.pk},
            "a new legal basis of the council's own; POST adds it",
            data=lambda t: BASIS_DATA,
            changed=lambda t, user: decision_models.LegalBasis.objects.filter(
                council=t.world.council, family=BASIS_DATA["family"]
            ).exists(),
        ),
        "decisions:legal_basis_edit": [
            *setup_page(
                own_basis("council"),
                own_basis("other_council"),
                "a legal basis of the council's own; POST edits it",
                data=lambda t: BASIS_DATA,
                changed=lambda t, user: (
                    list(
                        decision_models.LegalBasis.objects.filter(council=t.world.council).values_list("family", "text")
                    )
                    == [(BASIS_DATA["family"], BASIS_DATA["text"])]
                ),
            ),
            Case(
                "a national row through the council's page",
                statuses(404),
                statuses(404),
                lambda t: {"pk": decree_152(t).pk},
                data=decree_152_data,
            ),
        ],
        "decisions:national_legal_basis_list": [
            Case("the national legal bases", statuses(403, (SETUP_ADMINS, 200)), statuses(405), lambda t: {})
        ],
        "decisions:national_legal_basis_create": [
            national_page(
                lambda t: {},
                "a new national legal basis; POST adds it",
                data=lambda t: BASIS_DATA,
                changed=lambda t, user: decision_models.LegalBasis.objects.filter(
                    council__isnull=True, family=BASIS_DATA["family"]
                ).exists(),
            )
        ],
        "decisions:national_legal_basis_edit": [
            national_page(
                lambda t: {"pk": decree_152(t).pk},
                "the seeded Nghị định 152/2025 row; POST completes its title",
                data=decree_152_data,
                changed=lambda t, user: (
                    decision_models.LegalBasis.objects.get(pk=decree_152(t).pk).text == DECREE_152_TEXT
                ),
            ),
            Case(
                "a council's own row through the national page",
                statuses(403, (SETUP_ADMINS, 404)),
                statuses(403, (SETUP_ADMINS, 404)),
                own_basis("council"),
                data=lambda t: BASIS_DATA,
            ),
        ],
        "nominations:base_salary_list": [
            national_page(
                lambda t: {},
                "the base salary table; POST adds a version",
                data=lambda t: {"amount": "2700000", "valid_from": "2031-07-01"},
                changed=lambda t, user: models.BaseSalary.objects.filter(
                    valid_from=dt.date(2031, 7, 1), amount=2_700_000
                ).exists(),
            )
        ],
        "nominations:base_salary_edit": [
            national_page(
                lambda t: {"pk": base_salary(t).pk},
                "a base salary version; POST corrects its amount",
                data=lambda t: SALARY_DATA,
                changed=lambda t, user: models.BaseSalary.objects.get(pk=base_salary(t).pk).amount == 2_340_001,
            )
        ],
    }
)

# @@ campaigns

CAMPAIGN_DATA = {
    "name": "ZXC-PT Phong trào thi đua “Thị trấn Hà Trung văn minh”",
    "launched_by": "agency_unit",
    "scope": "agency",
    "starts_on": "2031-01-01",
    "ends_on": "2031-12-31",
    "way": "regular",
}


def own_campaign(council: str) -> Callable[[Targets], dict[str, int]]:
    """A campaign of the world's ``council`` (made on first use)."""

    def kwargs(t: Targets) -> dict[str, int]:
        campaign, _made = decision_models.Campaign.objects.get_or_create(
            council=getattr(t.world, council),
            name="Phong trào thi đua cũ",
            defaults={"starts_on": dt.date(2030, 1, 1), "ends_on": dt.date(2030, 12, 31)},
        )
        return {"pk": campaign.pk}

    return kwargs


def _tt02_case(form: str, fmt: str) -> list[Case]:
    return [
        Case(
            f"form {form} as {fmt}",
            statuses(404, (STAFF, 200)),
            statuses(405),
            lambda t: {"year": t.registered_decision.round.year, "form": form, "fmt": fmt},
            query=lambda t: f"?council={t.world.council.pk}",
        ),
        Case(
            f"form {form} as {fmt}, a year out of range",
            statuses(404),
            statuses(405),
            lambda t: {"year": 1999, "form": form, "fmt": fmt},
        ),
    ]


EXPECTED.update(
    {
        "decisions:campaign_list": [
            Case(
                "the council's campaigns",
                statuses(404, (SETUP_ADMINS, 200)),
                statuses(405),
                lambda t: {"council_pk": t.world.council.pk},
            ),
            Case(
                "the other council's campaigns",
                statuses(404),
                statuses(405),
                lambda t: {"council_pk": t.world.other_council.pk},
            ),
        ],
        "decisions:campaign_create": setup_page(
            lambda t: {"council_pk": t.world.council.pk},
            lambda t: {"council_pk": t.world.other_council.pk},
            "a new campaign of the council; POST adds it",
            data=lambda t: CAMPAIGN_DATA,
            changed=lambda t, user: decision_models.Campaign.objects.filter(
                council=t.world.council, name=CAMPAIGN_DATA["name"]
            ).exists(),
        ),
        "decisions:campaign_edit": setup_page(
            own_campaign("council"),
            own_campaign("other_council"),
            "a campaign of the council; POST edits it",
            data=lambda t: CAMPAIGN_DATA,
            changed=lambda t, user: (
                list(decision_models.Campaign.objects.filter(council=t.world.council).values_list("name", flat=True))
                == [CAMPAIGN_DATA["name"]]
            ),
        ),
        "documents:yearend_tt02": [
            *_tt02_case("0601", "pdf"),
            *_tt02_case("0601", "xlsx"),
            *_tt02_case("0603", "pdf"),
            *_tt02_case("0603", "xlsx"),
        ],
    }
)

# @@ step deadlines

STEP_DEADLINE_DATA = {"step": "review", "review-working_days": "9", "review-escalate_to_chairman_after_days": "2"}

EXPECTED.update(
    {
        "workflows:step_deadlines": [
            Case(
                "the step time limits of the admin's council; POST sets the review's own limit",
                statuses(404, (SETUP_ADMINS, 200)),
                statuses(404, (SETUP_ADMINS, 302)),
                lambda t: {"council_pk": t.world.council.pk},
                data=lambda t: STEP_DEADLINE_DATA,
                changes=SETUP_ADMINS,
                changed=lambda t, user: workflow_models.StepDeadline.objects.filter(
                    council=t.world.council, step="review", working_days=9
                ).exists(),
            ),
            Case(
                "the other council's time limits",
                statuses(404),
                statuses(404),
                lambda t: {"council_pk": t.world.other_council.pk},
                data=lambda t: STEP_DEADLINE_DATA,
            ),
        ]
    }
)

# @@ unit merge


def _merge_data(target: Any) -> dict[str, Any]:
    return {"target": target.pk, "merged_on": "2025-07-01", "reason": "Sắp xếp đơn vị hành chính"}


def _merged_into(t: Targets, target: Any) -> bool:
    return council_models.Unit.objects.get(pk=t.world.unit_b.pk).merged_into_id == target.pk


EXPECTED.update(
    {
        "councils:unit_merge": [
            Case(
                "unit B of the admin's council; POST merges it into unit A",
                statuses(404, (SETUP_ADMINS, 200)),
                statuses(404, (SETUP_ADMINS, 302)),
                lambda t: {"pk": t.world.unit_b.pk},
                data=lambda t: _merge_data(t.world.unit_a),
                changes=SETUP_ADMINS,
                changed=lambda t, user: _merged_into(t, t.world.unit_a),
            ),
            Case(
                "unit B into the other council's unit: the form refuses it",
                statuses(404, (SETUP_ADMINS, 200)),
                statuses(404, (SETUP_ADMINS, 200)),
                lambda t: {"pk": t.world.unit_b.pk},
                data=lambda t: _merge_data(t.world.other_unit),
            ),
            Case(
                "unit B into itself: the service refuses it",
                statuses(404, (SETUP_ADMINS, 200)),
                statuses(404, (SETUP_ADMINS, 200)),
                lambda t: {"pk": t.world.unit_b.pk},
                data=lambda t: _merge_data(t.world.unit_b),
            ),
            Case(
                "the other council's unit",
                statuses(404),
                statuses(404),
                lambda t: {"pk": t.world.other_unit.pk},
                data=lambda t: _merge_data(t.world.unit_a),
            ),
        ],
        "councils:unit_edit": [
            *EXPECTED["councils:unit_edit"],
            Case(
                "unit B, which has an account; POST delete is refused (deactivation offered)",
                statuses(404, (SETUP_ADMINS, 200)),
                statuses(404, (SETUP_ADMINS, 302)),
                lambda t: {"pk": t.world.unit_b.pk},
                data=lambda t: {"action": "delete"},
            ),
        ],
    }
)

# @@ award wording

# @@ import and guided start


def _xlsx_upload(header: list[str], row: list[Any], name: str = "nhap.xlsx") -> Any:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(header)
    workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


IMPORT_UNIT_ROW = {"row": 2, "name": "ZXI-DV Tiểu khu nhập", "kind": "quarter", "staff_count": 3, "household_count": 40}
IMPORT_MEMBER_ROW = {
    "row": 2,
    "full_name": "Trịnh Văn Nhập",
    "username": "zxi_thanhvien",
    "role": "member",
    "position": "",
    "unit": "",
    "term_from": None,
    "term_until": None,
}
IMPORT_PERSON_ROW = {
    "row": 2,
    "full_name": "ZXI-CN Lê Thị Nhập",
    "birth_date": "1985-03-15",
    "gender": "female",
    "position": "",
    "unit": "",
    "citizen_id": "",
}


def _import_token(kind: Any, council: Any, row: dict[str, Any]) -> dict[str, str]:
    """A confirm token signed for the council admin (the superuser's is another salt: refused)."""
    from django.core import signing

    from councils import import_views

    admin = council_models.User.objects.get(username="council_admin")
    return {"token": signing.dumps({"rows": [row]}, salt=import_views._salt(kind, admin, council), compress=True)}


def _unit_kind() -> Any:
    from councils import import_views

    return import_views.UNITS


def _member_kind() -> Any:
    from councils import import_views

    return import_views.MEMBERS


def _people_kind() -> Any:
    from nominations import import_views

    return import_views.PEOPLE


def _import_cases(
    route: str, header: list[str], row: list[Any], own: Callable[[Targets], dict[str, Any]]
) -> dict[str, list[Case]]:
    """The upload (preview, nothing saved), template (GET only) and confirm pages of one import."""
    return {
        route: [
            Case(
                "the import page of the admin's council; POST a file: the preview (nothing saved)",
                statuses(404, (SETUP_ADMINS, 200)),
                statuses(404, (SETUP_ADMINS, 200)),
                lambda t: {"council_pk": t.world.council.pk},
                data=lambda t: {"file": _xlsx_upload(header, row)},
            ),
            Case(
                "the import page of the other council",
                statuses(404),
                statuses(404),
                lambda t: {"council_pk": t.world.other_council.pk},
                data=lambda t: {"file": _xlsx_upload(header, row)},
            ),
        ],
        f"{route}_template": [
            Case(
                "the .xlsx template of the admin's council",
                statuses(404, (SETUP_ADMINS, 200)),
                statuses(405),
                lambda t: {"council_pk": t.world.council.pk},
            ),
            Case(
                "the template of the other council",
                statuses(404),
                statuses(405),
                lambda t: {"council_pk": t.world.other_council.pk},
            ),
        ],
        f"{route}_confirm": [
            Case(
                "confirm with a token signed for the council admin: saved and the sheet (200); "
                "the superuser's salt differs: refused (400); GET goes back to the upload",
                statuses(404, (SETUP_ADMINS, 302)),
                statuses(404, (SETUP_ADMINS, 400), ((COUNCIL_ADMIN,), 200)),
                lambda t: {"council_pk": t.world.council.pk},
                data=lambda t: own(t),
                changes=(COUNCIL_ADMIN,),
                changed=lambda t, user: _import_saved(route, t),
            ),
            Case(
                "confirm into the other council",
                statuses(404),
                statuses(404),
                lambda t: {"council_pk": t.world.other_council.pk},
                data=lambda t: own(t),
            ),
        ],
    }


def _import_saved(route: str, t: Targets) -> bool:
    if route == "councils:unit_import":
        return council_models.Unit.objects.filter(council=t.world.council, name=IMPORT_UNIT_ROW["name"]).exists()
    if route == "councils:member_import":
        return council_models.CouncilMembership.objects.filter(
            council=t.world.council, user__username="zxi_thanhvien", user__must_change_password=True
        ).exists()
    return models.Person.objects.filter(council=t.world.council, full_name=IMPORT_PERSON_ROW["full_name"]).exists()


EXPECTED.update(
    {
        "councils:start": [
            Case(
                "the guided start of the admin's council",
                statuses(404, (SETUP_ADMINS, 200)),
                statuses(405),
                lambda t: {"council_pk": t.world.council.pk},
                secret=lambda t: t.world.council.name,
                may_see=SETUP_ADMINS,
                shown=True,
            ),
            Case(
                "the guided start of the other council",
                statuses(404),
                statuses(405),
                lambda t: {"council_pk": t.world.other_council.pk},
                secret=lambda t: t.world.other_council.name,
            ),
        ],
        "nominations:award_defaults": [
            Case(
                "POST gives the admin's council the commune-level award types it lacks",
                statuses(405),
                statuses(404, (SETUP_ADMINS, 302)),
                lambda t: {"council_pk": t.world.council.pk},
                changes=SETUP_ADMINS,
                changed=lambda t, user: models.AwardType.objects.filter(
                    council=t.world.council, code="CSTDCS"
                ).exists(),
            ),
            Case(
                "the other council",
                statuses(405),
                statuses(404),
                lambda t: {"council_pk": t.world.other_council.pk},
            ),
        ],
        **_import_cases(
            "councils:unit_import",
            ["Tên đơn vị", "Loại đơn vị"],
            ["ZXI-DV Tiểu khu xem trước", "Trường học"],
            lambda t: _import_token(_unit_kind(), t.world.council, IMPORT_UNIT_ROW),
        ),
        **_import_cases(
            "councils:member_import",
            ["Họ và tên", "Tên đăng nhập", "Vai trò"],
            ["Trịnh Văn Xem", "zxi_xemtruoc", "Thành viên hội đồng"],
            lambda t: _import_token(_member_kind(), t.world.council, IMPORT_MEMBER_ROW),
        ),
        **_import_cases(
            "nominations:person_import",
            ["Họ và tên", "Ngày sinh"],
            ["ZXI-CN Trần Văn Xem", "05/01/1990"],
            lambda t: _import_token(_people_kind(), t.world.council, IMPORT_PERSON_ROW),
        ),
    }
)

# @@ two-factor authentication

# The roles that must sign in with the second factor (access.second_factor_required): logged in
# with force_login, they count as verified with a real confirmed device (the root conftest).
SECOND_FACTOR = (SECRETARIAT, CHAIRMAN, COUNCIL_ADMIN, OTHER_SECRETARIAT, SUPERUSER)
WRONG_CODE = {"code": "000000"}


def enrolled(user: Any) -> dict[str, int]:
    """``user`` with a confirmed TOTP app (made on first use), as the reset's target."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
    return {"user_pk": user.pk}


def unit_a_enrolled(t: Targets) -> Any:
    """A user of unit A who enrolled an app of their own (not one of the actors: an actor with a
    device and no verified session would meet the code page first)."""
    user = council_models.User.objects.filter(username="unit_a_phone").first()
    if user is None:
        user = factories.UserFactory(username="unit_a_phone")
        council_models.UnitMembership.objects.create(unit=t.world.unit_a, user=user)
    return user


def has_no_device(user: Any) -> bool:
    return not TOTPDevice.objects.filter(user=user).exists()


EXPECTED.update(
    {
        # verified sessions (and accounts without a device whose role does not need one) go on
        "otp_verify": [Case("the code after the password", statuses(302), statuses(302), data=lambda t: WRONG_CODE)],
        # a wrong code gives the form back; the page itself is open to every logged-in user
        "otp_setup": [Case("enrol an app", statuses(200), statuses(200), data=lambda t: WRONG_CODE)],
        "otp_manage": [Case("the account's own second factor", statuses(200), statuses(200))],
        "otp_recovery_renew": [
            Case(
                "ten new recovery codes (a verified session only; the others go back to their page)",
                statuses(405),
                statuses(302, (SECOND_FACTOR, 200)),
                changes=SECOND_FACTOR,
                changed=lambda t, user: StaticToken.objects.filter(device__user=user).count() == 10,
            )
        ],
        "otp_reset": [
            Case(
                "a unit account's lost phone: its council's admins and the superuser reset it",
                statuses(405),
                statuses(404, ((COUNCIL_ADMIN, SUPERUSER), 302)),
                lambda t: enrolled(unit_a_enrolled(t)),
                changes=(COUNCIL_ADMIN, SUPERUSER),
                changed=lambda t, user: has_no_device(unit_a_enrolled(t)),
            ),
            Case(
                "the other council's secretariat: the superuser alone",
                statuses(405),
                statuses(404, (only(SUPERUSER), 302)),
                lambda t: enrolled(t.world.other_secretariat),
                changes=only(SUPERUSER),
                changed=lambda t, user: has_no_device(t.world.other_secretariat),
            ),
        ],
    }
)


# --- Excel exports (common.exports): the page's own checks and rows; GET only ---


def export_of(page: str) -> list[Case]:
    """The cases of the export of ``page``: who may read the page may download its rows (the
    same statuses on GET), nobody may POST (405); the workbook is compressed, so the cases' secret
    is not looked for in it (tests/test_exports.py opens the files)."""
    return [
        dataclasses.replace(case, post=statuses(405), data=lambda t: {}, changes=(), changed=None, shown=False)
        for case in EXPECTED[page]
    ]


EXPECTED.update(
    {
        "nominations:list_xlsx": export_of("nominations:list"),
        "workflows:dossier_lines_xlsx": export_of("workflows:dossier_detail"),
        "workflows:session_results_xlsx": export_of("workflows:session_results"),
        "decisions:decision_list_xlsx": export_of("decisions:decision_list"),
        "decisions:decision_lines_xlsx": export_of("decisions:decision_detail"),
        "decisions:registry_for_unit_xlsx": export_of("decisions:registry_for_unit"),
        "decisions:registry_holder_xlsx": export_of("decisions:registry_holder"),
        "notifications:failed_xlsx": export_of("notifications:failed"),
        # the bulk entry's template: who may open the bulk page may download it (GET only)
        "nominations:line_template": [
            dataclasses.replace(
                case,
                post=statuses(405),
                kwargs=lambda t, address=case.kwargs: {**address(t), "kind": "individual"},
                data=lambda t: {},
                changes=(),
                changed=None,
            )
            for case in EXPECTED["nominations:lines_bulk"]
        ],
    }
)

# --- The round's dashboard (workflows.dashboard_views): who reads the council's dossiers ---

EXPECTED.update(
    {
        "workflows:round_dashboard": [
            Case(
                "the world's round",
                statuses(404, (STAFF, 200), (only(MEMBER), 403)),
                statuses(405),
                lambda t: {"pk": t.world.round.pk},
                secret=lambda t: t.world.unit_b.name,
                may_see=STAFF + UNIT_USERS,  # a unit's own name is on its own pages too
            ),
        ],
        # to the newest round of one's own council (the other council's secretariat: its own)
        "workflows:dashboard": [
            Case("the newest round", statuses(404, (STAFF + only(OTHER_SECRETARIAT), 302)), statuses(405)),
        ],
    }
)

# --- The account's API tokens (api.token_views): one's own only ---

EXPECTED.update(
    {
        # an empty form: the page again with its errors, no token made
        "api_tokens": [Case("the user's own tokens", statuses(200), statuses(200))],
        "api_token_revoke": [
            Case("a token that is nobody's", statuses(405), statuses(404), lambda t: {"pk": 987654}),
        ],
        "api_tokens_revoke_all": [Case("none to revoke", statuses(405), statuses(302))],
    }
)

# --- The URLconf --------------------------------------------------------------

EXCLUDED_NAMESPACES = {
    "admin",  # Django's own; see test_admin_is_for_the_superuser_only
    "api",  # the REST API: its own matrix, endpoint × role from the OpenAPI schema (api/tests/test_api_access.py)
}
EXCLUDED_NAMES = {"set_language"}  # see test_set_language


def walk(patterns: Iterable[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str, str]]:
    """(top namespace, route name, full pattern) of every URL pattern, through nested includes."""
    for entry in patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from walk(entry.url_patterns, inner, pattern)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield namespace.split(":")[0], name or f"<unnamed {pattern!r}>", pattern


def project_routes() -> dict[str, list[str]]:
    routes: dict[str, list[str]] = {}
    for top, name, pattern in walk(get_resolver().url_patterns):
        if top in EXCLUDED_NAMESPACES or name in EXCLUDED_NAMES:
            continue
        routes.setdefault(name, []).append(pattern)
    return routes


def test_every_route_has_an_entry() -> None:
    routes = project_routes()
    missing = {name: routes[name] for name in sorted(set(routes) - set(EXPECTED))}
    extra = sorted(set(EXPECTED) - set(routes))
    assert set(routes) == set(EXPECTED), (
        f"routes without an EXPECTED entry (add one to tests/test_access_matrix.py): {missing}; "
        f"EXPECTED entries for no route: {extra}"
    )
    shared = {name: patterns for name, patterns in routes.items() if len(patterns) > 1}
    assert not shared, f"one name for several patterns, so the matrix reaches only one of them: {shared}"
    everything = {name for _top, name, _pattern in walk(get_resolver().url_patterns)}
    assert EXCLUDED_NAMES <= everything, "set_language is gone: drop it from EXCLUDED_NAMES"
    assert "admin:index" in everything, "the admin is gone: drop it from EXCLUDED_NAMESPACES"


def test_every_case_lists_every_actor() -> None:
    for route, cases in EXPECTED.items():
        assert cases, route
        for case in cases:
            for method in ("get", "post"):
                table = getattr(case, method)
                assert set(table) == set(ACTORS), f"{route} [{case.about}] {method}: {set(ACTORS) ^ set(table)}"
            assert (case.changed is None) == (not case.changes), f"{route} [{case.about}]: changes without changed"


# --- Running a case -----------------------------------------------------------


STORED: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (models.Nomination, ("id", "status", "title", "note", "opened_at", "submission_count", "return_reason")),
    (models.Round, ("id", "name", "is_draft", "opens_at", "closes_at", "closed_at")),
    (models.RoundAwardType, ("id",)),
    (models.RoundQuota, ("id", "quota")),
    (models.Transition, ("id",)),
    (models.NominationLine, ("id", "return_reason")),
    (models.Attachment, ("id",)),
    (council_models.User, ("id", "password", "is_active", "language")),
    (council_models.UnitMembership, ("id",)),
    (council_models.Unit, ("id", "name", "is_active")),
    (council_models.CouncilMembership, ("id", "role", "position", "term_until")),
    (Task, ("id", "status", "owner")),
    (Notice, ("id",)),  # not read_at: opening a notice (a GET) marks it read
    (Delivery, ("id", "status", "attempts", "last_error")),
    (Preference, ("id", "enabled")),
    (
        decision_models.Decision,
        ("id", "status", "number", "subject", "legal_bases", "scan", "signed_on", "revoked_reason"),
    ),
    (decision_models.DecisionLine, ("id", "achievement", "amount")),
    (decision_models.DecisionNumberRegister, ("id", "last_number")),
    (decision_models.Honour, ("id",)),
    (
        decision_models.CouncilSession,
        ("id", "status", "present_total", "results_digest", "decision_note", "paper_closed_at", "close_reason"),
    ),
    (decision_models.Attendance, ("id", "state")),
    (decision_models.BallotCast, ("id", "method")),
    (decision_models.SealedBallot, ("id",)),
    (decision_models.LineTally, ("id", "agree", "disagree", "blank")),
    (decision_models.PaperEntry, ("id", "status")),
    (GeneratedDocument, ("id", "status", "version", "current")),
    (CertificateSettings, ("id", "paper", "offset_y_mm")),
    (council_models.Council, ("id", "name", "issuing_body", "decision_symbol", "is_active")),
    (council_models.CouncilSigner, ("id", "full_name", "is_active")),
    (council_models.Holiday, ("id", "date", "name")),
    (decision_models.LegalBasis, ("id", "text", "valid_from", "valid_until")),
    (models.BaseSalary, ("id", "amount", "valid_from")),
    (models.AwardType, ("id", "name_vi", "is_active")),
    (models.AwardRate, ("id", "multiplier", "valid_from", "valid_until")),
    (workflow_models.StepDeadline, ("id", "working_days")),
)


@functools.cache
def _state_sql(vendor: str) -> str:
    """One statement that reads every STORED table as one text each (its rows in id order, each
    row's columns joined): a request's before and after are two round trips, not two per table."""
    quote = connection.ops.quote_name
    parts = []
    for model, fields in STORED:
        columns = [quote(model._meta.get_field(name).column) for name in fields]
        table = quote(model._meta.db_table)
        if vendor == "postgresql":
            row = "concat_ws('~', " + ", ".join(f"coalesce({column}::text, '∅')" for column in columns) + ")"
            parts.append(
                f"(SELECT coalesce(string_agg(v, '|' ORDER BY i), '') FROM "
                f"(SELECT {columns[0]} AS i, {row} AS v FROM {table}) s)"
            )
        else:
            row = " || '~' || ".join(f"coalesce(CAST({column} AS TEXT), '∅')" for column in columns)
            parts.append(
                f"(SELECT coalesce(group_concat(v, '|'), '') FROM "
                f"(SELECT {columns[0]} AS i, {row} AS v FROM {table} ORDER BY i) s)"
            )
    return "SELECT " + ", ".join(parts)


def stored_state() -> dict[str, str]:
    """What a forbidden request must leave as it was (plain SQL, one statement: it runs twice around
    each of several thousand requests)."""
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(connection.vendor))
        values = cursor.fetchone()
    return {model.__name__: value for (model, _fields), value in zip(STORED, values, strict=True)}


def test_the_stored_state_sees_every_kind_of_change(world: Any) -> None:
    """The one-statement snapshot notices a changed text, a flag, a date, a new row and a deleted one."""
    before = stored_state()
    council_models.Unit.objects.filter(pk=world.unit_a.pk).update(name="Tên khác")
    assert stored_state()["Unit"] != before["Unit"]
    after_name = stored_state()
    council_models.Unit.objects.filter(pk=world.unit_a.pk).update(is_active=False)
    assert stored_state()["Unit"] != after_name["Unit"]
    holidays = stored_state()["Holiday"]
    holiday = council_models.Holiday.objects.create(date=dt.date(2031, 5, 19), name="Ngày thử")
    assert stored_state()["Holiday"] != holidays
    with_row = stored_state()["Holiday"]
    council_models.Holiday.objects.filter(pk=holiday.pk).update(date=dt.date(2031, 5, 20))
    assert stored_state()["Holiday"] != with_row
    holiday.delete()
    assert stored_state()["Holiday"] == holidays
    assert stored_state()["Council"] == before["Council"]


def body_of(response: Any) -> str:
    # The test client closes the response itself (for a streamed one, once its content
    # is consumed) with Django's close_old_connections disconnected; closing it here
    # again would fire request_finished and close the test's database connection.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


class Session:
    """An actor's login on a shared test client (one client per test: each new one
    loads the middleware again, and WhiteNoise then rescans every static file).
    Every request starts from the same login, whatever the last one did (a logout,
    a password change): the database is rolled back after each request, the
    cookies here."""

    def __init__(self, client: Client, user: Any) -> None:
        self.client = client
        self.user = user
        self.session_key = None
        if user is not None:
            client.force_login(user)
            self.session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
        client.cookies.clear()

    def send(self, method: str, url: str, data: dict[str, Any]) -> Any:
        self.client.cookies.clear()
        if self.session_key:
            self.client.cookies[settings.SESSION_COOKIE_NAME] = self.session_key
        return self.client.get(url) if method == "get" else self.client.post(url, data)


def check_case(route: str, case: Case, actor: str, session: Session, targets: Targets) -> list[str]:
    login_path = resolve_url(settings.LOGIN_URL)
    url = reverse(route, kwargs=case.kwargs(targets)) + case.query(targets)
    secret = case.secret(targets) if case.secret else None
    failures = []
    for method in ("get", "post"):
        expected = getattr(case, method)[actor]
        where = f"{route} [{case.about}] {method.upper()} {url} as {actor}"
        with transaction.atomic():
            before = stored_state()
            try:
                response = session.send(method, url, case.data(targets))
            except Exception as exc:  # a crash fails this cell, not the rest of the matrix
                failures.append(f"{where}: raised {exc!r}")
                transaction.set_rollback(True)
                continue
            after = stored_state()
            worked = method == "post" and actor in case.changes and case.changed(targets, session.user)
            transaction.set_rollback(True)
        body = body_of(response)
        if expected == LOGIN:
            location = response.get("Location", "")
            if response.status_code != 302 or urlsplit(location).path != login_path:
                failures.append(f"{where}: expected a redirect to {login_path}, got {response.status_code} {location}")
        elif response.status_code != expected:
            failures.append(f"{where}: expected {expected}, got {response.status_code}")
        if response.status_code >= 400:
            shown = [title for title in targets.titles if title in body]
            if shown:
                failures.append(f"{where}: the {response.status_code} page shows {shown}")
        if secret is not None:
            if actor not in case.may_see and secret in body:
                failures.append(f"{where}: the page shows {secret!r}")
            if case.shown and actor in case.may_see and response.status_code == 200 and secret not in body:
                failures.append(f"{where}: the page does not show {secret!r}")
        if method == "post" and actor in case.changes:
            if not worked:
                failures.append(f"{where}: the POST did not do its work")
        elif after != before:
            changed = sorted(name for name in before if before[name] != after[name])
            failures.append(f"{where}: changed the stored {', '.join(changed)}")
    return failures


@pytest.fixture
def actors(world: Any) -> dict[str, Any]:
    return users_by_actor(world)


@pytest.fixture
def targets(world: Any, make_dossier: Any) -> Targets:
    return Targets(world, make_dossier)


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_access(route: str, actors: dict[str, Any], targets: Targets) -> None:
    """One test per route, every actor in it: the world and its dossiers are built
    once per route, not once per cell (264 cells would take minutes).  Each
    failure line names the route, the case, the method and the actor."""
    client = Client()
    failures = []
    for actor in ACTORS:
        session = Session(client, actors.get(actor))
        for case in EXPECTED[route]:
            failures.extend(check_case(route, case, actor, session, targets))
    assert not failures, f"{len(failures)} cell(s) of the matrix differ:\n" + "\n".join(failures)


# --- Pages not in the matrix --------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_admin_is_for_the_superuser_only(actor: str, actors: dict[str, Any], world: Any) -> None:
    unit_name = world.unit_a.name
    client = Client()
    if actor != ANONYMOUS:
        client.force_login(actors[actor])
    index = client.get(reverse("admin:index"))
    changelist = client.get(reverse("admin:councils_unit_changelist"))
    if actor == SUPERUSER:
        assert index.status_code == 200
        assert changelist.status_code == 200
        assert unit_name in body_of(changelist)
        return
    for response in (index, changelist):
        assert response.status_code in (302, 403), f"{actor}: {response.status_code}"
        if response.status_code == 302:
            assert urlsplit(response["Location"]).path == reverse("admin:login"), response["Location"]
        assert unit_name not in body_of(response)


BRAND = "Thi đua – Khen thưởng"  # base.html's header


def test_set_language(client: Client, world: Any) -> None:
    login = reverse("login")
    assert '<html lang="vi">' in client.get(login).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert response.status_code == 302
    assert response["Location"] == login
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(login).content.decode()
    assert '<html lang="en">' in page
    # English text, where the English catalogue has it (otherwise the same Vietnamese words)
    with translation.override("en"):
        brand = translation.gettext(BRAND)
    assert brand in page
    if brand != BRAND:
        assert BRAND not in page
    # an outside "next" is not followed
    response = client.post(reverse("set_language"), {"language": "vi", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"


@pytest.mark.parametrize("actor", LOGGED_IN)
def test_dossier_list_shows_only_visible(actor: str, actors: dict[str, Any], targets: Targets) -> None:
    visible = {
        UNIT_A: {"draft_a", "submitted_a", "accepted_a"},
        UNIT_A2: {"draft_a", "submitted_a", "accepted_a"},
        UNIT_B: {"draft_b"},
        OTHER_UNIT: {"submitted_other"},
        SECRETARIAT: {"submitted_a", "accepted_a"},
        CHAIRMAN: {"submitted_a", "accepted_a"},
        COUNCIL_ADMIN: {"submitted_a", "accepted_a"},
        SUPERUSER: {"submitted_a", "accepted_a"},
        MEMBER: {"accepted_a"},
        OTHER_SECRETARIAT: {"submitted_other"},
    }[actor]
    dossiers = {
        name: getattr(targets, name) for name in ("draft_a", "submitted_a", "accepted_a", "draft_b", "submitted_other")
    }
    client = Client()
    client.force_login(actors[actor])
    # asking for unit A's dossiers by filter reveals nothing more
    for query in ("", f"?unit={targets.world.unit_a.pk}&status=draft"):
        response = client.get(reverse("nominations:list") + query)
        assert response.status_code == 200
        body = body_of(response)
        shown = {name for name, nomination in dossiers.items() if nomination.title in body}
        if query:
            assert shown <= visible, f"{actor} {query}: {shown - visible}"
        else:
            assert shown == visible, f"{actor}: shows {sorted(shown)}, expected {sorted(visible)}"


# --- Tasks --------------------------------------------------------------------


def _ids(rows: list[flow_selectors.TaskRow]) -> set[int]:
    return {row.nomination.pk for row in rows}


def test_inbox_and_queue_isolation(world: Any, targets: Targets) -> None:
    draft_a, submitted_a, returned_a, accepted_a = (
        targets.draft_a,
        targets.submitted_a,
        targets.returned_a,
        targets.accepted_a,
    )
    draft_b, submitted_other = targets.draft_b, targets.submitted_other
    of_unit_a = {draft_a.pk, submitted_a.pk, returned_a.pk, accepted_a.pk}

    def page(user: Any) -> str:
        client = Client()
        client.force_login(user)
        response = client.get(reverse("workflows:tasks"))
        assert response.status_code == 200
        return body_of(response)

    # unit A's own prepare tasks are in both unit A users' inboxes
    for user in (world.unit_a_user, world.unit_a_user2):
        assert _ids(flow_selectors.inbox_for_user(user=user)) == {draft_a.pk, returned_a.pk}
        assert _ids(flow_selectors.queue_for_user(user=user)) == set()

    # unit B: its own task only
    assert _ids(flow_selectors.inbox_for_user(user=world.unit_b_user)) == {draft_b.pk}
    assert _ids(flow_selectors.queue_for_user(user=world.unit_b_user)) == set()
    body = page(world.unit_b_user)
    assert draft_b.title in body
    assert [n.title for n in (draft_a, submitted_a, returned_a, accepted_a) if n.title in body] == []

    # the other council's secretariat: its council's review task, nothing of this council
    assert _ids(flow_selectors.queue_for_user(user=world.other_secretariat)) == {submitted_other.pk}
    assert _ids(flow_selectors.inbox_for_user(user=world.other_secretariat)) == set()
    body = page(world.other_secretariat)
    assert submitted_other.title in body
    assert submitted_a.title not in body
    assert _ids(flow_selectors.queue_for_user(user=world.other_unit_user)) == set()
    assert _ids(flow_selectors.inbox_for_user(user=world.other_unit_user)).isdisjoint(of_unit_a)

    # this council's secretariat: the submitted, unopened dossier waits in the queue
    assert _ids(flow_selectors.queue_for_user(user=world.secretariat)) == {submitted_a.pk}
    assert _ids(flow_selectors.inbox_for_user(user=world.secretariat)) == set()
    assert 'id="queue-count">1<' in page(world.secretariat)

    client = Client()
    client.force_login(world.secretariat)
    response = client.post(reverse("workflows:dossier_open", kwargs={"pk": submitted_a.pk}))
    assert response.status_code == 302

    # ...and once opened it is that secretariat user's, nobody else's
    assert _ids(flow_selectors.queue_for_user(user=world.secretariat)) == set()
    assert _ids(flow_selectors.inbox_for_user(user=world.secretariat)) == {submitted_a.pk}
    body = page(world.secretariat)
    assert 'id="queue-count">0<' in body
    assert 'id="inbox-count">1<' in body
    assert submitted_a.title in body
    for user in (world.secretariat2, world.other_secretariat, world.unit_b_user, world.chairman):
        seen = _ids(flow_selectors.inbox_for_user(user=user)) | _ids(flow_selectors.queue_for_user(user=user))
        assert submitted_a.pk not in seen, user.username
    assert submitted_a.title not in page(world.secretariat2)


# --- viewflow's own permission hooks ------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_viewflow_permissions(actor: str, actors: dict[str, Any], targets: Targets) -> None:
    user = actors.get(actor, AnonymousUser())
    flow = DossierFlow.instance
    draft = flow_services.process_for(targets.draft_a)
    submitted = flow_services.process_for(targets.submitted_a)
    other = flow_services.process_for(targets.submitted_other)
    assert flow.has_view_permission(user, draft) is (actor in OWN_UNIT)
    assert flow.has_view_permission(user, submitted) is (actor in OWN_UNIT + STAFF)
    assert flow.has_view_permission(user, other) is (actor in OTHER_COUNCIL)
    assert flow.has_view_permission(user, None) is False
    for process in (None, draft, submitted, other):
        assert flow.has_manage_permission(user, process) is (actor == SUPERUSER)
