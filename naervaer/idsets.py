"""``field__in_ids=ids``: membership in a set of ids passed to the database as one parameter.

``field__in=ids`` binds one parameter per id. For a head of area's thousands of people that is
slow twice over: Django prepares each value (about 0.1 s per query for 5,000 ids) and SQLite
caps the number of bound variables (250,000 in Debian's build), so a large enough set fails.
``in_ids`` sends the whole set as one text value, a JSON array that SQLite reads with
``json_each`` or an array literal for PostgreSQL's ``= ANY``, and the planners still drive an
index from it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import NotSupportedError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import ForeignObject, IntegerField, Lookup
from django.db.models.sql.compiler import SQLCompiler


class Ids:
    """Ids given to ``in_ids`` as one value. Django looks at each element of a list or tuple
    a lookup is given (whether it is an expression, whether it is an object of the field's
    model): 1–2 µs an id on every query, for a drill-down's hundreds of units several
    milliseconds a page. An ``Ids`` is no list to Django; ``in_ids`` reads the ids from it."""

    __slots__ = ("ids",)

    def __init__(self, ids: Iterable[int]) -> None:
        self.ids = tuple(ids)


class InIds(Lookup[Any]):
    lookup_name = "in_ids"
    prepare_rhs = False  # a collection of ids, not one value of the field

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[str | int, ...]]:
        # ``lhs`` is the compiled column; the ids are a parameter, never part of the SQL text.
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = sorted({int(i) for i in (self.rhs.ids if isinstance(self.rhs, Ids) else self.rhs)})
        if connection.vendor == "postgresql":
            array = "{" + ",".join(map(str, ids)) + "}"
            return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, array)
        if connection.vendor == "sqlite":
            sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608
            return sql, (*lhs_params, json.dumps(ids))
        raise NotSupportedError(f"in_ids is not written for {connection.vendor}")


def register() -> None:
    """Make ``in_ids`` available on integer columns and foreign keys (called once at start)."""
    IntegerField.register_lookup(InIds)
    ForeignObject.register_lookup(InIds)
