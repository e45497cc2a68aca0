"""The flows' processes: viewflow's Process with the dossier, or the council
session, as its artifact."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task


class DossierProcess(Process):
    """One dossier's run through the flow (process.artifact is the Nomination)."""

    class Meta:
        proxy = True
        verbose_name = _("quy trình hồ sơ")
        verbose_name_plural = _("quy trình hồ sơ")


class DossierTask(Task):
    class Meta:
        proxy = True
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")


class SessionProcess(Process):
    """One council session's run through the flow (process.artifact is the CouncilSession)."""

    class Meta:
        proxy = True
        verbose_name = _("quy trình phiên họp hội đồng")
        verbose_name_plural = _("quy trình phiên họp hội đồng")


class SessionTask(Task):
    class Meta:
        proxy = True
        verbose_name = _("bước của phiên họp hội đồng")
        verbose_name_plural = _("bước của phiên họp hội đồng")


class DeadlineStep(models.TextChoices):
    """The flow steps that have a time limit."""

    REVIEW = "review", _("Thường trực thẩm định hồ sơ")
    REVISE = "revise", _("Đơn vị sửa, gửi lại hồ sơ bị trả lại")


class StepDeadline(models.Model):
    """A council's time limit for a flow step, in working days, and how many
    working days after the step falls due it is reported to the secretariat and
    then to the chairman.  Without a row the defaults of the setting
    ``WORKFLOW_STEP_DEADLINES`` apply."""

    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="step_deadlines", verbose_name=_("hội đồng")
    )
    step = models.CharField(_("bước"), max_length=20, choices=DeadlineStep.choices)
    working_days = models.PositiveSmallIntegerField(_("thời hạn (ngày làm việc)"))
    escalate_to_secretariat_after_days = models.PositiveSmallIntegerField(
        _("báo thường trực sau khi quá hạn (ngày làm việc)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không báo thường trực."),
    )
    escalate_to_chairman_after_days = models.PositiveSmallIntegerField(
        _("báo chủ tịch sau khi quá hạn (ngày làm việc)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không báo chủ tịch."),
    )

    class Meta:
        verbose_name = _("thời hạn xử lý")
        verbose_name_plural = _("thời hạn xử lý")
        ordering = ["council", "step"]
        constraints = [models.UniqueConstraint(fields=["council", "step"], name="uniq_step_deadline_per_council")]

    def __str__(self) -> str:
        return f"{self.council} – {self.get_step_display()}: {self.working_days}"

    def clean(self) -> None:
        secretariat, chairman = self.escalate_to_secretariat_after_days, self.escalate_to_chairman_after_days
        if secretariat is not None and chairman is not None and chairman < secretariat:
            raise ValidationError(
                {"escalate_to_chairman_after_days": _("Báo chủ tịch không được sớm hơn báo thường trực.")}
            )
