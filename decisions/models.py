"""The council's decision: sessions and their agenda, attendance, secret
ballots, the chairman's decision with its number register, forwarding to the
higher council and the honours registry.

Secrecy by construction: who has voted (``BallotCast``) is stored apart from
what was chosen (``Ballot``/``BallotChoice``).  The content rows have random
UUID keys, no member, no timestamp and no sequence, so nothing joins them to a
member; pages list them only as counts."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    PREPARING = "preparing", _("Đang chuẩn bị")
    VOTING = "voting", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc bỏ phiếu")
    DECIDED = "decided", _("Chủ tịch đã quyết định")
    RETURNED = "returned", _("Chủ tịch trả lại hội đồng")


class CouncilSession(models.Model):
    """A meeting of the council that votes on a round's accepted lines."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="sessions")
    round = models.ForeignKey("nominations.Round", on_delete=models.PROTECT, related_name="sessions")
    held_at = models.DateTimeField(_("thời gian họp"))
    place = models.CharField(_("địa điểm"), max_length=200)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("chủ trì")
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("thư ký")
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.PREPARING
    )
    allow_written_votes = models.BooleanField(_("cho phép thành viên vắng bỏ phiếu bằng văn bản"), default=True)
    members_total = models.PositiveIntegerField(_("tổng số thành viên"), null=True, blank=True)
    present_total = models.PositiveIntegerField(_("số thành viên dự họp"), null=True, blank=True)
    voters_present = models.PositiveIntegerField(
        _("số thành viên biểu quyết (dự họp hoặc bằng văn bản)"), null=True, blank=True
    )
    voting_closes_at = models.DateTimeField(_("hạn bỏ phiếu"), null=True, blank=True)
    opened_at = models.DateTimeField(_("lúc mở bỏ phiếu"), null=True, blank=True)
    closed_at = models.DateTimeField(_("lúc kết thúc bỏ phiếu"), null=True, blank=True)
    results = models.JSONField(_("kết quả đã khoá"), null=True, blank=True)
    results_digest = models.CharField(_("mã HMAC của kết quả"), max_length=64, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(_("ý kiến của chủ tịch"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "nominations_councilsession"
        verbose_name = _("phiên họp hội đồng")
        verbose_name_plural = _("phiên họp hội đồng")
        ordering = ["-held_at", "-id"]

    def __str__(self) -> str:
        return f"{self.council} – {self.held_at:%d/%m/%Y}"

    @property
    def is_preparing(self) -> bool:
        return self.status == SessionStatus.PREPARING

    @property
    def is_voting(self) -> bool:
        return self.status == SessionStatus.VOTING

    @property
    def is_decided(self) -> bool:
        return self.status == SessionStatus.DECIDED

    @property
    def is_returned(self) -> bool:
        return self.status == SessionStatus.RETURNED

    @property
    def is_decidable(self) -> bool:
        """The chairman decides only once the vote is over and before anyone has decided."""
        return self.status == SessionStatus.CLOSED

    @property
    def can_print_proposal(self) -> bool:
        """The proposal's paper is printed once the vote is over (a draft before the decision)."""
        return self.status in (SessionStatus.CLOSED, SessionStatus.DECIDED)

    @property
    def has_results(self) -> bool:
        return self.status in (SessionStatus.CLOSED, SessionStatus.DECIDED, SessionStatus.RETURNED)


class AttendanceState(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    WRITTEN = "written", _("Vắng, bỏ phiếu bằng văn bản")
    ABSENT = "absent", _("Vắng")


class Attendance(models.Model):
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("tình trạng"), max_length=10, choices=AttendanceState.choices)

    class Meta:
        db_table = "nominations_attendance"
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="uniq_attendance")]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_state_display()}"


