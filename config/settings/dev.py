"""Local development: the embedded default (SQLite, eager Celery) plus DEBUG."""

from config.env import env_bool
from config.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)

# runserver_nostatic: whitenoise serves the app's static folders straight from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
