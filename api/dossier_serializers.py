"""The bodies of /api/dossiers/: what a dossier, its lines and its files look like to a client, and
what a client sends to make a dossier, add lines and files, and move the dossier on.  Reads only
what ``api.dossiers`` hands them; every write goes through the services."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.filters import MAX_ID
from common import uploads
from councils.models import Unit
from nominations.models import (
    Attachment,
    AwardMethod,
    DocumentKind,
    Nomination,
    NominationLine,
    NomineeKind,
    Round,
)
from nominations.naming import nominee_name, position_unit

#: files per upload, as the page's form takes them (``nominations.forms.ATTACHMENTS_PER_UPLOAD``,
#: a module outside the typed ones: a test checks the two agree)
ATTACHMENTS_PER_UPLOAD = 10

# --- What a client reads -----------------------------------------------------------------------


class DossierSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A dossier as a list shows it (``line_count`` annotated by the selector)."""

    round_name = serializers.CharField(source="round.name", read_only=True)
    line_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Nomination
        fields = ["id", "round", "round_name", "unit", "unit_name", "title", "note", "status", "created_at"]
        fields += ["submitted_at", "opened_at", "submission_count", "return_reason", "line_count"]
        read_only_fields = fields


class DossierLineSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    nominee = serializers.SerializerMethodField()
    birth_date = serializers.SerializerMethodField()
    birth_year_only = serializers.SerializerMethodField()
    position_unit = serializers.SerializerMethodField()
    award_code = serializers.CharField(source="award_type.code", read_only=True)
    award_name = serializers.CharField(source="award_type.name_vi", read_only=True)

    class Meta:
        model = NominationLine
        fields = ["id", "position", "nominee_kind", "nominee", "birth_date", "birth_year_only", "position_unit"]
        fields += ["award_code", "award_name", "achievement", "method", "subject_category", "return_reason"]
        read_only_fields = fields

    def get_nominee(self, line: NominationLine) -> str:
        return nominee_name(line)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_birth_date(self, line: NominationLine) -> str | None:
        """An individual's birth date (ISO); 1 January of the year when only the year is known."""
        person = line.person if line.person_id else None
        return person.birth_date.isoformat() if person is not None and person.birth_date else None

    @extend_schema_field(serializers.BooleanField())
    def get_birth_year_only(self, line: NominationLine) -> bool:
        person = line.person if line.person_id else None
        return bool(person is not None and person.birth_year_only and person.birth_date)

    def get_position_unit(self, line: NominationLine) -> str:
        """The position and unit under the name, as the papers print them."""
        return position_unit(line)


class AttachmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A file's metadata; its SHA-256 only for who reviews the dossier (``show_hashes`` in the
    context), as the dossier page shows it — null for the others."""

    name = serializers.CharField(source="original_name", read_only=True)
    sha256 = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "kind", "name", "content_type", "size", "uploaded_at", "sha256"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_sha256(self, attachment: Attachment) -> str | None:
        return attachment.sha256 if self.context.get("show_hashes") else None


class DossierActionsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What the user may do with the dossier now (``workflows.selectors.dossier_actions``)."""

    edit = serializers.BooleanField()
    submit = serializers.BooleanField()
    withdraw = serializers.BooleanField()
    recall = serializers.BooleanField()
    open = serializers.BooleanField()
    review = serializers.BooleanField()


class DossierDetailSerializer(DossierSerializer):
    """One dossier: its first lines (``lines_truncated`` when there are more: the lines endpoint
    pages through them all), its files and what the user may do now (all from the context)."""

    lines = serializers.SerializerMethodField()
    lines_truncated = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta(DossierSerializer.Meta):
        fields = [*DossierSerializer.Meta.fields, "lines", "lines_truncated", "attachments", "actions"]
        read_only_fields = fields

    @extend_schema_field(DossierLineSerializer(many=True))
    def get_lines(self, nomination: Nomination) -> Any:
        return DossierLineSerializer(self.context["lines"], many=True).data

    @extend_schema_field(serializers.BooleanField())
    def get_lines_truncated(self, nomination: Nomination) -> bool:
        return bool(self.context["lines_truncated"])

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, nomination: Nomination) -> Any:
        return AttachmentSerializer(self.context["attachments"], many=True, context=self.context).data

    @extend_schema_field(DossierActionsSerializer())
    def get_actions(self, nomination: Nomination) -> Any:
        return DossierActionsSerializer(self.context["actions"]).data


class DetailSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A refusal or an error, in the user's language."""

    detail = serializers.CharField()


class RowProblemSerializer(serializers.Serializer):  # type: ignore[type-arg]
    index = serializers.IntegerField(help_text="the row's index in the request's `rows` (from 0)")
    name = serializers.CharField(allow_blank=True)
    problems = serializers.ListField(child=serializers.CharField())


class BulkCreatedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The lines a bulk entry added, in order."""

    created = serializers.IntegerField()
    lines = DossierLineSerializer(many=True)


class BulkErrorSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Rows refused: each bad row with its problems; nothing was saved."""

    detail = serializers.CharField()
    rows = RowProblemSerializer(many=True)


# --- What a client sends -----------------------------------------------------------------------


class IdField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A row by its id: a whole number (or its digits), one no id column holds being "not found"
    rather than the database's overflow."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        text = str(data).strip()
        if not text.isdecimal() or not text.isascii():
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= int(text) <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(int(text))


class DossierCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A new draft dossier: ``unit`` may be left out by whoever works for one unit only."""

    unit = IdField(
        queryset=Unit.objects.none(),
        required=False,
        error_messages={
            "does_not_exist": _("Bạn không thuộc đơn vị này."),
            "incorrect_type": _("Đơn vị phải là một mã số."),
        },
    )
    round = IdField(
        queryset=Round.objects.none(),
        error_messages={
            "does_not_exist": _("Không có đợt xét này ở hội đồng của đơn vị."),
            "incorrect_type": _("Đợt xét phải là một mã số."),
        },
    )
    title = serializers.CharField(max_length=250)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)

    def __init__(self, *args: Any, units: Any = None, rounds: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            cast(serializers.PrimaryKeyRelatedField, self.fields["unit"]).queryset = units  # type: ignore[type-arg]
        if rounds is not None:
            cast(serializers.PrimaryKeyRelatedField, self.fields["round"]).queryset = rounds  # type: ignore[type-arg]

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("unit") is None:
            field = cast(serializers.PrimaryKeyRelatedField, self.fields["unit"])  # type: ignore[type-arg]
            queryset = field.get_queryset()
            units = list(queryset[:2]) if queryset is not None else []
            if len(units) != 1:
                raise serializers.ValidationError({"unit": [_("Hãy chọn đơn vị của hồ sơ.")]})
            data["unit"] = units[0]
        return data


class BulkRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One row of the list, cell by cell as the pasted table has them (the same words: "kind" is
    "individual"/"collective"/"household" or "Cá nhân"/"Tập thể"/"Hộ gia đình"; "birth_date"
    dd/mm/yyyy, yyyy-mm-dd or a year alone; "award" the award type's code)."""

    name = serializers.CharField(allow_blank=True, max_length=200)
    kind = serializers.CharField(allow_blank=True, required=False, default="", max_length=40)
    birth_date = serializers.CharField(allow_blank=True, required=False, default="", max_length=20)
    gender = serializers.CharField(allow_blank=True, required=False, default="", max_length=10)
    award = serializers.CharField(allow_blank=True, required=False, default="", max_length=120)
    achievement = serializers.CharField(allow_blank=True, max_length=20000)
    position = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)
    address = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)


class BulkLinesSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Many lines at once, all or none, checked row by row as the page's pasted list is."""

    rows = BulkRowSerializer(many=True, allow_empty=False)
    method = serializers.ChoiceField(choices=AwardMethod.choices, default=AwardMethod.REGULAR)
    award = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20, help_text="the award type of rows without one"
    )
    kind = serializers.ChoiceField(
        choices=NomineeKind.choices, default=NomineeKind.INDIVIDUAL, help_text="the kind of rows without one"
    )

    def validate_rows(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        limit = uploads.limit("SPREADSHEET_MAX_ROWS")
        if len(rows) > limit:
            raise serializers.ValidationError(
                _("Danh sách có hơn %(limit)s dòng; mỗi lần nhập tối đa %(limit)s dòng. Hãy chia thành nhiều lần.")
                % {"limit": limit}
            )
        return rows


class AttachmentUploadSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Files of one kind (multipart: ``file`` once per file, at most ``ATTACHMENTS_PER_UPLOAD``)."""

    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), min_length=1, max_length=ATTACHMENTS_PER_UPLOAD
    )


class ReasonSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class WithdrawSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Why the unit withdraws its dossier (required, as on the page)."""

    reason = serializers.CharField(
        max_length=4000,
        error_messages={
            "required": _("Hãy ghi lý do rút hồ sơ."),
            "blank": _("Hãy ghi lý do rút hồ sơ."),
            "null": _("Hãy ghi lý do rút hồ sơ."),
        },
    )


class LineReasonSerializer(serializers.Serializer):  # type: ignore[type-arg]
    line = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="a line of this dossier")
    reason = serializers.CharField(max_length=2000)


class ReviewSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The secretariat's review: accept, or return with a reason (for the whole dossier and/or
    for some of its lines)."""

    outcome = serializers.ChoiceField(choices=[("accept", "accept"), ("return", "return")])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    lines = LineReasonSerializer(many=True, required=False, default=list)
