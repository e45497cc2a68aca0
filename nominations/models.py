"""The council's data: councils and units, people and groups, award types and
their money, rounds, dossiers (nominations) with their lines and files, and the
history of every transition.  A dossier's state is written only by the flow
services in ``workflows/``; everything else here is data a council edits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from common.text import fold
from councils.models import Council, CouncilLevel, Unit
from nominations import award_wording
from nominations.award_wording import HouseholdNaming


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")
    OTHER = "other", _("Khác")


class Person(models.Model):
    """One identity across years, so the register shows a career of awards."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="people", verbose_name=_("hội đồng"))
    full_name = models.CharField(_("họ và tên"), max_length=120)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    # only the year is known ("1970" typed): ``birth_date`` holds 1 January of it, shown as the year
    birth_year_only = models.BooleanField(_("chỉ biết năm sinh"), default=False)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    citizen_id = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    search_name = models.CharField(max_length=120, editable=False, db_index=True)
    sort_key = models.CharField(max_length=250, editable=False, db_index=True)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "citizen_id"], condition=~Q(citizen_id=""), name="uniq_person_citizen_id"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def birth_text(self) -> str:
        """The birth date as every page and paper shows it: "15/03/1985", "1970" when only the
        year is known, "" when none."""
        return birth_text(self.birth_date, year_only=self.birth_year_only)


def birth_text(birth_date: dt.date | None, *, year_only: bool = False) -> str:
    if birth_date is None:
        return ""
    return str(birth_date.year) if year_only else birth_date.strftime("%d/%m/%Y")


class Collective(models.Model):
    """A collective nominee: a unit itself or a named group within one."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="collectives", verbose_name=_("hội đồng")
    )
    name = models.CharField(_("tên tập thể"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("thuộc đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collectives",
    )
    is_enterprise = models.BooleanField(_("là doanh nghiệp"), default=False)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = _("tập thể")
        verbose_name_plural = _("tập thể")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="uniq_collective_name")]

    def __str__(self) -> str:
        return self.name


class Household(models.Model):
    """A household, nominated as a cultural family (Gia đình văn hoá)."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="households", verbose_name=_("hội đồng")
    )
    head_name = models.CharField(_("chủ hộ"), max_length=120)
    # the papers name the household after its head: "Gia đình ông …" or "Gia đình bà …" (never "ông/bà")
    head_gender = models.CharField(_("giới tính chủ hộ"), max_length=10, choices=Gender.choices, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("tiểu khu"), null=True, blank=True, on_delete=models.SET_NULL, related_name="households"
    )
    search_name = models.CharField(max_length=120, editable=False, db_index=True)
    sort_key = models.CharField(max_length=250, editable=False, db_index=True)

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        ordering = ["sort_key", "id"]

    def __str__(self) -> str:
        return _("Hộ %(name)s") % {"name": self.head_name}


class NomineeKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class AwardKind(models.TextChoices):
    TITLE = "title", _("Danh hiệu thi đua")
    COMMENDATION = "commendation", _("Hình thức khen thưởng")


class ThresholdComparison(models.TextChoices):
    GREATER = "gt", _("trên (lớn hơn)")
    AT_LEAST = "gte", _("từ (lớn hơn hoặc bằng)")


class ThresholdBase(models.TextChoices):
    ALL_MEMBERS = "all", _("tổng số thành viên hội đồng")
    PRESENT = "present", _("số thành viên có mặt")
    PRESENT_LESS_RECUSED = "present_less_recused", _("số thành viên có mặt trừ người không tham gia xét")


class DocumentKind(models.TextChoices):
    COVER_LETTER = "cover_letter", _("Tờ trình của đơn vị")
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
    REVIEW_MINUTES = "review_minutes", _("Biên bản bình xét")
    INITIATIVE_PROOF = "initiative_proof", _("Minh chứng sáng kiến")
    ACHIEVEMENT_PROOF = "achievement_proof", _("Minh chứng thành tích")
    POSTING_RESULT = "posting_result", _("Kết quả niêm yết công khai")
    OTHER = "other", _("Tài liệu khác")


