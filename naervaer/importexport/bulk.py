"""Writing many rows at the speed of the database: ``COPY`` on PostgreSQL, ``INSERT`` statements
of thousands of rows each on SQLite, with ids reserved in one statement so child rows can refer
to their parents.

Django's ``bulk_create`` builds and adapts every value through the model layer: at a million
rows that costs more than the database's own work. Here a column's adapter is chosen once, the
values of fields the caller does not give come from the model's defaults (called per row when
the default is a callable), ``auto_now``/``auto_now_add`` fields get the same moment, and the
rows go to the database as they are produced. Callers run inside a transaction: all or nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import chain, islice
from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 5000
AfterChunk = Callable[[int], None]
Convert = Callable[[Any], Any]


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` primary keys for new rows, which no other writer will be given."""
    if count == 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock (IMMEDIATE), so nobody else inserts
        # until it ends. AUTOINCREMENT never reuses an id, so start above the highest ever given.
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')  # noqa: S608
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        first = max(highest, seq[0] if seq else 0) + 1
        return list(range(first, first + count))


def _adapter(field: models.Field[Any, Any]) -> Convert | None:
    """SQLite: how a value of ``field`` is handed to the driver (None: as it is).

    The sqlite3 module binds an exact ``int``, ``str`` or ``float`` directly; anything else,
    a ``bool`` or a choice's enum member (a ``str`` subclass) among them, first goes through
    its adapter lookup, which costs more than the conversion here. ``None`` stays ``None``."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return _or_none(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return _Memo(ops.adapt_datefield_value).__getitem__  # a few thousand distinct days
    if isinstance(field, models.DecimalField):
        return _or_none(str)
    if isinstance(field, models.BooleanField):
        return _Memo(int).__getitem__
    if isinstance(field, models.CharField | models.TextField) and field.choices:
        return _Memo(str).__getitem__  # a few choices, often enum members
    return None


class _Memo(dict[Any, Any]):
    """``convert`` of each distinct value, worked out once; ``memo[value]`` is a dictionary
    lookup in C. Only for conversions where equal values convert alike. None becomes ``none``."""

    def __init__(self, convert: Convert, none: Any = None) -> None:
        super().__init__({None: none})
        self.convert = convert

    def __missing__(self, value: Any) -> Any:
        self[value] = converted = self.convert(value)
        return converted


def _or_none(convert: Convert, none: Any = None) -> Convert:
    """``convert``, with None becoming ``none``."""
    return lambda v: none if v is None else convert(v)


# PostgreSQL's COPY text format: a row is its values' text joined by tabs, \N for NULL, and in
# text a backslash, tab, line feed and carriage return escaped.
_NULL = r"\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_AS_STR = (
    models.IntegerField,  # and every auto, small and big integer field, and ForeignKey's column
    models.DateField,  # and DateTimeField: ISO 8601, with the offset of an aware datetime
    models.DecimalField,
)


def _copy_text(field: models.Field[Any, Any]) -> Convert | None:
    """How a value of ``field`` is written in COPY's text format, None as ``\\N``; None: no
    formatter here (then psycopg's ``write_row`` adapts the rows)."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, models.BooleanField):
        return _Memo(lambda v: "t" if v else "f", _NULL).__getitem__
    if isinstance(target, models.DateField) and not isinstance(target, models.DateTimeField):
        return _Memo(str, _NULL).__getitem__
    if isinstance(target, _COPY_AS_STR):
        return _or_none(str, _NULL)
    if isinstance(target, models.CharField | models.TextField):
        return _or_none(lambda v: str(v).translate(_COPY_ESCAPES), _NULL)
    return None


def insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    after_chunk: AfterChunk | None = None,
) -> int:
    """Insert ``rows`` (values for the fields named in ``columns``, by attname); returns the
    number written. ``after_chunk(written)`` is called after each chunk."""
    given = list(columns)

    def chunks() -> Iterator[list[Sequence[Any]]]:
        iterator = iter(rows)
        while chunk := list(islice(iterator, CHUNK)):
            values: list[Sequence[Any]] = list(zip(*chunk, strict=True))
            if len(values) != len(given):
                raise ValueError(f"rows of {len(values)} values for {len(given)} columns")
            yield values

    return _insert(model, given, chunks(), after_chunk)


