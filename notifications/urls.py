from django.urls import path

from notifications import export_views, views

app_name = "notifications"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/open/", views.notice_open, name="open"),
    path("read-all/", views.notice_read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("failed/", views.delivery_failed_list, name="failed"),
    path("failed/xlsx/", export_views.delivery_failed_xlsx, name="failed_xlsx"),
    path("failed/<int:pk>/retry/", views.delivery_retry, name="retry"),
]
