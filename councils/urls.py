from django.urls import path

from councils import setup_views, views

app_name = "councils"

urlpatterns = [
    path("units/accounts/", views.unit_accounts, name="unit_accounts"),
    path("units/accounts/<int:user_pk>/reset-password/", views.unit_account_reset, name="unit_account_reset"),
    path("setup/", setup_views.setup, name="setup"),
    path("setup/<int:council_pk>/councils/", setup_views.child_list, name="child_list"),
    path("setup/<int:council_pk>/councils/new/", setup_views.child_create, name="child_create"),
    path("setup/councils/<int:pk>/sheet/", setup_views.child_created, name="child_created"),
    path("setup/<int:council_pk>/units/", setup_views.unit_list, name="unit_list"),
    path("setup/<int:council_pk>/units/new/", setup_views.unit_create, name="unit_create"),
    path("setup/units/<int:pk>/", setup_views.unit_edit, name="unit_edit"),
    path("setup/<int:council_pk>/members/", setup_views.member_list, name="member_list"),
    path("setup/<int:council_pk>/members/new/", setup_views.member_create, name="member_create"),
    path("setup/members/<int:pk>/", setup_views.member_edit, name="member_edit"),
]
