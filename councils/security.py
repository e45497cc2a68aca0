"""The security event log (OWASP ASVS V7.1, V7.2): logins and their failures, lockouts, password
changes and resets, role changes, the opening and closing of votes, the registration and
revocation of decisions — who, when, from which address, with which outcome.

``security_event`` is the one way to write it; every app may call it (``councils`` is below all of
them).  It writes in the caller's transaction, so an event is stored exactly when what it
records is.  The log is append-only in the code (``SecurityEvent``) and in the database: triggers
on PostgreSQL and SQLite refuse an UPDATE or a DELETE of a row (and a TRUNCATE on PostgreSQL);
``manage.py flush`` drops them for its time only (``councils/management/commands/flush.py``).

The address.  The signals of a login carry the request.  A service does not (and its callers —
views, the flows' services, Celery tasks — should not have to thread one through), so
``RequestAddressMiddleware`` keeps the address of the request being served in a context
variable for the time of that request, and ``security_event`` reads it when it is given no
request.  A context variable belongs to the request's own context (a thread or an asyncio
task), is reset when the response is made, and is empty in a task or a command, where no
address is recorded.  ``X-Forwarded-For`` is believed only when ``settings.TRUSTED_PROXY_HOPS``
says how many trusted proxies stand in front of the site (0 by default: ``REMOTE_ADDR`` only);
django-auditlog's own middleware believes it always, which is why it is not reused here."""

from __future__ import annotations

import contextvars
import datetime as dt
import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from common.text import nfc
from councils.append_only import AppendOnlyTable
from councils.models import (
    CouncilMembership,
    SecurityEvent,
    SecurityEventKind,
    SecurityOutcome,
    UnitMembership,
    User,
)

__all__ = ["SecurityEventKind", "SecurityOutcome", "security_event"]

DETAIL_LENGTH = SecurityEvent._meta.get_field("detail").max_length or 255

_address: contextvars.ContextVar[str | None] = contextvars.ContextVar("security_event_address", default=None)


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or, behind ``TRUSTED_PROXY_HOPS`` trusted proxies,
    the ``X-Forwarded-For`` entry that the outermost trusted proxy saw (counted from the right:
    what the client itself wrote on the left is never believed)."""
    if request is None:
        return None
    hops = int(getattr(settings, "TRUSTED_PROXY_HOPS", 0) or 0)
    if hops > 0:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return _valid(forwarded[-hops])
    return _valid(request.META.get("REMOTE_ADDR", "") or "")


class RequestAddressMiddleware:
    """Keeps the client's address of the request being served for ``security_event``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _address.reset(token)


def _user_or_none(actor: Any) -> User | None:
    if actor is None or not getattr(actor, "is_authenticated", False) or getattr(actor, "pk", None) is None:
        return None
    return actor  # type: ignore[no-any-return]


def security_event(
    kind: str,
    *,
    actor: Any = None,
    request: HttpRequest | None = None,
    council_id: int | None = None,
    outcome: str = SecurityOutcome.SUCCESS,
    detail: str = "",
    username: str = "",
) -> SecurityEvent:
    """Record one security event.  ``actor``: who did it (None for the system or an unknown
    login); ``username``: the login name as typed (a failure's), else the actor's; ``detail``: a
    short note, never a password, a token or a key."""
    if kind not in SecurityEventKind.values:
        raise ValueError(f"unknown security event kind: {kind}")
    if outcome not in SecurityOutcome.values:
        raise ValueError(f"unknown security event outcome: {outcome}")
    user = _user_or_none(actor)
    address = client_address(request) if request is not None else _address.get()
    name = nfc(username or (user.get_username() if user is not None else ""))[:150]
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=name,
        address=address,
        outcome=outcome,
        council_id=council_id,
        detail=nfc(str(detail)).strip()[:DETAIL_LENGTH],
    )


# --- The signals of a login (connected in CouncilsConfig.ready) -------------------------------


def on_user_logged_in(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    security_event(SecurityEventKind.LOGIN_SUCCESS, actor=user, request=request)


def on_user_login_failed(
    sender: Any, credentials: dict[str, Any] | None = None, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # ``credentials`` comes cleansed (the password masked); only the login name is kept
    typed = str((credentials or {}).get(User.USERNAME_FIELD, "") or "")
    known = User.objects.filter(username__iexact=nfc(typed)).first() if typed else None
    security_event(
        SecurityEventKind.LOGIN_FAILURE,
        actor=known,
        request=request,
        username=typed,
        outcome=SecurityOutcome.FAILURE,
    )


def on_user_locked_out(
    sender: Any, request: HttpRequest | None = None, username: str | None = None, **kwargs: Any
) -> None:
    """django-axes' lockout (when axes is installed)."""
    typed = str(username or "")
    known = User.objects.filter(username__iexact=nfc(typed)).first() if typed else None
    security_event(
        SecurityEventKind.LOCKOUT, actor=known, request=request, username=typed, outcome=SecurityOutcome.FAILURE
    )


# --- Append-only in the database --------------------------------------------------------------

TABLE = SecurityEvent._meta.db_table
MESSAGE = "security events are append-only: they cannot be changed or deleted"
LOG = AppendOnlyTable(TABLE, "security_event", MESSAGE)
install_triggers = LOG.install_triggers
drop_triggers = LOG.drop_triggers
triggers_installed = LOG.triggers_installed


# --- What the page reads ------------------------------------------------------------------------


def security_events_for(
    *,
    council_id: int | None,
    kind: str = "",
    day_from: dt.date | None = None,
    day_until: dt.date | None = None,
) -> QuerySet[SecurityEvent]:
    """The events of one council — those written for it, and the logins of its own people
    (its roles' holders and its units' staff), which belong to no council — or, with
    ``council_id`` None, every event (the superuser's page).  Access is the caller's
    (``councils.access.may_read_security_events``)."""
    events = SecurityEvent.objects.select_related("user", "council")
    if council_id is not None:
        own_people = Q(user_id__in=CouncilMembership.objects.filter(council_id=council_id).values("user_id")) | Q(
            user_id__in=UnitMembership.objects.filter(unit__council_id=council_id).values("user_id")
        )
        events = events.filter(Q(council_id=council_id) | (Q(council__isnull=True) & own_people))
    if kind:
        events = events.filter(kind=kind)
    zone = timezone.get_current_timezone()
    if day_from is not None:
        events = events.filter(at__gte=dt.datetime.combine(day_from, dt.time.min, tzinfo=zone))
    if day_until is not None:
        events = events.filter(at__lt=dt.datetime.combine(day_until + dt.timedelta(days=1), dt.time.min, tzinfo=zone))
    return events.order_by("-at", "-pk")
