"""The dossier process: viewflow's Process with the dossier as its artifact."""

from __future__ import annotations

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
