# One image for every process of the stack: web (gunicorn), worker and beat (celery).
FROM python:3.11-slim-bookworm

ENV DJANGO_SETTINGS_MODULE=config.settings.prod \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Fonts with Vietnamese glyphs for the PDF documents; gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fonts-liberation2 fonts-dejavu-core fonts-dejavu-extra gettext \
    && rm -rf /var/lib/apt/lists/*

# A writable home: gunicorn (>= 25.1) puts its control socket in ~/.gunicorn/.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

WORKDIR /app

# Requirements first, so a code change does not reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# The code, translations and static files stay root-owned (read-only for the app);
# only media/ is the app's, and a named volume mounted there inherits that owner.
# locale/ and static/ may be empty, hence untracked by git: compilemessages fails
# when no locale folder exists, so create them.
# prod settings refuse to import without these variables (and refuse short keys): the
# dummies below live only in this RUN line; nothing here opens the database or Redis.
RUN mkdir -p locale static media \
    && export SECRET_KEY=build-only-not-a-secret-never-used-at-run-time \
        RESULTS_HMAC_KEY=build-only-not-a-results-key-never-used-at-run-time \
        BALLOT_SEAL_KEY=build-only-not-a-seal-key-never-used-at-run-time \
        ALLOWED_HOSTS=localhost \
        DATABASE_URL=sqlite://:memory: \
        REDIS_URL=redis://build-only:6379/0 \
    && python manage.py compilemessages \
    && python manage.py collectstatic --noinput \
    && chown app:app media

USER app

EXPOSE 8000

# No HEALTHCHECK here: worker and beat run this image too, so docker-compose.yml
# gives each service its own check.
# /dev/shm for the worker heartbeat files: /tmp on overlayfs can stall them.
CMD ["gunicorn", "config.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", \
     "--access-logfile", "-", \
     "--worker-tmp-dir", "/dev/shm"]
