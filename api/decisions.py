"""/api/decisions/: a council's decisions for its people (``Capability.READ_DECISIONS``); for a
unit's staff the registered decisions that concern their unit (``decisions.selectors``), as the
units' pages publish them: the decision and its attached list."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, Q, QuerySet, Sum
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.filters import IdFilter, YearFilter
from api.viewsets import ReadOnlyViewSet
from councils import access
from councils.access import Capability
from decisions import selectors as decision_selectors
from decisions.models import Decision, DecisionLine, DecisionStatus
from nominations.naming import nominee_name, position_unit

READERS = (Capability.READ_DECISIONS,)


def decisions_for(user: Any) -> QuerySet[Decision]:
    visible = access.council_q(user, *READERS)
    if access.unit_ids(user):
        visible |= Q(decision_selectors.concerns_units_q(user), status=DecisionStatus.REGISTERED)
    return (
        Decision.objects.filter(visible)
        .annotate(line_count=Count("lines"), total=Sum("lines__amount"))
        .order_by("-year", "status", "-number", "-id")
    )


class DecisionLineSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    nominee = serializers.SerializerMethodField()
    position_unit = serializers.SerializerMethodField()
    award_code = serializers.CharField(source="line.award_type.code")
    award_name = serializers.CharField(source="line.award_type.name_vi")
    unit = serializers.IntegerField(source="line.nomination.unit_id")

    class Meta:
        model = DecisionLine
        fields = ["position", "nominee", "position_unit", "unit", "award_code", "award_name", "achievement", "amount"]

    def get_nominee(self, row: DecisionLine) -> str:
        return nominee_name(row.line)

    def get_position_unit(self, row: DecisionLine) -> str:
        return position_unit(row.line)


class DecisionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    line_count = serializers.IntegerField(read_only=True)
    total = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Decision
        fields = ["id", "council", "round", "session", "status", "subject", "year", "symbol", "number"]
        fields += ["signed_on", "signer_name", "revoked_at", "line_count", "total"]


class DecisionDetailSerializer(DecisionSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(DecisionSerializer.Meta):
        fields = [*DecisionSerializer.Meta.fields, "lines"]

    @extend_schema_field(DecisionLineSerializer(many=True))
    def get_lines(self, decision: Decision) -> list[dict[str, Any]]:
        rows = decision_selectors.decision_lines(decision=decision)
        return DecisionLineSerializer(rows, many=True).data  # type: ignore[return-value]


class DecisionFilter(django_filters.FilterSet):
    council = IdFilter(field_name="council_id")
    year = YearFilter()
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices)

    class Meta:
        model = Decision
        fields = ["council", "year", "status"]


class DecisionViewSet(ReadOnlyViewSet):
    filterset_class = DecisionFilter
    capabilities = READERS
    units_too = True

    def get_serializer_class(self) -> type[serializers.Serializer]:  # type: ignore[type-arg]
        return DecisionDetailSerializer if self.action == "retrieve" else DecisionSerializer

    def get_queryset(self) -> QuerySet[Decision]:
        return decisions_for(self.user())
