"""The fault tests' processes (a private redis-server, an SMTP recorder, Celery
workers on the test database) are the notices' fault harness; Chromium is the
dossier flow's browser fixture."""

from notifications.tests.faults.conftest import Stack, stack
from tests.test_browser import browser

__all__ = ["Stack", "browser", "stack"]
