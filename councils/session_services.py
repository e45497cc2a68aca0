"""Sessions (OWASP ASVS V3.3, V3.7): the idle and absolute limits of a signed-in session, the
rows of the user's own sessions page, "sign out elsewhere", and the time of the last
authentication that the sensitive steps ask for (``councils.reauth``).

The session keeps three times (seconds since the epoch): ``LOGIN_AT`` (the login, for the
absolute limit), ``SEEN_AT`` (the last request, for the idle limit) and ``AUTH_AT`` (the login
or the last re-authentication).  They are set by the ``user_logged_in`` signal, so a test's
``force_login`` counts as a fresh login, like a real one."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from councils.models import User, UserSession
from councils.security import client_address

LOGIN_AT = "councils_login_at"
SEEN_AT = "councils_seen_at"
AUTH_AT = "councils_auth_at"
ROW = "councils_session_row"  # the UserSession row's id and the key it was written under
SEEN_TOUCH_SECONDS = 30  # the last request's time is written at most every 30 s (bench/load.py)
ROW_TOUCH_SECONDS = 60  # the row's last_seen is written at most once a minute (the page reads minutes)
USER_AGENT_LENGTH = UserSession._meta.get_field("user_agent").max_length or 255


def idle_seconds() -> int:
    return int(settings.SESSION_IDLE_MINUTES) * 60


def max_seconds() -> int:
    return int(settings.SESSION_MAX_HOURS) * 3600


def reauth_seconds() -> int:
    return int(settings.REAUTH_MINUTES) * 60


def _now() -> float:
    return timezone.now().timestamp()


def session_expired(request: HttpRequest) -> bool:
    """Whether the signed-in session has been idle longer than SESSION_IDLE_MINUTES or lasted
    longer than SESSION_MAX_HOURS.  A session from before these times were kept starts now."""
    session = request.session
    now = _now()
    login_at = session.setdefault(LOGIN_AT, now)
    seen_at = session.setdefault(SEEN_AT, now)
    return now - float(seen_at) > idle_seconds() or now - float(login_at) > max_seconds()


def session_seen(request: HttpRequest) -> None:
    """A request of the signed-in user: the idle time starts again.  Written when the stored
    time is older than ``SEEN_TOUCH_SECONDS``: otherwise every page would end with a write of
    the session row (the idle limit counts in minutes; it is then at most that much early)."""
    now = _now()
    if now - float(request.session.get(SEEN_AT) or 0) >= SEEN_TOUCH_SECONDS:
        request.session[SEEN_AT] = now


def auth_is_recent(request: HttpRequest) -> bool:
    at = request.session.get(AUTH_AT)
    return at is not None and _now() - float(at) <= reauth_seconds()


def auth_recorded(request: HttpRequest) -> None:
    """The user has just proved who they are (login, re-authentication)."""
    request.session[AUTH_AT] = _now()


def _user_agent(request: HttpRequest) -> str:
    return str(request.headers.get("User-Agent", ""))[:USER_AGENT_LENGTH]


def user_session_touch(request: HttpRequest, *, user: Any = None, force: bool = False) -> None:
    """Keep the row of this signed-in session current: its key (it changes at a password
    change), its last request (at most once a minute), its address and browser."""
    user = user if user is not None else request.user
    session = request.session
    key = session.session_key
    if not user.is_authenticated or not key:
        return
    now = timezone.now()
    row_id, row_key, touched, complete = (session.get(ROW) or [None, None, 0.0, False])[:4]
    if not force and complete and row_key == key and now.timestamp() - float(touched) < ROW_TOUCH_SECONDS:
        return
    fields = {
        "session_key": key,
        "last_seen": now,
        "address": client_address(request),
        "user_agent": _user_agent(request),
    }
    if row_id is None or not UserSession.objects.filter(pk=row_id, user_id=user.pk).update(**fields):
        row_id = UserSession.objects.create(user_id=user.pk, created=now, **fields).pk
    # a row written without a client's request (a test's force_login) is completed by the next one
    session[ROW] = [row_id, key, now.timestamp(), bool(request.META.get("REMOTE_ADDR"))]


def on_user_logged_in(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    """A login (the form, the second step, a test's force_login): the session's times start and
    its row is written; the user's rows of sessions long over are dropped."""
    if request is None or not hasattr(request, "session"):
        return
    now = _now()
    for name in (LOGIN_AT, SEEN_AT, AUTH_AT):
        request.session[name] = now
    request.session.pop(ROW, None)
    if user is not None and user.pk is not None:
        user_sessions_stale(user=user).delete()
        if request.session.session_key is None:
            request.session.save()
        user_session_touch(request, user=user, force=True)


def on_user_logged_out(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session") or user is None:
        return
    row = request.session.get(ROW)
    rows = UserSession.objects.filter(user_id=user.pk)
    if row:
        rows.filter(pk=row[0]).delete()
    if request.session.session_key:
        rows.filter(session_key=request.session.session_key).delete()


def alive_q(*, now: dt.datetime | None = None) -> Q:
    """The rows whose sessions may still be alive: seen within the idle limit (and the minute
    the row may lag behind) and begun within the absolute limit."""
    now = now or timezone.now()
    return Q(last_seen__gte=now - dt.timedelta(seconds=idle_seconds() + ROW_TOUCH_SECONDS)) & Q(
        created__gte=now - dt.timedelta(seconds=max_seconds())
    )


def user_sessions_stale(*, user: User) -> QuerySet[UserSession]:
    """The user's rows whose sessions cannot be alive any more (idle or too old)."""
    return UserSession.objects.filter(user_id=user.pk).exclude(alive_q())


def user_sessions_end_others(*, actor: Any, request: HttpRequest) -> int:
    """Sign the user out everywhere but here: the other sessions are deleted from the session
    store (whatever its engine) and their rows dropped.  Returns how many were ended."""
    current = request.session.session_key
    store = import_module(settings.SESSION_ENGINE).SessionStore
    others = UserSession.objects.filter(user_id=actor.pk).exclude(session_key=current)
    ended = 0
    for key in set(others.values_list("session_key", flat=True)):
        store(session_key=key).delete()
        ended += 1
    others.delete()
    return ended
