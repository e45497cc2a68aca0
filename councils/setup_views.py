"""The council's own setup pages (the product's UI, not Django admin): the setup hub, and a
parent council's pages for the councils below it — the tree, creating a child council with its
first admin, and the one-time sheet of that admin's temporary password.

Who may: ``Capability.ADMINISTER`` of ``councils.access``, which a parent's admin also holds
over every council below it; any other council's pages are a 404.  A temporary password is shown
only in the response to the POST that made it (no redirect, nothing in the session or in a
message) and the page is never cached."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.viewcalls import form_call, message_call, submitted
from councils import access, services, setup_services, two_factor
from councils.access import Capability
from councils.audit import history_for
from councils.models import Council, CouncilMembership, CouncilRole, Unit
from councils.reauth import require_recent_auth
from councils.selectors import roles_for
from councils.setup_forms import (
    ChildCouncilForm,
    MemberCreateForm,
    MemberEditForm,
    TermEndForm,
    UnitForm,
    UnitMergeForm,
)

# The setup sections, by URL name: a section another part of the project has not routed yet is
# left out.  A route that takes the council's id is given it; one without (the unit accounts of
# every council the user manages) is offered on the user's own councils only.
SECTIONS: tuple[tuple[str, object], ...] = (
    ("councils:start", _("Bắt đầu: các bước thiết lập")),
    ("councils:profile", _("Thông tin hội đồng, người ký, nơi nhận")),
    ("decisions:legal_basis_list", _("Căn cứ pháp lý")),
    ("decisions:campaign_list", _("Phong trào thi đua (Biểu 0601)")),
    ("councils:unit_list", _("Đơn vị")),
    ("councils:unit_accounts", _("Tài khoản đơn vị")),
    ("councils:member_list", _("Thành viên hội đồng và nhiệm kỳ")),
    ("nominations:award_list", _("Loại khen thưởng và mức tiền")),
    ("nominations:base_salary_list", _("Mức lương cơ sở")),
    ("nominations:round_list", _("Đợt xét khen thưởng")),
    ("councils:holiday_list", _("Ngày nghỉ lễ, Tết")),
    ("workflows:step_deadlines", _("Thời hạn các bước")),
    ("documents:certificate_settings", _("Cài đặt in Giấy khen")),
    ("councils:child_list", _("Hội đồng cấp dưới")),
    ("councils:security_events", _("Nhật ký an ninh")),
)


@dataclass(frozen=True)
class Section:
    label: object
    url: str


def _url_if_routed(name: str, council_pk: int, *, own: bool) -> str:
    try:
        return reverse(name, args=[council_pk])
    except NoReverseMatch:
        pass
    if not own:
        return ""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _sections(council: Council, *, own: bool) -> list[Section]:
    found = [
        Section(label, _url_if_routed(name, council.pk, own=own))
        for name, label in SECTIONS
        if name != "councils:security_events" or own  # a council's own admin only (councils.access)
    ]
    return [section for section in found if section.url]


def _administered(request: HttpRequest, council_pk: int) -> Council:
    """The council, if the user may set it up (its own or one below it); otherwise a 404."""
    if not access.can(request.user, Capability.ADMINISTER, council_pk):
        raise Http404
    return get_object_or_404(Council, pk=council_pk)


def _own_councils(request: HttpRequest) -> set[int]:
    return roles_for(request.user).councils_with(*access.POLICY[Capability.ADMINISTER])


@login_required
@require_GET
def setup(request: HttpRequest) -> HttpResponse:
    """The setup hub: the sections of each council the user administers (or, with
    ``?council=``, of one council below them)."""
    own = _own_councils(request)
    if not access.councils_where(request.user, Capability.ADMINISTER):
        raise PermissionDenied
    chosen = request.GET.get("council", "")
    if chosen:
        if not chosen.isdigit():
            raise Http404
        councils = [_administered(request, int(chosen))]
    else:
        councils = list(Council.objects.filter(pk__in=own).select_related("parent"))
    cards = [(council, _sections(council, own=council.pk in own)) for council in councils]
    return render(request, "councils/setup/hub.html", {"cards": cards})


@dataclass(frozen=True)
class TreeRow:
    council: Council
    depth: int
    admin_username: str
    awaiting_first_login: bool
    may_have_children: bool


def _tree(root: Council) -> list[TreeRow]:
    """The councils below ``root``, each under its parent, in name order (two queries)."""
    below = access.council_descendants({root.pk})
    councils = list(Council.objects.filter(pk__in=below).order_by("name"))
    admins: dict[int, tuple[str, bool]] = {}
    for membership in (
        CouncilMembership.objects.filter(council_id__in=below, role=CouncilRole.ADMIN)
        .select_related("user")
        .order_by("-pk")
    ):
        admins[membership.council_id] = (membership.user.username, membership.user.must_change_password)
    children: dict[int | None, list[Council]] = {}
    for council in councils:
        children.setdefault(council.parent_id, []).append(council)
    rows: list[TreeRow] = []

    def add(parent_id: int, depth: int) -> None:
        for council in children.get(parent_id, []):
            username, awaiting = admins.get(council.pk, ("", False))
            rows.append(TreeRow(council, depth, username, awaiting, bool(services.levels_below(council.level))))
            add(council.pk, depth + 1)

    add(root.pk, 0)
    return rows


@login_required
@require_GET
def child_list(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = _administered(request, council_pk)
    return render(
        request,
        "councils/setup/child_list.html",
        {
            "council": council,
            "rows": _tree(council),
            "may_create": bool(services.levels_below(council.level)),
        },
    )


@never_cache
@login_required
@require_recent_auth  # it gives the new council its admin role
def child_create(request: HttpRequest, council_pk: int) -> HttpResponse:
    parent = _administered(request, council_pk)
    levels = services.levels_below(parent.level)
    form = ChildCouncilForm(request.POST or None, levels=levels)
    if request.method == "POST" and form.is_valid():
        ok, created = form_call(
            form, lambda: services.child_council_create(actor=request.user, parent=parent, **form.cleaned_data)
        )
        if ok:
            council, user, password = created
            return _sheet(request, council, user, password)
    return render(request, "councils/setup/child_form.html", {"parent": parent, "form": form, "levels": levels})


def _sheet(request: HttpRequest, council: Council, user: object, password: str) -> HttpResponse:
    return render(
        request,
        "councils/setup/child_created.html",
        {
            "council": council,
            "admin": user,
            "password": password,
            "login_url": request.build_absolute_uri(reverse("login")),
        },
    )


@never_cache
@login_required
def child_created(request: HttpRequest, pk: int) -> HttpResponse:
    """The sheet to hand a child council's first admin: on GET without the password (shown once,
    when it was made); a POST issues a new temporary password while the account has not chosen
    its own."""
    council = get_object_or_404(Council, pk=pk)
    if council.parent_id is None or not access.can(request.user, Capability.ADMINISTER, council.parent_id):
        raise Http404
    if request.method == "POST":
        ok, reissued = message_call(
            request, lambda: services.child_admin_password_reissue(actor=request.user, council=council)
        )
        if ok:
            user, password = reissued
            return _sheet(request, council, user, password)
        return redirect("councils:child_created", pk=council.pk)
    user = services.child_council_first_admin(council)
    if user is None:
        raise Http404
    return _sheet(request, council, user, "")


# --- Units: list, create, edit, deactivate / reactivate, merge; deleted only when nothing uses them ---


def _unit(request: HttpRequest, pk: int) -> Unit:
    """A unit of a council the user may set up; any other unit is a 404."""
    unit = get_object_or_404(Unit.objects.select_related("council"), pk=pk)
    if not access.can(request.user, Capability.ADMINISTER, unit.council_id):
        raise Http404
    return unit


@login_required
@require_GET
def unit_list(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = _administered(request, council_pk)
    units = Unit.objects.filter(council=council).select_related("merged_into").order_by("-is_active", "kind", "name")
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(request, "councils/setup/unit_list.html", {"council": council, "page": page})


@login_required
def unit_create(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = _administered(request, council_pk)
    form = UnitForm(request.POST or None)
    if submitted(
        request,
        form,
        lambda: setup_services.unit_create(actor=request.user, council=council, **form.cleaned_data),
        success=gettext("Đã thêm đơn vị."),
    ):
        return redirect("councils:unit_list", council_pk=council.pk)
    return render(request, "councils/setup/unit_form.html", {"council": council, "form": form, "unit": None})


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's form and history; the buttons ``action=deactivate`` / ``reactivate`` / ``delete``
    post here too (delete refuses a unit anything uses and offers deactivation)."""
    unit = _unit(request, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "delete":
        council_pk = unit.council_id
        if message_call(
            request,
            lambda: setup_services.unit_delete(actor=request.user, unit=unit),
            success=gettext("Đã xóa đơn vị “%(name)s”.") % {"name": unit.name},
        )[0]:
            return redirect("councils:unit_list", council_pk=council_pk)
        return redirect("councils:unit_edit", pk=unit.pk)
    if action in ("deactivate", "reactivate"):
        service = setup_services.unit_deactivate if action == "deactivate" else setup_services.unit_reactivate
        message_call(
            request,
            lambda: service(actor=request.user, unit=unit),
            success=gettext("Đã ngừng hoạt động đơn vị.")
            if action == "deactivate"
            else gettext("Đơn vị hoạt động trở lại."),
        )
        return redirect("councils:unit_edit", pk=unit.pk)
    initial = {
        "name": unit.name,
        "kind": unit.kind,
        "staff_count": unit.staff_count,
        "household_count": unit.household_count,
    }
    form = UnitForm(request.POST or None, initial=initial)
    if submitted(
        request,
        form,
        lambda: setup_services.unit_update(actor=request.user, unit=unit, **form.cleaned_data),
        success=gettext("Đã lưu đơn vị."),
    ):
        return redirect("councils:unit_edit", pk=unit.pk)
    return render(
        request,
        "councils/setup/unit_form.html",
        {
            "council": unit.council,
            "form": form,
            "unit": unit,
            "history": history_for(unit),
            "merged_from": unit.merged_from.order_by("-merged_on", "name"),
            "merge_reason": setup_services.merge_reason(unit) if unit.merged_into_id else "",
        },
    )


@login_required
def unit_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the unit into another active unit of its council; then the target's page."""
    unit = _unit(request, pk)
    if unit.merged_into_id is not None:
        messages.error(request, gettext("Đơn vị này đã được sáp nhập vào đơn vị khác."))
        return redirect("councils:unit_edit", pk=unit.pk)
    form = UnitMergeForm(request.POST or None, unit=unit, initial={"merged_on": timezone.localdate()})
    if submitted(
        request,
        form,
        lambda: setup_services.unit_merge(actor=request.user, source=unit, **form.cleaned_data),
        success=lambda target: (
            gettext("Đã sáp nhập đơn vị “%(source)s” vào “%(target)s”.") % {"source": unit.name, "target": target.name}
        ),
    ):
        return redirect("councils:unit_edit", pk=form.cleaned_data["target"].pk)
    return render(request, "councils/setup/unit_merge.html", {"council": unit.council, "unit": unit, "form": form})


# --- Council members: their roles and terms ---------------------------------------------------


def _membership(request: HttpRequest, pk: int) -> CouncilMembership:
    membership = get_object_or_404(CouncilMembership.objects.select_related("council", "user", "unit"), pk=pk)
    if not access.can(request.user, Capability.ADMINISTER, membership.council_id):
        raise Http404
    return membership


@login_required
@require_GET
def member_list(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = _administered(request, council_pk)
    memberships = (
        CouncilMembership.objects.filter(council=council)
        .select_related("user", "unit")
        .order_by("role", "user__last_name", "user__first_name", "pk")
    )
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    resettable = two_factor.second_factor_resettable_ids(request.user, (m.user for m in page.object_list))
    return render(
        request,
        "councils/setup/member_list.html",
        {"council": council, "page": page, "second_factor_resettable": resettable},
    )


@never_cache
@login_required
@require_recent_auth
def member_create(request: HttpRequest, council_pk: int) -> HttpResponse:
    """Add a role: for a new account its temporary password is shown once, in this POST's response."""
    council = _administered(request, council_pk)
    form = MemberCreateForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["new_account"] = data.pop("account") == "new"
        ok, created = form_call(
            form, lambda: setup_services.membership_create(actor=request.user, council=council, **data)
        )
        if ok:
            membership, password = created
            if password:
                return render(
                    request,
                    "councils/setup/member_created.html",
                    {
                        "council": council,
                        "membership": membership,
                        "password": password,
                        "login_url": request.build_absolute_uri(reverse("login")),
                    },
                )
            return redirect("councils:member_edit", pk=membership.pk)
    return render(request, "councils/setup/member_form.html", {"council": council, "form": form, "membership": None})


@login_required
@require_recent_auth
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The role's form and history; ``action=end_term`` (with ``ended_on``) ends its term."""
    membership = _membership(request, pk)
    council = membership.council
    end_form = TermEndForm(
        request.POST if request.POST.get("action") == "end_term" else None,
        initial={"ended_on": membership.term_until or timezone.localdate()},
    )
    if end_form.is_bound:
        if end_form.is_valid():
            ended_on = end_form.cleaned_data["ended_on"]
            if form_call(
                end_form,
                lambda: setup_services.membership_term_end(
                    actor=request.user, membership=membership, ended_on=ended_on
                ),
                request=request,
                success=gettext("Đã kết thúc nhiệm kỳ."),
            )[0]:
                return redirect("councils:member_edit", pk=membership.pk)
        form = MemberEditForm(council=council, initial=_membership_initial(membership))
    else:
        form = MemberEditForm(request.POST or None, council=council, initial=_membership_initial(membership))
        if submitted(
            request,
            form,
            lambda: setup_services.membership_update(actor=request.user, membership=membership, **form.cleaned_data),
            success=gettext("Đã lưu vai trò và nhiệm kỳ."),
        ):
            return redirect("councils:member_edit", pk=membership.pk)
    return render(
        request,
        "councils/setup/member_form.html",
        {
            "council": council,
            "form": form,
            "end_form": end_form,
            "membership": membership,
            "history": history_for(membership),
        },
    )


def _membership_initial(membership: CouncilMembership) -> dict[str, object]:
    return {
        "role": membership.role,
        "position": membership.position,
        "unit": membership.unit_id,
        "term_from": membership.term_from,
        "term_until": membership.term_until,
    }