class AgendaItem(models.Model):
    """One accepted line on a session's agenda (lines that need no vote are not here)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="items")
    line = models.ForeignKey("nominations.NominationLine", on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveIntegerField()
    requires = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Dòng danh hiệu mà dòng này cần đạt trong cùng phiên (CSTDCS cần LĐTT)."),
    )
    # Fixed when voting opens (attendance is closed then): how many voting members
    # taking part are recused from this line.  A fact of the agenda, not a vote count.
    recused_present = models.PositiveIntegerField(default=0)
    excluded_reason = models.TextField(_("lý do chủ tịch loại"), blank=True)

    class Meta:
        db_table = "nominations_agendaitem"
        verbose_name = _("dòng xét trong phiên")
        verbose_name_plural = _("dòng xét trong phiên")
        ordering = ["session", "position"]
        constraints = [models.UniqueConstraint(fields=["session", "line"], name="uniq_agenda_line")]

    def __str__(self) -> str:
        return f"{self.position}. {self.line}"


class CastMethod(models.TextChoices):
    ONLINE = "online", _("Bỏ phiếu trực tuyến")
    PAPER = "paper", _("Phiếu giấy (thư ký nhập)")
    WRITTEN = "written", _("Bằng văn bản trước phiên họp")


class BallotCast(models.Model):
    """Participation: this member has voted in this session — never what."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="casts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=10, choices=CastMethod.choices)

    class Meta:
        db_table = "nominations_ballotcast"
        verbose_name = _("người đã bỏ phiếu")
        verbose_name_plural = _("người đã bỏ phiếu")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="one_ballot_per_member")]

    def __str__(self) -> str:
        return str(self.member)


