"""Production: refuses to start without the settings that must not default, or with weak keys.

HTTPS is terminated by the compose proxy (deploy/Caddyfile), which sets X-Forwarded-Proto itself
and is the only service that publishes a port: gunicorn (``web``) is reachable from the
proxy's network alone, so the header Django trusts here cannot come from a client.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES

for _required in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "RESULTS_HMAC_KEY", "BALLOT_SEAL_KEY"):
    if not env_str(_required):
        raise ImproperlyConfigured(f"{_required} must be set in production")

# --- Keys: long enough, and never the placeholders of .env.example -----------------
KEY_MIN_LENGTH = 32
ENV_EXAMPLE = Path(__file__).resolve().parent.parent.parent / ".env.example"


def _example_values(path: Path) -> set[str]:
    """Every value .env.example ships (keys, the database password, its URL)."""
    if not path.exists():  # the image copies it (.dockerignore does not leave it out)
        raise ImproperlyConfigured(f"{path} is missing: production compares the keys with its placeholders")
    values = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.strip().partition("=")
        if sep and not name.startswith("#") and value.strip():
            values.add(value.strip())
    return values


_EXAMPLES = _example_values(ENV_EXAMPLE)
for _key in ("SECRET_KEY", "RESULTS_HMAC_KEY", "BALLOT_SEAL_KEY"):
    _value = env_str(_key)
    if len(_value) < KEY_MIN_LENGTH:
        raise ImproperlyConfigured(
            f"{_key} is too short ({len(_value)} characters): production needs at least {KEY_MIN_LENGTH} random "
            'characters, e.g. python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    if _value in _EXAMPLES:
        raise ImproperlyConfigured(f"{_key} is the example value from .env.example: set a random one of your own")
if DATABASES["default"].get("PASSWORD") and DATABASES["default"]["PASSWORD"] in _EXAMPLES:
    raise ImproperlyConfigured(
        "the database password in DATABASE_URL is the example value from .env.example: "
        "set POSTGRES_PASSWORD and DATABASE_URL to a password of your own"
    )

# --- Files: the S3 store (base.py, STORAGE_BACKEND=s3) -------------------------------------
# The app's secret of the bucket, and MinIO's root password (the compose file gives .env to
# both), must not be the placeholders of .env.example: they guard every stored dossier file.
if env_str("STORAGE_BACKEND", "local").lower() == "s3":
    for _key in ("S3_SECRET_ACCESS_KEY", "MINIO_ROOT_PASSWORD"):
        if env_str(_key) in _EXAMPLES:
            raise ImproperlyConfigured(f"{_key} is the example value from .env.example: set a random one of your own")

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
DEBUG = False

# --- HTTPS ------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address, behind the compose proxy (Caddy appends it to X-Forwarded-For and drops
# what an untrusted client sent): the right-most entry, one hop in.  The login lockout (axes)
# and the security event log read the same count; 0 trusts REMOTE_ADDR alone.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 1)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Submitting the domain to the browsers' preload list is a separate, deliberate step; the
# header only allows it.  Set false where a subdomain must stay reachable over plain HTTP.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
