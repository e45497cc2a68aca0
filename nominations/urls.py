from django.urls import path

from nominations import award_views, round_views, views

app_name = "nominations"

urlpatterns = [
    path("dossiers/", views.nomination_list, name="list"),
    path("dossiers/<int:pk>/edit/", views.nomination_edit, name="edit"),
    path("dossiers/<int:pk>/lines/add/", views.line_add, name="line_add"),
    path("dossiers/<int:pk>/lines/bulk/", views.lines_bulk, name="lines_bulk"),
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
]
