"""The audit of the council's setup (django-auditlog): who changed what, when, from where, with
the old and the new value, for every setup object.

The tracked models are listed in the settings (``AUDITLOG_INCLUDE_TRACKING_MODELS``), never a
ballot, a cast or a sealed ballot.  The log is append-only in the database itself: triggers on
both engines refuse an UPDATE or a DELETE of a log row (and, on PostgreSQL, a TRUNCATE), so no
page, admin or script can rewrite history.  ``manage.py flush`` (tests, development) drops them
for the time of the flush and puts them back.

``history_for`` is what an object's page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from councils.append_only import AppendOnlyTable

TABLE = "auditlog_logentry"
MESSAGE = "audit log entries are append-only: they cannot be changed or deleted"
LOG = AppendOnlyTable(TABLE, "audit", MESSAGE)
SQLITE_TRIGGERS = LOG.sqlite_triggers
POSTGRES_TRIGGERS = LOG.postgres_triggers
install_triggers = LOG.install_triggers
drop_triggers = LOG.drop_triggers
triggers_installed = LOG.triggers_installed


@dataclass(frozen=True)
class Change:
    """One recorded change of an object: who, when, from where, and each field's old and new value."""

    at: Any
    who: str
    where: str
    action: str
    fields: tuple[tuple[str, str, str], ...]  # (field's name, old, new) as logged
    # what the page shows: (the field's verbose name, old, new), choices by their labels
    shown: tuple[tuple[str, str, str], ...] = ()


# how the log writes an empty value and a boolean
_EMPTY = {"None", ""}
_BOOLEANS = {"True": gettext_lazy("có"), "False": gettext_lazy("không")}


def _label(model: type[Model] | None, name: str) -> str:
    """A field's verbose name, translated, with a capital ("Tỷ lệ phiếu (%)"); the raw name for a
    field the model no longer has."""
    field = _field(model, name)
    if field is None:
        return name
    label = str(getattr(field, "verbose_name", "") or name)
    return label[:1].upper() + label[1:]


def _field(model: type[Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_shown(model: type[Model] | None, name: str) -> bool:
    """Not a reverse relation nor the row's own id (the log lists them at creation)."""
    field = _field(model, name)
    if field is None:
        return True
    return bool(getattr(field, "concrete", False)) and not (field.primary_key and field.auto_created)


def _related_name(field: Any, text: str, related: dict[tuple[type[Model], str], str]) -> str:
    key = (field.related_model, text)
    if key not in related:
        found = field.related_model._default_manager.filter(pk=text).first()
        related[key] = str(found) if found is not None else text
    return related[key]


def _shown(model: type[Model] | None, name: str, value: Any, related: dict[tuple[type[Model], str], str]) -> str:
    """A logged value as a user reads it: a choice by its label, a boolean as có/không, a foreign key
    by the object's name, "—" for none."""
    text = str(value)
    if text in _EMPTY:
        return "—"
    field = _field(model, name)
    if field is not None and field.many_to_one and field.concrete:
        try:
            return _related_name(field, text, related)
        except (ValueError, TypeError):
            return text
    choices = getattr(field, "flatchoices", None) or []
    if choices:
        labels = {str(key): str(label) for key, label in choices}
        return labels.get(text, text)
    if field is not None and field.get_internal_type() == "BooleanField" and text in _BOOLEANS:
        return str(_BOOLEANS[text])
    if field is not None and field.get_internal_type() == "DateField":
        try:
            return dt.date.fromisoformat(text).strftime("%d/%m/%Y")  # Vietnamese administrative usage
        except ValueError:
            return text
    return text


def _action(entry: Any) -> str:
    """The kind of change in the user's language (auditlog's own labels are not translated into Vietnamese)."""
    from auditlog.models import LogEntry

    labels = {
        LogEntry.Action.CREATE: _("tạo mới"),
        LogEntry.Action.UPDATE: _("sửa"),
        LogEntry.Action.DELETE: _("xoá"),
    }
    return str(labels.get(entry.action, entry.get_action_display()))


def history_for(obj: Any) -> list[Change]:
    """The recorded changes of ``obj``, newest first: each changed field by its (translated)
    verbose name, choices by their labels; generic over every tracked model."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_object(obj).select_related("actor", "content_type").order_by("-timestamp", "-pk")
    changes = []
    related: dict[tuple[type[Model], str], str] = {}  # a foreign key's object, named once per page
    for entry in entries:
        actor = entry.actor
        who = (actor.get_full_name() or actor.username) if actor is not None else ""
        diff = entry.changes_dict or {}
        model = entry.content_type.model_class() if entry.content_type_id else None
        fields = tuple((name, str(values[0]), str(values[1])) for name, values in sorted(diff.items()))
        shown = tuple(
            (_label(model, name), _shown(model, name, values[0], related), _shown(model, name, values[1], related))
            for name, values in sorted(diff.items())
            if _is_shown(model, name)
        )
        changes.append(Change(entry.timestamp, who, entry.remote_addr or "", _action(entry), fields, shown))
    return changes
