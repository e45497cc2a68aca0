from django.urls import path

from . import decision_views, proposal_views, views

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
    path("units/accounts/", views.unit_accounts, name="unit_accounts"),
    path("units/accounts/<int:user_pk>/reset-password/", views.unit_account_reset, name="unit_account_reset"),
    path("decisions/", decision_views.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", decision_views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/edit/", decision_views.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/register/", decision_views.decision_register, name="decision_register"),
    path("decisions/<int:pk>/scan/", decision_views.decision_scan, name="decision_scan"),
    path("decisions/<int:pk>/scan/download/", decision_views.decision_scan_download, name="decision_scan_download"),
    path("decisions/<int:pk>/revoke/", decision_views.decision_revoke, name="decision_revoke"),
    path("decisions/<int:pk>/print/", decision_views.print_decision, name="print_decision"),
    path("proposals/", proposal_views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/send/", proposal_views.proposal_send, name="proposal_send"),
    path(
        "proposals/<int:pk>/higher-decision/", proposal_views.proposal_higher_decision, name="proposal_higher_decision"
    ),
    path("sessions/<int:pk>/proposal/new/", proposal_views.proposal_create, name="proposal_create"),
    path("registry/", decision_views.registry_search, name="registry_search"),
    path("registry/<str:kind>/<int:pk>/", decision_views.registry_holder, name="registry_holder"),
    path("print/sessions/<int:pk>/ballot/", decision_views.print_ballot, name="print_ballot"),
    path("print/sessions/<int:pk>/minutes/", decision_views.print_minutes, name="print_minutes"),
    path("print/sessions/<int:pk>/proposal/", decision_views.print_proposal, name="print_proposal"),
]
