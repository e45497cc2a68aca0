from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Văn bản in")

    def ready(self) -> None:
        # a line is refused at entry when it would not print on the council's own certificate layout
        from documents.selectors import certificate_layout
        from nominations import certificate_fit

        certificate_fit.use_layouts(certificate_layout)
