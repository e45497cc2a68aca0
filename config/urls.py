from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from workflows.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("workflows.urls")),
    path("", include("nominations.urls")),
    path("", include("councils.urls")),
    path("", include("decisions.urls")),
    path("notices/", include("notifications.urls")),
    path("", include("documents.urls")),
    path("admin/", admin.site.urls),
]
