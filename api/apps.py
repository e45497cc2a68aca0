"""The REST API under /api/: thin DRF views over the apps' selectors and services.

It is an interface like the pages: it sits above ``workflows`` and asks ``councils.access``
(the one policy) for every object, as the pages do.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # the schema's security scheme of the token (a drf-spectacular extension registers on import)
        from api import auth  # noqa: F401
