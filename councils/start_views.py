"""The guided start of a new council: from nothing to an open round in one path.

A checklist of the steps — the council's profile, its units, its members with a vote, its award
types, a legal basis in force, an open round — each one's state computed from the data on every
visit, with the link (or the button) that does it.

``councils`` sits below ``nominations`` and ``decisions`` (import-linter's layers), so this page
does not import them: it asks their models yes/no questions by app label
(``apps.get_model``, as ``CouncilMembership.person`` names "nominations.Person") through their
own queryset methods (``Round.objects.open()``, ``LegalBasis.objects.in_force()``), and reaches
their pages by URL name only; a page another part of the project has not routed yet is shown
without its link."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from councils import profile_selectors
from councils.imports import voting_members_exist
from councils.models import Council
from councils.setup_views import _administered


@dataclass(frozen=True)
class Link:
    id: str
    label: object
    url: str
    post: bool = False  # a button that posts (a change), not a link


@dataclass(frozen=True)
class Step:
    key: str
    label: object
    done: bool
    help: object
    links: list[Link] = field(default_factory=list)


def _url(name: str, *args: object) -> str:
    """The URL of ``name`` (with ``args`` if it takes them, else without); "" if not routed."""
    for attempt in (args, ()) if args else ((),):
        try:
            return reverse(name, args=list(attempt))
        except NoReverseMatch:
            continue
    return ""


def _links(*links: Link) -> list[Link]:
    return [link for link in links if link.url]


def _profile_filled(council: Council) -> bool:
    """The texts of its papers are set (place, issuing body, recipients) and someone signs them."""
    return bool(
        council.locality.strip()
        and council.place_name.strip()
        and council.issuing_body.strip()
        and council.decision_recipients.strip()
        and profile_selectors.signers_offered(council)
    )


def _has_award_types(council: Council) -> bool:
    award_type = apps.get_model("nominations", "AwardType")
    return bool(award_type.objects.filter(council=council, is_active=True).exists())


def _has_legal_basis(council: Council) -> bool:
    legal_basis = apps.get_model("decisions", "LegalBasis")
    in_force = legal_basis.objects.in_force(timezone.localdate())
    return bool(in_force.filter(Q(council__isnull=True) | Q(council=council)).exists())


def _has_open_round(council: Council) -> bool:
    round_model = apps.get_model("nominations", "Round")
    return bool(round_model.objects.filter(council=council).open().exists())


def start_steps(council: Council) -> list[Step]:
    pk = council.pk
    return [
        Step(
            "profile",
            _("Thông tin hội đồng, người ký, nơi nhận"),
            _profile_filled(council),
            _("Địa danh, cơ quan ban hành, nơi nhận ghi trên quyết định và người ký."),
            _links(Link("start-profile", _("Điền thông tin hội đồng"), _url("councils:profile", pk))),
        ),
        Step(
            "units",
            _("Đơn vị"),
            council.units.filter(is_active=True).exists(),
            _("Tiểu khu, thôn, trường, đoàn thể… của hội đồng; có thể kèm tài khoản cán bộ đơn vị."),
            _links(
                Link("start-units-import", _("Nhập đơn vị từ Excel"), _url("councils:unit_import", pk)),
                Link("start-units-list", _("Danh sách đơn vị"), _url("councils:unit_list", pk)),
            ),
        ),
        Step(
            "members",
            _("Thành viên hội đồng có quyền biểu quyết"),
            voting_members_exist(council),
            _("Chủ tịch và các thành viên với vai trò và nhiệm kỳ; mỗi người một tài khoản."),
            _links(
                Link("start-members-import", _("Nhập thành viên từ Excel"), _url("councils:member_import", pk)),
                Link("start-members-list", _("Danh sách thành viên"), _url("councils:member_list", pk)),
            ),
        ),
        Step(
            "awards",
            _("Loại khen thưởng và mức tiền"),
            _has_award_types(council),
            _(
                "Lấy các hình thức mặc định cấp xã (Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao "
                "động tiên tiến, Gia đình văn hoá, Thôn/tổ dân phố văn hoá, Giấy khen) rồi sửa nếu cần."
            ),
            _links(
                Link(
                    "start-award-defaults",
                    _("Lấy các hình thức mặc định cấp xã"),
                    _url("nominations:award_defaults", pk),
                    post=True,
                ),
                Link("start-award-list", _("Loại khen thưởng"), _url("nominations:award_list")),
            ),
        ),
        Step(
            "legal",
            _("Căn cứ pháp lý đang có hiệu lực"),
            _has_legal_basis(council),
            _("Căn cứ chung cả nước hoặc của riêng hội đồng, trích dẫn trong quyết định và tờ trình."),
            _links(Link("start-legal-bases", _("Căn cứ pháp lý"), _url("decisions:legal_basis_list", pk))),
        ),
        Step(
            "round",
            _("Đợt xét khen thưởng đang mở"),
            _has_open_round(council),
            _("Tạo đợt xét với hạn nộp và các hình thức được xét, rồi mở đợt."),
            _links(
                Link("start-round-create", _("Tạo đợt xét"), _url("nominations:round_create")),
                Link("start-round-list", _("Đợt xét khen thưởng"), _url("nominations:round_list")),
            ),
        ),
    ]


@login_required
@require_GET
def start(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = _administered(request, council_pk)
    steps = start_steps(council)
    extras = _links(
        Link("start-people-import", _("Nhập sổ cá nhân từ Excel"), _url("nominations:person_import", council.pk))
    )
    return render(
        request,
        "councils/setup/start.html",
        {
            "council": council,
            "steps": steps,
            "done_count": sum(step.done for step in steps),
            "all_done": all(step.done for step in steps),
            "extras": extras,
        },
    )
