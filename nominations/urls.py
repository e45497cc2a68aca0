from django.urls import path

from nominations import views

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
]
