#!/usr/bin/env bash
# Set up and run the app with demo data on the embedded default (SQLite, eager Celery).
# Open http://127.0.0.1:8000/ and log in with a demo account from the README.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh requirements.txt
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py createcachetable  # the rate limits' counters (CACHES["ratelimit"])
.venv/bin/python manage.py seed_demo
exec .venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
