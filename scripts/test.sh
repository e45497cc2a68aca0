#!/usr/bin/env bash
# Set up and run the whole test suite. Installs what the tests need: the Python
# packages (in .venv) and, where missing, Debian's chromium + chromium-driver
# (browser tests) and poppler-utils + fonts (PDF checks).
# With DATABASE_URL / REDIS_URL set, tests run on PostgreSQL / a real Redis;
# without them, on SQLite (tests that need PostgreSQL or Redis skip, except under CI=true).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

need_debs=()
command -v chromium >/dev/null 2>&1 || need_debs+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_debs+=(chromium-driver)
command -v pdftoppm >/dev/null 2>&1 || need_debs+=(poppler-utils)
[ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need_debs+=(fonts-liberation2)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || need_debs+=(fonts-dejavu-core)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf ] || need_debs+=(fonts-dejavu-extra)
command -v msgfmt >/dev/null 2>&1 || need_debs+=(gettext)
if [ ${#need_debs[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing Debian packages: ${need_debs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_debs[@]}" >/dev/null
fi

source scripts/bootstrap.sh requirements-dev.txt
export DJANGO_SETTINGS_MODULE=config.settings.test
export DJANGO_ALLOW_ASYNC_UNSAFE=true  # Playwright's sync API runs an event loop beside the live server
# On every core (pytest-xdist; TEST_WORKERS=0 runs in this one process): each worker has its own test database
# (test_<name>_gw0, _gw1, ...), its own live server and browser, and the tests that start processes
# give them ports and Redis databases of their own.
exec .venv/bin/python -m pytest --create-db -n "${TEST_WORKERS:-auto}" "$@"
