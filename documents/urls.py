from django.urls import path

app_name = "documents"

urlpatterns: list = [
    # Routes of the documents app (printing, year-end figures, verification).
]
