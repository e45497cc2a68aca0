"""The production settings: ``check --deploy`` is clean with strong keys, and weak or example keys
refuse to start.  Each case imports ``config.settings.prod`` in a fresh process, as gunicorn would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _example(name: str) -> str:
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{name}="):
            return line.split("=", 1)[1].strip()
    raise AssertionError(f"{name} is not in .env.example")


def _env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "DJANGO_", "SECRET_", "DATABASE_", "REDIS_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "SECRET_KEY": "a-strong-production-secret-key-QmT7x2Vb9pLr4Zs8Wk1Nd6Hy3Fc0Jg5Ae",
            "RESULTS_HMAC_KEY": "a-strong-results-hmac-key-7Hq2Lm9Xv4Rt8Pz1Wc6Nb3Ks",
            "BALLOT_SEAL_KEY": "a-strong-ballot-seal-key-5Gd8Jw2Qy7Mv1Tx4Lp9Rz6Hc",
            "ALLOWED_HOSTS": "thidua.example.vn,127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(overrides)
    return env


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


CHECK_DEPLOY = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('check', deploy=True, fail_level='WARNING')"
)
IMPORT_SETTINGS = "import config.settings.prod"


def test_check_deploy_reports_no_issues_with_strong_keys(tmp_path: Path) -> None:
    result = _run(CHECK_DEPLOY, _env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "W0" not in output
    assert "security." not in output


def test_check_deploy_does_warn_when_hsts_is_off(tmp_path: Path) -> None:
    """The check above can fail: the same run without HSTS reports it."""
    result = _run(CHECK_DEPLOY, _env(tmp_path, SECURE_HSTS_SECONDS="0"))
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_the_production_headers_are_set(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.DEBUG)"
    )
    result = _run(code, _env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True 31536000 True True True ('HTTP_X_FORWARDED_PROTO', 'https') False"


@pytest.mark.parametrize("key", ["SECRET_KEY", "RESULTS_HMAC_KEY", "BALLOT_SEAL_KEY"])
def test_a_short_key_refuses_to_start(tmp_path: Path, key: str) -> None:
    result = _run(IMPORT_SETTINGS, _env(tmp_path, **{key: "x" * 31}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{key} is too short (31 characters): production needs at least 32" in result.stderr


@pytest.mark.parametrize("key", ["SECRET_KEY", "RESULTS_HMAC_KEY", "BALLOT_SEAL_KEY"])
def test_the_example_key_refuses_to_start(tmp_path: Path, key: str) -> None:
    example = _example(key)
    assert len(example) >= 32  # so it is the comparison with .env.example that refuses it, not the length
    result = _run(IMPORT_SETTINGS, _env(tmp_path, **{key: example}))
    assert result.returncode != 0
    assert f"{key} is the example value from .env.example" in result.stderr


def test_the_example_database_password_refuses_to_start(tmp_path: Path) -> None:
    result = _run(IMPORT_SETTINGS, _env(tmp_path, DATABASE_URL=_example("DATABASE_URL")))
    assert result.returncode != 0
    assert "the database password in DATABASE_URL is the example value" in result.stderr


@pytest.mark.parametrize("key", ["S3_SECRET_ACCESS_KEY", "MINIO_ROOT_PASSWORD"])
def test_the_example_store_secret_refuses_to_start(tmp_path: Path, key: str) -> None:
    store = {"STORAGE_BACKEND": "s3", "S3_BUCKET": "thidua", "S3_SECRET_ACCESS_KEY": "x" * 40}
    assert _run(IMPORT_SETTINGS, _env(tmp_path, **store)).returncode == 0
    result = _run(IMPORT_SETTINGS, _env(tmp_path, **{**store, key: _example(key)}))
    assert result.returncode != 0
    assert f"{key} is the example value from .env.example" in result.stderr


def test_the_s3_store_needs_its_bucket(tmp_path: Path) -> None:
    result = _run(IMPORT_SETTINGS, _env(tmp_path, STORAGE_BACKEND="s3", S3_BUCKET=""))
    assert result.returncode != 0
    assert "STORAGE_BACKEND=s3 needs S3_BUCKET" in result.stderr
    code = "import django; django.setup(); from django.conf import settings as s; print(s.STORAGES['default'])"
    local = _run(code, _env(tmp_path))
    assert local.returncode == 0, local.stderr
    assert local.stdout.strip() == "{'BACKEND': 'django.core.files.storage.FileSystemStorage'}"
    store = _run(code, _env(tmp_path, STORAGE_BACKEND="s3", S3_BUCKET="thidua", S3_ENDPOINT_URL="http://minio:9000"))
    assert store.returncode == 0, store.stderr
    assert "'BACKEND': 'storages.backends.s3.S3Storage'" in store.stdout
    for option in (
        "'bucket_name': 'thidua'",
        "'endpoint_url': 'http://minio:9000'",
        "'default_acl': None",
        "'querystring_expire': 60",
        "'file_overwrite': False",
        "'addressing_style': 'path'",
    ):
        assert option in store.stdout


def test_strong_keys_start(tmp_path: Path) -> None:
    result = _run(IMPORT_SETTINGS, _env(tmp_path))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("value", "expected"), [(None, "True"), ("false", "False")])
def test_postgresql_binds_server_side_unless_told_not_to(tmp_path: Path, value: str | None, expected: str) -> None:
    """The pages' repeated queries are prepared (planned once per connection); a PgBouncer too old
    for prepared statements switches it off with DB_SERVER_SIDE_BINDING=false."""
    overrides = {"DATABASE_URL": "postgres://thidua:secret@127.0.0.1:5432/thidua"}
    if value is not None:
        overrides["DB_SERVER_SIDE_BINDING"] = value
    code = (
        "from django.conf import settings; import django; django.setup(); "
        "print(settings.DATABASES['default']['OPTIONS'].get('server_side_binding'))"
    )
    result = _run(code, _env(tmp_path, **overrides))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
