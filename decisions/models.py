"""The council's decision: sessions and their agenda, attendance, secret
ballots, the chairman's decision with its number register, forwarding to the
higher council and the honours registry.

Secrecy by construction (docs/ballot-secrecy.md): who has voted (``BallotCast``)
is stored apart from what was chosen.  While the vote is open the choices exist
only sealed (``SealedBallot``: AES-GCM under a key from the environment, random
keys, no member, no time); at the close the box is opened in one transaction,
counted into ``LineTally`` rows and emptied, so no table ever holds a readable
ballot and after the close none holds a ballot at all."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.text import nfc
from councils.models import SigningCapacity


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
    # fixed when voting opens: what every sealed ballot is bound to (``decisions.seal.box_binding``
    # of the agenda's digest and ``box_id``, a random id of this opening), and how many ballots
    # the box needs to be opened (the quorum then; a change of the council's rule later does not count)
    agenda_digest = models.CharField(max_length=64, blank=True)
    box_id = models.CharField(max_length=32, blank=True)
    quorum_ballots = models.PositiveIntegerField(_("số phiếu tối thiểu để mở hòm"), null=True, blank=True)
    paper_closed_at = models.DateTimeField(_("lúc kết thúc thu phiếu giấy"), null=True, blank=True)
    close_reason = models.TextField(_("lý do kết thúc bỏ phiếu sớm"), blank=True)
    ballots_opened = models.PositiveIntegerField(_("số phiếu đã mở"), null=True, blank=True)
    ballots_invalid = models.PositiveIntegerField(_("số phiếu không hợp lệ"), null=True, blank=True)
    # votes held void (fewer ballots than the quorum): [{"at", "ballots", "needed"}]
    void_votes = models.JSONField(default=list, blank=True)
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
    # Fixed when voting opens too: the voting members recused from this line (public: a member is
    # recused where the member is the nominee or the member's unit nominated the line).
    recused_members = models.JSONField(default=list, blank=True)
    excluded_reason = models.TextField(_("lý do chủ tịch loại"), blank=True)
    # set when the secretariat added the line after the agenda was made (before voting opened)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "nominations_agendaitem"
        verbose_name = _("dòng xét trong phiên")
        verbose_name_plural = _("dòng xét trong phiên")
        ordering = ["session", "position"]
        constraints = [models.UniqueConstraint(fields=["session", "line"], name="uniq_agenda_line")]

    def __str__(self) -> str:
        return f"{self.position}. {self.line}"


class NoVoteItem(models.Model):
    """An accepted line of an award type that needs no vote (Gia đình văn hoá…), fixed on the
    session with its agenda: the chairman's decision includes exactly these, never a line
    accepted later unless the secretariat adds it to the session explicitly (``added_by``)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="no_vote_items")
    line = models.ForeignKey("nominations.NominationLine", on_delete=models.PROTECT, related_name="no_vote_items")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "decisions_novoteitem"
        verbose_name = _("dòng không cần bỏ phiếu của phiên họp")
        verbose_name_plural = _("dòng không cần bỏ phiếu của phiên họp")
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "line"], name="uniq_no_vote_line")]

    def __str__(self) -> str:
        return str(self.line)

    @property
    def added_late(self) -> bool:
        return self.added_by_id is not None


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


class SealedBallot(models.Model):
    """One ballot in the box while the vote is open: AES-256-GCM ciphertext of one code per
    agenda line (``decisions.seal``).  Random key, no member, no time; every row is deleted
    when the box is opened at the close."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="sealed_ballots")
    key_id = models.CharField(max_length=16)
    nonce = models.BinaryField(max_length=12)
    sealed = models.BinaryField()
    # a paper entry waiting for a second officer (``Council.paper_second_officer``): not counted yet
    pending = models.BooleanField(default=False)

    class Meta:
        db_table = "decisions_sealedballot"
        ordering = ["id"]  # the random key: the order of rows says nothing of the order of casting
        verbose_name = _("phiếu niêm phong")
        verbose_name_plural = _("phiếu niêm phong")

    def __str__(self) -> str:
        return str(_("Phiếu niêm phong"))


class LineTally(models.Model):
    """What the box said about one agenda line, written when it was opened: counts only."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="tallies")
    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="tally")
    agree = models.PositiveIntegerField()
    disagree = models.PositiveIntegerField()
    blank = models.PositiveIntegerField()
    recused = models.PositiveIntegerField()
    not_voted = models.PositiveIntegerField()

    class Meta:
        db_table = "decisions_linetally"
        verbose_name = _("kết quả kiểm phiếu của dòng")
        verbose_name_plural = _("kết quả kiểm phiếu của dòng")
        ordering = ["session", "item"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.agree}/{self.disagree}/{self.blank}"


