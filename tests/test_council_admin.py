"""The council admin's powers, as the README's roles table states them, checked on the
services themselves (the access matrix checks the pages).  A PermissionError is a
refusal of the role; anything else (done, or refused by a rule of the data) means
the role may.  The expectations are written here, not read from the access policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from councils import services as council_services
from councils.models import CouncilMembership, CouncilRole
from decisions.models import AgendaItem, Choice, Decision, SignerCapacity
from decisions.services import decisions as decision_services
from decisions.services import proposals as proposal_services
from documents import services as document_services
from tests import factories
from workflows import decisions as flow_decisions
from workflows import services as flow_services
from workflows import session_services

pytestmark = pytest.mark.django_db

# what the README says the council admin does (True) and never does (False)
README = {
    "create a unit account": True,
    "register a decision": True,
    "edit a draft decision's text": True,
    "revoke a decision": True,
    "make the proposal to the higher council": True,
    "change the certificate print settings": True,
    "review a dossier": False,
    "run a session": False,
    "vote": False,
    "decide on a session": False,
}


def _allowed(call: Callable[[], Any]) -> bool:
    try:
        call()
    except PermissionError:
        return False
    except ValidationError:
        return True  # the role may; the data said no
    return True


@pytest.fixture
def council_admin(world: Any) -> Any:
    admin = factories.UserFactory(username="council_admin")
    CouncilMembership.objects.create(council=world.council, user=admin, role=CouncilRole.ADMIN)
    return admin


def test_the_council_admin_does_what_the_readme_says(
    world: Any, make_dossier: Any, draft: Any, session: Any, council_admin: Any
) -> None:
    submitted = make_dossier("submitted")
    item = AgendaItem.objects.filter(session=session).first()
    assert item is not None
    actions: dict[str, Callable[[], Any]] = {
        "create a unit account": lambda: council_services.unit_user_create(
            actor=council_admin, unit=world.unit_a, username="tk-moi", full_name="Nguyễn Văn Mới"
        ),
        "register a decision": lambda: flow_decisions.decision_register(
            actor=council_admin,
            decision=draft,
            signed_on=dt.date(2026, 12, 20),
            signer_name="Trịnh Văn Hùng",
            signer_capacity=SignerCapacity.CHAIRMAN,
        ),
        "edit a draft decision's text": lambda: flow_decisions.decision_update_text(
            actor=council_admin,
            decision=Decision.objects.get(pk=draft.pk),
            subject="Về việc khen thưởng",
            legal_bases="",
            recipients="",
        ),
        "revoke a decision": lambda: decision_services.decision_revoke(
            actor=council_admin,
            decision=draft,
            reason="Sai đối tượng",
            revoked_by_number="25/QĐ-UBND",
            revoked_by_date=None,
        ),
        "make the proposal to the higher council": lambda: proposal_services.proposal_create(
            actor=council_admin, session=session
        ),
        "change the certificate print settings": lambda: document_services.certificate_settings_update(
            actor=council_admin,
            council=world.council,
            paper="A4",
            text_only=False,
            offset_x_mm=0,
            offset_y_mm=0,
            positions={},
        ),
        "review a dossier": lambda: flow_services.dossier_review(user=council_admin, nomination=submitted, accept=True),
        "run a session": lambda: session_services.session_start(
            actor=council_admin,
            round=world.round,
            held_at=dt.datetime(2026, 12, 10, 8, 30, tzinfo=dt.UTC),
            place="Hội trường",
            chair=world.chairman,
            secretary=world.secretariat,
        ),
        "vote": lambda: session_services.session_ballot_cast(
            member=council_admin, session=session, choices={item.pk: Choice.AGREE}
        ),
        "decide on a session": lambda: session_services.session_chairman_decide(
            chairman=council_admin, session=session, approve_item_ids=[item.pk]
        ),
    }
    assert set(actions) == set(README)
    found = {name: _allowed(call) for name, call in actions.items()}
    assert found == README


def test_the_secretariat_is_refused_what_only_the_chairman_does(world: Any, draft: Any, session: Any) -> None:
    """The same check fails for the right reason: the secretariat does not decide or revoke."""
    item = AgendaItem.objects.filter(session=session).first()
    assert item is not None
    assert not _allowed(
        lambda: session_services.session_chairman_decide(
            chairman=world.secretariat, session=session, approve_item_ids=[item.pk]
        )
    )
    assert not _allowed(
        lambda: decision_services.decision_revoke(
            actor=world.secretariat, decision=draft, reason="Sai", revoked_by_number="25/QĐ-UBND", revoked_by_date=None
        )
    )
