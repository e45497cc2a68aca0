from django.urls import path

from nominations import award_views, export_views, import_views, round_views, salary_views, views

app_name = "nominations"

urlpatterns = [
    path("dossiers/", views.nomination_list, name="list"),
    path("dossiers/xlsx/", export_views.nomination_list_xlsx, name="list_xlsx"),
    path("dossiers/<int:pk>/edit/", views.nomination_edit, name="edit"),
    path("dossiers/<int:pk>/lines/add/", views.line_add, name="line_add"),
    path("dossiers/<int:pk>/lines/bulk/", views.lines_bulk, name="lines_bulk"),
    path("dossiers/<int:pk>/lines/template/<str:kind>/", views.line_template, name="line_template"),
    path("dossiers/<int:pk>/lines/<int:line_pk>/edit/", views.line_edit, name="line_edit"),
    path("dossiers/<int:pk>/lines/<int:line_pk>/delete/", views.line_delete, name="line_delete"),
    path("dossiers/<int:pk>/files/add/", views.attachment_add, name="attachment_add"),
    path("dossiers/<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path("dossiers/<int:pk>/files/<int:attachment_pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("people/search/", views.person_search, name="person_search"),
    path("setup/rounds/", round_views.round_list, name="round_list"),
    path("setup/rounds/new/", round_views.round_create, name="round_create"),
    path("setup/rounds/<int:pk>/copy/", round_views.round_copy, name="round_copy"),
    path("setup/rounds/<int:pk>/edit/", round_views.round_edit, name="round_edit"),
    path("setup/rounds/<int:pk>/open/", round_views.round_open, name="round_open"),
    path("setup/rounds/<int:pk>/extend/", round_views.round_extend, name="round_extend"),
    path("setup/rounds/<int:pk>/close/", round_views.round_close, name="round_close"),
    path("setup/rounds/<int:pk>/quotas/", round_views.round_quotas, name="round_quotas"),
    path("setup/award-types/", award_views.award_list, name="award_list"),
    path("setup/award-types/new/", award_views.award_create, name="award_create"),
    path("setup/award-types/<int:pk>/edit/", award_views.award_edit, name="award_edit"),
    path("setup/award-types/<int:pk>/deactivate/", award_views.award_deactivate, name="award_deactivate"),
    path("setup/award-types/<int:pk>/delete/", award_views.award_delete, name="award_delete"),
    path("setup/award-types/<int:pk>/rates/", award_views.award_rates, name="award_rates"),
    path("setup/award-types/<int:pk>/rates/<int:rate_pk>/edit/", award_views.award_rate_edit, name="award_rate_edit"),
    # the guided start: the commune-level award types, and the people by spreadsheet
    path("setup/<int:council_pk>/award-types/defaults/", import_views.award_defaults_take, name="award_defaults"),
    path("setup/<int:council_pk>/people/import/", import_views.person_import, name="person_import"),
    path(
        "setup/<int:council_pk>/people/import/template/",
        import_views.person_import_template,
        name="person_import_template",
    ),
    path(
        "setup/<int:council_pk>/people/import/confirm/",
        import_views.person_import_confirm,
        name="person_import_confirm",
    ),
    path("setup/base-salary/", salary_views.base_salary_list, name="base_salary_list"),
    path("setup/base-salary/<int:pk>/", salary_views.base_salary_edit, name="base_salary_edit"),
]