class MinistryAwardColumn(models.TextChoices):
    """The award columns of form 0603.N/BNV-TĐKT (Thông tư 02/2023/TT-BNV), numbered 2 to 5 on
    the form (``decisions.tt02.MINISTRY_COLUMN``); an award type left blank is not reported there."""

    COMMENDATION = "bang_khen", _("Bằng khen")
    EMULATION_FIGHTER = "chien_si_thi_dua", _("Chiến sĩ thi đua cấp bộ, cấp tỉnh")
    EMULATION_FLAG = "co_thi_dua", _("Cờ thi đua")
    BADGE = "huy_hieu", _("Huy hiệu (kỷ niệm chương)")


class AwardType(models.Model):
    """An emulation title or a commendation form, with its rules held as data."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="award_types", verbose_name=_("hội đồng")
    )
    code = models.CharField(_("mã"), max_length=20)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=200)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=200, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=AwardKind.choices)
    for_individual = models.BooleanField(_("cho cá nhân"), default=False)
    for_collective = models.BooleanField(_("cho tập thể"), default=False)
    for_household = models.BooleanField(_("cho hộ gia đình"), default=False)
    deciding_level = models.CharField(_("cấp quyết định"), max_length=20, choices=CouncilLevel.choices)
    issuing_authority = models.CharField(_("người/cơ quan tặng"), max_length=200, blank=True)
    needs_vote = models.BooleanField(_("cần hội đồng bỏ phiếu"), default=True)
    carries_money = models.BooleanField(
        _("kèm tiền thưởng"),
        default=True,
        help_text=_("Bỏ chọn cho danh hiệu không kèm tiền thưởng (ví dụ Gia đình văn hoá)."),
    )
    threshold_share = models.DecimalField(_("tỷ lệ phiếu (%)"), max_digits=5, decimal_places=2, default=Decimal("50"))
    threshold_comparison = models.CharField(
        _("so sánh"), max_length=5, choices=ThresholdComparison.choices, default=ThresholdComparison.GREATER
    )
    threshold_base = models.CharField(
        _("tính trên"), max_length=30, choices=ThresholdBase.choices, default=ThresholdBase.ALL_MEMBERS
    )
    prerequisite = models.ForeignKey(
        "self", verbose_name=_("cần có danh hiệu"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prerequisite_years = models.PositiveSmallIntegerField(
        _("số năm liên tục cần có"),
        default=0,
        help_text=_("1 = cùng năm; N = N năm liên tục đến năm xét; 0 = không cần."),
    )
    required_documents = models.JSONField(
        _("hồ sơ bắt buộc"), default=list, blank=True, help_text=_("Danh sách mã loại tài liệu bắt buộc.")
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    parent_award_type = models.ForeignKey(
        "self",
        verbose_name=_("hình thức tương ứng ở hội đồng cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Dòng đề nghị lên cấp trên trở thành hình thức này trong đợt xét của hội đồng cấp trên."),
    )
    ministry_0603_column = models.CharField(
        _("cột trong Biểu 0603"),
        max_length=20,
        choices=MinistryAwardColumn.choices,
        blank=True,
        help_text=_(
            "Cột của Biểu 0603.N/BNV-TĐKT (Thông tư 02/2023/TT-BNV) mà hình thức do cấp tỉnh quyết định "
            "được đếm vào. Để trống: không báo cáo trong mẫu 0603."
        ),
    )
    # The wording of its paper and what the paper holds (defaults per kind: nominations.award_wording)
    issues_paper = models.BooleanField(
        _("in giấy cho người được khen"),
        default=True,
        help_text=_(
            "Bỏ chọn khi hình thức này không in giấy riêng (ví dụ danh hiệu chỉ ghi trong quyết định): "
            "quyết định và danh sách vẫn in, không có Giấy khen / Giấy chứng nhận cho từng người."
        ),
    )
    paper_title = models.CharField(
        _("tên giấy"),
        max_length=100,
        blank=True,
        help_text=_(
            "Tên của tờ giấy in ra, ví dụ “Giấy khen” (hình thức khen thưởng) hoặc “Giấy chứng nhận” "
            "(danh hiệu thi đua). Với hình thức khen thưởng, tên này in chữ lớn dưới lời tặng. "
            "Để trống: theo loại hình thức."
        ),
    )
    award_verb = models.CharField(
        _("lời tặng"),
        max_length=100,
        blank=True,
        help_text=_(
            "Dòng in trên tên giấy, ví dụ “Tặng” (→ TẶNG / GIẤY KHEN). Giấy chứng nhận danh hiệu thường "
            "không có dòng này. Để trống: theo loại hình thức."
        ),
    )
    certificate_phrase = models.CharField(
        _("lời chứng nhận"),
        max_length=200,
        blank=True,
        help_text=_(
            "Câu in dưới tên người được khen, ví dụ “Đạt danh hiệu “Lao động tiên tiến”” (danh hiệu in kèm "
            "năm của đợt xét). Để trống: danh hiệu in câu “Đạt danh hiệu …”, hình thức khen thưởng không in câu này."
        ),
    )
    household_naming = models.CharField(
        _("cách gọi hộ gia đình"),
        max_length=20,
        choices=HouseholdNaming.choices,
        default=HouseholdNaming.HOUSEHOLD,
        help_text=_("Cách in tên hộ được khen, theo tên chủ hộ."),
    )
    decision_phrase = models.CharField(
        _("lời quyết định"),
        max_length=200,
        blank=True,
        help_text=_(
            "Điều 1 của quyết định ghi việc khen thưởng bằng lời này, ví dụ “Tặng Giấy khen”, "
            "“Tặng danh hiệu “Lao động tiên tiến””, “Công nhận danh hiệu “Gia đình văn hoá””. Để trống: theo loại hình thức."
        ),
    )
    achievement_max_chars = models.PositiveSmallIntegerField(
        _("thành tích dài tối đa (ký tự)"),
        default=award_wording.default_achievement_max_chars,
        validators=[
            MinValueValidator(
                award_wording.ACHIEVEMENT_MIN_CHARS, _("Thành tích tối đa phải từ %(limit_value)s ký tự trở lên.")
            ),
            MaxValueValidator(
                award_wording.ACHIEVEMENT_MAX_CHARS, _("Thành tích tối đa không được quá %(limit_value)s ký tự.")
            ),
        ],
        help_text=_("Thành tích dài hơn bị từ chối ngay khi nhập dòng đề nghị, vì giấy không in vừa."),
    )

    class Meta:
        verbose_name = _("hình thức / danh hiệu")
        verbose_name_plural = _("hình thức / danh hiệu")
        ordering = ["council", "code"]
        constraints = [models.UniqueConstraint(fields=["council", "code"], name="uniq_award_code_per_council")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        """The name in the current language (Vietnamese when no English name is set)."""
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name_vi

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = award_wording.wording_errors(
            kind=self.kind,
            paper_title=self.paper_title,
            award_verb=self.award_verb,
            certificate_phrase=self.certificate_phrase,
        )
        error = self.parent_award_type_error()
        if error:
            errors["parent_award_type"] = error
        if errors:
            raise ValidationError(errors)

    def parent_award_type_error(self) -> str:
        """Why the chosen parent award type cannot be used ("" when it can): it must be one
        of the award types of this council's parent council."""
        if self.parent_award_type_id is None or self.council_id is None:
            return ""
        parent = self.council.parent
        if parent is None:
            return _(
                "Hội đồng %(council)s không có hội đồng cấp trên; hãy bỏ trống "
                "“hình thức tương ứng ở hội đồng cấp trên”."
            ) % {"council": self.council.name}
        assert self.parent_award_type is not None  # noqa: S101  type narrowing for mypy, not a check
        if self.parent_award_type.council_id != parent.pk:
            return _(
                "“Hình thức tương ứng ở hội đồng cấp trên” của “%(award)s” phải là một hình thức của "
                "%(parent)s; “%(chosen)s” thuộc %(other)s."
            ) % {
                "award": self.name_vi,
                "parent": parent.name,
                "chosen": self.parent_award_type.name_vi,
                "other": self.parent_award_type.council.name,
            }
        return ""

    @property
    def paper_title_text(self) -> str:
        """Its paper's name: its own, or its kind's when left blank ("Giấy khen", "Giấy chứng nhận")."""
        return self.paper_title.strip() or str(award_wording.wording_defaults(self.kind, self.name_vi)["paper_title"])

    @property
    def award_verb_text(self) -> str:
        """The line above the paper's name: its own, or its kind's ("Tặng"; none for a title)."""
        return self.award_verb.strip() or str(award_wording.wording_defaults(self.kind)["award_verb"])

    @property
    def certificate_phrase_text(self) -> str:
        """What its paper says under the name: its own, or its kind's ("Đạt danh hiệu “…”" for a title)."""
        return self.certificate_phrase.strip() or award_wording.certificate_phrase_default(self.kind, self.name_vi)

    def certificate_phrase_for(self, year: int | None) -> str:
        """The phrase as printed for a round of ``year``: "Đạt danh hiệu “Lao động tiên tiến” năm 2026"."""
        return award_wording.certificate_phrase_line(self.certificate_phrase_text, kind=self.kind, year=year)

    @property
    def decision_phrase_text(self) -> str:
        """What Điều 1 says: its own, or its kind's when left blank ("Tặng Giấy khen")."""
        return self.decision_phrase.strip() or award_wording.decision_phrase_default(
            self.kind, self.name_vi, self.paper_title_text
        )

    @property
    def printed_award_name(self) -> str:
        """The large line of its paper: its name ("Giấy khen", "Giấy chứng nhận")."""
        return award_wording.printed_award_name(kind=self.kind, paper_title=self.paper_title_text, name_vi=self.name_vi)

    def household_name(self, head_name: str, head_gender: str = "") -> str:
        """ "Gia đình ông Nguyễn Văn An", as this award type names a household whose head's gender is known."""
        return award_wording.household_name(self.household_naming, head_name, head_gender)

    def achievement_length_error(self, achievement: str) -> str:
        """Empty when its paper holds ``achievement``, else why not (the limit and the length)."""
        return award_wording.achievement_length_error(
            achievement, max_chars=self.achievement_max_chars, paper_title=self.paper_title_text
        )

    def allows(self, nominee_kind: str) -> bool:
        allowed: dict[str, bool] = {
            NomineeKind.INDIVIDUAL: self.for_individual,
            NomineeKind.COLLECTIVE: self.for_collective,
            NomineeKind.HOUSEHOLD: self.for_household,
        }
        return allowed.get(nominee_kind, False)


