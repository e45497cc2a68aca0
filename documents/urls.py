from django.urls import path

from . import views

app_name = "documents"

urlpatterns: list = [
    # Routes of the documents app (printing, year-end figures, verification).
    path("yearend/", views.yearend, name="yearend"),
    path("yearend/<int:year>/pdf/", views.yearend_pdf, name="yearend_pdf"),
    path("yearend/<int:year>/xlsx/", views.yearend_xlsx, name="yearend_xlsx"),
]
