"""Forwarding up follows the explicit mapping each award type holds (the parent council's
award type it becomes), never a match of codes across councils: the town's "GKH" becomes
the district's "GK", as in the demo."""

from __future__ import annotations

import importlib
import re
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from councils.models import CouncilLevel
from decisions.models import ProposalStatus
from decisions.services import proposals as ps
from decisions.tests.flows.test_forwarding import _decided_session, upward  # noqa: F401 - the fixture
from decisions.tests.services.test_session_services import council  # noqa: F401 - the fixture
from nominations.models import AwardType, Nomination, Person, RoundAwardType
from tests import factories
from workflows import proposal_services as wps

pytestmark = pytest.mark.django_db

UNMAPPED = "Chưa đặt “hình thức tương ứng ở hội đồng cấp trên” cho hình thức “Lao động tiên tiến (GKH)”"


@pytest.fixture
def codes_differ(upward: Any) -> Any:  # noqa: F811
    """The town calls its line "GKH", the district calls the award it becomes "GK"; the district
    also offers an unrelated "GKH", which a match by code would wrongly pick."""
    world = upward.council.world
    world.ldtt.code = "GKH"
    world.ldtt.parent_award_type = None
    world.ldtt.save()
    district_gk = factories.AwardTypeFactory(
        council=upward.district,
        code="GK",
        name_vi="Giấy khen của Chủ tịch Ủy ban nhân dân huyện",
        deciding_level=CouncilLevel.DISTRICT,
    )
    same_code = factories.AwardTypeFactory(
        council=upward.district,
        code="GKH",
        name_vi="Giấy khen của Hội Khuyến học",
        deciding_level=CouncilLevel.DISTRICT,
    )
    for award in (district_gk, same_code):
        RoundAwardType.objects.create(round=upward.round, award_type=award)
    session = _decided_session(upward.council)
    proposal = ps.proposal_create(actor=world.secretariat, session=session)
    return type("Codes", (), {"up": upward, "world": world, "gk": district_gk, "proposal": proposal})


def _nothing_written(codes: Any) -> None:
    proposal = codes.proposal
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.forwarded_nomination is None
    assert not proposal.lines.filter(forwarded_line__isnull=False).exists()
    assert not Nomination.objects.filter(round=codes.up.round).exists()
    assert not Person.objects.filter(council=codes.up.district).exists()


def test_a_proposal_goes_up_with_different_codes_through_the_mapping(codes_differ: Any) -> None:
    world = codes_differ.world
    world.ldtt.parent_award_type = codes_differ.gk
    world.ldtt.full_clean()
    world.ldtt.save()
    dossier = wps.proposal_send(
        actor=world.secretariat, proposal=codes_differ.proposal, to_council=codes_differ.up.district
    )
    lines = list(dossier.lines.select_related("award_type"))
    assert len(lines) == 2
    assert {line.award_type for line in lines} == {codes_differ.gk}  # "GK", not the district's own "GKH"
    assert dossier.round == codes_differ.up.round
    codes_differ.proposal.refresh_from_db()
    assert codes_differ.proposal.status == ProposalStatus.SENT
    assert codes_differ.proposal.forwarded_nomination == dossier


def test_without_a_mapping_sending_is_refused_and_nothing_is_written(codes_differ: Any) -> None:
    world = codes_differ.world
    with pytest.raises(ValidationError) as refused:
        wps.proposal_send(actor=world.secretariat, proposal=codes_differ.proposal, to_council=codes_differ.up.district)
    message = refused.value.messages[0]
    assert message.startswith(UNMAPPED)
    assert "quản trị hội đồng hãy đặt “hình thức tương ứng ở hội đồng cấp trên”" in message
    _nothing_written(codes_differ)


def test_a_mapping_to_a_council_other_than_the_parent_is_refused(codes_differ: Any) -> None:
    world = codes_differ.world
    elsewhere = AwardType.objects.get(council=world.other_council, code="LDTT")
    world.ldtt.parent_award_type = elsewhere
    with pytest.raises(ValidationError) as refused:
        world.ldtt.full_clean()
    assert list(refused.value.message_dict) == ["parent_award_type"]
    assert "phải là một hình thức của Hội đồng Thi đua – Khen thưởng huyện Hà Trung" in str(refused.value)
    # written past the model's check (a bulk update): the sending service refuses it too
    AwardType.objects.filter(pk=world.ldtt.pk).update(parent_award_type=elsewhere)
    with pytest.raises(ValidationError, match="phải là một hình thức của Hội đồng Thi đua – Khen thưởng huyện"):
        wps.proposal_send(actor=world.secretariat, proposal=codes_differ.proposal, to_council=codes_differ.up.district)
    _nothing_written(codes_differ)


def test_a_council_without_a_parent_maps_nothing(world: Any) -> None:
    other = AwardType.objects.get(council=world.other_council, code="LDTT")
    world.ldtt.parent_award_type = other
    with pytest.raises(ValidationError, match=re.escape("không có hội đồng cấp trên; hãy bỏ trống")):
        world.ldtt.full_clean()


def test_the_admin_offers_only_the_parent_councils_award_types(codes_differ: Any, client: Any) -> None:
    world = codes_differ.world
    client.force_login(world.admin)
    page = client.get(f"/admin/nominations/awardtype/{world.ldtt.pk}/change/")
    assert page.status_code == 200
    choices = page.context["adminform"].form.fields["parent_award_type"].queryset
    assert set(choices) == set(AwardType.objects.filter(council=codes_differ.up.district))
    assert "hình thức tương ứng ở hội đồng cấp trên" in page.content.decode().lower()


def test_the_migration_maps_existing_award_types_whose_codes_match(upward: Any) -> None:  # noqa: F811
    world = upward.council.world
    AwardType.objects.update(parent_award_type=None)
    gk_only_in_town = world.gk  # the district has no "GK": left unmapped
    migration = importlib.import_module("nominations.migrations.0011_award_type_parent_award_type")
    migration.map_by_code(apps, type("Editor", (), {"connection": connection})())
    world.ldtt.refresh_from_db()
    gk_only_in_town.refresh_from_db()
    assert world.ldtt.parent_award_type == upward.ldtt
    assert gk_only_in_town.parent_award_type is None
    assert AwardType.objects.get(council=world.other_council, code="LDTT").parent_award_type is None  # no parent


def test_the_demo_maps_the_communes_bkt_to_the_provinces_bk() -> None:
    """Since 2025 the commune proposes straight to the province, whose code for the same Bằng
    khen differs ("BKT" at the commune, "BK" at the province): forwarding follows the explicit
    mapping.  The town's "GKH" (the district's Giấy khen) ended with the district."""
    call_command("seed_demo", force=True, stdout=StringIO())
    bkt = AwardType.objects.select_related("council__parent", "parent_award_type__council").get(
        council__name__contains="xã Hà Trung", code="BKT"
    )
    assert bkt.council.parent is not None
    assert bkt.council.parent.level == CouncilLevel.PROVINCE
    assert bkt.parent_award_type is not None
    assert bkt.parent_award_type.code == "BK"
    assert bkt.parent_award_type.code != bkt.code
    assert bkt.parent_award_type.council_id == bkt.council.parent_id
    gkh = AwardType.objects.get(council=bkt.council, code="GKH")
    assert gkh.is_active is False
    assert gkh.parent_award_type is None
