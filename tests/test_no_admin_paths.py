"""Django admin is the superuser's emergency tool only: it alone lives under /admin/, and no
product page sends a council user there."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ADMIN_PREFIX = "admin/"


def walk(patterns: Iterable[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str]]:
    """(top namespace, full pattern) of every URL pattern, through nested includes."""
    for entry in patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace or entry.namespace or ""
            yield from walk(entry.url_patterns, inner, pattern)
        elif isinstance(entry, URLPattern):
            yield namespace, pattern


def _starts_with_admin(pattern: str) -> bool:
    # patterns may be regexes ("^admin/…") or path() routes ("admin/…")
    return pattern.lstrip("^").startswith(ADMIN_PREFIX)


def test_only_django_admin_lives_under_admin() -> None:
    routes = list(walk(get_resolver().url_patterns))
    assert any(namespace == "admin" for namespace, _pattern in routes), "Django admin is gone"
    product_under_admin = [p for namespace, p in routes if namespace != "admin" and _starts_with_admin(p)]
    assert not product_under_admin, f"product URLs under /admin/: {product_under_admin}"
    admin_elsewhere = [p for namespace, p in routes if namespace == "admin" and not _starts_with_admin(p)]
    assert not admin_elsewhere, f"Django admin URLs outside /admin/: {admin_elsewhere}"


ADMIN_LINK = re.compile(r"""/admin/|['"]admin:""")
GUARDED = "{% if user.is_superuser %}"


def test_templates_link_to_admin_only_for_the_superuser() -> None:
    """Every template line that names the admin is inside the superuser's guard on that line."""
    roots = [Path(directory) for engine in settings.TEMPLATES for directory in engine.get("DIRS", [])]
    offending = []
    for root in roots:
        for template in root.rglob("*.html"):
            if "admin" in template.relative_to(root).parts[:1]:
                continue  # Django admin's own overrides
            for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
                if ADMIN_LINK.search(line) and GUARDED not in line:
                    offending.append(f"{template}:{number}: {line.strip()}")
    assert not offending, "links to Django admin for non-superusers:\n" + "\n".join(offending)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["council_admin", "secretariat", "unit_a_user"])
def test_council_users_pages_never_link_to_admin(who: str, world: Any) -> None:
    from councils.models import CouncilMembership, CouncilRole
    from tests import factories

    if who == "council_admin":
        user = factories.UserFactory(username="qt_hoidong")
        CouncilMembership.objects.create(council=world.council, user=user, role=CouncilRole.ADMIN)
    else:
        user = getattr(world, who)
    client = Client()
    client.force_login(user)
    pages = [reverse("home"), reverse("nominations:list"), reverse("notifications:list")]
    if who == "council_admin":
        pages += [reverse("councils:setup"), reverse("councils:child_list", args=[world.council.pk])]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "/admin/" not in response.content.decode(), url
    # the superuser, and only it, gets the link
    client.force_login(world.admin)
    assert "/admin/" in client.get(reverse("nominations:list")).content.decode()
