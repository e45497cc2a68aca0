"""/api/councils/: the councils the user holds a role in or whose units the user works for."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from rest_framework import serializers

from api.viewsets import ReadOnlyViewSet
from councils import access
from councils.access import Capability
from councils.models import Council, CouncilLevel, Unit

#: any role in a council lets its holder read the council itself
ANY_ROLE: tuple[Capability, ...] = tuple(Capability)


def council_ids_for(user: Any) -> set[int]:
    """The councils the user holds a role in, and those of the user's units."""
    units = access.unit_ids(user)
    own = set(Unit.objects.filter(pk__in=units).values_list("council_id", flat=True)) if units else set()
    return access.councils_where(user, *ANY_ROLE) | own


class CouncilSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Council
        fields = ["id", "name", "locality", "level", "parent", "is_active"]


class CouncilFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=CouncilLevel.choices)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Council
        fields = ["level", "is_active"]


class CouncilViewSet(ReadOnlyViewSet):
    serializer_class = CouncilSerializer
    filterset_class = CouncilFilter
    capabilities = ANY_ROLE
    units_too = True

    def get_queryset(self) -> QuerySet[Council]:
        return Council.objects.filter(Q(pk__in=council_ids_for(self.user()))).order_by("name", "id")
