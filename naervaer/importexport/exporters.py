"""Exporting employees and absence in the import formats, so a file can go back in unchanged.

The rows are read as one streamed query each (no prefetch over hundreds of thousands of ids, so
no "too many SQL variables"), and written by ``naervaer.exports`` (CSV or XLSX, no formulas).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

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
    """One row per degree step: a spell with a partial return becomes back-to-back rows."""
    degrees = (
        AbsenceDegree.objects.filter(spell__in=spells)
        .order_by("spell__person__employee_id", "spell__first_day", "spell_id", "from_day")
        .values_list(
            "spell_id",
            "spell__person__employee_id",
            "spell__last_day",
            "spell__kind",
            "spell__section56",
            "from_day",
            "percent",
        )
    )
    pending: tuple[object, ...] | None = None  # the previous step, written once its end is known
    for step in degrees.iterator(chunk_size=CHUNK):
        if pending is not None:
            yield _absence_row(pending, step[5] - ONE_DAY if step[0] == pending[0] else None)
        pending = step
    if pending is not None:
        yield _absence_row(pending, None)


def _absence_row(step: tuple[object, ...], next_day: dt.date | None) -> Row:
    _spell, employee_id, last_day, kind, section56, from_day, percent = step
    kind = "section56" if section56 and kind == Kind.SICKNESS else kind
    return (employee_id, from_day, next_day or last_day, percent, kind)


COLUMNS = {"employees": EMPLOYEE_COLUMNS, "absences": ABSENCE_COLUMNS}
