"""Many rows, each with its own values, written in one UPDATE.

Django's ``bulk_update`` writes a ``CASE WHEN pk = … THEN …`` per field and per row; building
and compiling those expressions costs about 2 ms a row in Python (measured by ``bench/documents.py``:
a third of the documents' end-to-end time).  ``update_rows`` sends the same change as one
statement joined to a table of values, on PostgreSQL and SQLite (3.33+ has ``UPDATE … FROM``)::

    UPDATE t SET a = v.a, b = v.b FROM (VALUES (%s, %s, %s), …) AS v(pk, a, b) WHERE t.id = v.pk

Values are prepared by each field (``get_db_prep_save``), so they are stored exactly as a
``save()`` would store them; on PostgreSQL each is cast to its column's type.  Like
``bulk_update`` it sends no signals and touches no other field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Field, Model

BATCH = 500


def update_rows(model: type[Model], objs: Sequence[Model], fields: Sequence[str], *, batch: int = BATCH) -> int:
    """Write ``fields`` of every object of ``objs`` (saved rows of ``model``) in one UPDATE per ``batch``."""
    if not objs or not fields:
        return 0
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = model._meta
    pk = meta.pk
    if pk is None:
        raise TypeError(f"{model.__name__} has no primary key")
    concrete: list[Field[Any, Any]] = []
    for name in fields:
        field = meta.get_field(name)
        if not isinstance(field, Field) or not field.concrete or field.primary_key:
            raise TypeError(f"{model.__name__}.{name} is not a column update_rows can write")
        concrete.append(field)
    columns = [pk, *concrete]
    postgres = connection.vendor == "postgresql"

    def cast(field: Field[Any, Any], ref: str) -> str:
        return f"CAST({ref} AS {field.db_type(connection)})" if postgres else ref

    # PostgreSQL names the values' columns; SQLite calls them column1, column2…
    names = (
        ["pk", *[f"c{i}" for i in range(len(concrete))]]
        if postgres
        else [f"column{i + 1}" for i in range(len(columns))]
    )
    alias = f"v({', '.join(names)})" if postgres else "v"
    assignments = ", ".join(
        f"{quote(field.column)} = {cast(field, 'v.' + name)}" for field, name in zip(concrete, names[1:], strict=True)
    )
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    table = quote(meta.db_table)
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch):
            part = objs[start : start + batch]
            params: list[Any] = []
            for obj in part:
                params.append(pk.get_db_prep_save(obj.pk, connection))
                for field in concrete:
                    params.append(field.get_db_prep_save(getattr(obj, field.attname), connection))
            # Only quoted names from the model's own meta and placeholders: the values travel as parameters.
            values = ", ".join([row] * len(part))
            key = f"{table}.{quote(pk.column)} = {cast(pk, 'v.' + names[0])}"
            sql = f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS {alias} WHERE {key}"  # noqa: S608
            cursor.execute(sql, params)
            written += cursor.rowcount
    return written
