from django.urls import include, path
from rest_framework.routers import DefaultRouter

from api import dossiers

app_name = "api"

router = DefaultRouter()
dossiers.register(router)

urlpatterns = [
    path("", include(router.urls)),
]
