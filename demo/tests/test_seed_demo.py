"""The demo of the README's first command: seed_demo builds every state, and runs twice harmlessly."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from councils.models import Council, Unit, UnitKind, User
from nominations.models import Nomination, NominationStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_town_and_dossiers_in_every_state(client) -> None:
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out)
    assert Council.objects.filter(name__contains="thị trấn Hà Trung").exists()
    assert Unit.objects.filter(kind=UnitKind.QUARTER, council__name__contains="thị trấn").count() == 10
    states = set(Nomination.objects.values_list("status", flat=True))
    assert states == set(NominationStatus.values)
    for login in ("admin", "thuky", "chutich", "uyvien1", "tk1", "thuky_huyen"):
        assert login in out.getvalue()
        assert User.objects.get(username=login).check_password("demo12345")
    assert client.login(username="thuky", password="demo12345")
    assert "Việc cần làm" in client.get("/tasks/").content.decode()

    again = StringIO()
    count = Nomination.objects.count()
    call_command("seed_demo", force=True, stdout=again)
    assert Nomination.objects.count() == count
