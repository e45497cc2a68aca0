"""The user's own API tokens, a page of the account (``/accounts/api-tokens/``): the list, a new
token (its text shown once, on the answer to the POST, never stored nor put in the session),
revoking one or all.  Only one's own tokens: another user's is not found."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api import services
from api.models import ApiToken
from api.selectors import api_tokens_of

LIFETIME_CHOICES = [(str(days), _("%(days)s ngày") % {"days": days}) for days in services.LIFETIMES_DAYS]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên (dùng cho việc gì)"), max_length=100)
    days = forms.TypedChoiceField(label=_("Thời hạn"), choices=LIFETIME_CHOICES, coerce=int, initial="30")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    new_token = ""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record, new_token = services.api_token_create(
                request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"], request=request
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": api_tokens_of(request.user), "new_token": new_token},
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        record = services.api_token_revoke(request.user, token_id=pk)
    except ApiToken.DoesNotExist as missing:
        raise Http404 from missing
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Đã thu hồi mã truy cập “%(name)s”.") % {"name": record.name})
    return redirect("api_tokens")


@login_required
@require_POST
def api_tokens_revoke_all(request: HttpRequest) -> HttpResponse:
    count = services.api_token_revoke_all(request.user)
    messages.success(
        request,
        ngettext("Đã thu hồi %(count)s mã truy cập.", "Đã thu hồi %(count)s mã truy cập.", count) % {"count": count},
    )
    return redirect("api_tokens")
