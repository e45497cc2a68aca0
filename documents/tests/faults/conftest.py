"""The fault tests' processes (a private redis-server, an SMTP recorder, Celery
workers on the test database) are the notices' fault harness; Chromium (``browser``) comes
from tests.browsing, a plugin of the root conftest."""

from notifications.tests.faults.conftest import Stack, stack

__all__ = ["Stack", "stack"]
