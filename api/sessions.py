"""/api/sessions/: a council's sessions for its people (``Capability.READ_SESSIONS``) and, once the
vote is closed, their frozen results per line: the counts the minutes print, never anything of a
ballot (no member's vote, no ballot, no tracker, no box)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.filters import IdFilter
from api.viewsets import ReadOnlyViewSet
from councils import access
from councils.access import Capability
from decisions.models import CouncilSession, SessionStatus
from decisions.services.results import session_results
from nominations.naming import nominee_name
from workflows.session_selectors import session_items

READERS = (Capability.READ_SESSIONS,)


class ResultLineSerializer(serializers.Serializer):  # type: ignore[type-arg]
    position = serializers.IntegerField()
    line = serializers.IntegerField(help_text="the nomination line's id")
    nominee = serializers.CharField()
    unit_name = serializers.CharField()
    award_code = serializers.CharField()
    award_name = serializers.CharField()
    agree = serializers.IntegerField()
    disagree = serializers.IntegerField()
    blank = serializers.IntegerField()
    recused = serializers.IntegerField()
    not_voted = serializers.IntegerField()
    base = serializers.IntegerField()
    percent = serializers.CharField()
    passed = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class SessionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    has_results = serializers.SerializerMethodField()

    class Meta:
        model = CouncilSession
        fields = ["id", "council", "round", "held_at", "place", "status", "members_total", "present_total"]
        fields += ["opened_at", "closed_at", "has_results"]

    @extend_schema_field(serializers.BooleanField())
    def get_has_results(self, session: CouncilSession) -> bool:
        return bool(session.results)


class SessionDetailSerializer(SessionSerializer):
    results = serializers.SerializerMethodField()

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "results"]

    @extend_schema_field(ResultLineSerializer(many=True, allow_null=True))
    def get_results(self, session: CouncilSession) -> list[dict[str, Any]] | None:
        """None before the close; then one row per voted line, in the agenda's order."""
        results = session_results(session)
        if not results:
            return None
        rows = []
        for item in session_items(session):
            result = results.get(item.pk)
            if result is None:
                continue
            line = item.line
            rows.append(
                {
                    "position": item.position,
                    "line": line.pk,
                    "nominee": nominee_name(line),
                    "unit_name": line.nomination.unit_name or line.nomination.unit.name,
                    "award_code": line.award_type.code,
                    "award_name": line.award_type.name_vi,
                    "agree": result.agree,
                    "disagree": result.disagree,
                    "blank": result.blank,
                    "recused": result.recused,
                    "not_voted": result.not_voted,
                    "base": result.base,
                    "percent": result.percent,
                    "passed": result.passed,
                    "reason": result.reason,
                }
            )
        return ResultLineSerializer(rows, many=True).data  # type: ignore[return-value]


class SessionFilter(django_filters.FilterSet):
    council = IdFilter(field_name="council_id")
    round = IdFilter(field_name="round_id")
    status = django_filters.ChoiceFilter(choices=SessionStatus.choices)

    class Meta:
        model = CouncilSession
        fields = ["council", "round", "status"]


class SessionViewSet(ReadOnlyViewSet):
    filterset_class = SessionFilter
    capabilities = READERS

    def get_serializer_class(self) -> type[serializers.Serializer]:  # type: ignore[type-arg]
        return SessionDetailSerializer if self.action == "retrieve" else SessionSerializer

    def get_queryset(self) -> QuerySet[CouncilSession]:
        return (
            CouncilSession.objects.filter(access.council_q(self.user(), *READERS))
            .defer("void_votes", "box_id", "agenda_digest")
            .order_by("-held_at", "-id")
        )
