"""The public look-up of awards (tra cứu khen thưởng): anyone, with no login, finds by name (with
or without diacritics) and year the awards of the registered, non-revoked decisions of the
councils that keep the look-up on (``Council.public_lookup_enabled``, on the council's profile
page), each with its decision's number and date and the council; nothing else of the person
(``decisions.selectors.public_awards`` reads no more than that).

Rate-limited per address (``common.ratelimits``, group "lookup"); not indexed by search engines;
the name asked for never leaves in a Referer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from common.paging import page_of
from common.ratelimits import ratelimited
from common.text import nfc
from councils.models import Council
from decisions import selectors as dsel

#: rows per page of the look-up's results
LOOKUP_PAGE_SIZE = 20
#: the most results one look-up lists: a name, not a walk through the whole register
LOOKUP_MATCHES = 200


class PublicLookupForm(forms.Form):
    q = forms.CharField(
        label=_("Họ và tên"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("Có dấu hoặc không dấu, ví dụ: Lê Thị Hoa hoặc le thi hoa."),
    )
    year = forms.TypedChoiceField(label=_("Năm khen thưởng"), required=False, coerce=int, empty_value=None)
    council = forms.ModelChoiceField(
        label=_("Hội đồng"), queryset=Council.objects.none(), required=False, empty_label=_("Tất cả hội đồng")
    )

    def __init__(self, *args: Any, years: list[int], councils: QuerySet[Council], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)  # noqa: S101  type narrowing for mypy, not a check
        year.choices = [("", _("Tất cả các năm")), *((value, str(value)) for value in years)]
        council = self.fields["council"]
        assert isinstance(council, forms.ModelChoiceField)  # noqa: S101  type narrowing for mypy, not a check
        council.queryset = councils

    def clean_q(self) -> str:
        query = nfc(self.cleaned_data["q"])
        if not query:
            raise ValidationError(_("Hãy nhập họ và tên cần tra cứu."), code="empty")
        if not dsel.public_lookup_query_ok(query):
            raise ValidationError(
                _("Hãy nhập ít nhất %(count)s chữ cái của họ và tên."),
                code="too_short",
                params={"count": dsel.PUBLIC_LOOKUP_MIN_LETTERS},
            )
        return query


@require_safe
@ratelimited("lookup")
def public_lookup(request: HttpRequest) -> HttpResponse:
    # the first visit shows the form alone; a sent form (even empty) is checked and says what is missing
    form = PublicLookupForm(
        request.GET if "q" in request.GET else None,
        years=dsel.public_lookup_years(),
        councils=dsel.public_lookup_councils(),
    )
    page = None
    if form.is_valid():
        council = form.cleaned_data["council"]
        found = dsel.public_awards(
            query=form.cleaned_data["q"],
            year=form.cleaned_data["year"],
            council_id=council.pk if council is not None else None,
            limit=LOOKUP_MATCHES,
        )
        page = page_of(request, found, size=LOOKUP_PAGE_SIZE)
    response = render(
        request,
        "decisions/public_lookup.html",
        {
            "form": form,
            "page": page,
            "capped": page is not None and page.paginator.count >= LOOKUP_MATCHES,
            "most": LOOKUP_MATCHES,
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
