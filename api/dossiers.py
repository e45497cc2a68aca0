"""The dossiers' endpoints: dossiers with their lines and attachments, a unit's transitions, the review.

/api/dossiers/ reads what the dossier pages show, through the same selectors
(``nominations.selectors.nomination_list_for_user`` / ``nomination_get_for_user``): a unit's staff
their own units' dossiers, drafts included; the secretariat, the chairman and the council's admin
their council's dossiers once submitted; the members what was accepted for their vote.  Anything
else is a 404, as on the pages.

The writes are the pages' own services, so who did what, when and why is recorded the same way:
a unit makes a draft (``workflows.services.dossier_create``), adds lines in bulk
(``nominations.services.lines_bulk_add``, fed the same table a pasted list makes, so every row is
checked by the very same rules, all or none) and files (``attachments_add``), then submits,
recalls or withdraws it; the secretariat accepts it or returns it with a reason
(``workflows.services.dossier_review``, which finishes the flow's review task).  Each action asks
``councils.access`` first, so a caller who may not gets a 403 before its body is read.  Voting,
closing a vote, registering and revoking a decision are never done through the API.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import TooManyFieldsSent, TooManyFilesSent
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.dossier_serializers import (
    ATTACHMENTS_PER_UPLOAD,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    BulkCreatedSerializer,
    BulkLinesSerializer,
    DetailSerializer,
    DossierCreateSerializer,
    DossierDetailSerializer,
    DossierLineSerializer,
    DossierSerializer,
    ReasonSerializer,
    ReviewSerializer,
    WithdrawSerializer,
)
from api.filters import MAX_ID, IdFilter
from api.pagination import MAX_PAGE_SIZE
from api.viewsets import ReadOnlyViewSet
from common.ratelimits import rate_for
from councils import access
from councils.access import Capability
from nominations import selectors as nomination_selectors
from nominations import services as nomination_services
from nominations.models import AwardType, Nomination, NominationStatus, Round
from workflows import selectors as workflow_selectors
from workflows import services as workflow_services

READERS = (Capability.READ_DOSSIERS, Capability.READ_ACCEPTED)

#: the header row the API's rows become, in the pasted list's own titles (``BULK_HEADERS``), and
#: which field of a row goes under each
BULK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Họ và tên", "name"),
    ("Đối tượng", "kind"),
    ("Ngày sinh", "birth_date"),
    ("Giới tính", "gender"),
    ("Chức vụ", "position"),
    ("Địa chỉ", "address"),
    ("Hình thức", "award"),
    ("Thành tích", "achievement"),
)

REFUSED = {
    # a service's refusal is {"detail": ...}; a malformed body the fields' errors, by field
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description='refused: {"detail": "<the reason>"}, or the body\'s errors by field',
        examples=[OpenApiExample("refused", value={"detail": "Hồ sơ không ở trạng thái chờ thẩm định."})],
    ),
    403: OpenApiResponse(DetailSerializer, description="the access policy refuses it"),
    404: OpenApiResponse(DetailSerializer, description="no such dossier, or not one the user may see"),
}


def bulk_table(rows: list[dict[str, str]]) -> list[list[str]]:
    """The rows as the table a pasted list is read into: the header row, then one row of cells each."""
    return [[title for title, _field in BULK_COLUMNS]] + [
        [row.get(field, "") for _title, field in BULK_COLUMNS] for row in rows
    ]


class DossierFilter(django_filters.FilterSet):
    round = IdFilter(field_name="round_id")
    unit = IdFilter(field_name="unit_id")
    status = django_filters.ChoiceFilter(choices=NominationStatus.choices)
    search = django_filters.CharFilter(method="filter_search", max_length=200, label="search")

    class Meta:
        model = Nomination
        fields = ["round", "unit", "status", "search"]

    def filter_search(self, queryset: QuerySet[Nomination], name: str, value: str) -> QuerySet[Nomination]:
        """Every word in the title or the unit's name, with or without diacritics: the dossier list's search."""
        return queryset.filter(nomination_selectors.nomination_search_q(value))


@extend_schema_view(
    list=extend_schema(summary="The dossiers the user may see"),
    retrieve=extend_schema(
        summary="A dossier, its first lines, its files and what the user may do now",
        responses={200: DossierDetailSerializer, 404: REFUSED[404]},
    ),
)
class DossierViewSet(mixins.CreateModelMixin, ReadOnlyViewSet):
    filterset_class = DossierFilter
    capabilities = READERS
    units_too = True

    def get_serializer_class(self) -> type[serializers.Serializer]:  # type: ignore[type-arg]
        return DossierDetailSerializer if self.action == "retrieve" else DossierSerializer

    def get_queryset(self) -> QuerySet[Nomination]:
        return nomination_selectors.nomination_list_for_user(user=self.user())

    def get_object(self) -> Nomination:
        pk = int(self.kwargs[self.lookup_field])
        if pk > MAX_ID:
            raise Http404
        return nomination_selectors.nomination_get_for_user(user=self.user(), pk=pk)

    # --- reads ----------------------------------------------------------------------------------

    def detail_data(self, nomination: Nomination) -> Any:
        """The dossier as the detail shows it, read again (its status after a transition)."""
        user = self.user()
        nomination = nomination_selectors.nomination_get_for_user(user=user, pk=nomination.pk)
        nomination.line_count = nomination.lines.count()  # type: ignore[attr-defined]
        lines = list(nomination_selectors.nomination_lines(nomination=nomination)[: MAX_PAGE_SIZE + 1])
        context = {
            "request": self.request,
            "lines": lines[:MAX_PAGE_SIZE],
            "lines_truncated": len(lines) > MAX_PAGE_SIZE,
            "attachments": nomination_selectors.nomination_attachments(nomination=nomination),
            # the files' fingerprints are the secretariat's check, not the unit's concern (as the page)
            "show_hashes": access.can(user, Capability.REVIEW, nomination.round.council_id),
            "actions": workflow_selectors.dossier_actions(user=user, nomination=nomination),
        }
        return DossierDetailSerializer(nomination, context=context).data

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.detail_data(self.get_object()))

    # --- a unit's writes ------------------------------------------------------------------------

    def own_dossier(self) -> Nomination:
        """A dossier of one of the user's units (another's is a 404, or a 403 once visible)."""
        nomination = self.get_object()
        access.require_unit(self.user(), nomination.unit_id, _("Bạn không thuộc đơn vị của hồ sơ này."))
        return nomination

    @extend_schema(
        summary="A unit's new draft dossier in an open round",
        request=DossierCreateSerializer,
        responses={201: DossierDetailSerializer, 400: REFUSED[400], 403: REFUSED[403]},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = self.user()
        units = nomination_selectors.units_for_user(user=user)
        if not units.exists():
            raise PermissionError(_("Chỉ cán bộ của đơn vị mới làm việc này."))
        # the rounds of the units' councils: one not open says why (the service's own words)
        rounds = Round.objects.filter(council_id__in=units.values("council_id"), is_draft=False)
        body = DossierCreateSerializer(data=request.data, units=units, rounds=rounds)
        body.is_valid(raise_exception=True)
        nomination = workflow_services.dossier_create(user=user, **body.validated_data)
        return Response(self.detail_data(nomination), status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="A page of the dossier's lines, in order",
        responses={200: DossierLineSerializer(many=True), 404: REFUSED[404]},
    )
    @extend_schema(
        methods=["POST"],
        summary="Add lines in bulk, all or none, checked as the pasted list is",
        request=BulkLinesSerializer,
        responses={
            201: BulkCreatedSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    'bad rows, nothing saved: {"detail": ..., "rows": [{"index": <in the request\'s rows, from 0>, '
                    '"name": ..., "problems": [...]}]}; or {"detail": ...}, or the body\'s errors by field'
                ),
                examples=[
                    OpenApiExample(
                        "bad rows",
                        value={
                            "detail": "Danh sách có 1 dòng lỗi; chưa lưu dòng nào. Hãy sửa rồi gửi lại.",
                            "rows": [{"index": 2, "name": "Trần Văn Cường", "problems": ["thiếu tóm tắt thành tích"]}],
                        },
                    )
                ],
            ),
            403: REFUSED[403],
            404: REFUSED[404],
            429: OpenApiResponse(DetailSerializer, description="too many bulk entries in a minute"),
        },
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[JSONParser], filter_backends=[])
    def lines(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            nomination = self.get_object()
            page = self.paginate_queryset(nomination_selectors.nomination_lines(nomination=nomination))
            return self.get_paginated_response(DossierLineSerializer(page, many=True).data)
        nomination = self.own_dossier()
        self.limit_rate("import")
        body = BulkLinesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        default_award = None
        if data["award"].strip():
            default_award = self.round_award(nomination, data["award"])
        table = bulk_table(data["rows"])
        settings = {"default_award": default_award, "default_kind": data["kind"], "method": data["method"]}
        try:
            created = nomination_services.lines_bulk_add(
                actor=self.user(), nomination=nomination, rows=table, **settings
            )
        except nomination_services.BulkImportError as error:
            return Response(self.bulk_problems(error), status=status.HTTP_400_BAD_REQUEST)
        lines = nomination_selectors.nomination_lines(nomination=nomination).filter(
            pk__in=[line.pk for line in created]
        )
        added = {"created": len(created), "lines": lines}
        return Response(BulkCreatedSerializer(added).data, status=status.HTTP_201_CREATED)

    def round_award(self, nomination: Nomination, code: str) -> AwardType:
        award = nomination_selectors.round_award_types(round=nomination.round).filter(code__iexact=code.strip()).first()
        if award is None:
            raise serializers.ValidationError(
                {"award": [_("hình thức “%(code)s” không có trong đợt này") % {"code": code.strip().upper()}]}
            )
        return award

    def bulk_problems(self, error: nomination_services.BulkImportError) -> dict[str, Any]:
        """Each bad row by its index in the request, with its problems (the service's own check)."""
        rows = [
            {
                "index": checked.row.number - 2,
                "name": checked.row.name,
                "problems": [p.rstrip(".") for p in checked.problems],
            }
            for checked in error.rows
        ]
        if not rows:
            return {"detail": " ".join(error.messages), "rows": []}
        detail = _("Danh sách có %(count)s dòng lỗi; chưa lưu dòng nào. Hãy sửa rồi gửi lại.") % {"count": len(rows)}
        return {"detail": detail, "rows": rows}

    def limit_rate(self, group: str) -> None:
        """The pages' rate limit of ``group`` (``common.ratelimits``), counted with theirs."""
        if is_ratelimited(
            self.request,
            group=f"thidua:{group}",
            key="user_or_ip",
            rate=lambda _group, _request: rate_for(group),
            method=["POST"],
            increment=True,
        ):
            raise exceptions.Throttled(
                wait=60,
                detail=_("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng đợi một phút rồi thử lại."),
            )

    @extend_schema(
        summary="Attach files of one kind to the dossier (multipart), all or none",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer(many=True), 400: REFUSED[400], 403: REFUSED[403], 404: REFUSED[404]},
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        filter_backends=[],
        pagination_class=None,
    )
    def attachments(self, request: Request, pk: str) -> Response:
        nomination = self.own_dossier()
        try:
            data = request.data
        except (TooManyFilesSent, TooManyFieldsSent) as error:  # Django's own cap, before the serializer's
            raise exceptions.ParseError(
                _("Mỗi lần tải lên tối đa %(limit)s tệp.") % {"limit": ATTACHMENTS_PER_UPLOAD}
            ) from error
        body = AttachmentUploadSerializer(data=data)
        body.is_valid(raise_exception=True)
        stored = nomination_services.attachments_add(
            actor=self.user(),
            nomination=nomination,
            files=body.validated_data["file"],
            kind=body.validated_data["kind"],
        )
        return Response(AttachmentSerializer(stored, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Send the dossier to the council's secretariat",
        request=None,
        responses={200: DossierDetailSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request: Request, pk: str) -> Response:
        nomination = self.own_dossier()
        workflow_services.dossier_submit(user=self.user(), nomination=nomination)
        return Response(self.detail_data(nomination))

    @extend_schema(
        summary="Take back a sent dossier the secretariat has not opened yet",
        request=ReasonSerializer,
        responses={200: DossierDetailSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def recall(self, request: Request, pk: str) -> Response:
        nomination = self.own_dossier()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        workflow_services.dossier_recall(user=self.user(), nomination=nomination, reason=body.validated_data["reason"])
        return Response(self.detail_data(nomination))

    @extend_schema(
        summary="Withdraw a draft or returned dossier (a reason is required); its flow ends",
        request=WithdrawSerializer,
        responses={200: DossierDetailSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def withdraw(self, request: Request, pk: str) -> Response:
        nomination = self.own_dossier()
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        workflow_services.dossier_withdraw(
            user=self.user(), nomination=nomination, reason=body.validated_data["reason"]
        )
        return Response(self.detail_data(nomination))

    # --- the secretariat's review ---------------------------------------------------------------

    @extend_schema(
        summary="The secretariat accepts the dossier, or returns it with a reason",
        request=ReviewSerializer,
        responses={200: DossierDetailSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser], filter_backends=[])
    def review(self, request: Request, pk: str) -> Response:
        nomination = self.get_object()
        access.require(self.user(), Capability.REVIEW, nomination.round.council_id)
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        accept = data["outcome"] == "accept"
        line_reasons = {} if accept else {row["line"]: row["reason"] for row in data["lines"]}
        workflow_services.dossier_review(
            user=self.user(), nomination=nomination, accept=accept, reason=data["reason"], line_reasons=line_reasons
        )
        return Response(self.detail_data(nomination))


def register(router: Any) -> None:
    """Add this module's viewsets to the API's router."""
    router.register("dossiers", DossierViewSet, basename="dossier")
