"""/api/units/: the units of the councils whose people read the agenda (the officers and the
members), and a unit's staff their own units only."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from rest_framework import serializers

from api.filters import IdFilter
from api.viewsets import ReadOnlyViewSet
from councils import access
from councils.access import Capability
from councils.models import Unit, UnitKind

READERS = (Capability.READ_DOSSIERS, Capability.READ_ACCEPTED, Capability.ADMINISTER)


class UnitSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Unit
        fields = ["id", "council", "name", "kind", "is_active", "merged_into"]


class UnitFilter(django_filters.FilterSet):
    council = IdFilter(field_name="council_id")
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Unit
        fields = ["council", "kind", "is_active"]


class UnitViewSet(ReadOnlyViewSet):
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    capabilities = READERS
    units_too = True

    def get_queryset(self) -> QuerySet[Unit]:
        user = self.user()
        return Unit.objects.filter(access.council_q(user, *READERS) | Q(pk__in=access.unit_ids(user))).order_by(
            "council_id", "name", "id"
        )
