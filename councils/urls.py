from django.urls import path

from councils import views

app_name = "councils"

urlpatterns = [
    path("units/accounts/", views.unit_accounts, name="unit_accounts"),
    path("units/accounts/<int:user_pk>/reset-password/", views.unit_account_reset, name="unit_account_reset"),
]
