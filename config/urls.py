from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from common.health import healthz
from councils import security_views, session_views, two_factor_views
from workflows.views import home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", security_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # the second step of a login (councils.two_factor_middleware lets these through)
    path("accounts/otp/", two_factor_views.otp_verify, name="otp_verify"),
    path("accounts/otp/setup/", two_factor_views.otp_setup, name="otp_setup"),
    path("accounts/otp/account/", two_factor_views.otp_manage, name="otp_manage"),
    path("accounts/otp/recovery-codes/", two_factor_views.otp_recovery_renew, name="otp_recovery_renew"),
    path("accounts/otp/reset/<int:user_pk>/", two_factor_views.otp_reset, name="otp_reset"),
    path("accounts/sessions/", session_views.sessions, name="sessions"),
    path("accounts/sessions/end-others/", session_views.sessions_end_others, name="sessions_end_others"),
    path("accounts/keepalive/", session_views.keepalive, name="keepalive"),
    path("accounts/reauth/", session_views.reauth, name="reauth"),
    path("accounts/api-tokens/", include("api.token_urls")),  # the user's own API tokens
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("workflows.urls")),
    path("", include("nominations.urls")),
    path("", include("councils.urls")),
    path("", include("decisions.urls")),
    path("notices/", include("notifications.urls")),
    path("", include("documents.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
