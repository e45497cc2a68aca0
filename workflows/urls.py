from django.urls import path

from workflows import dashboard_views, decision_views, export_views, session_views, step_deadline_views, views

app_name = "workflows"

urlpatterns = [
    path("tasks/", views.tasks, name="tasks"),
    path("dashboard/", dashboard_views.dashboard_latest, name="dashboard"),
    path("rounds/<int:pk>/dashboard/", dashboard_views.round_dashboard_page, name="round_dashboard"),
    path("dossiers/new/", views.dossier_create, name="dossier_create"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/lines/xlsx/", export_views.dossier_lines_xlsx, name="dossier_lines_xlsx"),
    path("dossiers/<int:pk>/submit/", views.dossier_submit, name="dossier_submit"),
    path("dossiers/<int:pk>/withdraw/", views.dossier_withdraw, name="dossier_withdraw"),
    path("dossiers/<int:pk>/recall/", views.dossier_recall, name="dossier_recall"),
    path("dossiers/<int:pk>/open/", views.dossier_open, name="dossier_open"),
    path("dossiers/<int:pk>/review/", views.dossier_review, name="dossier_review"),
    path("sessions/", session_views.session_list, name="session_list"),
    path("sessions/new/", session_views.session_create, name="session_create"),
    path("sessions/<int:pk>/", session_views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/attendance/", session_views.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/open/", session_views.session_open, name="session_open"),
    path("sessions/<int:pk>/add-lines/", session_views.session_add_lines, name="session_add_lines"),
    path("sessions/<int:pk>/paper/", session_views.session_paper, name="session_paper"),
    path("sessions/<int:pk>/paper/handed-in/", session_views.session_paper_handed_in, name="session_paper_handed_in"),
    path("sessions/<int:pk>/paper/close/", session_views.session_paper_close, name="session_paper_close"),
    path("sessions/<int:pk>/paper/discard/", session_views.session_paper_discard, name="session_paper_discard"),
    path("sessions/<int:pk>/close/", session_views.session_close, name="session_close"),
    path("sessions/<int:pk>/ballot/", session_views.session_ballot, name="session_ballot"),
    path("sessions/<int:pk>/results/", session_views.session_results, name="session_results"),
    path("sessions/<int:pk>/results/xlsx/", export_views.session_results_xlsx, name="session_results_xlsx"),
    path("sessions/<int:pk>/decide/", session_views.session_decide, name="session_decide"),
    path("decisions/<int:pk>/register/", decision_views.decision_register, name="decision_register"),
    path("decisions/<int:pk>/edit/", decision_views.decision_edit, name="decision_edit"),
    path("proposals/<int:pk>/send/", decision_views.proposal_send, name="proposal_send"),
    path("sessions/<int:pk>/send-back/", session_views.session_send_back, name="session_send_back"),
    path("setup/<int:council_pk>/step-deadlines/", step_deadline_views.step_deadlines, name="step_deadlines"),
]
