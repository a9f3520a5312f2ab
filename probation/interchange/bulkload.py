"""Inserting many rows quickly. On PostgreSQL rows go in through COPY, with primary keys drawn from
the table's sequence first (so references to them can be written straight after); elsewhere
through `bulk_create`. Either way a row is a dict of column attributes (`person_id`, not `person`);
columns left out take the model field's default."""

from __future__ import annotations

from django.db import connection, models
from django.utils import timezone

BATCH = 2000


def insert_rows(model: type[models.Model], rows: list[dict]) -> list[int]:
    """Insert the rows; returns their primary keys in the same order."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _copy(model, rows)
    objects = [model(**row) for row in rows]
    model._default_manager.bulk_create(objects, batch_size=BATCH)
    return [obj.pk for obj in objects]


def _copy(model, rows: list[dict]) -> list[int]:
    meta = model._meta
    fields = list(meta.concrete_fields)
    now = timezone.now()
    names, defaults, adapters = [], [], []
    for f in fields:
        names.append(f.attname)
        if f.primary_key:
            defaults.append(None)
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults.append(now)
        else:
            defaults.append(f.get_default())
        adapters.append(_adapter(f))
    pk_index = fields.index(meta.pk)
    adapted = [(i, adapt) for i, adapt in enumerate(adapters) if adapt is not None]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(quote(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            pairs = list(zip(names, defaults, strict=True))
            for pk, row in zip(ids, rows, strict=True):
                values = [row.get(name, default) for name, default in pairs]
                values[pk_index] = pk
                for i, adapt in adapted:
                    if values[i] is not None:
                        values[i] = adapt(values[i])
                copy.write_row(values)
    return ids


def _adapter(field):
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None
