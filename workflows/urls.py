from django.urls import path

from . import views

app_name = "workflows"

urlpatterns = [
    path("tasks/", views.tasks, name="tasks"),
    path("dossiers/new/", views.dossier_create, name="dossier_create"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/submit/", views.dossier_submit, name="dossier_submit"),
    path("dossiers/<int:pk>/withdraw/", views.dossier_withdraw, name="dossier_withdraw"),
    path("dossiers/<int:pk>/recall/", views.dossier_recall, name="dossier_recall"),
    path("dossiers/<int:pk>/open/", views.dossier_open, name="dossier_open"),
    path("dossiers/<int:pk>/review/", views.dossier_review, name="dossier_review"),
]
