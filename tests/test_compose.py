"""docker-compose.yml read as data (Docker does not run on the CI machine): only the proxy
publishes ports, two gunicorn nodes sit on internal networks behind it, the files are in
MinIO's private bucket (no node has a media volume), and no password has a default."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
WEB_NODES = {"web1", "web2"}


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
    assert {name for name in services if name.startswith("web")} == WEB_NODES
    web_networks = set(services["web1"]["networks"])
    assert web_networks, "web must name its networks, not sit on the default one"
    assert set(services["web2"]["networks"]) == web_networks
    for name in web_networks:
        assert networks[name].get("internal") is True, f"web's network {name} must be internal"
    proxy_networks = set(services["proxy"]["networks"])
    shared = web_networks & proxy_networks
    assert shared, "the proxy must reach web"
    for name in shared:
        on_it = {s for s, service in services.items() if name in service.get("networks", [])}
        assert on_it == {"proxy", *WEB_NODES}, f"{name} is shared with {on_it - {'proxy', *WEB_NODES}}"
    # the proxy reaches the outside on a network that is not internal
    assert any(not (networks[name] or {}).get("internal") for name in proxy_networks)


def test_the_proxy_sets_the_forwarded_scheme_and_proxies_to_gunicorn() -> None:
    proxy = _compose()["services"]["proxy"]
    assert proxy["image"].startswith("caddy:")
    mounted = [v for v in proxy["volumes"] if v.endswith(":/etc/caddy/Caddyfile:ro")]
    assert mounted == ["./deploy/Caddyfile:/etc/caddy/Caddyfile:ro"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert re.search(r"reverse_proxy\s+web1:8000\s+web2:8000\s*\{", caddyfile)
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
    for node in sorted(WEB_NODES):
        test = " ".join(_compose()["services"][node]["healthcheck"]["test"])
        assert "X-Forwarded-Proto': 'https'" in test
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    # the proxy's own active check of each node, with a host Django allows
    assert re.search(r"health_uri\s+/accounts/login/", caddyfile)
    assert re.search(r"health_headers\s*\{[^}]*X-Forwarded-Proto\s+https[^}]*\}", caddyfile)
    assert re.search(r"health_headers\s*\{[^}]*Host\s+127\.0\.0\.1[^}]*\}", caddyfile)
    assert re.search(r"lb_policy\s+\w+", caddyfile)


def test_two_identical_web_nodes_that_share_no_disk() -> None:
    services = _compose()["services"]
    web1, web2 = services["web1"], services["web2"]
    assert web1 == web2  # same image, command, environment, networks and checks
    assert web1["image"] == services["worker"]["image"]
    assert "gunicorn" in web1["command"]
    # the schema is migrated once, before either node (two nodes migrating at once would race)
    assert "migrate" not in " ".join(web1["command"])
    assert "migrate" in " ".join(services["migrate"]["command"])
    assert web1["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["restart"] == "no"
    for name in (*WEB_NODES, "worker", "beat"):
        volumes = services[name].get("volumes", [])
        assert not [volume for volume in volumes if "media" in str(volume)], f"{name} has a local media volume"


def test_the_files_are_in_minio_for_every_process_of_the_app() -> None:
    compose = _compose()
    services = compose["services"]
    minio = services["minio"]
    assert minio["image"].startswith("minio/minio")
    assert minio["command"][:2] == ["server", "/data"]
    assert "healthcheck" in minio
    assert not minio.get("ports"), "the bucket is reached through the app, never directly"
    assert all(compose["networks"][name].get("internal") for name in minio["networks"])
    assert re.fullmatch(r"\$\{MINIO_ROOT_PASSWORD:\?[^}]+\}", minio["environment"]["MINIO_ROOT_PASSWORD"])
    init = services["minio-init"]
    assert init["image"].startswith("minio/mc")
    assert init["restart"] == "no"
    script = " ".join(init["entrypoint"])
    assert "mc mb --ignore-existing" in script
    assert "mc anonymous set none" in script  # a private bucket
    assert "public" not in script
    assert "download" not in script
    for name in (*WEB_NODES, "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["STORAGE_BACKEND"] == "s3", name
        assert environment["S3_ENDPOINT_URL"] == "http://minio:9000", name
    # the nodes and the worker (which builds the documents) start once the bucket exists
    for name in (*WEB_NODES, "worker"):
        assert services[name]["depends_on"]["minio-init"]["condition"] == "service_completed_successfully", name
