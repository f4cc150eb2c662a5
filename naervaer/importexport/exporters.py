"""Exporting employees and absence in the import formats, so a file can go back in unchanged.

The rows are read as one streamed query each (no prefetch over hundreds of thousands of ids, so
no "too many SQL variables"), and written by ``naervaer.exports`` (CSV or XLSX, no formulas);
the absence CSV is formatted by the database itself, to the same bytes (``AbsenceRows``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from naervaer.absence.models import AbsenceDegree, AbsenceSpell, Kind
from naervaer.exports import FORMULA_START
from naervaer.importexport.importers import ABSENCE_COLUMNS, EMPLOYEE_COLUMNS
from naervaer.people.models import UNIT_SEPARATOR, Employment, Person, UnitLeadership

Row = Sequence[object]
ONE_DAY = dt.timedelta(days=1)
CHUNK = 5000


def employee_rows(people: QuerySet[Person]) -> Iterator[Row]:
    """One row per employment; ``manager_id`` is the nearest leader of the unit or above."""
    org_ids = set(people.order_by().values_list("organisation_id", flat=True).distinct())
    leaders: dict[str, list[str]] = {}
    for path, employee_id in (
        UnitLeadership.objects.filter(unit__organisation_id__in=org_ids)
        .order_by("person__employee_id")
        .values_list("unit__path", "person__employee_id")
    ):
        leaders.setdefault(path, []).append(employee_id)

    def manager_of(employee_id: str, path: str) -> str:
        while path:
            for leader in leaders.get(path, []):
                if leader != employee_id:
                    return leader
            path = path.rsplit(UNIT_SEPARATOR, 1)[0] if UNIT_SEPARATOR in path else ""
        return ""

    employments = (
        Employment.objects.filter(person__in=people)
        .order_by("person__employee_id", "start")
        .values_list(
            "person__employee_id", "person__name", "unit__path", "weekly_hours", "start", "end"
        )
    )
    for employee_id, name, path, hours, start, end in employments.iterator(chunk_size=CHUNK):
        yield (employee_id, name, path, manager_of(employee_id, path), hours, start, end)


class AbsenceRows:
    """The absence file's rows of some spells: one row per degree step, so a spell with a
    partial return becomes back-to-back rows. Iterated, they are values (XLSX, tests); as CSV
    (``csv_body``) the database writes them, byte for byte what ``naervaer.exports`` writes of
    the values.

    Either way one query, streamed, in the file's order (``ORDER``), the spells given as SQL (a
    subquery, never a list of ids, so no "too many SQL variables"); the database finds each
    step's end (the day before the spell's next step, else the spell's last day) and the
    file's kind. Made by ``absence_rows`` (any spells) or ``absence_rows_of`` (every spell of
    some people of one organisation: the fast way to export a whole organisation)."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.written = 0  # rows of the CSV body so far

    def __iter__(self) -> Iterator[Row]:
        return _absence_values(self.source)

    def csv_body(self) -> Generator[bytes, None, None]:
        """The rows as CSV without the header, a chunk of ``CHUNK`` rows at a time, each line
        made by the database (``_csv_sql``); no Python per cell."""
        with _reading(), connection.chunked_cursor() as cursor:
            cursor.execute(_csv_sql(connection.vendor, self.source), self.source.params)
            while lines := cursor.fetchmany(CHUNK):
                self.written += len(lines)
                yield ("\r\n".join(chain.from_iterable(lines)) + "\r\n").encode()


@dataclass(frozen=True)
class Source:
    """Which degree steps are read: the FROM and WHERE of the query, over the aliases ``p``
    (person), ``s`` (spell) and ``d`` (degree step), and its parameters."""

    sql: str  # table names quoted, values as parameters
    params: tuple[Any, ...]


