"""The API's routes under /api/: the read endpoints of this package, the dossiers' endpoints
(``api.dossiers``), the OpenAPI schema (public) and its Swagger UI page (assets from the
drf-spectacular-sidecar static files, its script a separate file: no inline script under the CSP)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import dossiers
from api.councils import CouncilViewSet
from api.decisions import DecisionViewSet
from api.errors import not_found
from api.registry import RegistryViewSet
from api.rounds import RoundViewSet
from api.sessions import SessionViewSet
from api.units import UnitViewSet
from api.yearend import YearEndView

app_name = "api"


class Router(DefaultRouter):
    include_root_view = False  # the schema and /api/docs/ describe the API; no unauthenticated index


router = Router()
router.register("councils", CouncilViewSet, basename="council")
router.register("units", UnitViewSet, basename="unit")
router.register("rounds", RoundViewSet, basename="round")
router.register("sessions", SessionViewSet, basename="session")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("registry", RegistryViewSet, basename="honour")
dossiers.register(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("yearend/", YearEndView.as_view(), name="yearend"),
    path("", include(router.urls)),
    # anything else under /api/ (an id that is not a number, a mistyped path): JSON, not the site's page
    re_path(r"^[\s\S]*$", not_found, name="not_found"),
]