class Ballot(models.Model):
    """Content: one anonymous ballot. Random key, no member, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="ballots")

    class Meta:
        db_table = "nominations_ballot"
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(_("Phiếu bầu"))


class Choice(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")
    BLANK = "blank", _("Không biểu quyết")


class BallotChoice(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="choices")
    choice = models.CharField(max_length=10, choices=Choice.choices)

    class Meta:
        db_table = "nominations_ballotchoice"
        verbose_name = _("lựa chọn trên phiếu")
        verbose_name_plural = _("lựa chọn trên phiếu")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["ballot", "item"], name="one_choice_per_item")]

    def __str__(self) -> str:
        return self.get_choice_display()


class SignerCapacity(models.TextChoices):
    CHAIRMAN = "chairman", _("CHỦ TỊCH")
    DEPUTY = "deputy", _("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    REGISTERED = "registered", _("Đã vào số")
    REVOKED = "revoked", _("Đã thu hồi")


class Decision(models.Model):
    """The chairman's award decision: everything its printed form needs."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="decisions")
    session = models.ForeignKey(
        CouncilSession, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    round = models.ForeignKey("nominations.Round", on_delete=models.PROTECT, related_name="decisions")
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    subject = models.CharField(_("trích yếu"), max_length=300)
    year = models.PositiveIntegerField(_("năm"))
    symbol = models.CharField(_("ký hiệu"), max_length=30, default="QĐ-UBND")
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_capacity = models.CharField(
        _("thẩm quyền ký"), max_length=10, choices=SignerCapacity.choices, default=SignerCapacity.CHAIRMAN
    )
    legal_bases = models.TextField(_("căn cứ"), blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    scan = models.FileField(_("bản quét đã ký"), upload_to="decisions/%Y/", blank=True)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "nominations_decision"
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "symbol", "number"],
                condition=Q(number__isnull=False),
                name="uniq_decision_number",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_editable(self) -> bool:
        """Only a draft's text, lines and number may change."""
        return self.status == DecisionStatus.DRAFT

    @property
    def is_registered(self) -> bool:
        return self.status == DecisionStatus.REGISTERED

    @property
    def is_revoked(self) -> bool:
        return self.status == DecisionStatus.REVOKED

    @property
    def reference(self) -> str:
        number = f"{self.number:02d}" if self.number else "     "
        return f"{number}/{self.symbol}"


class DecisionNumberRegister(models.Model):
    """The council's register of decision numbers, per year and symbol."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    symbol = models.CharField(max_length=30)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "nominations_decisionnumberregister"
        verbose_name = _("sổ đăng ký số quyết định")
        verbose_name_plural = _("sổ đăng ký số quyết định")
        constraints = [models.UniqueConstraint(fields=["council", "year", "symbol"], name="uniq_number_register")]

    def __str__(self) -> str:
        return f"{self.council} {self.year} {self.symbol}: {self.last_number}"


class DecisionLine(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey("nominations.NominationLine", on_delete=models.PROTECT, related_name="decision_lines")
    position = models.PositiveIntegerField()
    achievement = models.TextField(_("thành tích ghi trong quyết định"))
    multiplier = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    base_salary = models.PositiveBigIntegerField(null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)

    class Meta:
        db_table = "nominations_decisionline"
        verbose_name = _("dòng của quyết định")
        verbose_name_plural = _("dòng của quyết định")
        ordering = ["decision", "position"]
        constraints = [models.UniqueConstraint(fields=["decision", "line"], name="uniq_decision_line")]

    def __str__(self) -> str:
        return f"{self.decision} – {self.position}"


class Honour(models.Model):
    """The honours register (sổ theo dõi khen thưởng): an award given, to whom, which year, by what."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="honours")
    award_type = models.ForeignKey("nominations.AwardType", on_delete=models.PROTECT, related_name="honours")
    year = models.PositiveIntegerField(_("năm"))
    person = models.ForeignKey(
        "nominations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="honours"
    )
    collective = models.ForeignKey(
        "nominations.Collective", null=True, blank=True, on_delete=models.PROTECT, related_name="honours"
    )
    household = models.ForeignKey(
        "nominations.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="honours"
    )
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="honours")
    source_line = models.ForeignKey(
        "nominations.NominationLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="honours"
    )
    external_reference = models.CharField(_("số quyết định cấp trên"), max_length=60, blank=True)
    external_date = models.DateField(_("ngày quyết định cấp trên"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "nominations_honour"
        verbose_name = _("khen thưởng đã ghi sổ")
        verbose_name_plural = _("sổ theo dõi khen thưởng")
        ordering = ["-year", "award_type", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, collective__isnull=True, household__isnull=True)
                    | Q(person__isnull=True, collective__isnull=False, household__isnull=True)
                    | Q(person__isnull=True, collective__isnull=True, household__isnull=False)
                ),
                name="honour_has_exactly_one_holder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.award_type.code} {self.year}"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo tờ trình")
    SENT = "sent", _("Đã gửi hội đồng cấp trên")
    DECIDED = "decided", _("Cấp trên đã quyết định")


class Proposal(models.Model):
    """A council's proposal (tờ trình) to its parent council for the awards beyond its authority."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="proposals_sent")
    parent = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="proposals_received")
    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="proposals")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    forwarded_nomination = models.ForeignKey(
        "nominations.Nomination",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hồ sơ ở hội đồng cấp trên"),
    )
    higher_reference = models.CharField(_("số quyết định cấp trên"), max_length=60, blank=True)
    higher_date = models.DateField(_("ngày quyết định cấp trên"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "nominations_proposal"
        verbose_name = _("tờ trình lên cấp trên")
        verbose_name_plural = _("tờ trình lên cấp trên")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.council} → {self.parent}"


class ProposalResult(models.TextChoices):
    PENDING = "pending", _("Chờ cấp trên xét")
    AWARDED = "awarded", _("Được khen thưởng")
    NOT_AWARDED = "not_awarded", _("Không được khen thưởng")


class ProposalLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey("nominations.NominationLine", on_delete=models.PROTECT, related_name="proposal_lines")
    forwarded_line = models.ForeignKey(
        "nominations.NominationLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="forwarded_from"
    )
    result = models.CharField(
        _("kết quả"), max_length=15, choices=ProposalResult.choices, default=ProposalResult.PENDING
    )

    class Meta:
        db_table = "nominations_proposalline"
        verbose_name = _("dòng của tờ trình")
        verbose_name_plural = _("dòng của tờ trình")
        constraints = [models.UniqueConstraint(fields=["proposal", "line"], name="uniq_proposal_line")]

    def __str__(self) -> str:
        return f"{self.proposal} – {self.line}"