def absence_rows(spells: QuerySet[AbsenceSpell]) -> AbsenceRows:
    """The rows of ``spells``, whichever they are."""
    spell_ids, params = spells.order_by().values("pk").query.sql_with_params()
    degree, spell, person = _tables()
    return AbsenceRows(
        Source(
            f"""FROM {degree} d
            JOIN {spell} s ON s.id = d.spell_id
            JOIN {person} p ON p.id = s.person_id
            WHERE d.spell_id IN ({spell_ids})""",
            tuple(params),
        )
    )


def absence_rows_of(organisation_id: int, people: QuerySet[Person]) -> AbsenceRows:
    """The rows of every spell of ``people`` in the organisation ``organisation_id`` (anyone
    else is left out): the rows ``absence_rows`` gives of those spells, read faster. The
    database walks the organisation's people in employee-number order through its index,
    and each one's spells and steps through theirs: nothing to sort, no list of spells to
    build (at 1.5 million spells those were a fifth of SQLite's time, and PostgreSQL sorted
    on disk)."""
    people_ids, params = people.order_by().values("pk").query.sql_with_params()
    degree, spell, person = _tables()
    return AbsenceRows(
        Source(
            # CROSS JOIN: SQLite joins in the order written (PostgreSQL: see ``_reading``).
            f"""FROM {person} p
            CROSS JOIN {spell} s
            CROSS JOIN {degree} d
            WHERE p.organisation_id = %s AND p.id IN ({people_ids})
            AND s.person_id = p.id AND d.spell_id = s.id""",
            (organisation_id, *params),
        )
    )


# The file's order. A person's first days are unique, so s.id only decides between people of
# two organisations with the same employee number (and SQLite sees that it needs no sort).
ORDER = "ORDER BY p.employee_id, s.first_day, s.id, d.from_day"


def _tables() -> tuple[str, str, str]:
    quote = connection.ops.quote_name
    return (
        quote(AbsenceDegree._meta.db_table),
        quote(AbsenceSpell._meta.db_table),
        quote(Person._meta.db_table),
    )


# The CSV body's settings on PostgreSQL (``_reading``).
POSTGRESQL_SETTINGS = (
    "DateStyle = 'Postgres, DMY'",  # dates as dd-mm-yyyy
    "enable_hashjoin = off",  # people, spells and steps through their indexes, in order
    "enable_mergejoin = off",
    "jit = off",
)


