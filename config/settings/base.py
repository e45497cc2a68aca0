"""Settings shared by every environment.

With no environment at all the project runs on a SQLite file and executes
Celery tasks eagerly, so a newcomer needs nothing but Python.  Environment
variables switch the integrations on: ``DATABASE_URL`` (sqlite:/// or
postgres://) and ``REDIS_URL`` (broker for real Celery workers).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import dj_database_url
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_celery_beat",
    "viewflow",
    "viewflow.workflow",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # the one-time recovery codes
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "councils",
    "notifications",
    "nominations",
    "decisions",
    "documents",
    "workflows",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor of this session
    "django.contrib.messages.middleware.MessageMiddleware",
    "councils.session_middleware.SessionTimeoutMiddleware",  # idle and absolute limits, before any page runs
    "councils.two_factor_middleware.SecondFactorMiddleware",  # before the password change: who first, then what
    "councils.middleware.TemporaryPasswordMiddleware",
    "auditlog.middleware.AuditlogMiddleware",  # who and from where, for the audit of the setup
    "councils.security.RequestAddressMiddleware",  # from where, for the security event log
    "axes.middleware.AxesMiddleware",  # a locked-out login gets the product's login page (councils.login_views)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# --- Response headers (OWASP ASVS 14.4) ------------------------------------------
# Development and tests run under the same policy as production, so a page that would break
# under it breaks in the browser tests first (they fail on any violation: tests/browsing.py).
# No inline script, event handler or style: the pages' JavaScript lives in static/js/, their
# styles in static/css/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
    },
}
# common/middleware.py; an empty list is "()": no origin may use the feature.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- The audit of the setup (councils/audit.py) ---------------------------------
# Every setup object, with who, when, from where and the old and new values; never a ballot,
# a cast or a sealed ballot (they are simply not listed).  Password hashes are masked.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "councils.Council",
    "councils.Unit",
    "councils.UnitMembership",
    "councils.Holiday",
    "councils.CouncilSigner",
    {"model": "councils.CouncilMembership"},
    # a password change is not logged at all: auditlog's mask would still leave the hash's digest in clear
    {"model": "councils.User", "exclude_fields": ["last_login", "password"]},
    "nominations.AwardType",
    "nominations.AwardRate",
    "nominations.BaseSalary",
    "nominations.Round",
    "nominations.RoundAwardType",
    "nominations.RoundQuota",
    "decisions.LegalBasis",
    "workflows.StepDeadline",
    "documents.CertificateSettings",
)
AUDITLOG_DISABLE_ON_RAW_SAVE = True  # fixtures loaded raw are not changes anyone made

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "councils.context_processors.capabilities",
                "councils.context_processors.session_timeouts",
                "notifications.context_processors.notices",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# Sessions and flow locks live in the database (select_for_update), never in
# Redis, so the site keeps working while Redis is down.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web process and a worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side binding: psycopg sends the parameters apart from the query and prepares a
    # query the connection has run 5 times, so PostgreSQL plans the pages' many-join queries
    # once per connection instead of at every request (a quarter of a page's time:
    # docs/benchmarks.md, "Pages under load").  Behind PgBouncer in transaction mode it needs
    # PgBouncer 1.21+ with max_prepared_statements, or DB_SERVER_SIDE_BINDING=false.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env_bool("DB_SERVER_SIDE_BINDING", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "councils.User"
# Axes first: it refuses a locked-out login before any password is checked; then the model
# backend for logins and Django's own permissions; the policy backend answers the flows' task
# permissions from councils/access.py.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "councils.access.PolicyBackend",
]

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# --- Session limits (OWASP ASVS V3.3, V3.7; councils/session_middleware.py, councils/reauth.py) ----
# A signed-in session ends after SESSION_IDLE_MINUTES without a request (a page being typed into
# keeps it alive: static/js/session.js) and SESSION_MAX_HOURS after the login, whatever happens;
# the cookie lives no longer than that and dies with the browser.  The sensitive steps (registering
# or revoking a decision, closing a vote, a unit account's password reset, a role change) ask for
# the password again when the last authentication is older than REAUTH_MINUTES.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_WARNING_MINUTES = 3  # the banner before the idle end
REAUTH_MINUTES = env_int("REAUTH_MINUTES", 10)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The rate limits' counters (common/ratelimits.py), shared by every worker: Redis when REDIS_URL is
    # set, else the database (its table is made by `manage.py createcachetable`, after `migrate`).
    "ratelimit": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL"), "KEY_PREFIX": "rl"}
        if env_str("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ratelimit_cache"}
    ),
}
RATELIMIT_USE_CACHE = "ratelimit"
# Requests a user (or an address, when anonymous) may make per period, by group; see
# common/ratelimits.py for the groups and the pages in each.  "30/m", "100/h"; None: no limit.
RATELIMITS = {
    "verify": env_str("RATELIMIT_VERIFY", "30/m"),
    "lookup": env_str("RATELIMIT_LOOKUP", "30/m"),
    "import": env_str("RATELIMIT_IMPORT", "10/m"),
    "pdf": env_str("RATELIMIT_PDF", "60/m"),
    "bundle": env_str("RATELIMIT_BUNDLE", "10/m"),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "councils.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first: new passwords and every login of an account still on PBKDF2 get an Argon2
# hash (Django rehashes at login); PBKDF2 stays so that those older hashes still verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"

# --- Login throttling (django-axes) ---------------------------------------------
# After LOGIN_FAILURE_LIMIT wrong passwords for one account from one address, that account is
# refused from that address for LOGIN_LOCKOUT_MINUTES (the product and /admin/ alike); other
# addresses still log in.  The counters are rows in the database, shared by every process.
# The secretariat unlocks a unit account at once (councils.services.account_unlock).
AXES_ENABLED = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# a try during the lockout does not push its end further: the time shown on the page holds
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# a good login forgets that account's earlier failures from that address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "councils.login_views.login_locked_out"
# the client's address as the security event log reads it: REMOTE_ADDR, or behind
# TRUSTED_PROXY_HOPS proxies (production: the compose proxy) the entry the proxy appended
AXES_CLIENT_IP_CALLABLE = "councils.security.client_address"
TRUSTED_PROXY_HOPS = 0
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# --- Second factor (django-otp; councils.two_factor) -----------------------------------
# the name the authenticator app shows beside the account; throttling stays on (factor 1 s,
# doubled at each failure) for the app and for the recovery codes
OTP_TOTP_ISSUER = "Thi đua – Khen thưởng"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# --- Language, time, numbers ---------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and uploaded files --------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "media/"
# Uploads and generated documents go through Django's storage API, never a path on disk, so
# that any web node or worker reads what another one wrote.  STORAGE_BACKEND chooses the store:
# "local" (the default, and with no environment at all): files under MEDIA_ROOT, for a single
# node; "s3": an S3-compatible bucket (MinIO in docker-compose.yml, or any S3 service), which
# S3_BUCKET must name.  Files are always streamed by the app's own views after their access
# check (councils.access), never sent to the store's URL: the bucket stays private (objects
# are written without an ACL, so they get S3's default, private to the owner), and a signed
# URL, were one ever made, would expire after S3_URL_EXPIRE_SECONDS.  MEDIA_URL is served by
# nothing.
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local").lower()
if STORAGE_BACKEND == "local":
    _default_storage: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    if not env_str("S3_BUCKET"):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET (the private bucket of the files)")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            # empty: AWS itself; MinIO: http://minio:9000
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION", "us-east-1"),
            # empty: boto3's own chain (its environment variables, an instance role)
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX"),
            "default_acl": None,  # never "public-read": an object gets S3's private default
            "querystring_auth": True,
            "querystring_expire": env_int("S3_URL_EXPIRE_SECONDS", 60),
            # a name already taken gets a suffix instead of replacing someone's file
            "file_overwrite": False,
            "addressing_style": env_str("S3_ADDRESSING_STYLE", "path"),  # MinIO: bucket in the path
            "signature_version": "s3v4",
            # a file read for a download spills to a temporary file above this size, not memory
            "max_memory_size": env_int("S3_MAX_MEMORY_BYTES", 8 * 1024 * 1024),
        },
    }
else:
    raise ImproperlyConfigured(f'STORAGE_BACKEND must be "local" or "s3", not {STORAGE_BACKEND!r}')
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads (common/uploads.py is the rule; its DEFAULT_LIMITS are these defaults): the limits a
# council can raise; the type is read from the file's structure, never its name or first bytes.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)  # a stored PDF, .docx, .xlsx
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 5 * 1024 * 1024)  # a stored JPG or PNG (re-encoded)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
SPREADSHEET_MAX_BYTES = env_int("SPREADSHEET_MAX_BYTES", 2 * 1024 * 1024)  # a sheet that is read
SPREADSHEET_MAX_ROWS = env_int("SPREADSHEET_MAX_ROWS", 2000)
SPREADSHEET_MAX_UNZIPPED_BYTES = env_int("SPREADSHEET_MAX_UNZIPPED_BYTES", 20 * 1024 * 1024)  # a zip bomb
OFFICE_MAX_UNZIPPED_BYTES = env_int("OFFICE_MAX_UNZIPPED_BYTES", 64 * 1024 * 1024)  # a stored one
OFFICE_MAX_ENTRIES = env_int("OFFICE_MAX_ENTRIES", 1000)
OFFICE_MAX_RATIO = env_int("OFFICE_MAX_RATIO", 100)
# a request's body other than its files, and the size above which a file goes to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10  # every form takes one file

# --- Celery ---------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task whose worker died comes back after this many seconds (see README).
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # A publish to a broker that is down fails at once (kombu would otherwise retry it
    # for CELERY_BROKER_CONNECTION_TIMEOUT s, sleeping 2 s first): the request that
    # published goes on and the outbox sweeper sends the notice once Redis is back.
    "max_retries": 0,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Celery's Django fixup closes the database connection around every task unless
# told to reuse it; config/celery.py applies DB_CONN_MAX_AGE instead, as for a request.
CELERY_DB_REUSE_MAX = 1000

# --- Email ----------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thidua@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # axes: its failures and lockouts (WARNING), not a line for every good login (INFO)
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# --- Notices ----------------------------------------------------------------
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
NOTICE_MESSAGE_ID_DOMAIN = env_str("NOTICE_MESSAGE_ID_DOMAIN", "thidua.local")
NOTICE_MAX_RETRIES = env_int("NOTICE_MAX_RETRIES", 5)
NOTICE_RETRY_BASE_SECONDS = env_int("NOTICE_RETRY_BASE_SECONDS", 30)
NOTICE_RETRY_MAX_SECONDS = env_int("NOTICE_RETRY_MAX_SECONDS", 600)
# A delivery still pending this long after it was due is dispatched again by the sweeper.
NOTICE_SWEEP_AFTER_SECONDS = env_int("NOTICE_SWEEP_AFTER_SECONDS", 120)
# How often beat runs the sweeper; without it a notice queued while Redis was down stays pending.
NOTICE_SWEEP_INTERVAL_SECONDS = env_int("NOTICE_SWEEP_INTERVAL_SECONDS", 60)
CELERY_BEAT_SCHEDULE = {
    "notifications.delivery_sweep": {
        "task": "notifications.delivery_sweep_task",
        "schedule": float(NOTICE_SWEEP_INTERVAL_SECONDS),
        # a sweep that waited longer than the next one is due is useless
        "options": {"expires": float(NOTICE_SWEEP_INTERVAL_SECONDS)},
    },
    # votes whose closing time has passed close within this many seconds
    "workflows.session_close_due": {
        "task": "workflows.session_close_due_task",
        "schedule": float(env_int("SESSION_CLOSE_SWEEP_SECONDS", 60)),
        "options": {"expires": float(env_int("SESSION_CLOSE_SWEEP_SECONDS", 60))},
    },
}

# --- Deadlines --------------------------------------------------------------
# Time limits of the flow steps in working days (weekends and the holiday table
# skipped, Asia/Ho_Chi_Minh), and how many working days after a step falls due it
# is reported to the secretariat, then to the chairman (None: not reported).  A
# council overrides them on its setup page, Thời hạn các bước (workflows.StepDeadline).
WORKFLOW_STEP_DEADLINES = {
    "review": {"working_days": 5, "escalate_to_secretariat_after_days": None, "escalate_to_chairman_after_days": 3},
    "revise": {"working_days": 5, "escalate_to_secretariat_after_days": 2, "escalate_to_chairman_after_days": 5},
}

# --- Council sessions ------------------------------------------------------------
# The key that signs a session's frozen results; it lives in the environment, never in the
# database, so whoever can edit the database cannot re-sign altered results.
RESULTS_HMAC_KEY = env_str("RESULTS_HMAC_KEY", "dev-only-results-key-change-me")
# Members who have not voted are reminded this many minutes before the ballot closes
# (half-way through a shorter ballot).
SESSION_BALLOT_REMINDER_MINUTES = env_int("SESSION_BALLOT_REMINDER_MINUTES", 60)
# The secret that seals the ballots while a vote is open (AES-256-GCM, a key per session
# derived from it): environment only, never the database, a backup or the repository.  Empty
# here: the development and test settings give a default, production refuses to start
# without it.  Never change it while a vote is open: the box could not be opened.
BALLOT_SEAL_KEY = env_str("BALLOT_SEAL_KEY", "")

# --- Generated documents ------------------------------------------------------------
# Certificates per Celery chunk task: a chunk redelivered after its worker died rebuilds at
# most this many.  A document still waiting after DOCUMENTS_STALE_SECONDS was lost by the
# broker: the secretariat's "regenerate" button queues it again.
DOCUMENTS_CHUNK_SIZE = env_int("DOCUMENTS_CHUNK_SIZE", 50)
DOCUMENTS_STALE_SECONDS = env_int("DOCUMENTS_STALE_SECONDS", 600)
# With no broker (Celery eager) documents are built after the response by a thread of the web
# process (documents/background.py) instead of inside the registration's request.
DOCUMENTS_IN_BACKGROUND = env_bool("DOCUMENTS_IN_BACKGROUND", True)

# --- The REST API (api/) ---------------------------------------------------------
# Tokens only (django-rest-knox: each user's own, stored hashed, with an expiry, made and revoked on
# the page /accounts/api-tokens/): no session, so a token request needs no CSRF token and the
# second factor's middleware (a session's) never stands in its way.  JSON only: the browsable API
# would need inline scripts the CSP refuses; /api/docs/ is the human face.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.auth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
}
KNOX_TOKEN_MODEL = "knox.AuthToken"  # noqa: S105 - a model name, not a secret; knox's own model (swappable: api.ApiToken points at it by this name)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=30),  # the default; the page offers shorter and longer (api/tokens.py)
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_PREFIX": "tdkt_",  # a leaked token is recognisable in a log or a repository
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Thi đua – Khen thưởng API",
    "DESCRIPTION": (
        "Read the councils, units, rounds, session results, decisions, registry and year-end figures; "
        "keep a unit's dossiers. Authenticate with `Authorization: Token <token>` (made on /accounts/api-tokens/)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/",
    "ENUM_NAME_OVERRIDES": {
        "SessionStatusEnum": "decisions.models.SessionStatus",
        "DecisionStatusEnum": "decisions.models.DecisionStatus",
        "NominationStatusEnum": "nominations.models.NominationStatus",
        "DocumentKindEnum": "nominations.models.DocumentKind",
        "NomineeKindEnum": "nominations.models.NomineeKind",
    },
}
