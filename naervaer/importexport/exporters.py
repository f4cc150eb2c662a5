"""Exporting employees and absence in the import formats, so a file can go back in unchanged.

The rows are read as one streamed query each (no prefetch over hundreds of thousands of ids, so
no "too many SQL variables"), and written by ``naervaer.exports`` (CSV or XLSX, no formulas).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from naervaer.absence.models import AbsenceDegree, AbsenceSpell, Kind
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


def absence_rows(spells: QuerySet[AbsenceSpell]) -> Iterator[Row]:
    """One row per degree step: a spell with a partial return becomes back-to-back rows.

    One query, streamed (a server-side cursor on PostgreSQL): the database finds each step's
    end (the day before the next step, else the spell's last day) and the file's kind, so per
    row Python only hands the values on; ``spells`` is a subquery, never a list of ids."""
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
