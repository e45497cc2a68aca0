"""The fault tests' processes (a private redis-server, an SMTP recorder, Celery
workers on the test database) are the notices' fault harness."""

from notifications.tests.faults.conftest import Stack, stack

__all__ = ["Stack", "stack"]