class AwardRate(models.Model):
    """Award money as a multiple of the base salary, from a date on."""

    award_type = models.ForeignKey(
        AwardType, on_delete=models.CASCADE, related_name="rates", verbose_name=_("hình thức")
    )
    nominee_kind = models.CharField(_("đối tượng"), max_length=20, choices=NomineeKind.choices)
    multiplier = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=3)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_until = models.DateField(_("áp dụng đến hết ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("mức tiền thưởng")
        verbose_name_plural = _("mức tiền thưởng")
        ordering = ["award_type", "nominee_kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["award_type", "nominee_kind", "valid_from"], name="uniq_award_rate_from"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="award_rate_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type.code} × {self.multiplier} ({self.valid_from:%d/%m/%Y})"

    @property
    def period(self) -> str:
        start = self.valid_from.strftime("%d/%m/%Y")
        if self.valid_until is None:
            return gettext("từ %(start)s") % {"start": start}
        return gettext("từ %(start)s đến %(end)s") % {"start": start, "end": self.valid_until.strftime("%d/%m/%Y")}

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("Ngày hết áp dụng không được trước ngày bắt đầu áp dụng.")})
        if self.valid_from and self.award_type_id and self.nominee_kind:
            self._refuse_overlap()

    def _refuse_overlap(self) -> None:
        """Two versions of the same rate (award type and nominee kind) may not be in force on the same day."""
        others = AwardRate.objects.filter(award_type_id=self.award_type_id, nominee_kind=self.nominee_kind).exclude(
            pk=self.pk
        )
        others = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
        if self.valid_until is not None:
            others = others.filter(valid_from__lte=self.valid_until)
        clash = others.order_by("valid_from").first()
        if clash is not None:
            raise ValidationError(
                gettext(
                    "Thời gian áp dụng chồng lên một mức khác của cùng hình thức và đối tượng (hệ số %(multiplier)s, "
                    "áp dụng %(period)s). Hãy cho mức cũ hết áp dụng trước ngày mức mới bắt đầu."
                )
                % {"multiplier": clash.multiplier, "period": clash.period},
                code="award_rate_overlap",
            )


