"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from common.text import fold, name_sort_key
from councils import models as council_models
from nominations import models

GIVEN_NAMES = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hường",
    "Khánh",
    "Lan",
    "Minh",
    "Nga",
    "Phúc",
    "Quân",
    "Thảo",
]
FAMILY_NAMES = ["Nguyễn Văn", "Lê Thị", "Trần Đức", "Phạm Thị", "Hoàng Minh", "Vũ Thị", "Đỗ Quang"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = council_models.User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: GIVEN_NAMES[n % len(GIVEN_NAMES)])
    last_name = factory.Sequence(lambda n: FAMILY_NAMES[n % len(FAMILY_NAMES)])
    password = factory.django.Password("secret-pass-1")


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = council_models.Council

    name = factory.Sequence(lambda n: f"Hội đồng Thi đua – Khen thưởng số {n}")
    locality = "thị trấn Hà Trung"
    place_name = "Hà Trung"
    issuing_body = "Ủy ban nhân dân thị trấn Hà Trung"
    level = council_models.CouncilLevel.COMMUNE


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = council_models.Unit

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Tiểu khu {n}")
    kind = council_models.UnitKind.QUARTER
    staff_count = 20
    household_count = 290


class AwardTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AwardType

    council = factory.SubFactory(CouncilFactory)
    code = factory.Sequence(lambda n: f"AT{n}")
    name_vi = "Lao động tiên tiến"
    kind = models.AwardKind.TITLE
    for_individual = True
    deciding_level = council_models.CouncilLevel.COMMUNE
    needs_vote = True
    threshold_share = Decimal("50")
    required_documents = factory.LazyFunction(lambda: ["cover_letter"])


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Round

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Xét khen thưởng đợt {n}")
    year = factory.LazyFunction(lambda: timezone.now().year)
    kind = models.RoundKind.YEARLY
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    council = factory.SubFactory(CouncilFactory)
    full_name = "Lê Thị Hường"
    birth_date = dt.date(1985, 3, 15)
    search_name = factory.LazyAttribute(lambda o: fold(o.full_name))
    sort_key = factory.LazyAttribute(lambda o: name_sort_key(o.full_name))
