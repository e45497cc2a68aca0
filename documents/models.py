"""The documents a decision produces, stored as files: the decision, its attached
list, one certificate per awardee and the print bundle of all certificates.

A row is a job and its result (Saleor's pattern): PENDING → RUNNING → DONE or
FAILED, moved only by ``documents.services``; a retried task finds the row
settled and returns.  Every (decision, slot) has exactly one *current* version
(a partial unique constraint); regenerating adds a version and keeps the old
ones as history.  A file's name is fixed when its row is made, so a worker
killed after writing it and redelivered overwrites the same file instead of
leaving an orphan.

Also here: each awardee's certificate register entry (serial number in the
council's yearly register, token of the public verification page) and each
council's print settings for certificates."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from printing.data import PAPER_A3, PAPER_A4


def new_token() -> str:
    """22 URL-safe characters, 128 random bits: not guessable, short in a QR code."""
    return secrets.token_urlsafe(16)


def new_file_key() -> str:
    return uuid.uuid4().hex


class CertificateSettings(models.Model):
    """How a council prints its certificates (Giấy khen): paper, and for
    pre-printed blanks (phôi) the text-only mode with each field's place in
    millimetres and the printer's offset."""

    class Paper(models.TextChoices):
        A4 = PAPER_A4, _("A4 khổ ngang")
        A3 = PAPER_A3, _("A3 khổ ngang")

    council = models.OneToOneField(
        "councils.Council", on_delete=models.CASCADE, related_name="certificate_settings", verbose_name=_("hội đồng")
    )
    paper = models.CharField(_("khổ giấy"), max_length=2, choices=Paper.choices, default=Paper.A4)
    text_only = models.BooleanField(
        _("chỉ in phần chữ (in lên phôi in sẵn)"),
        default=False,
        help_text=_("Chỉ in các nội dung thay đổi (tên, đơn vị, thành tích, số quyết định…) tại vị trí đã chỉnh."),
    )
    # {field name: {"x_mm", "y_mm", "width_mm", "size_pt"}}; a missing field keeps the full layout's place
    positions = models.JSONField(_("vị trí các trường (mm)"), default=dict, blank=True)
    offset_x_mm = models.DecimalField(_("dịch ngang (mm)"), max_digits=5, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField(_("dịch dọc (mm)"), max_digits=5, decimal_places=1, default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("cấu hình in Giấy khen")
        verbose_name_plural = _("cấu hình in Giấy khen")

    def __str__(self) -> str:
        return f"{self.council} – {self.paper}"


class CertificateSerialRegister(models.Model):
    """The council's register of certificate numbers, one sequence per year."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số Giấy khen")
        verbose_name_plural = _("sổ đăng ký số Giấy khen")
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="uniq_certificate_register")]

    def __str__(self) -> str:
        return f"{self.council} {self.year}: {self.last_number}"


class Certificate(models.Model):
    """One awardee's certificate in the register: its serial number and the
    token of its public verification page (``/verify/<token>``)."""

    decision_line = models.OneToOneField("decisions.DecisionLine", on_delete=models.CASCADE, related_name="certificate")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số vào sổ"))
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Giấy khen đã vào sổ")
        verbose_name_plural = _("Giấy khen đã vào sổ")
        ordering = ["council", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["council", "year", "number"], name="uniq_certificate_serial"),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def serial(self) -> str:
        """ "0015/2023": the number in the council's register of that year."""
        return f"{self.number:04d}/{self.year}"


class DocumentKind(models.TextChoices):
    # one paper each: "Decision", "Certificate of merit" (elsewhere the same words head lists of them)
    DECISION = "decision", pgettext_lazy("document kind", "Quyết định")
    LIST = "list", _("Danh sách kèm theo")
    CERTIFICATE = "certificate", pgettext_lazy("document kind", "Giấy khen")
    PRINT = "print", _("Bản in tất cả Giấy khen")


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ tạo")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã tạo")
    FAILED = "failed", _("Lỗi")


class BatchPurpose(models.TextChoices):
    GENERATE = "generate", _("Tạo văn bản của quyết định")
    PRINT = "print", _("In tất cả Giấy khen")


class GenerationBatch(models.Model):
    """One request for documents (the registration's, a regeneration, a print):
    the secretariat is told once when all its documents are settled."""

    decision = models.ForeignKey("decisions.Decision", on_delete=models.CASCADE, related_name="document_batches")
    purpose = models.CharField(max_length=10, choices=BatchPurpose.choices, default=BatchPurpose.GENERATE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # "" until settled, then the verb of the one notice sent (documents_ready / documents_failed)
    notified = models.CharField(max_length=30, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt tạo văn bản")
        verbose_name_plural = _("lượt tạo văn bản")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.decision} – {self.get_purpose_display()} #{self.pk}"


class GeneratedDocument(models.Model):
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.CASCADE,
        related_name="generated_documents",
        verbose_name=_("quyết định"),
    )
    batch = models.ForeignKey(GenerationBatch, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại"), max_length=12, choices=DocumentKind.choices)
    decision_line = models.ForeignKey(
        "decisions.DecisionLine",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="generated_documents",
        verbose_name=_("dòng của quyết định"),
    )
    # what the document is of: "decision", "list", "print", "certificate-<decision line id>"
    slot = models.CharField(max_length=40)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    current = models.BooleanField(_("bản hiện hành"), default=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    error = models.TextField(_("lỗi"), blank=True)
    file_key = models.CharField(max_length=32, default=new_file_key, editable=False)
    file = models.FileField(_("tệp"), max_length=255, blank=True)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    # SHA-256 of the data the file was built from (and the layout): an unchanged document is not rebuilt
    inputs_sha256 = models.CharField(max_length=64, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản đã tạo")
        verbose_name_plural = _("văn bản đã tạo")
        ordering = ["decision", "slot", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "slot", "version"], name="uniq_document_version"),
            models.UniqueConstraint(
                fields=["decision", "slot"], condition=Q(current=True), name="one_current_document_per_slot"
            ),
            models.CheckConstraint(
                condition=Q(kind="certificate", decision_line__isnull=False)
                | (~Q(kind="certificate") & Q(decision_line__isnull=True)),
                name="certificate_document_has_line",
            ),
        ]
        indexes = [models.Index(fields=["decision", "current", "kind"], name="document_current_kind")]

    def __str__(self) -> str:
        return f"{self.decision} – {self.slot} v{self.version}"

    @property
    def is_done(self) -> bool:
        return self.status == DocumentStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == DocumentStatus.FAILED

    def storage_name(self) -> str:
        """Where the file goes: fixed for the row (a rebuild overwrites it), unguessable."""
        return f"documents/{self.decision_id}/{self.slot}-v{self.version}-{self.file_key}.pdf"