class BaseSalary(models.Model):
    """The statutory base salary (mức lương cơ sở) with the date it applies from."""

    amount = models.PositiveBigIntegerField(_("mức lương cơ sở (đồng)"))
    valid_from = models.DateField(_("áp dụng từ"), unique=True)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.amount} ({self.valid_from:%d/%m/%Y})"


class RoundKind(models.TextChoices):
    YEARLY = "yearly", _("Tổng kết năm")
    THEMATIC = "thematic", _("Chuyên đề / phong trào")
    AD_HOC = "ad_hoc", _("Đột xuất")


def default_reminder_days() -> list[int]:
    return [7, 3, 1]


def validate_reminder_days(value: object) -> None:
    """A list of whole numbers of days, none negative: ``[7, 3, 1]``."""
    if not isinstance(value, list) or not all(
        isinstance(day, int) and not isinstance(day, bool) and day >= 0 for day in value
    ):
        raise ValidationError(
            _("Nhắc trước hạn phải là danh sách số ngày nguyên không âm, ví dụ [7, 3, 1]."), code="reminder_days"
        )


class RoundQuerySet(models.QuerySet["Round"]):
    def open(self, at: dt.datetime | None = None) -> RoundQuerySet:
        """Rounds taking dossiers at ``at`` (now): opened, deadline not passed."""
        at = at or timezone.now()
        return self.filter(is_draft=False, opens_at__lte=at, closes_at__gt=at)


