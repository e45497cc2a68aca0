from django.urls import path

from documents import decision_views, print_views, tt02_views, unit_views, views, word_views

app_name = "documents"

urlpatterns: list = [
    # Routes of the documents app (printing, year-end figures, verification).
    path("yearend/", views.yearend, name="yearend"),
    path("yearend/<int:year>/pdf/", views.yearend_pdf, name="yearend_pdf"),
    path("yearend/<int:year>/xlsx/", views.yearend_xlsx, name="yearend_xlsx"),
    path("yearend/<int:year>/tt02/<str:form>.<str:fmt>", tt02_views.tt02_form, name="yearend_tt02"),
    # a decision's stored documents, certificate printing and the public verification (decision_views)
    path("decisions/<int:pk>/documents/", decision_views.decision_documents, name="decision_documents"),
    path(
        "decisions/<int:pk>/documents/progress/",
        decision_views.decision_documents_progress,
        name="decision_documents_progress",
    ),
    path(
        "decisions/<int:pk>/documents/regenerate/",
        decision_views.decision_documents_regenerate,
        name="decision_documents_regenerate",
    ),
    path(
        "decisions/<int:pk>/documents/print/", decision_views.decision_documents_print, name="decision_documents_print"
    ),
    path("documents/<int:pk>/download/", decision_views.document_download, name="download"),
    path("councils/<int:pk>/certificates/", decision_views.certificate_settings, name="certificate_settings"),
    path(
        "councils/<int:pk>/certificates/calibration/",
        decision_views.certificate_calibration,
        name="certificate_calibration",
    ),
    path("verify/<str:token>", decision_views.verify, name="verify"),
    # a unit's view of the registered decisions that concern it, and its downloads (unit_views)
    path("units/decisions/<int:pk>/", unit_views.unit_decision, name="unit_decision"),
    path("units/documents/<int:pk>/download/", unit_views.unit_document_download, name="unit_document_download"),
    # the printable pages of the council's papers
    path("decisions/<int:pk>/print/", print_views.print_decision, name="print_decision"),
    path("print/sessions/<int:pk>/ballot/", print_views.print_ballot, name="print_ballot"),
    path("print/sessions/<int:pk>/minutes/", print_views.print_minutes, name="print_minutes"),
    path("print/sessions/<int:pk>/minutes/pdf/", print_views.minutes_pdf, name="minutes_pdf"),
    path("print/sessions/<int:pk>/proposal/", print_views.print_proposal, name="print_proposal"),
    # their Word copies (word_views)
    path("decisions/<int:pk>/word/", word_views.word_decision, name="word_decision"),
    path("decisions/<int:pk>/word/list/", word_views.word_decision_list, name="word_decision_list"),
    path("print/sessions/<int:pk>/minutes/word/", word_views.word_minutes, name="word_minutes"),
    path("print/sessions/<int:pk>/proposal/word/", word_views.word_proposal, name="word_proposal"),
]
