"""/api/rounds/: a council's rounds for its people, the opened rounds of their council for a
unit's staff; a round still being prepared (a draft) only for those who manage the rounds."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.councils import ANY_ROLE
from api.filters import IdFilter, YearFilter
from api.viewsets import ReadOnlyViewSet
from councils import access
from councils.access import Capability
from councils.models import Unit
from nominations.models import AwardType, Round, RoundKind


def rounds_for(user: Any) -> QuerySet[Round]:
    units = access.unit_ids(user)
    unit_councils = Unit.objects.filter(pk__in=units).values("council_id")
    opened = Q(is_draft=False) & (access.council_q(user, *ANY_ROLE) | Q(council_id__in=unit_councils))
    return (
        Round.objects.filter(opened | access.council_q(user, Capability.MANAGE_ROUNDS))
        .select_related("council")
        .prefetch_related("award_types")
        .order_by("-year", "-opens_at", "-id")
    )


class RoundAwardTypeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = AwardType
        fields = ["id", "code", "name_vi", "name_en", "kind", "for_individual", "for_collective", "for_household"]


class RoundSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    is_open = serializers.SerializerMethodField()
    award_types = RoundAwardTypeSerializer(many=True, read_only=True)

    class Meta:
        model = Round
        fields = ["id", "council", "name", "year", "kind", "opens_at", "closes_at", "is_draft", "closed_at"]
        fields += ["is_open", "award_types"]

    @extend_schema_field(serializers.BooleanField())
    def get_is_open(self, round_: Round) -> bool:
        return round_.is_open()


class RoundFilter(django_filters.FilterSet):
    council = IdFilter(field_name="council_id")
    year = YearFilter()
    kind = django_filters.ChoiceFilter(choices=RoundKind.choices)
    is_open = django_filters.BooleanFilter(method="filter_open", label="is_open")

    class Meta:
        model = Round
        fields = ["council", "year", "kind", "is_open"]

    def filter_open(self, queryset: QuerySet[Round], name: str, value: bool | None) -> QuerySet[Round]:
        if value is None:
            return queryset
        now = timezone.now()
        opened = Q(is_draft=False, opens_at__lte=now, closes_at__gt=now)
        return queryset.filter(opened) if value else queryset.exclude(opened)


class RoundViewSet(ReadOnlyViewSet):
    serializer_class = RoundSerializer
    filterset_class = RoundFilter
    capabilities = ANY_ROLE
    units_too = True

    def get_queryset(self) -> QuerySet[Round]:
        return rounds_for(self.user())
