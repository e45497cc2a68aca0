"""Production: refuses to start without the settings that must not default."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list, env_str
from config.settings.base import *  # noqa: F403

for _required in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "RESULTS_HMAC_KEY", "BALLOT_SEAL_KEY"):
    if not env_str(_required):
        raise ImproperlyConfigured(f"{_required} must be set in production")

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
DEBUG = False
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
