from django.urls import path

from councils import holiday_views, import_views, profile_views, security_views, setup_views, start_views, views

app_name = "councils"

urlpatterns = [
    path("units/accounts/", views.unit_accounts, name="unit_accounts"),
    path("units/accounts/<int:user_pk>/reset-password/", views.unit_account_reset, name="unit_account_reset"),
    path("units/accounts/<int:user_pk>/unlock/", views.unit_account_unlock, name="unit_account_unlock"),
    path("setup/", setup_views.setup, name="setup"),
    path("setup/<int:council_pk>/councils/", setup_views.child_list, name="child_list"),
    path("setup/<int:council_pk>/councils/new/", setup_views.child_create, name="child_create"),
    path("setup/councils/<int:pk>/sheet/", setup_views.child_created, name="child_created"),
    path("setup/<int:council_pk>/units/", setup_views.unit_list, name="unit_list"),
    path("setup/<int:council_pk>/units/new/", setup_views.unit_create, name="unit_create"),
    path("setup/units/<int:pk>/", setup_views.unit_edit, name="unit_edit"),
    path("setup/units/<int:pk>/merge/", setup_views.unit_merge, name="unit_merge"),
    path("setup/<int:council_pk>/members/", setup_views.member_list, name="member_list"),
    path("setup/<int:council_pk>/members/new/", setup_views.member_create, name="member_create"),
    path("setup/members/<int:pk>/", setup_views.member_edit, name="member_edit"),
    path("setup/<int:council_pk>/profile/", profile_views.profile, name="profile"),
    path("setup/<int:council_pk>/signers/new/", profile_views.signer_create, name="signer_create"),
    path("setup/signers/<int:pk>/", profile_views.signer_edit, name="signer_edit"),
    path("setup/<int:council_pk>/security-events/", security_views.security_events, name="security_events"),
    path("setup/security-events/", security_views.security_events_all, name="security_events_all"),
    path("setup/holidays/", holiday_views.holiday_list, name="holiday_list"),
    path("setup/holidays/<int:pk>/", holiday_views.holiday_edit, name="holiday_edit"),
    # the guided start of a new council and the imports by spreadsheet
    path("setup/<int:council_pk>/start/", start_views.start, name="start"),
    path("setup/<int:council_pk>/units/import/", import_views.unit_import, name="unit_import"),
    path(
        "setup/<int:council_pk>/units/import/template/", import_views.unit_import_template, name="unit_import_template"
    ),
    path("setup/<int:council_pk>/units/import/confirm/", import_views.unit_import_confirm, name="unit_import_confirm"),
    path("setup/<int:council_pk>/members/import/", import_views.member_import, name="member_import"),
    path(
        "setup/<int:council_pk>/members/import/template/",
        import_views.member_import_template,
        name="member_import_template",
    ),
    path(
        "setup/<int:council_pk>/members/import/confirm/",
        import_views.member_import_confirm,
        name="member_import_confirm",
    ),
]