class BallotTracker(models.Model):
    """The tracker of a ballot that was in the box (SHA-256 of its sealed row), kept after the close."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="trackers")
    digest = models.CharField(max_length=64)

    class Meta:
        db_table = "decisions_ballottracker"
        verbose_name = _("mã phiếu")
        verbose_name_plural = _("mã phiếu")
        ordering = ["session", "digest"]
        constraints = [models.UniqueConstraint(fields=["session", "digest"], name="uniq_ballot_tracker")]

    def __str__(self) -> str:
        return self.digest


class PaperEntryStatus(models.TextChoices):
    PENDING = "pending", _("Chờ người thứ hai xác nhận")
    CONFIRMED = "confirmed", _("Đã nhập")
    DISCARDED = "discarded", _("Đã huỷ bản nhập")


class PaperEntry(models.Model):
    """The log of one paper ballot's entry: who entered it and who confirmed it (never its content)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="paper_entries")
    status = models.CharField(max_length=10, choices=PaperEntryStatus.choices, default=PaperEntryStatus.CONFIRMED)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "decisions_paperentry"
        verbose_name = _("nhập phiếu giấy")
        verbose_name_plural = _("nhập phiếu giấy")
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.get_status_display()}"


class Choice(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")
    BLANK = "blank", _("Không biểu quyết")


# how a decision is signed: the one list of capacities, kept with the council's signers
SignerCapacity = SigningCapacity


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
    # the decision that revoked this one: a revocation is itself a numbered decision
    revoked_by_number = models.CharField(_("số quyết định thu hồi"), max_length=50, blank=True)
    revoked_by_date = models.DateField(_("ngày quyết định thu hồi"), null=True, blank=True)
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


class CitingPaper(models.TextChoices):
    """The papers that cite legal bases."""

    DECISION = "decision", _("Quyết định")
    PROPOSAL = "proposal", _("Tờ trình")
    MINUTES = "minutes", _("Biên bản")


class LegalBasisQuerySet(models.QuerySet["LegalBasis"]):
    def in_force(self, on_date: dt.date) -> LegalBasisQuerySet:
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on_date), valid_from__lte=on_date)

    def serving(self, kind: str) -> LegalBasisQuerySet:
        if kind not in CitingPaper.values:
            raise ValueError(f"unknown document kind: {kind!r}")
        return self.filter(**{f"for_{kind}": True})

    def of_scope(self, council_id: int | None) -> LegalBasisQuerySet:
        """The rows of one scope: the national table (``None``) or one council's own."""
        return self.filter(council__isnull=True) if council_id is None else self.filter(council_id=council_id)


