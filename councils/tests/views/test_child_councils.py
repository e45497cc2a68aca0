"""A parent council creates its child councils and their first admin, and sees the tree."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from councils import access
from councils.access import Capability
from councils.models import Council, CouncilMembership, CouncilRole, User
from tests import factories

pytestmark = pytest.mark.django_db


@dataclass
class Tree:
    province: Council
    commune: Council
    sibling: Council
    province_admin: Any
    commune_admin: Any
    sibling_admin: Any


def _admin(council: Council, username: str) -> Any:
    user = factories.UserFactory(username=username)
    CouncilMembership.objects.create(council=council, user=user, role=CouncilRole.ADMIN)
    return user


@pytest.fixture
def tree() -> Tree:
    province = factories.CouncilFactory(name="Hội đồng TĐKT tỉnh Thanh Hóa", level="province")
    commune = factories.CouncilFactory(name="Hội đồng TĐKT xã Hà Trung", parent=province)
    sibling = factories.CouncilFactory(name="Hội đồng TĐKT xã Hà Long", parent=province)
    return Tree(
        province,
        commune,
        sibling,
        _admin(province, "qt_tinh"),
        _admin(commune, "qt_hatrung"),
        _admin(sibling, "qt_halong"),
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def child_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Hội đồng TĐKT xã Hà Phong",
        "locality": "xã Hà Phong",
        "place_name": "Hà Phong",
        "issuing_body": "Ủy ban nhân dân xã Hà Phong",
        "level": "commune",
        "admin_username": "qt_haphong",
        "admin_full_name": "Trịnh Văn Hùng",
    }
    data.update(overrides)
    return data


def test_the_parent_admin_holds_administer_over_the_councils_below(tree: Tree) -> None:
    grandchild = factories.CouncilFactory(name="Hội đồng cấp dưới của xã", parent=tree.commune)
    assert access.can(tree.province_admin, Capability.ADMINISTER, tree.commune.pk)
    assert access.can(tree.province_admin, Capability.ADMINISTER, grandchild.pk)
    assert access.can(tree.commune_admin, Capability.ADMINISTER, tree.commune.pk)
    assert not access.can(tree.commune_admin, Capability.ADMINISTER, tree.province.pk)
    assert not access.can(tree.commune_admin, Capability.ADMINISTER, tree.sibling.pk)
    # only the setup comes down the tree, not the office's other work
    assert not access.can(tree.province_admin, Capability.MANAGE_ACCOUNTS, tree.commune.pk)
    assert access.councils_where(tree.province_admin, Capability.ADMINISTER) == {
        tree.province.pk,
        tree.commune.pk,
        tree.sibling.pk,
        grandchild.pk,
    }
    assert access.councils_where(tree.commune_admin, Capability.ADMINISTER) == {tree.commune.pk, grandchild.pk}


def test_the_parent_admin_creates_a_child_and_its_first_admin(tree: Tree) -> None:
    client = client_for(tree.province_admin)
    form = client.get(reverse("councils:child_create", args=[tree.province.pk]))
    assert form.status_code == 200
    response = client.post(reverse("councils:child_create", args=[tree.province.pk]), child_data())
    assert response.status_code == 200
    council = Council.objects.get(name="Hội đồng TĐKT xã Hà Phong")
    assert (council.parent, council.level, council.place_name) == (tree.province, "commune", "Hà Phong")
    admin = User.objects.get(username="qt_haphong")
    assert admin.must_change_password
    assert (admin.last_name, admin.first_name) == ("Trịnh Văn", "Hùng")
    assert CouncilMembership.objects.filter(council=council, user=admin, role=CouncilRole.ADMIN).exists()
    password = response.context["password"]
    body = response.content.decode()
    assert password in body
    assert "qt_haphong" in body
    assert "In phiếu" in body
    assert admin.check_password(password)
    # the sheet later: no password, and a new one only on request
    sheet = client.get(reverse("councils:child_created", args=[council.pk]))
    assert sheet.status_code == 200
    assert password not in sheet.content.decode()
    reissued = client.post(reverse("councils:child_created", args=[council.pk]))
    assert reissued.status_code == 200
    new_password = reissued.context["password"]
    admin.refresh_from_db()
    assert new_password != password
    assert admin.check_password(new_password)
    # the tree shows it
    tree_page = client.get(reverse("councils:child_list", args=[tree.province.pk])).content.decode()
    for name in ("Hội đồng TĐKT xã Hà Phong", "Hội đồng TĐKT xã Hà Trung", "Hội đồng TĐKT xã Hà Long"):
        assert name in tree_page
    assert "chưa đổi mật khẩu tạm thời" in tree_page


def test_no_new_temporary_password_once_the_admin_chose_one(tree: Tree) -> None:
    User.objects.filter(pk=tree.commune_admin.pk).update(must_change_password=False)
    client = client_for(tree.province_admin)
    response = client.post(reverse("councils:child_created", args=[tree.commune.pk]), follow=True)
    assert "đã tự đặt mật khẩu" in response.content.decode()
    tree.commune_admin.refresh_from_db()
    assert tree.commune_admin.check_password("secret-pass-1")


def test_a_child_for_a_council_that_is_not_yours_is_404(tree: Tree) -> None:
    before = (Council.objects.count(), User.objects.count())
    client = client_for(tree.commune_admin)
    for council in (tree.province, tree.sibling):
        for name in ("councils:child_create", "councils:child_list"):
            url = reverse(name, args=[council.pk])
            assert client.get(url).status_code == 404, url
        url = reverse("councils:child_create", args=[council.pk])
        assert client.post(url, child_data()).status_code == 404, url
        assert client.get(reverse("councils:setup") + f"?council={council.pk}").status_code == 404
    # the sheet of a sibling, or of its own council (made by the parent), is the parent's
    for council in (tree.sibling, tree.commune):
        assert client.get(reverse("councils:child_created", args=[council.pk])).status_code == 404
        assert client.post(reverse("councils:child_created", args=[council.pk])).status_code == 404
    assert (Council.objects.count(), User.objects.count()) == before


def test_the_parent_sees_its_childs_setup_hub(tree: Tree) -> None:
    client = client_for(tree.province_admin)
    response = client.get(reverse("councils:setup") + f"?council={tree.commune.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hội đồng TĐKT xã Hà Trung" in body
    assert reverse("councils:child_list", args=[tree.commune.pk]) in body
    own = client.get(reverse("councils:setup")).content.decode()
    assert reverse("councils:child_list", args=[tree.province.pk]) in own
    assert reverse("councils:unit_accounts") in own


def test_a_duplicate_username_is_refused_and_nothing_saved(tree: Tree) -> None:
    before = (Council.objects.count(), User.objects.count(), CouncilMembership.objects.count())
    client = client_for(tree.province_admin)
    response = client.post(
        reverse("councils:child_create", args=[tree.province.pk]), child_data(admin_username="QT_HATRUNG")
    )
    assert response.status_code == 200
    assert "Tên đăng nhập “qt_hatrung” đã có người dùng." in response.content.decode()
    assert "password" not in response.context or not response.context.get("password")
    assert (Council.objects.count(), User.objects.count(), CouncilMembership.objects.count()) == before


def test_a_level_not_below_the_parent_is_refused(tree: Tree) -> None:
    client = client_for(tree.province_admin)
    response = client.post(reverse("councils:child_create", args=[tree.province.pk]), child_data(level="province"))
    assert response.status_code == 200
    assert not Council.objects.filter(name="Hội đồng TĐKT xã Hà Phong").exists()
    # a commune has no tier below it
    commune_client = client_for(tree.commune_admin)
    page = commune_client.get(reverse("councils:child_create", args=[tree.commune.pk])).content.decode()
    assert "không có cấp dưới" in page
    assert (
        commune_client.post(reverse("councils:child_create", args=[tree.commune.pk]), child_data()).status_code == 200
    )
    assert not Council.objects.filter(parent=tree.commune).exists()


def test_nfd_input_is_stored_nfc(tree: Tree) -> None:
    def nfd(text: str) -> str:
        return unicodedata.normalize("NFD", text)

    client = client_for(tree.province_admin)
    data = child_data()
    for key in ("name", "locality", "place_name", "issuing_body", "admin_full_name"):
        data[key] = "  " + nfd(data[key]) + " "
    assert data["name"].strip() != "Hội đồng TĐKT xã Hà Phong"
    response = client.post(reverse("councils:child_create", args=[tree.province.pk]), data)
    assert response.status_code == 200
    council = Council.objects.get(name="Hội đồng TĐKT xã Hà Phong")
    assert council.locality == "xã Hà Phong"
    assert council.issuing_body == "Ủy ban nhân dân xã Hà Phong"
    assert User.objects.get(username="qt_haphong").get_full_name() == "Trịnh Văn Hùng"


def test_the_setup_link_is_for_admins_only(tree: Tree) -> None:
    secretary = factories.UserFactory(username="thuky_xa")
    CouncilMembership.objects.create(council=tree.commune, user=secretary, role=CouncilRole.SECRETARIAT)
    assert 'id="nav-setup"' in client_for(tree.commune_admin).get(reverse("home"), follow=True).content.decode()
    assert 'id="nav-setup"' not in client_for(secretary).get(reverse("home"), follow=True).content.decode()
    assert client_for(secretary).get(reverse("councils:setup")).status_code == 403
