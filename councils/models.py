"""The council tree and who is who: councils and their levels, units, users,
their roles in councils and units, and the national days off the working-day
calendar skips.  Tables keep the names they had in ``nominations`` (``db_table``),
so the move in 2026 touched no row."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. Names follow Vietnamese order: family and middle names
    (``last_name``) before the given name (``first_name``)."""

    language = models.CharField(
        _("ngôn ngữ nhận thông báo"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # set when the account gets a password someone else handed over (a new account, a reset);
    # until its owner chooses one, councils.middleware lets it reach only the change page
    must_change_password = models.BooleanField(_("phải đổi mật khẩu tạm thời"), default=False)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        db_table = "nominations_user"
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name) if part).strip()


class CouncilLevel(models.TextChoices):
    COMMUNE = "commune", _("Xã, phường, thị trấn")
    DISTRICT = "district", _("Huyện")
    PROVINCE = "province", _("Tỉnh")
    CENTRAL = "central", _("Trung ương")


class Council(models.Model):
    """An Emulation and Commendation Council; councils form a tree of any depth."""

    name = models.CharField(_("tên hội đồng"), max_length=200)
    locality = models.CharField(_("địa phương"), max_length=120, help_text=_("Ví dụ: thị trấn Hà Trung"))
    place_name = models.CharField(_("địa danh ghi trên văn bản"), max_length=80, help_text=_("Ví dụ: Hà Trung"))
    issuing_body = models.CharField(
        _("cơ quan ban hành"), max_length=200, help_text=_("Ví dụ: Ủy ban nhân dân thị trấn Hà Trung")
    )
    level = models.CharField(_("cấp"), max_length=20, choices=CouncilLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hội đồng cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    money_rounding = models.PositiveIntegerField(
        _("làm tròn tiền thưởng đến (đồng)"), default=1000, help_text=_("Tiền thưởng được làm tròn đến bội số này.")
    )
    quorum_numerator = models.PositiveSmallIntegerField(_("số thành viên tối thiểu dự họp (tử số)"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(
        _("số thành viên tối thiểu dự họp (mẫu số)"), default=3, help_text=_("Mặc định: ít nhất hai phần ba (2/3).")
    )
    decision_symbol = models.CharField(_("ký hiệu quyết định"), max_length=30, default="QĐ-UBND")
    # the symbols of the council's own papers, printed after their number ("Số: …/TTr-HĐTĐKT")
    proposal_symbol = models.CharField(_("ký hiệu tờ trình"), max_length=30, default="TTr-HĐTĐKT")
    minutes_symbol = models.CharField(_("ký hiệu biên bản"), max_length=30, default="BB-HĐTĐKT")
    report_symbol = models.CharField(_("ký hiệu báo cáo"), max_length=30, default="BC-HĐTĐKT")
    decision_legal_bases = models.TextField(_("căn cứ ghi trong quyết định"), blank=True)
    decision_recipients = models.TextField(_("nơi nhận của quyết định"), blank=True)
    unit_in_parent = models.ForeignKey(
        "Unit",
        verbose_name=_("đơn vị đại diện ở hội đồng cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="represents",
        help_text=_("Tờ trình lên cấp trên được gửi như hồ sơ của đơn vị này trong đợt xét của hội đồng cấp trên."),
    )
    paper_second_officer = models.BooleanField(
        _("phiếu giấy cần người thứ hai xác nhận"),
        default=False,
        help_text=_("Mỗi phiếu giấy do một cán bộ nhập được tính khi cán bộ thứ hai nhập lại đúng như vậy."),
    )
    # results are published by law (Luật Thi đua, khen thưởng: công khai kết quả), so the public
    # look-up of awards is on unless the council turns it off; it shows no more than the published list
    public_lookup_enabled = models.BooleanField(
        _("cho phép tra cứu khen thưởng công khai"),
        default=True,
        help_text=_(
            "Ai cũng tra cứu được theo họ tên những khen thưởng của hội đồng đã vào số, chưa thu hồi: "
            "chỉ tên, hình thức, số và ngày quyết định."
        ),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        db_table = "nominations_council"
        verbose_name = _("hội đồng thi đua – khen thưởng")
        verbose_name_plural = _("hội đồng thi đua – khen thưởng")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                # a quorum of at least half the members and at most all of them
                condition=models.Q(quorum_numerator__gte=1)
                & models.Q(quorum_denominator__gte=models.F("quorum_numerator"))
                & models.Q(quorum_denominator__lte=models.F("quorum_numerator") * 2),
                name="council_quorum_half_to_all",
                violation_error_message=_(
                    "Số thành viên tối thiểu dự họp phải từ một nửa đến toàn bộ số thành viên (tử số ≥ 1, "
                    "mẫu số từ tử số đến hai lần tử số)."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class CouncilRole(models.TextChoices):
    SECRETARIAT = "secretariat", _("Thường trực / thư ký")
    MEMBER = "member", _("Thành viên hội đồng")
    CHAIRMAN = "chairman", _("Chủ tịch hội đồng")
    ADMIN = "admin", _("Quản trị")


class CouncilMembership(models.Model):
    """A user's role in a council (a user may hold several roles)."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("hội đồng")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="council_memberships",
        verbose_name=_("người dùng"),
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=CouncilRole.choices)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "Unit", verbose_name=_("đơn vị công tác"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        "nominations.Person",
        verbose_name=_("trong sổ cá nhân"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Để không cho thành viên biểu quyết dòng đề nghị chính mình."),
    )
    # the term of the role (nhiệm kỳ); empty: from always / until further notice.  Who may vote in
    # a session is who holds a voting role on the session's date.
    term_from = models.DateField(_("nhiệm kỳ từ ngày"), null=True, blank=True)
    term_until = models.DateField(_("nhiệm kỳ đến ngày"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        db_table = "nominations_councilmembership"
        verbose_name = _("vai trò trong hội đồng")
        verbose_name_plural = _("vai trò trong hội đồng")
        constraints = [
            models.UniqueConstraint(fields=["council", "user", "role"], name="uniq_council_user_role"),
            models.CheckConstraint(
                condition=models.Q(term_from__isnull=True)
                | models.Q(term_until__isnull=True)
                | models.Q(term_until__gte=models.F("term_from")),
                name="membership_term_ends_after_it_starts",
                violation_error_message=_("Nhiệm kỳ phải kết thúc sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.council}"


class UnitKind(models.TextChoices):
    QUARTER = "quarter", _("Tiểu khu / thôn / tổ dân phố")
    SCHOOL = "school", _("Trường học")
    ORGANISATION = "organisation", _("Mặt trận, đoàn thể")
    HEALTH = "health", _("Trạm y tế")
    PARTY_CELL = "party_cell", _("Chi bộ")
    POLICE = "police", _("Công an")
    MILITARY = "military", _("Quân sự")
    AGENCY = "agency", _("Cơ quan, bộ phận")
    OTHER = "other", _("Khác")


class Unit(models.Model):
    """A unit that nominates: quarter, school, union, health station, party cell..."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="units", verbose_name=_("hội đồng"))
    name = models.CharField(_("tên đơn vị"), max_length=200)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    staff_count = models.PositiveIntegerField(_("số cán bộ, hội viên"), default=0)
    household_count = models.PositiveIntegerField(_("số hộ gia đình"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # a unit merged into another (sáp nhập) is kept, inactive, with its name: its past dossiers,
    # awards and certificates keep the name they were issued under, and the registry of the unit it
    # became follows its people and collectives (``councils.setup_services.unit_merge``)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("đã sáp nhập vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    merged_on = models.DateField(_("ngày sáp nhập"), null=True, blank=True)

    class Meta:
        db_table = "nominations_unit"
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["council", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="uniq_unit_name_per_council")]

    def __str__(self) -> str:
        return self.name


class UnitMembership(models.Model):
    """A user who submits dossiers on behalf of a unit."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("đơn vị"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="unit_memberships",
        verbose_name=_("người dùng"),
    )

    class Meta:
        db_table = "nominations_unitmembership"
        verbose_name = _("cán bộ đơn vị")
        verbose_name_plural = _("cán bộ đơn vị")
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="uniq_unit_user")]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit}"


class Holiday(models.Model):
    """A national day off (Tết, the public holidays and the days the government
    adds or swaps); the working-day calendar skips it.  A weekend day that the
    government makes a working day in exchange is a row with ``is_day_off`` unset."""

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=150)
    is_day_off = models.BooleanField(
        _("là ngày nghỉ"),
        default=True,
        help_text=_("Bỏ chọn cho ngày thứ Bảy/Chủ nhật phải đi làm bù theo quyết định hoán đổi ngày làm việc."),
    )

    class Meta:
        db_table = "nominations_holiday"
        verbose_name = _("ngày nghỉ lễ, Tết")
        verbose_name_plural = _("ngày nghỉ lễ, Tết")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.name}"


class SigningCapacity(models.TextChoices):
    """How a signer signs the council's decisions (``decisions.SignerCapacity`` is this list)."""

    CHAIRMAN = "chairman", _("CHỦ TỊCH")
    DEPUTY = "deputy", _("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")


class CouncilSigner(models.Model):
    """Someone who signs the council's decisions (the chairman, a deputy signing on the chairman's
    behalf): the registration form offers the active ones, the first by ``position`` as its default."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="signers", verbose_name=_("hội đồng"))
    full_name = models.CharField(_("họ và tên người ký"), max_length=120)
    capacity = models.CharField(
        _("thẩm quyền ký"), max_length=20, choices=SigningCapacity.choices, default=SigningCapacity.CHAIRMAN
    )
    is_active = models.BooleanField(_("đang ký văn bản"), default=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=10, help_text=_("Số nhỏ được đề xuất trước."))

    class Meta:
        verbose_name = _("người ký quyết định")
        verbose_name_plural = _("người ký quyết định")
        ordering = ["council", "-is_active", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "full_name", "capacity"], name="uniq_council_signer"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_capacity_display()})"


class SecurityEventKind(models.TextChoices):
    LOGIN_SUCCESS = "login_success", _("đăng nhập thành công")
    LOGIN_FAILURE = "login_failure", _("đăng nhập sai")
    LOCKOUT = "lockout", _("khoá đăng nhập do sai nhiều lần")
    UNLOCK = "unlock", _("mở khoá đăng nhập")
    TWO_FACTOR_ENROL = "2fa_enrol", _("đăng ký xác thực hai lớp")
    TWO_FACTOR_USE = "2fa_use", _("dùng xác thực hai lớp")
    PASSWORD_CHANGE = "password_change", _("đổi mật khẩu")
    PASSWORD_RESET = "password_reset", _("đặt lại mật khẩu (do người khác)")
    ROLE_CHANGE = "role_change", _("thay đổi vai trò")
    KEY_CHANGE = "key_change", _("thay đổi khoá niêm phong phiếu, khoá ký kết quả")
    VOTE_OPEN = "vote_open", _("mở bỏ phiếu")
    VOTE_CLOSE = "vote_close", _("kết thúc bỏ phiếu")
    DECISION_REGISTER = "decision_register", _("vào số quyết định")
    DECISION_REVOKE = "decision_revoke", _("thu hồi quyết định")


class SecurityOutcome(models.TextChoices):
    SUCCESS = "success", _("thành công")
    FAILURE = "failure", _("không thành công")


class AppendOnlyError(Exception):
    """A security event is written once and never changed or deleted."""


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("security events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("security events are append-only")

    def bulk_update(self, objs: object, fields: object, batch_size: int | None = None) -> int:
        raise AppendOnlyError("security events are append-only")

    def update_or_create(self, *args: object, **kwargs: object) -> tuple[SecurityEvent, bool]:  # type: ignore[override]
        raise AppendOnlyError("security events are append-only")


class SecurityEvent(models.Model):
    """One security-relevant event (OWASP ASVS V7): who, when, from which address, what, with
    which outcome.  Written by ``councils.security.security_event`` only, append-only in the
    code (``save`` refuses an existing row, ``delete`` raises, the queryset has no update) and
    in the database (triggers, migration councils 0009).  ``detail`` is a short note: never a
    password, a token or a key."""

    kind = models.CharField(_("sự kiện"), max_length=32, choices=SecurityEventKind.choices)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.PROTECT,  # the row cannot be changed, so the account it names stays
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)  # as typed, for a failure
    address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    outcome = models.CharField(
        _("kết quả"), max_length=16, choices=SecurityOutcome.choices, default=SecurityOutcome.SUCCESS
    )
    council = models.ForeignKey(
        Council, verbose_name=_("hội đồng"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(_("chi tiết"), max_length=255, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện an ninh")
        verbose_name_plural = _("sự kiện an ninh")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["council", "-at"], name="security_event_council_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding or self.pk is not None:
            raise AppendOnlyError("security events are append-only: an existing event cannot be changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("security events are append-only: an event cannot be deleted")


class UserSession(models.Model):
    """One signed-in browser of a user, for the user's own sessions page (OWASP ASVS V3.3):
    written at login and kept current by ``councils.session_middleware``; the session itself
    lives in the session store, this row only describes it.  Deleted at logout and by "sign out
    elsewhere" (``councils.session_services``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(_("khoá phiên"), max_length=40, db_index=True)
    created = models.DateTimeField(_("đăng nhập lúc"))
    last_seen = models.DateTimeField(_("thao tác gần nhất"))
    address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("phiên đăng nhập")
        verbose_name_plural = _("phiên đăng nhập")
        ordering = ["-last_seen", "-pk"]
        indexes = [models.Index(fields=["user", "-last_seen"], name="user_session_user_seen")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created:%Y-%m-%d %H:%M}"