class Round(models.Model):
    """A council's call for nominations."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("hội đồng"))
    name = models.CharField(_("tên đợt"), max_length=200)
    year = models.PositiveIntegerField(_("năm"))
    kind = models.CharField(_("loại đợt"), max_length=20, choices=RoundKind.choices)
    opens_at = models.DateTimeField(_("mở từ"))
    closes_at = models.DateTimeField(_("hạn nộp"))
    reminder_days = models.JSONField(
        _("nhắc trước hạn (ngày)"),
        default=default_reminder_days,
        blank=True,
        validators=[validate_reminder_days],
        help_text=_(
            "Số ngày (theo lịch) trước hạn nộp để nhắc các đơn vị chưa gửi hồ sơ, ví dụ [7, 3, 1]; để [] nếu không nhắc."
        ),
    )
    award_types: models.ManyToManyField[AwardType, RoundAwardType] = models.ManyToManyField(
        AwardType, through="RoundAwardType", related_name="rounds", verbose_name=_("hình thức xét")
    )
    # a round made on the setup pages (or copied from last year's) is a draft until opened
    is_draft = models.BooleanField(_("đang soạn (chưa mở)"), default=False)
    closed_at = models.DateTimeField(_("đóng đợt lúc"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt xét khen thưởng")
        verbose_name_plural = _("đợt xét khen thưởng")
        ordering = ["-year", "-opens_at"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("Hạn nộp phải sau thời điểm mở đợt.")},
                code="round_closes_before_opens",
            )

    def is_open(self, at: dt.datetime | None = None) -> bool:
        at = at or timezone.now()
        return not self.is_draft and self.opens_at <= at < self.closes_at

    def is_past(self, at: dt.datetime | None = None) -> bool:
        """Opened and its deadline passed (or closed by hand)."""
        return not self.is_draft and self.closes_at <= (at or timezone.now())

    def is_scheduled(self, at: dt.datetime | None = None) -> bool:
        """Opened on the setup pages, taking dossiers from a later date."""
        return not self.is_draft and (at or timezone.now()) < self.opens_at

    @property
    def is_editable(self) -> bool:
        """Its name, dates and award types are edited while it is a draft; once open, only extended."""
        return self.is_draft

    @property
    def can_open(self) -> bool:
        return self.is_draft

    @property
    def can_close(self) -> bool:
        return self.is_open()

    @property
    def can_extend(self) -> bool:
        """Open, or past its deadline without having been closed by hand (closing is final)."""
        return not self.is_draft and self.closed_at is None


class RoundAwardType(models.Model):
    """An award type offered in a round, with an optional quota for each unit."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="offers")
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="offers")
    quota_count = models.PositiveIntegerField(_("tối đa mỗi đơn vị (số lượng)"), null=True, blank=True)
    quota_percent = models.DecimalField(
        _("tối đa mỗi đơn vị (phần trăm số cán bộ)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("hình thức của đợt")
        verbose_name_plural = _("hình thức của đợt")
        constraints = [models.UniqueConstraint(fields=["round", "award_type"], name="uniq_round_award_type")]

    def __str__(self) -> str:
        return f"{self.round} – {self.award_type.code}"


class RoundQuota(models.Model):
    """How many a unit may propose in a round: for one award type, or in all (``award_type`` empty)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("đợt"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="round_quotas", verbose_name=_("đơn vị"))
    award_type = models.ForeignKey(
        AwardType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="round_quotas",
        verbose_name=_("hình thức"),
    )
    quota = models.PositiveIntegerField(_("chỉ tiêu"))

    class Meta:
        verbose_name = _("chỉ tiêu của đơn vị")
        verbose_name_plural = _("chỉ tiêu của đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit", "award_type"],
                condition=Q(award_type__isnull=False),
                name="uniq_round_quota_award",
            ),
            models.UniqueConstraint(
                fields=["round", "unit"], condition=Q(award_type__isnull=True), name="uniq_round_quota_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.unit} – {self.quota}"

    def clean(self) -> None:
        super().clean()
        if self.unit_id and self.round_id and self.unit.council_id != self.round.council_id:
            raise ValidationError(_("Đơn vị không thuộc hội đồng của đợt xét."), code="quota_unit_council")
        if self.unit_id and self.quota is not None and self.quota > self.unit.staff_count:
            raise ValidationError(
                _("Chỉ tiêu của %(unit)s (%(quota)s) vượt số cán bộ, hội viên của đơn vị (%(staff)s)."),
                code="quota_above_staff",
                params={"unit": self.unit.name, "quota": self.quota, "staff": self.unit.staff_count},
            )


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
    RETURNED = "returned", _("Trả lại để bổ sung")
    ACCEPTED = "accepted", _("Đã thẩm định, đưa vào xét")
    WITHDRAWN = "withdrawn", _("Đơn vị đã rút")


class Nomination(models.Model):
    """A unit's dossier (hồ sơ đề nghị) in a round."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("đợt"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("đơn vị"))
    # the unit's name as the dossier was made and sent: a unit renamed or merged later keeps its
    # past dossiers, decisions, certificates and registry rows under the name they were issued under
    unit_name = models.CharField(_("tên đơn vị khi lập hồ sơ"), max_length=200, blank=True)
    title = models.CharField(_("trích yếu"), max_length=250)
    note = models.TextField(_("ghi chú của đơn vị"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=NominationStatus.choices, default=NominationStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    opened_at = models.DateTimeField(_("thường trực mở hồ sơ"), null=True, blank=True)
    submission_count = models.PositiveIntegerField(_("số lần gửi"), default=0)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    # the title and the unit's name folded (lower case, no diacritics: "Hường" -> "huong"), which the
    # dossier searches match (``selectors.nomination_search_q``); kept by ``save``
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("hồ sơ đề nghị")
        verbose_name_plural = _("hồ sơ đề nghị")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("update_fields")
        if not self.unit_name and self.unit_id is not None:
            self.unit_name = self.unit.name  # made under the unit's present name
            if fields is not None:
                fields = {*fields, "unit_name"}
        if fields is None or {"title", "unit_name"} & set(fields):
            self.search_text = self.folded_search_text()
            if fields is not None:
                fields = {*fields, "search_text"}
        if fields is not None:
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)

    def folded_search_text(self) -> str:
        return fold(f"{self.title} {self.unit_name}")

    @property
    def is_submitted(self) -> bool:
        return self.status == NominationStatus.SUBMITTED

    @property
    def is_accepted(self) -> bool:
        return self.status == NominationStatus.ACCEPTED

    @property
    def is_returned(self) -> bool:
        return self.status == NominationStatus.RETURNED

    @property
    def is_recallable(self) -> bool:
        """The unit may take back a dossier it sent until the secretariat opens it."""
        return self.status == NominationStatus.SUBMITTED and self.opened_at is None

    @property
    def is_editable(self) -> bool:
        return self.status in (NominationStatus.DRAFT, NominationStatus.RETURNED)


class AwardMethod(models.TextChoices):
    """Phương thức khen thưởng (Thông tư 02/2023/TT-BNV)."""

    REGULAR = "regular", _("Thường xuyên")
    THEMATIC = "thematic", _("Chuyên đề")
    AD_HOC = "ad_hoc", _("Đột xuất")
    FOREIGN = "foreign", _("Đối ngoại")
    DEDICATION = "dedication", _("Cống hiến")
    SENIORITY = "seniority", _("Niên hạn")
    RESISTANCE = "resistance", _("Kháng chiến")


class SubjectCategory(models.TextChoices):
    """Đối tượng khen thưởng (Thông tư 02/2023/TT-BNV)."""

    COLLECTIVE = "collective", _("Tập thể")
    ENTERPRISE = "enterprise", _("Tập thể là doanh nghiệp")
    HOUSEHOLD = "household", _("Hộ gia đình")
    LEADER_CENTRAL = "leader_central", _("Lãnh đạo cấp bộ, tỉnh trở lên")
    LEADER_DEPARTMENT = "leader_department", _("Lãnh đạo cấp sở, ngành")
    BUSINESS = "business", _("Doanh nhân")
    LEADER_OTHER = "leader_other", _("Lãnh đạo khác từ phó trưởng phòng trở lên")
    DIRECT_WORKER = "direct_worker", _("Người trực tiếp lao động, công tác")


class NominationLine(models.Model):
    """One nominee proposed for one award type in a dossier."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="lines", verbose_name=_("hồ sơ"))
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="lines", verbose_name=_("hình thức")
    )
    nominee_kind = models.CharField(_("đối tượng"), max_length=20, choices=NomineeKind.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="lines")
    collective = models.ForeignKey(Collective, null=True, blank=True, on_delete=models.PROTECT, related_name="lines")
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.PROTECT, related_name="lines")
    achievement = models.TextField(_("tóm tắt thành tích"))
    method = models.CharField(_("phương thức"), max_length=20, choices=AwardMethod.choices, default=AwardMethod.REGULAR)
    subject_category = models.CharField(_("phân loại đối tượng"), max_length=30, choices=SubjectCategory.choices)
    return_reason = models.TextField(_("lý do trả lại dòng này"), blank=True)

    class Meta:
        verbose_name = _("dòng đề nghị")
        verbose_name_plural = _("dòng đề nghị")
        ordering = ["nomination", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(nominee_kind="individual", person__isnull=False, collective__isnull=True, household__isnull=True)
                    | Q(
                        nominee_kind="collective", person__isnull=True, collective__isnull=False, household__isnull=True
                    )
                    | Q(nominee_kind="household", person__isnull=True, collective__isnull=True, household__isnull=False)
                ),
                name="line_has_exactly_one_nominee",
            ),
            models.CheckConstraint(condition=~Q(achievement=""), name="line_has_achievement"),
        ]

    def __str__(self) -> str:
        return f"{self.nominee} – {self.award_type.code}"

    @property
    def nominee(self) -> Person | Collective | Household | None:
        return self.person or self.collective or self.household


class Attachment(models.Model):
    """A file of a dossier, checked by its bytes and stored under a safe name."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("tệp"), upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu đính kèm")
        verbose_name_plural = _("tài liệu đính kèm")
        ordering = ["nomination", "kind", "id"]

    def __str__(self) -> str:
        return self.original_name


class TransitionAction(models.TextChoices):
    CREATED = "created", pgettext_lazy("history", "Tạo hồ sơ")
    SUBMITTED = "submitted", pgettext_lazy("history", "Gửi hồ sơ")
    RESUBMITTED = "resubmitted", pgettext_lazy("history", "Gửi lại hồ sơ")
    RECALLED = "recalled", pgettext_lazy("history", "Đơn vị thu hồi hồ sơ")
    OPENED = "opened", pgettext_lazy("history", "Thường trực mở hồ sơ")
    RETURNED = "returned", pgettext_lazy("history", "Trả lại để bổ sung")
    ACCEPTED = "accepted", pgettext_lazy("history", "Chấp nhận đưa vào xét")
    WITHDRAWN = "withdrawn", pgettext_lazy("history", "Đơn vị rút hồ sơ")
    LINE_UPDATED = "line_updated", pgettext_lazy("history", "Sửa dòng đề nghị")
    LINE_REMOVED = "line_removed", pgettext_lazy("history", "Xoá dòng đề nghị")


class Transition(models.Model):
    """Who did what to a dossier, when and why."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("thao tác"), max_length=20, choices=TransitionAction.choices)
    from_status = models.CharField(max_length=20, choices=NominationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=NominationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thực hiện")
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["nomination", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.at:%d/%m/%Y %H:%M}"