@contextmanager
def _reading() -> Iterator[None]:
    """Around the query of a CSV body. On PostgreSQL: dates written dd-mm-yyyy by the server
    itself (DateStyle; ``TO_CHAR`` costs more); the people, spells and steps read in order
    through their indexes, not hashed and then sorted on disk; no JIT compiling (about a
    second for this query, saving less). SET LOCAL, in a transaction (a savepoint
    inside a caller's) that is rolled back at the end, which undoes the settings in either
    case, also when a download stops half-way: the connection's next query reads dates as
    before. Nothing is written in it. On SQLite nothing: a transaction there would take the
    write lock for a read."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        try:
            with connection.cursor() as cursor:
                for setting in POSTGRESQL_SETTINGS:
                    cursor.execute(f"SET LOCAL {setting}")
            yield
        finally:
            transaction.set_rollback(True)


def _csv_sql(vendor: str, source: Source) -> str:
    """The query of ``AbsenceRows.csv_body``: one text per row, the values of
    ``_absence_values`` as ``naervaer.exports.csv_chunks`` writes them. Text is made
    formula-safe as ``neutralise`` does and quoted as Python's ``csv`` does (text holding ;
    " or a line break in quotes, " doubled); dates are dd-mm-yyyy, no date is nothing (NULL
    is nothing to ``FORMAT`` and ``PRINTF``: one call a line, cheaper than a chain of ||)."""
    postgresql = vendor == "postgresql"
    char = "CHR" if postgresql else "CHAR"
    formula_start = ", ".join(
        f"{char}({ord(c)})" if c in "\t\r" else f"'{c}'" for c in FORMULA_START
    )

    def safe(text: str) -> str:
        return (
            f"CASE WHEN SUBSTR({text}, 1, 1) IN ({formula_start}) "
            f"THEN '''' || {text} ELSE {text} END"
        )

    def quoted(text: str) -> str:
        if postgresql:
            special = ("';'", "'\"'", "CHR(10)", "CHR(13)")
            needs_quotes = " OR ".join(f"STRPOS({text}, {c}) > 0" for c in special)
        else:
            needs_quotes = f"""{text} GLOB '*[;"'||CHAR(10)||CHAR(13)||']*'"""
        return (
            f"CASE WHEN {needs_quotes} "
            f"""THEN '"' || REPLACE({safe(text)}, '"', '""') || '"' ELSE {safe(text)} END"""
        )

    # The kinds the model knows need neither guard nor quotes; any other text gets both.
    known = ", ".join(f"'{k}'" for k in Kind.values)
    kind = (
        f"CASE WHEN s.section56 AND s.kind = '{Kind.SICKNESS}' THEN 'section56' "
        f"WHEN s.kind IN ({known}) THEN s.kind ELSE {quoted('s.kind')} END"
    )
    employee = quoted("p.employee_id")
    if postgresql:
        # Dates as DateStyle writes them (``_reading``). The spell's next step by a window in
        # the file's own order, so the rows are sorted once, person by person.
        next_step = (
            "LEAD(d.from_day) OVER (PARTITION BY p.employee_id, s.first_day, s.id "
            "ORDER BY d.from_day)"
        )
        until = f"COALESCE({next_step} - 1, s.last_day)"
        line = f"FORMAT('%%s;%%s;%%s;%%s;%%s', {employee}, d.from_day, {until}, d.percent, {kind})"
    else:
        # The spell's next step by the unique index on spell and day (SQLite's window sorts
        # the steps once more: slower here). %% for the driver's parameter style.
        next_step = (
            f"(SELECT MIN(n.from_day) FROM {_tables()[0]} n "  # noqa: S608 - a quoted name
            "WHERE n.spell_id = d.spell_id AND n.from_day > d.from_day)"
        )
        day = "STRFTIME('%%d-%%m-%%Y', {})"
        from_day = day.format("d.from_day")
        until = (
            f"COALESCE(STRFTIME('%%d-%%m-%%Y', {next_step}, '-1 day'), {day.format('s.last_day')})"
        )
        line = f"PRINTF('%%s;%%s;%%s;%%s;%%s', {employee}, {from_day}, {until}, d.percent, {kind})"
    return f"SELECT {line} {source.sql} {ORDER}"


def _absence_values(source: Source) -> Iterator[Row]:
    """``AbsenceRows`` as values, each step written once the next is read."""
    sql = f"""
        SELECT d.spell_id, p.employee_id, s.last_day,
               CASE WHEN s.section56 AND s.kind = %s THEN %s ELSE s.kind END,
               d.from_day, d.percent
        {source.sql} {ORDER}
    """
    day = _day_reader()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [Kind.SICKNESS, "section56", *source.params])
        # Each step is written once the next is read: it ends the day before the next step
        # of its spell, or on the spell's last day.
        pending: tuple[Any, ...] | None = None
        while chunk := cursor.fetchmany(CHUNK):
            for step in chunk:
                if pending is not None:
                    spell_id, employee_id, last_day, kind, from_day, percent = pending
                    until = day(step[4]) - ONE_DAY if step[0] == spell_id else day(last_day)  # type: ignore[operator]
                    yield employee_id, day(from_day), until, percent, kind
                pending = step
        if pending is not None:
            _spell, employee_id, last_day, kind, from_day, percent = pending
            yield employee_id, day(from_day), day(last_day), percent, kind


def _day_reader() -> Callable[[object], dt.date | None]:
    """Dates as the database returns them (PostgreSQL: dates; SQLite: ISO text) as dates,
    each distinct text parsed once."""
    parsed: dict[object, dt.date | None] = {None: None}

    def day(value: object) -> dt.date | None:
        try:
            return parsed[value]
        except KeyError:
            result = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
            parsed[value] = result
            return result

    return day


COLUMNS = {"employees": EMPLOYEE_COLUMNS, "absences": ABSENCE_COLUMNS}
