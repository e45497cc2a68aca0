"""docker-compose.yml read as data (Docker does not run on the CI machine): only the proxy
publishes ports, gunicorn sits on internal networks behind it, and no password has a default."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_only_the_proxy_publishes_ports() -> None:
    services = _compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert {str(port) for port in services["proxy"]["ports"]} == {"80:80", "443:443"}
    assert "8000" not in " ".join(str(port) for port in services["proxy"]["ports"])


def test_web_is_reachable_only_through_the_proxy() -> None:
    compose = _compose()
    services, networks = compose["services"], compose["networks"]
    web_networks = set(services["web"]["networks"])
    assert web_networks, "web must name its networks, not sit on the default one"
    for name in web_networks:
        assert networks[name].get("internal") is True, f"web's network {name} must be internal"
    proxy_networks = set(services["proxy"]["networks"])
    shared = web_networks & proxy_networks
    assert shared, "the proxy must reach web"
    for name in shared:
        on_it = {s for s, service in services.items() if name in service.get("networks", [])}
        assert on_it == {"proxy", "web"}, f"{name} is shared with {on_it - {'proxy', 'web'}}"
    # the proxy reaches the outside on a network that is not internal
    assert any(not (networks[name] or {}).get("internal") for name in proxy_networks)


def test_the_proxy_sets_the_forwarded_scheme_and_proxies_to_gunicorn() -> None:
    proxy = _compose()["services"]["proxy"]
    assert proxy["image"].startswith("caddy:")
    mounted = [v for v in proxy["volumes"] if v.endswith(":/etc/caddy/Caddyfile:ro")]
    assert mounted == ["./deploy/Caddyfile:/etc/caddy/Caddyfile:ro"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert re.search(r"reverse_proxy\s+web:8000", caddyfile)
    assert re.search(r"header_up\s+X-Forwarded-Proto\s+\{scheme\}", caddyfile)


def test_no_default_database_password() -> None:
    compose = _compose()
    postgres = compose["services"]["postgres"]["environment"]
    assert re.fullmatch(r"\$\{POSTGRES_PASSWORD:\?[^}]+\}", postgres["POSTGRES_PASSWORD"])
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert not re.search(r"POSTGRES_PASSWORD:-", text)
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert "POSTGRES_PASSWORD=thidua\n" not in example
    assert ":thidua@" not in example


def test_the_web_healthcheck_speaks_https_as_the_proxy_does() -> None:
    """With SECURE_SSL_REDIRECT a plain request would be redirected and the check would fail."""
    test = " ".join(_compose()["services"]["web"]["healthcheck"]["test"])
    assert "X-Forwarded-Proto': 'https'" in test
