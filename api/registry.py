"""/api/registry/: the honours register.  The office of a council (``Capability.MANAGE_DECISIONS``)
reads its council's; a unit's staff the awards of their own lines (and of the units merged into
theirs), never another unit's (``decisions.selectors``)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.filters import IdFilter, YearFilter
from api.viewsets import ReadOnlyViewSet
from councils import access
from councils.access import Capability
from decisions import selectors as decision_selectors
from decisions.models import Honour
from nominations.models import NomineeKind
from nominations.selectors import nominee_name_q
from printing import formats as docformat

KEEPERS = (Capability.MANAGE_DECISIONS,)


def honours_for(user: Any) -> QuerySet[Honour]:
    visible = access.council_q(user, *KEEPERS)
    units = access.unit_ids(user)
    if units:
        visible |= Q(source_line__nomination__unit_id__in=decision_selectors.units_with_merged(units))
    return (
        Honour.objects.filter(visible)
        .select_related("award_type", "decision", "person", "collective", "household", "source_line__nomination")
        .order_by("-year", "award_type__code", "id")
    )


class HonourSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    award_code = serializers.CharField(source="award_type.code")
    award_name = serializers.CharField(source="award_type.name_vi")
    holder_kind = serializers.SerializerMethodField()
    holder_name = serializers.SerializerMethodField()
    unit_name = serializers.SerializerMethodField()
    decision_number = serializers.SerializerMethodField()
    decision_date = serializers.SerializerMethodField()

    class Meta:
        model = Honour
        fields = ["id", "council", "year", "award_code", "award_name", "holder_kind", "holder_name", "unit_name"]
        fields += ["decision", "decision_number", "decision_date"]

    @extend_schema_field(serializers.ChoiceField(choices=NomineeKind.choices))
    def get_holder_kind(self, honour: Honour) -> str:
        if honour.person_id:
            return str(NomineeKind.INDIVIDUAL)
        if honour.collective_id:
            return str(NomineeKind.COLLECTIVE)
        return str(NomineeKind.HOUSEHOLD)

    def get_holder_name(self, honour: Honour) -> str:
        holder = honour.person or honour.collective or honour.household
        if honour.household_id and honour.household is not None:
            return honour.award_type.household_name(honour.household.head_name, honour.household.head_gender)
        return str(holder or "")

    def get_unit_name(self, honour: Honour) -> str:
        line = honour.source_line
        return line.nomination.unit_name if line is not None else ""

    def get_decision_number(self, honour: Honour) -> str:
        """The council's own decision's number ("15/QĐ-UBND"), or the higher level's reference."""
        decision = honour.decision
        if decision is not None and decision.number:
            return docformat.number_reference(decision.number, decision.symbol)
        return honour.external_reference

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_decision_date(self, honour: Honour) -> Any:
        decision = honour.decision
        day = decision.signed_on if decision is not None else honour.external_date
        return day.isoformat() if day else None


class HonourFilter(django_filters.FilterSet):
    council = IdFilter(field_name="council_id")
    year = YearFilter()
    award_code = django_filters.CharFilter(field_name="award_type__code", max_length=20)
    name = django_filters.CharFilter(method="filter_name", max_length=120, label="name")

    class Meta:
        model = Honour
        fields = ["council", "year", "award_code", "name"]

    def filter_name(self, queryset: QuerySet[Honour], name: str, value: str) -> QuerySet[Honour]:
        return queryset.filter(nominee_name_q(value, path="")) if value.strip() else queryset


class RegistryViewSet(ReadOnlyViewSet):
    serializer_class = HonourSerializer
    filterset_class = HonourFilter
    capabilities = KEEPERS
    units_too = True

    def get_queryset(self) -> QuerySet[Honour]:
        return honours_for(self.user())
