"""Exporting employees and absence in the import formats, so a file can go back in unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.db.models import QuerySet

from naervaer.absence.models import AbsenceSpell, Kind
from naervaer.importexport.importers import ABSENCE_COLUMNS, EMPLOYEE_COLUMNS
from naervaer.people.models import UNIT_SEPARATOR, Employment, Person, UnitLeadership

Row = Sequence[object]
ONE_DAY = dt.timedelta(days=1)


def employee_rows(people: QuerySet[Person]) -> Iterator[Row]:
    """One row per employment; ``manager_id`` is the nearest leader of the unit or above."""
    org_ids = set(people.values_list("organisation_id", flat=True))
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
        .select_related("person", "unit")
        .order_by("person__employee_id", "start")
    )
    for e in employments:
        yield (
            e.person.employee_id,
            e.person.name,
            e.unit.path,
            manager_of(e.person.employee_id, e.unit.path),
            e.weekly_hours.normalize(),
            e.start,
            e.end,
        )


def absence_rows(spells: QuerySet[AbsenceSpell]) -> Iterator[Row]:
    """One row per degree step: a spell with a partial return becomes back-to-back rows."""
    for spell in (
        spells.select_related("person")
        .prefetch_related("degrees")
        .order_by("person__employee_id", "first_day")
    ):
        kind = "section56" if spell.section56 and spell.kind == Kind.SICKNESS else spell.kind
        steps = list(spell.degrees.all())
        for i, step in enumerate(steps):
            nxt = steps[i + 1].from_day if i + 1 < len(steps) else None
            last = nxt - ONE_DAY if nxt else spell.last_day
            yield (spell.person.employee_id, step.from_day, last, step.percent, kind)


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def to_csv(columns: Sequence[str], rows: Iterable[Row]) -> bytes:
    """UTF-8 with BOM (so Danish Excel opens æ, ø, å right), comma-separated, ISO dates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(columns: Sequence[str], rows: Iterable[Row], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


COLUMNS = {"employees": EMPLOYEE_COLUMNS, "absences": ABSENCE_COLUMNS}
