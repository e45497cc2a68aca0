"""Local development: the embedded default (SQLite, eager Celery) plus DEBUG."""

from config.env import env_bool, env_str
from config.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)

# runserver_nostatic: whitenoise serves the app's static folders straight from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# A development value only (production requires its own: config/settings/prod.py).
BALLOT_SEAL_KEY = env_str("BALLOT_SEAL_KEY", "dev-only-ballot-seal-key-never-use-in-production")
