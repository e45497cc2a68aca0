"""Row locks of the council's decision (Saleor's ``lock_objects`` pattern): each name is
the model's ``select_for_update``, so a service reads ``locks.sessions_for_update().get(…)``
and every lock of this app is listed here.  Joins a service adds are locked too unless
it passes ``of=("self",)``."""

from decisions.models import CouncilSession, Decision, DecisionNumberRegister, Proposal

sessions_for_update = CouncilSession.objects.select_for_update
decisions_for_update = Decision.objects.select_for_update
number_registers_for_update = DecisionNumberRegister.objects.select_for_update
proposals_for_update = Proposal.objects.select_for_update
