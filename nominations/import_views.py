"""The people import (the pages of ``councils.import_views``) and the button that gives a commune
council the default award types of its level."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.viewcalls import message_call
from councils import access
from councils.access import Capability
from councils.import_views import ImportKind, import_pages
from councils.models import Council
from nominations import award_defaults, imports

PEOPLE = ImportKind(
    slug="ca-nhan",
    title=gettext_lazy("Nhập sổ cá nhân từ tệp Excel"),
    spec=imports.person_spec,
    check=lambda actor, council: imports.person_rows_check(council=council),
    existing=lambda council: imports.person_rows_existing(council=council),
    save=imports.people_import,
    url_name="nominations:person_import",
    list_url_name="",
    makes_accounts=False,
)

person_import, person_import_template, person_import_confirm = import_pages(PEOPLE)


@login_required
@require_POST
def award_defaults_take(request: HttpRequest, council_pk: int) -> HttpResponse:
    """Make the commune-level award types the council lacks, then back to its start page."""
    if not access.can(request.user, Capability.ADMINISTER, council_pk):
        raise Http404
    council = get_object_or_404(Council, pk=council_pk)
    ok, made = message_call(
        request, lambda: award_defaults.award_types_from_defaults(actor=request.user, council=council)
    )
    if ok:
        if made:
            messages.success(
                request,
                _("Đã thêm %(count)s hình thức khen thưởng mặc định: %(names)s.")
                % {"count": len(made), "names": ", ".join(award.name_vi for award in made)},
            )
        else:
            messages.info(request, _("Hội đồng đã có đủ các hình thức mặc định; không thêm gì."))
    return redirect("councils:start", council_pk=council.pk)