class LegalBasis(models.Model):
    """One dated version of a legal basis ("Căn cứ …;"), cited by the documents dated within
    its validity.  The versions of one basis share a ``family``: within one scope (the
    national table, or one council's own) they may not overlap, and a council's own
    version of a national family replaces the national one for that council."""

    council = models.ForeignKey(
        "councils.Council",
        verbose_name=_("hội đồng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_bases",
        help_text=_("Để trống: căn cứ chung cả nước, mọi hội đồng cùng trích dẫn."),
    )
    family = models.SlugField(
        _("nhóm căn cứ"),
        max_length=80,
        help_text=_(
            "Các phiên bản của cùng một căn cứ (ví dụ luật cũ và luật thay thế) có cùng nhóm; "
            "thời gian áp dụng của chúng không được chồng lên nhau."
        ),
    )
    text = models.TextField(_("nội dung căn cứ"), help_text=_("Cả câu, ví dụ: Căn cứ Luật … ngày … ;"))
    for_decision = models.BooleanField(_("dùng cho quyết định"), default=True)
    for_proposal = models.BooleanField(_("dùng cho tờ trình"), default=True)
    for_minutes = models.BooleanField(_("dùng cho biên bản"), default=False)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_until = models.DateField(_("áp dụng đến hết ngày"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(
        _("thứ tự trích dẫn"), default=100, help_text=_("Số nhỏ được trích dẫn trước.")
    )

    objects = LegalBasisQuerySet.as_manager()

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["position", "family", "valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="legal_basis_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def period(self) -> str:
        start = self.valid_from.strftime("%d/%m/%Y")
        if self.valid_until is None:
            return gettext("từ %(start)s") % {"start": start}
        return gettext("từ %(start)s đến %(end)s") % {"start": start, "end": self.valid_until.strftime("%d/%m/%Y")}

    def clean(self) -> None:
        self.text = nfc(self.text)
        if not self.text:
            raise ValidationError({"text": _("Chưa nhập nội dung căn cứ.")})
        if not (self.for_decision or self.for_proposal or self.for_minutes):
            raise ValidationError(_("Hãy chọn ít nhất một loại văn bản trích dẫn căn cứ này."))
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("Ngày hết áp dụng không được trước ngày bắt đầu áp dụng.")})
        if self.valid_from and self.family:
            self._refuse_overlap()

    def _refuse_overlap(self) -> None:
        """Two versions of the same basis in the same scope may not be in force on the same day."""
        others = LegalBasis.objects.of_scope(self.council_id).filter(family=self.family).exclude(pk=self.pk)
        others = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
        if self.valid_until is not None:
            others = others.filter(valid_from__lte=self.valid_until)
        clash = others.order_by("valid_from").first()
        if clash is not None:
            raise ValidationError(
                gettext(
                    "Thời gian áp dụng chồng lên một phiên bản khác của cùng căn cứ (“%(text)s”, áp dụng %(period)s). "
                    "Hãy cho phiên bản cũ hết áp dụng trước ngày phiên bản mới bắt đầu."
                )
                % {"text": clash.text, "period": clash.period}
            )


class CampaignLevel(models.TextChoices):
    """Who launched the campaign: the columns 2, 3, 4 of form 0601.N/BNV-TĐKT."""

    CENTRAL = "central", _("Hội đồng Thi đua – Khen thưởng Trung ương")
    MINISTRY_PROVINCE = "ministry_province", _("Bộ, ban, ngành, đoàn thể Trung ương, tỉnh")
    AGENCY_UNIT = "agency_unit", _("Cơ quan, tổ chức, đơn vị")


class CampaignScope(models.TextChoices):
    """The rows 02–05 of form 0601."""

    NATIONAL = "national", _("Toàn quốc")
    SECTOR_LOCALITY = "sector_locality", _("Bộ, ban, ngành, đoàn thể, địa phương")
    CLUSTER_BLOC = "cluster_bloc", _("Cụm, khối thi đua")
    AGENCY = "agency", _("Cơ quan, tổ chức, đơn vị")


class CampaignWay(models.TextChoices):
    """The rows 11–12 of form 0601."""

    THEMATIC = "thematic", _("Thi đua theo chuyên đề")
    REGULAR = "regular", _("Thi đua thường xuyên hàng năm")


class Campaign(models.Model):
    """An emulation campaign (phong trào thi đua) the council runs or takes part in: what form
    0601.N/BNV-TĐKT counts, in every year it runs during."""

    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("hội đồng")
    )
    name = models.CharField(_("tên phong trào"), max_length=300)
    launched_by = models.CharField(
        _("cấp phát động"), max_length=20, choices=CampaignLevel.choices, default=CampaignLevel.AGENCY_UNIT
    )
    scope = models.CharField(_("phạm vi"), max_length=20, choices=CampaignScope.choices, default=CampaignScope.AGENCY)
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"))
    way = models.CharField(
        _("hình thức tổ chức"), max_length=20, choices=CampaignWay.choices, default=CampaignWay.REGULAR
    )
    rounds = models.ManyToManyField(
        "nominations.Round", blank=True, related_name="campaigns", verbose_name=_("đợt xét khen thưởng")
    )

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-starts_on", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = " ".join((self.name or "").split())
        if not self.name:
            raise ValidationError({"name": _("Chưa nhập tên phong trào.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc không được trước ngày bắt đầu.")})
