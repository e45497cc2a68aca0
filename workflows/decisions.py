"""The chairman's decision across apps: registering it tells each nominating unit
what became of its own lines and queues its papers (the decision, its list and one
certificate per awardee) once the registration is committed, and editing its text
asks the council's certificate layout whether each achievement fits.  ``decisions``
knows nothing of ``documents``; this module joins them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse

from councils.models import Unit, User
from decisions import outcomes
from decisions.models import Decision
from decisions.services import decisions as decision_services
from documents import services as document_services
from notifications.services import NoticeEvent, notices_emit
from printing import formats as docformat


@transaction.atomic
def decision_register(*, actor: Any, decision: Decision, **registration: Any) -> Decision:
    """``decisions.services.decisions.decision_register`` (number, date, signer, money), then
    the papers once it is committed."""
    registered = decision_services.decision_register(actor=actor, decision=decision, **registration)
    units_told_results(decision=registered)
    decision_id = registered.pk
    transaction.on_commit(
        lambda: document_services.decision_documents_after_registration(decision_id=decision_id), robust=True
    )
    return registered


def units_told_results(*, decision: Decision) -> int:
    """Tell each unit whose lines a registered decision (or its session) settled what became
    of its own lines, in its own language: one notice per decision and unit (a second call
    tells nobody twice).  Inside the registration's transaction; returns the units told."""
    by_unit = outcomes.decision_outcomes_by_unit(decision)
    if not by_unit:
        return 0
    names = dict(Unit.objects.filter(pk__in=list(by_unit)).values_list("pk", "name"))
    staff: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(unit_memberships__unit_id__in=list(by_unit), is_active=True).annotate(
        told_unit=F("unit_memberships__unit_id")
    ):
        staff[user.told_unit].append(user)
    council = decision.council
    url = reverse("documents:unit_decision", kwargs={"pk": decision.pk})
    reference = docformat.number_reference(decision.number, decision.symbol)
    signed = docformat.short_date(decision.signed_on) if decision.signed_on else ""
    notices_emit(
        verb="decision_result",
        council_id=decision.council_id,
        events=[
            NoticeEvent(
                recipients=staff[unit_id],
                event_key=f"decision-result:{decision.pk}:{unit_id}",
                context={
                    "unit": names[unit_id],
                    "council": council.name,
                    "reference": reference,
                    "date": signed,
                    "subject": decision.subject,
                    "awarded": sum(1 for row in rows if row.awarded),
                    "total": len(rows),
                    "lines": [row.notice_row() for row in rows],
                },
                url=url,
            )
            for unit_id, rows in by_unit.items()
        ],
    )
    return len(by_unit)


def decision_update_text(*, actor: Any, decision: Decision, **text: Any) -> Decision:
    """``decisions.services.decisions.decision_update_text`` (kept here for the views that call it)."""
    return decision_services.decision_update_text(actor=actor, decision=decision, **text)
