"""/api/yearend/: a council's year-end figures (the annex of the year-end report and the counts
of Thông tư 02/2023/TT-BNV), for its office (``Capability.MANAGE_DECISIONS``), as the page shows
them (``decisions.yearend``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import MAX_ID
from api.permissions import HoldsCapability
from councils import access
from councils.access import Capability
from councils.models import Council
from decisions.yearend import yearend_figures
from documents.forms import FIRST_YEAR, year_range

KEEPERS = (Capability.MANAGE_DECISIONS,)


class TallySerializer(serializers.Serializer):  # type: ignore[type-arg]
    collectives = serializers.IntegerField()
    households = serializers.IntegerField()
    individuals = serializers.IntegerField()
    total = serializers.IntegerField()


class FigureRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label, not Field.label
    awarded = TallySerializer()
    proposed = TallySerializer()


class BreakdownSerializer(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField()
    title = serializers.CharField()
    heading = serializers.CharField()
    rows = FigureRowSerializer(many=True)
    total = FigureRowSerializer()


class SummaryRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label, not Field.label
    tally = TallySerializer()
    depth = serializers.IntegerField()


class SubjectRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named label, not Field.label
    awarded = serializers.IntegerField()
    proposed = serializers.IntegerField()
    depth = serializers.IntegerField()


class YearEndSerializer(serializers.Serializer):  # type: ignore[type-arg]
    council = serializers.IntegerField()
    year = serializers.IntegerField()
    council_name = serializers.CharField()
    awarded = TallySerializer()
    awarded_own = TallySerializer()
    awarded_higher = TallySerializer()
    proposed = TallySerializer()
    proposed_awarded = TallySerializer()
    proposed_not_awarded = TallySerializer()
    proposed_pending = TallySerializer()
    direct_workers_awarded = serializers.IntegerField()
    direct_workers_proposed = serializers.IntegerField()
    summary = SummaryRowSerializer(many=True)
    by_award_type = BreakdownSerializer()
    by_unit = BreakdownSerializer()
    by_level = BreakdownSerializer()
    by_method = BreakdownSerializer()
    by_subject = SubjectRowSerializer(many=True)


class YearEndQuery(forms.Form):
    council = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    year = forms.IntegerField(required=False, min_value=FIRST_YEAR)

    def clean_year(self) -> int:
        this_year = timezone.localdate().year
        year = self.cleaned_data.get("year") or this_year
        first, last = year_range(this_year)
        if not first <= year <= last:
            raise ValidationError(
                _("Năm %(year)s không hợp lệ: chỉ xem được số liệu từ năm %(first)s đến năm %(last)s."),
                params={"year": year, "first": first, "last": last},
                code="year_out_of_range",
            )
        return int(year)


class YearEndView(APIView):
    permission_classes = [IsAuthenticated, HoldsCapability]
    capabilities = KEEPERS

    @extend_schema(
        operation_id="yearend_retrieve",
        parameters=[
            OpenApiParameter("council", int, description="the council (the first of the user's if not given)"),
            OpenApiParameter("year", int, description="the year (this year if not given)"),
        ],
        responses={200: YearEndSerializer},
    )
    def get(self, request: Request) -> Response:
        query = YearEndQuery(request.query_params)
        if not query.is_valid():
            raise ValidationError({field: list(errors) for field, errors in query.errors.items()})
        councils = sorted(access.councils_where(request.user, *KEEPERS))
        council_id = query.cleaned_data["council"] or councils[0]
        if council_id not in councils:
            raise Http404
        council = Council.objects.get(pk=council_id)
        figures = yearend_figures(council, query.cleaned_data["year"])
        data: dict[str, Any] = {"council": council.pk, **{name: getattr(figures, name) for name in FIELDS}}
        return Response(YearEndSerializer(data).data)


FIELDS: list[str] = [str(name) for name in YearEndSerializer().fields.keys() if name != "council"]
