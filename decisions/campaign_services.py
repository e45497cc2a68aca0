"""Writes of the council's emulation campaigns (``Campaign``, counted by form 0601.N/BNV-TĐKT),
kept by whoever administers the council (``Capability.ADMINISTER``), as
``decisions.legal_basis_services`` keeps the legal bases: ask ``councils.access``, run in one
transaction, ``full_clean``, raise a ``ValidationError`` a user can read."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from councils import access
from councils.access import Capability
from councils.models import Council
from decisions.models import Campaign
from nominations.models import Round

EDITABLE_FIELDS: tuple[str, ...] = ("name", "launched_by", "scope", "starts_on", "ends_on", "way")


def _assign(campaign: Campaign, fields: dict[str, Any]) -> list[Round] | None:
    rounds = fields.pop("rounds", None)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(campaign, name, value)
    return list(rounds) if rounds is not None else None


def _saved(campaign: Campaign, rounds: list[Round] | None) -> Campaign:
    campaign.full_clean()
    campaign.save()
    if rounds is not None:
        # only the council's own rounds review its campaigns
        campaign.rounds.set([r for r in rounds if r.council_id == campaign.council_id])
    return campaign


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


@transaction.atomic
def campaign_create(*, actor: Any, council: Council, **fields: Any) -> Campaign:
    access.require(actor, Capability.ADMINISTER, council.pk)
    campaign = Campaign(council=council)
    rounds = _assign(campaign, fields)
    return _saved(campaign, rounds)


@transaction.atomic
def campaign_update(*, actor: Any, campaign: Campaign, **fields: Any) -> Campaign:
    access.require(actor, Capability.ADMINISTER, campaign.council_id)
    campaign = _locked(campaign)
    rounds = _assign(campaign, fields)
    return _saved(campaign, rounds)


@transaction.atomic
def campaign_delete(*, actor: Any, campaign: Campaign) -> None:
    access.require(actor, Capability.ADMINISTER, campaign.council_id)
    _locked(campaign).delete()
