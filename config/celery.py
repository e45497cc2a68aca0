"""The Celery app. With no REDIS_URL tasks run eagerly in the web process."""

import os
from typing import Any

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("thidua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def close_old_database_connections(task: Any = None, **kwargs: Any) -> None:
    """Around each task, Django's rule for a request: close a connection that is
    broken or older than ``CONN_MAX_AGE``, keep the others.  (Celery's Django
    fixup would close every connection around every task, a new PostgreSQL
    connection per task; ``CELERY_DB_REUSE_MAX`` in the settings leaves this
    to us.)  Eager tasks run inside the caller's transaction: left alone."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


@worker_process_init.connect
def load_fonts(**kwargs: Any) -> None:
    """A worker's process loads the papers' fonts when it starts (about 0.6 s), not inside
    its first document's task: the first decision of the day is not the slow one."""
    from printing.fonts import register_fonts

    register_fonts()


def conf_set(**values: Any) -> None:
    """Change the app's settings at run time (the tests and benches that publish to a broker
    of their own).  The settings were read from Django's under the ``CELERY_`` namespace,
    and Celery 5.6 answers a setting from its namespaced key first: both keys are set."""
    for key, value in values.items():
        app.conf[key] = value
        app.conf[f"CELERY_{key.upper()}"] = value
