"""Exporting employees and absence in the import formats, so a file can go back in unchanged.

The rows are read as one streamed query each (no prefetch over hundreds of thousands of ids, so
no "too many SQL variables"), and written by ``naervaer.exports`` (CSV or XLSX, no formulas);
the absence CSV is formatted by the database itself, to the same bytes (``AbsenceRows``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Iterator, Sequence
from itertools import chain
from typing import Any

from django.db import connection
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
    org_ids = set(people.values_list("organisation_id", flat=True).distinct())
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
    """The absence file's rows of ``spells``: one row per degree step, so a spell with a
    partial return becomes back-to-back rows. Iterated, they are values (XLSX, tests); as CSV
    (``csv_body``) the database writes them, byte for byte what ``naervaer.exports`` writes of
    the values.

    Either way one query, streamed, with ``spells`` a subquery (never a list of ids, so no
    "too many SQL variables"); the database finds each step's end (the day before the spell's
    next step, else the spell's last day) and the file's kind."""

    def __init__(self, spells: QuerySet[AbsenceSpell]) -> None:
        self.spells = spells
        self.written = 0  # rows of the CSV body so far

    def __iter__(self) -> Iterator[Row]:
        return _absence_values(self.spells)

    def csv_body(self) -> Generator[bytes, None, None]:
        """The rows as CSV without the header, a chunk of ``CHUNK`` rows at a time, formatted
        by the database: ``COPY … TO STDOUT (FORMAT csv)`` on PostgreSQL, one text per line on
        SQLite; no Python per cell."""
        spell_ids, params = self.spells.order_by().values("pk").query.sql_with_params()
        sql = _csv_sql(connection.vendor, spell_ids)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                yield from self._copied(cursor.cursor, sql, list(params))
                return
            cursor.execute(sql, list(params))
            while lines := cursor.fetchmany(CHUNK):
                self.written += len(lines)
                yield ("\r\n".join(chain.from_iterable(lines)) + "\r\n").encode()

    def _copied(self, cursor: Any, sql: str, params: list[object]) -> Generator[bytes, None, None]:
        lines: list[memoryview] = []
        with cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv, DELIMITER ';')", params) as copy:
            # The server sends each row as one message ending in LF (a line break inside
            # quotes is data): the file's rows end in CR LF.
            for row in copy:
                lines.append(row[:-1])
                if len(lines) == CHUNK:
                    self.written += CHUNK
                    yield b"\r\n".join(lines) + b"\r\n"
                    lines = []
        if lines:
            self.written += len(lines)
            yield b"\r\n".join(lines) + b"\r\n"


def absence_rows(spells: QuerySet[AbsenceSpell]) -> AbsenceRows:
    return AbsenceRows(spells)


def _csv_sql(vendor: str, spell_ids: str) -> str:
    """The query of ``AbsenceRows.csv_body``: the values of ``_absence_values`` as the text
    ``naervaer.exports.csv_chunks`` makes of them. Text is made formula-safe as ``neutralise``
    does; dates are dd-mm-yyyy, no date is nothing. PostgreSQL's ``COPY`` quotes as Python's
    ``csv`` does (an empty text is made NULL, which it writes as nothing, not ""); SQLite gets
    one text per line, quoted here: text holding ; " or a line break in quotes, " doubled."""
    quote = connection.ops.quote_name
    degree, spell, person = (quote(m._meta.db_table) for m in (AbsenceDegree, AbsenceSpell, Person))
    char = "CHR" if vendor == "postgresql" else "CHAR"
    formula_start = ", ".join(
        f"{char}({ord(c)})" if c in "\t\r" else f"'{c}'" for c in FORMULA_START
    )

    def safe(text: str) -> str:
        return (
            f"CASE WHEN SUBSTR({text}, 1, 1) IN ({formula_start}) "
            f"THEN '''' || {text} ELSE {text} END"
        )

    def quoted(text: str) -> str:
        if vendor == "postgresql":
            return f"NULLIF({safe(text)}, '')"
        return (
            f"""CASE WHEN {text} GLOB '*[;"'||CHAR(10)||CHAR(13)||']*' """
            f"""THEN '"' || REPLACE({safe(text)}, '"', '""') || '"' ELSE {safe(text)} END"""
        )

    # The kinds the model knows need neither guard nor quotes; any other text gets both.
    known = ", ".join(f"'{k}'" for k in Kind.values)
    kind = (
        f"CASE WHEN s.section56 AND s.kind = '{Kind.SICKNESS}' THEN 'section56' "
        f"WHEN s.kind IN ({known}) THEN s.kind ELSE {quoted('s.kind')} END"
    )
    if vendor == "postgresql":
        # The spell's next degree step by a window (half the server's time of a subquery).
        next_step = "LEAD(d.from_day) OVER (PARTITION BY d.spell_id ORDER BY d.from_day)"
        until = f"COALESCE({next_step} - 1, s.last_day)"
        columns = ", ".join(
            [
                quoted("p.employee_id"),
                "TO_CHAR(d.from_day, 'DD-MM-YYYY')",
                f"TO_CHAR({until}, 'DD-MM-YYYY')",
                "d.percent",
                kind,
            ]
        )
    else:
        # The spell's next degree step by the unique index on spell and day (SQLite's window
        # sorts the steps once more: slower here).
        next_step = (
            f"(SELECT MIN(n.from_day) FROM {degree} n "  # noqa: S608 - a quoted name
            "WHERE n.spell_id = d.spell_id AND n.from_day > d.from_day)"
        )
        day = "STRFTIME('%%d-%%m-%%Y', {})"  # %% for the driver's parameter style
        until = (
            f"COALESCE(STRFTIME('%%d-%%m-%%Y', {next_step}, '-1 day'), "
            f"{day.format('s.last_day')}, '')"
        )
        columns = " || ';' || ".join(
            [quoted("p.employee_id"), day.format("d.from_day"), until, "d.percent", kind]
        )
    return f"""
        SELECT {columns}
        FROM {degree} d
        JOIN {spell} s ON s.id = d.spell_id
        JOIN {person} p ON p.id = s.person_id
        WHERE d.spell_id IN ({spell_ids})
        ORDER BY p.employee_id, s.first_day, s.id, d.from_day
    """  # noqa: S608 - names quoted, values as parameters


def _absence_values(spells: QuerySet[AbsenceSpell]) -> Iterator[Row]:
    """``AbsenceRows`` as values, each step written once the next is read."""
    spell_ids, params = spells.values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    degree, spell, person = (quote(m._meta.db_table) for m in (AbsenceDegree, AbsenceSpell, Person))
    sql = f"""
        SELECT d.spell_id, p.employee_id, s.last_day,
               CASE WHEN s.section56 AND s.kind = %s THEN %s ELSE s.kind END,
               d.from_day, d.percent
        FROM {degree} d
        JOIN {spell} s ON s.id = d.spell_id
        JOIN {person} p ON p.id = s.person_id
        WHERE d.spell_id IN ({spell_ids})
        ORDER BY p.employee_id, s.first_day, s.id, d.from_day
    """  # noqa: S608 - names quoted, values as parameters
    day = _day_reader()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [Kind.SICKNESS, "section56", *params])
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
