from django.urls import path

from decisions import campaign_views, export_views, legal_basis_views, lookup_views, proposal_views, views

app_name = "decisions"

urlpatterns = [
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/xlsx/", export_views.decision_list_xlsx, name="decision_list_xlsx"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/lines/xlsx/", export_views.decision_lines_xlsx, name="decision_lines_xlsx"),
    path("decisions/<int:pk>/scan/", views.decision_scan, name="decision_scan"),
    path("decisions/<int:pk>/scan/download/", views.decision_scan_download, name="decision_scan_download"),
    path("decisions/<int:pk>/revoke/", views.decision_revoke, name="decision_revoke"),
    path("proposals/", proposal_views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal_detail"),
    path(
        "proposals/<int:pk>/higher-decision/", proposal_views.proposal_higher_decision, name="proposal_higher_decision"
    ),
    path("sessions/<int:pk>/proposal/new/", proposal_views.proposal_create, name="proposal_create"),
    path("registry/", views.registry_search, name="registry_search"),
    # public, no login: the look-up of awards by name (tra cứu khen thưởng)
    path("tra-cuu/", lookup_views.public_lookup, name="public_lookup"),
    path("registry/unit/", views.registry_for_unit, name="registry_for_unit"),
    path("registry/unit/xlsx/", export_views.registry_for_unit_xlsx, name="registry_for_unit_xlsx"),
    path("registry/<str:kind>/<int:pk>/", views.registry_holder, name="registry_holder"),
    path("registry/<str:kind>/<int:pk>/xlsx/", export_views.registry_holder_xlsx, name="registry_holder_xlsx"),
    path("setup/<int:council_pk>/legal-bases/", legal_basis_views.legal_basis_list, name="legal_basis_list"),
    path("setup/<int:council_pk>/legal-bases/new/", legal_basis_views.legal_basis_create, name="legal_basis_create"),
    path("setup/legal-bases/<int:pk>/", legal_basis_views.legal_basis_edit, name="legal_basis_edit"),
    path("setup/<int:council_pk>/campaigns/", campaign_views.campaign_list, name="campaign_list"),
    path("setup/<int:council_pk>/campaigns/new/", campaign_views.campaign_create, name="campaign_create"),
    path("setup/campaigns/<int:pk>/", campaign_views.campaign_edit, name="campaign_edit"),
    path("setup/national/legal-bases/", legal_basis_views.national_legal_basis_list, name="national_legal_basis_list"),
    path(
        "setup/national/legal-bases/new/",
        legal_basis_views.national_legal_basis_create,
        name="national_legal_basis_create",
    ),
    path(
        "setup/national/legal-bases/<int:pk>/",
        legal_basis_views.national_legal_basis_edit,
        name="national_legal_basis_edit",
    ),
]
