"""The account's API token page, mounted at /accounts/api-tokens/ (config/urls.py)."""

from django.urls import path

from api import token_views

urlpatterns = [
    path("", token_views.api_tokens, name="api_tokens"),
    path("<int:pk>/revoke/", token_views.api_token_revoke, name="api_token_revoke"),
    path("revoke-all/", token_views.api_tokens_revoke_all, name="api_tokens_revoke_all"),
]
