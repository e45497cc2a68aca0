"""The chairman's decision across apps: registering it queues its papers (the
decision, its list and one certificate per awardee) once the registration is
committed, and editing its text asks the council's certificate layout whether
each achievement fits.  ``decisions`` knows nothing of ``documents``; this module
joins them."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from decisions.models import Decision
from decisions.services import decisions as decision_services
from documents import services as document_services


@transaction.atomic
def decision_register(*, actor: Any, decision: Decision, **registration: Any) -> Decision:
    """``decisions.services.decisions.decision_register`` (number, date, signer, money), then
    the papers once it is committed."""
    registered = decision_services.decision_register(actor=actor, decision=decision, **registration)
    decision_id = registered.pk
    transaction.on_commit(
        lambda: document_services.decision_documents_after_registration(decision_id=decision_id), robust=True
    )
    return registered


def decision_update_text(*, actor: Any, decision: Decision, **text: Any) -> Decision:
    """``decisions.services.decisions.decision_update_text`` with the council's certificate
    as the judge of what fits."""
    council_id = decision.council_id
    return decision_services.decision_update_text(
        actor=actor,
        decision=decision,
        **text,
        fit_problems=lambda texts: document_services.achievement_fit_problems(
            council_id=council_id, achievements=texts
        ),
    )
