from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "councils"
    verbose_name = _("Hội đồng, đơn vị, người dùng")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from councils import security, session_services

        user_logged_in.connect(security.on_user_logged_in, dispatch_uid="councils.security.logged_in")
        user_logged_in.connect(session_services.on_user_logged_in, dispatch_uid="councils.sessions.logged_in")
        user_logged_out.connect(session_services.on_user_logged_out, dispatch_uid="councils.sessions.logged_out")
        user_login_failed.connect(security.on_user_login_failed, dispatch_uid="councils.security.login_failed")
        if not apps.is_installed("axes"):  # django-axes' lockouts, when it is installed
            return
        try:
            from axes.signals import user_locked_out
        except ImportError:
            return
        user_locked_out.connect(security.on_user_locked_out, dispatch_uid="councils.security.locked_out")