def insert_columns(
    model: type[models.Model],
    columns: Mapping[str, Sequence[Any]],
    *,
    after_chunk: AfterChunk | None = None,
) -> int:
    """``insert`` with the values given a column at a time (by attname, all of one length):
    no tuple is made per row in Python."""
    values = list(columns.values())
    size = len(values[0]) if values else 0
    if any(len(v) != size for v in values):
        raise ValueError("columns of different lengths")
    chunks = ([v[i : i + CHUNK] for v in values] for i in range(0, size, CHUNK))
    return _insert(model, list(columns), chunks, after_chunk)


def _insert(
    model: type[models.Model],
    given: list[str],
    chunks: Iterable[list[Sequence[Any]]],
    after_chunk: AfterChunk | None,
) -> int:
    """Write each chunk (the values of the ``given`` fields, a column at a time)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    now = timezone.now()
    fixed: list[tuple[str, Any]] = []
    per_row: list[tuple[str, Callable[[], Any]]] = []
    for name, field in fields.items():
        if name in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fixed.append((name, now))
        elif field.has_default() and callable(field.default):
            per_row.append((name, field.default))
        elif field.has_default() or field.null:
            fixed.append((name, field.get_default()))
        elif field.primary_key:
            continue
        else:
            raise ValueError(f"{model.__name__}.{name} has no value and no default")
    names = given + [n for n, _v in fixed] + [n for n, _f in per_row]
    postgresql = connection.vendor == "postgresql"
    # How each column's values reach the database, chosen once: on PostgreSQL as COPY text
    # (None: psycopg adapts the whole row), on SQLite through Django's adapter (None: as is).
    texts = [_copy_text(fields[n]) for n in names] if postgresql else []
    as_text = postgresql and all(texts)
    convert = texts if as_text else [None if postgresql else _adapter(fields[n]) for n in names]
    # A fixed value is converted once for all rows.
    fixed_values = [
        c(v) if c else v for c, (_n, v) in zip(convert[len(given) :], fixed, strict=False)
    ]
    per_row_converted = [
        (i, c)
        for i, c in enumerate(convert)
        if c is not None and not len(given) <= i < len(given) + len(fixed)
    ]

    def completed(values: list[Sequence[Any]]) -> list[Sequence[Any]]:
        """The chunk's columns, those of fields not given added, each converted with one map
        (no Python loop per row)."""
        size = len(values[0])
        values = values + [[v] * size for v in fixed_values]
        values += [[f() for _i in range(size)] for _n, f in per_row]
        for i, c in per_row_converted:
            values[i] = list(map(c, values[i]))
        return values

    table = connection.ops.quote_name(model._meta.db_table)
    column_list = ", ".join(connection.ops.quote_name(str(fields[n].column)) for n in names)
    written = 0
    with connection.cursor() as cursor:
        for chunk in chunks:
            values = completed(chunk)
            if postgresql:
                with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                    if as_text:
                        copy.write("\n".join(map("\t".join, zip(*values, strict=True))) + "\n")
                    else:
                        for row in zip(*values, strict=True):
                            copy.write_row(row)
            else:
                _insert_sqlite(f"INSERT INTO {table} ({column_list}) VALUES ", values)  # noqa: S608
            written += len(values[0])
            if after_chunk:
                after_chunk(written)
    return written


def _insert_sqlite(insert_into: str, values: list[Sequence[Any]]) -> None:
    """SQLite: the rows (``values``, a column at a time) in as few ``INSERT … VALUES (…), (…)``
    statements as the connection's limits (of bound values, of a statement's length) allow.
    One statement of thousands of rows costs SQLite about half of what as many one-row
    executions do (``executemany``: each row is a statement of its own, which also writes
    ``sqlite_sequence`` for an AUTOINCREMENT table). The statement goes to the driver as it
    is, bypassing Django's cursor (which would rewrite each of its ``%s`` placeholders), as
    ``COPY`` does on PostgreSQL."""
    db = connection.connection
    width = len(values)
    # A row is ``(?, ?, ?), `` in the statement: 3 characters a value and 2 between rows.
    text_room = (db.getlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH) - len(insert_into)) // (3 * width + 2)
    values_room = db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width
    per_statement = max(1, min(CHUNK, values_room, text_room))
    flat = list(chain.from_iterable(zip(*values, strict=True)))
    for start in range(0, len(flat), per_statement * width):
        params = flat[start : start + per_statement * width]
        db.execute(insert_into + _value_rows(width, len(params) // width), params)


@lru_cache(maxsize=64)
def _value_rows(width: int, rows: int) -> str:
    """``(?, ?), (?, ?)``: ``rows`` rows of ``width`` placeholders (the driver's own style)."""
    return ", ".join(["(" + ", ".join(["?"] * width) + ")"] * rows)
