"""The chairman's decision across apps: registering it queues its papers (the
decision, its list and one certificate per awardee) once the registration is
committed, and editing its text asks the council's certificate layout whether
each achievement fits.  ``decisions`` knows nothing of ``documents``; this module
joins them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from decisions.models import Decision
from decisions.services import decisions as decision_services
from documents import services as document_services


@transaction.atomic
def decision_register(
    *,
    actor: Any,
    decision: Decision,
    signed_on: dt.date,
    signer_name: str,
    signer_capacity: str,
    number: int | None = None,
    without_money: bool = False,
) -> Decision:
    registered = decision_services.decision_register(
        actor=actor,
        decision=decision,
        signed_on=signed_on,
        signer_name=signer_name,
        signer_capacity=signer_capacity,
        number=number,
        without_money=without_money,
    )
    decision_id = registered.pk
    transaction.on_commit(
        lambda: document_services.decision_documents_after_registration(decision_id=decision_id), robust=True
    )
    return registered


def decision_update_text(
    *,
    actor: Any,
    decision: Decision,
    subject: str,
    legal_bases: str,
    recipients: str,
    achievements: dict[int, str] | None = None,
) -> Decision:
    council_id = decision.council_id
    return decision_services.decision_update_text(
        actor=actor,
        decision=decision,
        subject=subject,
        legal_bases=legal_bases,
        recipients=recipients,
        achievements=achievements,
        fit_problems=lambda texts: document_services.achievement_fit_problems(
            council_id=council_id, achievements=texts
        ),
    )
