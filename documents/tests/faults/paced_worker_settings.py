"""The shared settings of a fault test's worker with the certificates' chunk tasks paced:
a real worker builds 300 certificates in well under a second, faster than the page's
progress poll (1.5 s) could show the bar moving."""

from config.settings.base import *  # noqa: F403

CELERY_TASK_ANNOTATIONS = {"documents.documents_build_task": {"rate_limit": "3/s"}}
