from django.urls import path

from decisions import proposal_views, views

app_name = "decisions"

urlpatterns = [
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
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
    path("registry/unit/", views.registry_for_unit, name="registry_for_unit"),
    path("registry/<str:kind>/<int:pk>/", views.registry_holder, name="registry_holder"),
]
