"""``/healthz``: the process answers.  No database, no session, no login: a load balancer's (or
``bench/load.py``'s) probe, and the stack's ceiling of requests per second for a page that does
nothing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
