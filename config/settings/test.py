"""Test settings: fast hashing, in-memory mail, files in a temporary folder."""

import tempfile
from pathlib import Path

from config.env import env_str
from config.settings.base import *  # noqa: F403

# MD5 keeps tests fast; PBKDF2 is listed so a test can store a hash that a
# server process on the production settings can verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="thidua-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run Celery eagerly unless they start a real worker process themselves
# (those pass REDIS_URL to the child processes, which use the base settings).
CELERY_TASK_ALWAYS_EAGER = True
# ... and build a decision's documents in the hook's own thread, so a test sees them built once
# the commit's callbacks ran; documents/tests/views/test_registration_in_background.py turns
# the embedded default's documents thread back on.
DOCUMENTS_IN_BACKGROUND = False
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="thidua-static-"))  # whitenoise wants the folder to exist
# No finders: with them WhiteNoise walks every app's static files each time a test client loads the
# middleware (about 0.2 s a client, minutes over the suite).  The browser tests' live server serves
# the static files itself (pytest-django's live_server, through the staticfiles finders).
WHITENOISE_USE_FINDERS = False
BALLOT_SEAL_KEY = env_str("BALLOT_SEAL_KEY", "test-only-ballot-seal-key")
# The rate limits' counters live in the test database (rolled back with each test), never in a Redis that
# outlives the run; the suite's own requests stay far below the limits, and the rate-limit tests set
# theirs low with override_settings.
CACHES = {
    **CACHES,  # noqa: F405
    "ratelimit": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ratelimit_cache"},
}
RATELIMITS = {"verify": "1000/m", "lookup": "1000/m", "import": "1000/m", "pdf": "1000/m", "bundle": "1000/m"}
