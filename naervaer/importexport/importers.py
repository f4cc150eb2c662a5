"""Importing employees and absence for one organisation.

Both importers work in two phases: every row is parsed and validated (all errors collected,
each with its row number), and only when there is no error at all is everything written in a
single transaction. A failed import changes nothing. Rows are matched on natural keys
(employee number; employment start; a spell's first day), so importing the same file twice
changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import os
import signal
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.absence.models import (
    AbsenceDegree,
    AbsenceSpell,
    Kind,
    ReportedVia,
    TimeOff,
    TimeOffKind,
)
from naervaer.absence.signals import absence_changed
from naervaer.absence.validation import describe
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.badinput import describe as describe_problem
from naervaer.importexport.bulk import CHUNK, insert_columns, reserve_ids
from naervaer.importexport.bulk import insert as bulk_insert
from naervaer.importexport.tabular import Cell, FileProblem, Table, paused_gc, require_columns
from naervaer.importexport.values import (
    BadValue,
    checked_text,
    parse_date,
    parse_decimal,
    parse_percent,
    text,
)
from naervaer.people.models import (
    UNIT_SEPARATOR,
    Employment,
    Organisation,
    Person,
    Unit,
    UnitLeadership,
)
from naervaer.rules import plausibility
from naervaer.rules.spells import DegreeStep, Period, Problem, check_spells
from naervaer.statistics.aggregates import employments_changed

MAX_WEEKLY_HOURS = Decimal("80")
ONE_DAY = dt.timedelta(days=1)

# File value -> (kind, section56). Danish words are accepted too.
KIND_VALUES: dict[str, tuple[str, bool]] = {
    "sickness": (Kind.SICKNESS, False),
    "sygdom": (Kind.SICKNESS, False),
    "egen sygdom": (Kind.SICKNESS, False),
    "work_accident": (Kind.WORK_ACCIDENT, False),
    "arbejdsskade": (Kind.WORK_ACCIDENT, False),
    "pregnancy": (Kind.PREGNANCY, False),
    "graviditet": (Kind.PREGNANCY, False),
    "section56": (Kind.SICKNESS, True),
    "§56": (Kind.SICKNESS, True),
    "§ 56": (Kind.SICKNESS, True),
}

# Time off in the absence file (payroll exports holiday and sickness in one register): never a
# spell; it takes hours out of the possible hours in the statistics.
TIME_OFF_VALUES: dict[str, str] = {
    "holiday": TimeOffKind.HOLIDAY,
    "ferie": TimeOffKind.HOLIDAY,
    "extra_holiday": TimeOffKind.EXTRA_HOLIDAY,
    "feriefridag": TimeOffKind.EXTRA_HOLIDAY,
    "feriefridage": TimeOffKind.EXTRA_HOLIDAY,
    "care_day": TimeOffKind.CARE_DAY,
    "omsorgsdag": TimeOffKind.CARE_DAY,
    "omsorgsdage": TimeOffKind.CARE_DAY,
    "child_sickness": TimeOffKind.CHILD_SICKNESS,
    "barns sygdom": TimeOffKind.CHILD_SICKNESS,
    "barn syg": TimeOffKind.CHILD_SICKNESS,
}
# Django builds ``TextChoices.values`` anew on every access: looked up per row, once here.
TIME_OFF_KINDS = frozenset(TimeOffKind.values)

# Optional: does the employer pay salary during sickness (sygedagpengeloven § 40)? Blank = yes.
SALARY_COLUMN = "salary_during_sickness"
YES_NO: dict[str, bool] = {
    "yes": True,
    "ja": True,
    "1": True,
    "no": False,
    "nej": False,
    "0": False,
}
_JOB_GROUP_LENGTH = 100

Progress = Callable[[int, int], None]
MAX_UNIT_DEPTH = 20
_EMPLOYEE_ID_LENGTH = Person._meta.get_field("employee_id").max_length or 40
_NAME_LENGTH = Person._meta.get_field("name").max_length or 200
_UNIT_NAME_LENGTH = Unit._meta.get_field("name").max_length or 120
_UNIT_PATH_LENGTH = Unit._meta.get_field("path").max_length or 1000


# The parsers of values that repeat down a file (a person's number on each of their rows, the
# kind, the percentage) are cached by the cell's value; a refused value is not (an exception
# is never cached), so its message is always in the current language.
@lru_cache(maxsize=65536, typed=True)  # typed: 1 and True are different cells
def _employee_id(value: Cell) -> str:
    return checked_text(value, _EMPLOYEE_ID_LENGTH)


def _name(value: Cell) -> str:
    return checked_text(value, _NAME_LENGTH)


def _unit_path(value: Cell) -> str:
    """``Område/Enhed``: each part a unit name, at most ``MAX_UNIT_DEPTH`` levels."""
    parts = [p.strip() for p in checked_text(value, _UNIT_PATH_LENGTH).split(UNIT_SEPARATOR)]
    if any(not p for p in parts):
        raise BadValue(_("The unit '%(unit)s' has an empty part.") % {"unit": text(value)[:80]})
    if len(parts) > MAX_UNIT_DEPTH:
        raise BadValue(
            _("The unit has %(depth)s levels; at most %(max)s.")
            % {"depth": len(parts), "max": MAX_UNIT_DEPTH}
        )
    if any(len(p) > _UNIT_NAME_LENGTH for p in parts):
        raise BadValue(
            _("A unit's name is at most %(max)s characters.") % {"max": _UNIT_NAME_LENGTH}
        )
    return UNIT_SEPARATOR.join(parts)


def _weekly_hours(value: Cell) -> Decimal:
    hours = parse_decimal(value)
    if not Decimal(0) < hours <= MAX_WEEKLY_HOURS:
        raise BadValue(
            _("Weekly hours must be more than 0 and at most 80, not %(hours)s.")
            % {"hours": str(value)[:20]}
        )
    if hours != hours.quantize(Decimal("0.01")):
        raise BadValue(
            _("Weekly hours have at most two decimals, not %(hours)s.") % {"hours": str(value)[:20]}
        )
    return hours


@lru_cache(maxsize=256, typed=True)
def _kind(value: Cell) -> tuple[str, bool]:
    """(kind, section56) of a spell, or (time-off kind, False) for leave."""
    kind = text(value).lower()
    if kind in TIME_OFF_VALUES:
        return TIME_OFF_VALUES[kind], False
    if kind not in KIND_VALUES:
        raise BadValue(
            _(
                "Unknown kind '%(kind)s'. Use sickness, work_accident, pregnancy, section56, "
                "ferie, feriefridag, omsorgsdag or barns sygdom."
            )
            % {"kind": kind[:40]}
        )
    return KIND_VALUES[kind]


def _yes_no(value: Cell) -> bool:
    answer = text(value).lower()
    if answer not in YES_NO:
        raise BadValue(_("must be yes or no, not %(value)s.") % {"value": answer[:20]})
    return YES_NO[answer]


def _job_group(value: Cell) -> str:
    group = text(value)
    if len(group) > _JOB_GROUP_LENGTH:
        raise BadValue(_("A job group has at most %(n)s characters.") % {"n": _JOB_GROUP_LENGTH})
    return group


@dataclass(frozen=True)
class Column:
    """A column of an import file: how a cell is read, and what an empty cell means.

    ``parse`` returns a value the database can hold or raises ``BadValue`` with the reason.
    A ``required`` cell must not be empty; an empty optional cell is ``default``. An
    ``optional_column`` may be missing from the file altogether (columns added later, so that
    older files still import).
    """

    name: str
    parse: Callable[[Cell], object]
    required: bool = True
    default: object = None
    optional_column: bool = False


@dataclass(frozen=True)
class RowReader:
    """Reads the rows of one file: each column's position in the file is looked up once, and a
    row is read into a list in the order of ``columns`` (``None`` where the file lacks an
    optional column). A header named twice: the last such column counts."""

    columns: tuple[Column, ...]
    positions: tuple[int | None, ...]

    @classmethod
    def for_header(cls, columns: tuple[Column, ...], header: Sequence[str]) -> RowReader:
        where = {name: i for i, name in enumerate(header)}
        return cls(columns, tuple(where.get(c.name) for c in columns))

    def read(self, cells: Sequence[Cell]) -> tuple[list[Any], list[str]]:
        """Every column of one row parsed; the problems, each naming its column."""
        parsed: list[Any] = []
        problems: list[str] = []
        size = len(cells)
        for column, position in zip(self.columns, self.positions, strict=True):
            raw = cells[position] if position is not None and position < size else None
            if raw is None or raw == "":  # blank: the table's text is stripped
                if column.required:
                    problems.append(_("%(column)s is empty.") % {"column": column.name})
                parsed.append(column.default)
                continue
            try:
                parsed.append(column.parse(raw))
            except BadValue as exc:
                problems.append(f"{column.name}: {exc}")
                parsed.append(None)
        return parsed, problems

    def read_columns(
        self, records: Sequence[Sequence[Cell]]
    ) -> tuple[list[list[Any]], dict[int, list[str]]]:
        """``read`` of every row, a column at a time: each distinct cell of a column is parsed
        once (a file repeats a person's number, a kind, a day down thousands of rows). Returns
        the columns, each a list in the order of ``records``, and the problems of each row
        that has any, by its index in ``records``, in the order of the columns."""
        columns: list[list[Any]] = []
        problems: dict[int, list[str]] = {}
        for column, position in zip(self.columns, self.positions, strict=True):
            raw = _cells_at(records, position)
            # Text cells (all of a CSV) are their own key; a cell of another type is keyed
            # with its type, since 1, 1.0 and True are equal keys but different cells.
            text = set(map(type, raw)) <= {str, type(None)}
            keys: list[Any] = raw if text else [(type(v), v) for v in raw]
            parsed: dict[Any, Any] = {}
            refused: dict[Any, str] = {}
            for key in dict.fromkeys(keys):  # each distinct cell once
                value = key if text else key[1]
                if value is None or value == "":
                    parsed[key] = column.default
                    if column.required:
                        refused[key] = _("%(column)s is empty.") % {"column": column.name}
                    continue
                try:
                    parsed[key] = column.parse(value)
                except BadValue as exc:
                    parsed[key] = None
                    refused[key] = f"{column.name}: {exc}"
            columns.append(list(map(parsed.__getitem__, keys)))
            if refused:
                for i, key in enumerate(keys):
                    if key in refused:
                        problems.setdefault(i, []).append(refused[key])
        return columns, problems

    def has(self, name: str) -> bool:
        """Whether the file has the column ``name``."""
        return any(
            c.name == name and p is not None
            for c, p in zip(self.columns, self.positions, strict=True)
        )


def _cells_at(records: Sequence[Sequence[Cell]], position: int | None) -> list[Cell]:
    """The cell at ``position`` of each record; None where the record is short or the file
    lacks the column."""
    if position is None:
        return [None] * len(records)
    try:
        return list(map(operator.itemgetter(position), records))
    except IndexError:
        return [cells[position] if position < len(cells) else None for cells in records]


EMPLOYEE_FILE: tuple[Column, ...] = (
    Column("employee_id", _employee_id),
    Column("name", _name),
    Column("unit", _unit_path),
    Column("manager_id", _employee_id, required=False, default=""),
    Column("weekly_hours", _weekly_hours),
    Column("employment_start", parse_date),
    Column("employment_end", parse_date, required=False),
    # Left out of the file (or blank): the stored answer stays; a new employment pays salary.
    Column(SALARY_COLUMN, _yes_no, required=False, optional_column=True),
    # Left out of the file: the stored job group stays; blank: cleared.
    Column("job_group", _job_group, required=False, default="", optional_column=True),
    # Only for the senior policy (seed 000); left out of the file: the stored date stays.
    Column("birth_date", parse_date, required=False, optional_column=True),
)
ABSENCE_FILE: tuple[Column, ...] = (
    Column("employee_id", _employee_id),
    Column("first_day", parse_date),
    Column("last_day", parse_date, required=False),
    Column(
        "percent", lru_cache(maxsize=256, typed=True)(parse_percent), required=False, default=100
    ),
    Column("kind", _kind, required=False, default=(Kind.SICKNESS, False)),
)
EMPLOYEE_COLUMNS = tuple(c.name for c in EMPLOYEE_FILE if not c.optional_column)
ABSENCE_COLUMNS = tuple(c.name for c in ABSENCE_FILE if not c.optional_column)


def capped(errors: list[RowError]) -> list[RowError]:
    """The errors in row order, at most ``IMPORT_MAX_ERRORS`` of them and a note of the rest."""
    errors.sort(key=lambda e: e.row)
    limit = settings.IMPORT_MAX_ERRORS
    if len(errors) <= limit:
        return errors
    return [
        *errors[:limit],
        RowError(
            0,
            _("%(more)s more errors are not shown; correct these and import again.")
            % {"more": len(errors) - limit},
        ),
    ]


@dataclass
class RowError:
    row: int
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _no_progress(done: int, total: int) -> None:
    return None


# --- Employees -----------------------------------------------------------------------------


@dataclass
class _EmployeeRow:
    row: int
    employee_id: str
    name: str
    unit: str
    manager_id: str
    weekly_hours: Decimal
    start: dt.date
    end: dt.date | None
    pays_salary: bool | None = None  # None: not in the file, leave as it is (new: yes)
    job_group: str | None = None  # None: the file has no job_group column (keep what is stored)
    birth_date: dt.date | None = None
    has_birth_date: bool = False  # the file has a birth_date column


def _parse_employee(
    row: int, cells: Sequence[Cell], reader: RowReader, errors: list[RowError]
) -> _EmployeeRow | None:
    v, problems = reader.read(cells)
    employee_id, name, unit, manager_id, hours, start, end, pays_salary, job_group, birth = v
    if start and end and end < start:
        problems.append(_("The employment ends before it starts."))
    if manager_id and manager_id == employee_id:
        problems.append(_("An employee cannot be their own manager."))
    if problems:
        errors.extend(RowError(row, p) for p in problems)
        return None
    return _EmployeeRow(
        row,
        employee_id,
        name,
        unit,
        manager_id,
        hours,
        start,
        end,
        pays_salary,
        job_group if reader.has("job_group") else None,
        birth,
        reader.has("birth_date"),
    )


def import_employees(
    org: Organisation, table: Table, *, by: Any = None, progress: Progress = _no_progress
) -> ImportResult:
    """Create or update people, units, employments and unit leadership from ``table``.

    ``manager_id`` names the employee's nearest manager, who thereby leads the employee's unit
    (and sees its sub-units). A manager who already leads a unit above it gets no extra row.
    For every unit in the file, its leaders become exactly the managers the file names for it.
    """
    with paused_gc():
        return _import_employees(org, table, by=by, progress=progress)


def _import_employees(
    org: Organisation, table: Table, *, by: Any, progress: Progress
) -> ImportResult:
    result = ImportResult()
    try:
        require_columns(table, EMPLOYEE_COLUMNS)
    except FileProblem as exc:
        result.errors.append(RowError(0, str(exc)))
        return result
    total = len(table.rows)
    reader = RowReader.for_header(EMPLOYEE_FILE, table.columns)
    rows: list[_EmployeeRow] = []
    for i, (number, cells) in enumerate(table.rows, start=1):
        parsed = _parse_employee(number, cells, reader, result.errors)
        if parsed:
            rows.append(parsed)
        if i % 500 == 0:
            progress(i, total)

    existing_ids = set(org.people.values_list("employee_id", flat=True))
    file_ids = {r.employee_id for r in rows}
    seen: dict[tuple[str, dt.date], int] = {}
    names: dict[str, tuple[str, int]] = {}
    for r in rows:
        key = (r.employee_id, r.start)
        if key in seen:
            result.errors.append(
                RowError(
                    r.row,
                    _(
                        "Employee %(id)s has two employments starting %(start)s (also row %(other)s)."
                    )
                    % {
                        "id": r.employee_id,
                        "start": r.start.strftime("%d-%m-%Y"),
                        "other": seen[key],
                    },
                )
            )
        seen[key] = r.row
        if r.employee_id in names and names[r.employee_id][0] != r.name:
            result.errors.append(
                RowError(
                    r.row,
                    _("Employee %(id)s has another name in row %(other)s.")
                    % {"id": r.employee_id, "other": names[r.employee_id][1]},
                )
            )
        names.setdefault(r.employee_id, (r.name, r.row))
        if r.manager_id and r.manager_id not in file_ids and r.manager_id not in existing_ids:
            result.errors.append(
                RowError(r.row, _("Unknown manager %(id)s.") % {"id": r.manager_id})
            )
    if result.errors:
        result.errors = capped(result.errors)
        return result

    with transaction.atomic():
        _write_employees(org, rows, result)
        if result.created or result.updated:
            employments_changed(org.pk)  # the figures of the people whose employments changed
        record(
            by,
            org.pk,
            Action.IMPORT,
            detail=_("Employees: %(c)s created, %(u)s updated, %(n)s unchanged")
            % {"c": result.created, "u": result.updated, "n": result.unchanged},
        )
    progress(total, total)
    return result


def ensure_unit(org: Organisation, path: str, cache: dict[str, Unit]) -> Unit:
    """The unit with full name ``path``, creating it and its missing parents."""
    if path in cache:
        return cache[path]
    parent = None
    if UNIT_SEPARATOR in path:
        parent = ensure_unit(org, path.rsplit(UNIT_SEPARATOR, 1)[0], cache)
    unit = Unit.objects.create(
        organisation=org, parent=parent, name=path.rsplit(UNIT_SEPARATOR, 1)[-1]
    )
    cache[path] = unit
    return unit


def _write_employees(org: Organisation, rows: list[_EmployeeRow], result: ImportResult) -> None:
    units = {u.path: u for u in org.units.all()}
    people: dict[str, tuple[int, str]] = {}
    births: dict[str, dt.date | None] = {}
    for pk, employee_id, name, birth in org.people.values_list(
        "pk", "employee_id", "name", "birth_date"
    ):
        people[employee_id] = (pk, name)
        births[employee_id] = birth
    employments = {
        (person_id, start): (pk, unit_id, hours, end, pays_salary, job_group)
        for pk, person_id, start, unit_id, hours, end, pays_salary, job_group in (
            Employment.objects.filter(person__organisation=org).values_list(
                "pk",
                "person_id",
                "start",
                "unit_id",
                "weekly_hours",
                "end",
                "pays_salary",
                "job_group",
            )
        )
    }
    # New people first (ids reserved, so their employments can refer to them), then names.
    names = {r.employee_id: r.name for r in rows}
    given = {r.employee_id: r.birth_date for r in rows if r.has_birth_date}
    new_people = sorted(e for e in names if e not in people)
    ids = reserve_ids(Person, len(new_people))
    bulk_insert(
        Person,
        ("id", "organisation_id", "employee_id", "name", "birth_date"),
        ((pk, org.pk, e, names[e], given.get(e)) for pk, e in zip(ids, new_people, strict=True)),
    )
    people.update({e: (pk, names[e]) for pk, e in zip(ids, new_people, strict=True)})
    births.update({e: given.get(e) for e in new_people})
    renamed = [
        e for e in names if people[e][1] != names[e] or (e in given and births[e] != given[e])
    ]
    Person.objects.bulk_update(
        [
            Person(pk=people[e][0], name=names[e], birth_date=given.get(e, births[e]))
            for e in renamed
        ],
        ["name", "birth_date"],
        batch_size=CHUNK,
    )
    changed_people = set(new_people) | set(renamed)

    new_employments: list[tuple[int, int, Decimal, dt.date, dt.date | None, bool, str]] = []
    updates: list[Employment] = []
    for r in rows:
        person_id = people[r.employee_id][0]
        unit = ensure_unit(org, r.unit, units)
        stored = employments.get((person_id, r.start))
        if stored is None:
            pays_salary = True if r.pays_salary is None else r.pays_salary
            new_employments.append(
                (person_id, unit.pk, r.weekly_hours, r.start, r.end, pays_salary, r.job_group or "")
            )
            result.created += 1
            continue
        pays_salary = stored[4] if r.pays_salary is None else r.pays_salary
        job_group = stored[5] if r.job_group is None else r.job_group
        if stored[1:] != (unit.pk, r.weekly_hours, r.end, pays_salary, job_group):
            updates.append(
                Employment(
                    pk=stored[0],
                    unit_id=unit.pk,
                    weekly_hours=r.weekly_hours,
                    end=r.end,
                    pays_salary=pays_salary,
                    job_group=job_group,
                )
            )
            result.updated += 1
        elif r.employee_id in changed_people:
            result.updated += 1
        else:
            result.unchanged += 1
    bulk_insert(
        Employment,
        ("person_id", "unit_id", "weekly_hours", "start", "end", "pays_salary", "job_group"),
        new_employments,
    )
    Employment.objects.bulk_update(
        updates, ["unit", "weekly_hours", "end", "pays_salary", "job_group"], batch_size=CHUNK
    )
    _write_leadership(org, rows, units, {e: pk for e, (pk, _n) in people.items()})


def _write_leadership(
    org: Organisation,
    rows: list[_EmployeeRow],
    units: dict[str, Unit],
    people: dict[str, int],
) -> None:
    pairs = {(r.manager_id, r.unit) for r in rows if r.manager_id}
    led_by: dict[str, set[str]] = defaultdict(set)
    for manager, unit in pairs:
        led_by[manager].add(unit)

    def led_above(manager: str, unit: str) -> bool:
        return any(unit.startswith(other + UNIT_SEPARATOR) for other in led_by[manager])

    wanted: dict[int, set[int]] = defaultdict(set)  # unit id -> leader person ids
    for manager, unit in pairs:
        if not led_above(manager, unit):
            wanted[units[unit].pk].add(people[manager])
    # Add only: a file of some of a unit's employees, or with blank manager_id, must never take
    # a unit's leader away (issue 13). Leaders are removed by an administrator under "Enheder".
    current: dict[int, set[int]] = defaultdict(set)
    for unit_id, person_id in UnitLeadership.objects.filter(unit__organisation=org).values_list(
        "unit_id", "person_id"
    ):
        current[unit_id].add(person_id)
    new = [
        UnitLeadership(person_id=pk, unit_id=unit_id)
        for unit_id, leaders in wanted.items()
        for pk in leaders - current.get(unit_id, set())
    ]
    UnitLeadership.objects.bulk_create(new, batch_size=CHUNK)


# --- Absence -------------------------------------------------------------------------------


@dataclass(slots=True)
class _AbsenceRow:
    row: int
    employee_id: str
    first_day: dt.date
    last_day: dt.date | None
    percent: int
    kind: str
    section56: bool


@dataclass(frozen=True, slots=True)
class _AbsenceColumns:
    """The file's rows that have no problem, a column at a time (each list in file order):
    no object per row."""

    rows: list[int]  # the row numbers in the file
    employee_ids: list[str]
    first_days: list[dt.date]
    last_days: list[dt.date | None]
    percents: list[int]
    kinds: list[tuple[str, bool]]  # (kind, section56)

    def time_off(self) -> tuple[list[_AbsenceRow], list[int]]:
        """The rows of time off, and the indices of the others (the spells' rows)."""
        leave = {k for k in set(self.kinds) if k[0] in TIME_OFF_KINDS}
        if not leave:
            return [], list(range(len(self.rows)))
        time_off = []
        spells = []
        for i, kind in enumerate(self.kinds):
            if kind in leave:
                time_off.append(
                    _AbsenceRow(
                        self.rows[i],
                        self.employee_ids[i],
                        self.first_days[i],
                        self.last_days[i],
                        self.percents[i],
                        *kind,
                    )
                )
            else:
                spells.append(i)
        return time_off, spells


@dataclass(slots=True)
class _SpellPlan:
    """One spell to write: contiguous rows of the same kind joined, with their degree steps.
    Checked as it is (a ``rules.spells.Spell``)."""

    rows: list[int]
    person_id: int
    first_day: dt.date
    last_day: dt.date | None
    kind: str
    section56: bool
    steps: list[DegreeStep]

    @property
    def period(self) -> Period:
        return Period(self.first_day, self.last_day)


class _DegreeSteps(dict[tuple[dt.date, int], DegreeStep]):
    """One ``DegreeStep`` per (day, percent): a file repeats (day, 100) on many rows."""

    def __missing__(self, key: tuple[dt.date, int]) -> DegreeStep:
        self[key] = step = DegreeStep(*key)
        return step


_NUMBER, _CELLS = operator.itemgetter(0), operator.itemgetter(1)


def _parse_absences(
    table: Table,
    reader: RowReader,
    people: dict[str, int],
    today: dt.date,
    errors: list[RowError],
) -> _AbsenceColumns:
    """The file's rows that have no problem; every problem of the others goes to ``errors``
    with its row number. A column at a time (``RowReader.read_columns``), then the checks
    across a row's cells, each worked out once per distinct value: a row's problems come in
    the order of its columns, then of these checks."""
    numbers: list[int] = list(map(_NUMBER, table.rows))
    columns, problems = reader.read_columns(list(map(_CELLS, table.rows)))
    ids, firsts, lasts, percents, kinds = columns

    def add(i: int, message: str) -> None:
        problems.setdefault(i, []).append(message)

    unknown = {e for e in set(ids) if e and e not in people}
    if unknown:
        for i, employee_id in enumerate(ids):
            if employee_id in unknown:
                add(i, _("Unknown employee %(id)s.") % {"id": employee_id})
    backwards = {(f, t) for f, t in set(zip(firsts, lasts, strict=True)) if f and t and t < f}
    if backwards:
        for i, first_last in enumerate(zip(firsts, lasts, strict=True)):
            if first_last in backwards:
                add(i, _("The last day is before the first day."))
    # As on the web and in the API: absence is not registered far ahead of time.
    too_early: dict[dt.date, list[str]] = {}
    for day in set(firsts) - {None}:
        if found := [describe_problem(p) for p in plausibility.check_first_day(day, today)]:
            too_early[day] = found
    # (A refused kind is None; its row has a problem already.)
    if too_early or any(kind and kind[0] in TIME_OFF_KINDS for kind in set(kinds)):
        for i, (first, last, kind) in enumerate(zip(firsts, lasts, kinds, strict=True)):
            if i in problems:
                continue
            if kind[0] in TIME_OFF_KINDS:
                if last is None:
                    add(i, _("Time off (holiday, a child's sickness) needs its last day."))
            elif first in too_early:
                problems[i] = list(too_early[first])
    if not problems:
        return _AbsenceColumns(numbers, ids, firsts, lasts, percents, kinds)
    for i in sorted(problems):
        errors.extend(RowError(numbers[i], p) for p in problems[i])
    keep = [i for i in range(len(numbers)) if i not in problems]
    return _AbsenceColumns(
        [numbers[i] for i in keep],
        [ids[i] for i in keep],
        [firsts[i] for i in keep],
        [lasts[i] for i in keep],
        [percents[i] for i in keep],
        [kinds[i] for i in keep],
    )


def _plan_spells(
    rows: _AbsenceColumns, spell_rows: list[int], people: dict[str, int], steps: _DegreeSteps
) -> list[_SpellPlan]:
    """The spells of the rows at ``spell_rows``, in order of person and first day: a person's
    back-to-back rows of one kind joined into one spell, a step where the degree changes."""
    person_ids = list(map(people.__getitem__, rows.employee_ids))
    firsts, lasts, percents, kinds, numbers = (
        rows.first_days,
        rows.last_days,
        rows.percents,
        rows.kinds,
        rows.rows,
    )
    # Sorted as tuples (person, first day, index): compared in C, the file's order kept
    # between rows of one person and day.
    if len(spell_rows) == len(numbers):
        order = sorted(zip(person_ids, firsts, spell_rows, strict=True))
    else:
        order = sorted([(person_ids[i], firsts[i], i) for i in spell_rows])
    plans: list[_SpellPlan] = []
    current: _SpellPlan | None = None
    # What a row must be to continue the current spell: the same person, from the day after
    # its last day, of the same kind (None: the spell is open-ended, nothing continues it).
    follows: tuple[int, dt.date, tuple[str, bool]] | None = None
    for person_id, first, i in order:
        kind, last, percent = kinds[i], lasts[i], percents[i]
        if current is not None and (person_id, first, kind) == follows:
            current.rows.append(numbers[i])
            current.last_day = last
            if percent != current.steps[-1].percent:
                current.steps.append(steps[first, percent])
        else:
            current = _SpellPlan(
                [numbers[i]], person_id, first, last, *kind, [steps[first, percent]]
            )
            plans.append(current)
        follows = None if last is None else (person_id, last + ONE_DAY, kind)
    return plans


def import_absences(
    org: Organisation, table: Table, *, by: Any = None, progress: Progress = _no_progress
) -> ImportResult:
    """Create or update absence spells from ``table``.

    Back-to-back rows of one employee with the same kind are one spell whose degree changes
    (a partial return exported as sub-periods). A spell in the file replaces the stored spell
    of that person with the same first day.
    """
    with paused_gc():
        return _import_absences(org, table, by=by, progress=progress)


_PERSON = operator.attrgetter("person_id")


def _import_absences(
    org: Organisation, table: Table, *, by: Any, progress: Progress
) -> ImportResult:
    result = ImportResult()
    try:
        require_columns(table, ABSENCE_COLUMNS)
    except FileProblem as exc:
        result.errors.append(RowError(0, str(exc)))
        return result
    people = dict(org.people.values_list("employee_id", "pk"))
    total = len(table.rows)
    reader = RowReader.for_header(ABSENCE_FILE, table.columns)
    today = timezone.localdate()
    rows = _parse_absences(table, reader, people, today, result.errors)
    progress(total // 4, total)

    time_off, spell_rows = rows.time_off()
    result.errors.extend(check_time_off(time_off))
    steps = _DegreeSteps()
    plans = _plan_spells(rows, spell_rows, people, steps)
    person_ids = {p.person_id for p in plans}
    employments: dict[int, list[Period]] = defaultdict(list)
    for pid, start, end in Employment.objects.filter(person__organisation=org).values_list(
        "person_id", "start", "end"
    ):
        if pid in person_ids:
            employments[pid].append(Period(start, end))
    stored = _stored_spells(org, plans, steps)
    # Each person's spells are checked together, in one pass over their periods, against the
    # stored spells that stay (one with the first day of a spell in the file is replaced by
    # it). The plans come in order of person.
    kept: dict[int, list[Period]] = defaultdict(list)
    for spell in stored.values():
        kept[spell.person_id].append(Period(spell.first_day, spell.last_day))
    done = 0
    for person_id, group in itertools.groupby(plans, key=_PERSON):
        person_plans = list(group)
        others: list[Period] = []
        if person_id in kept:
            replaced = {p.first_day for p in person_plans}
            others = [k for k in kept[person_id] if k.start not in replaced]
        found = check_spells(person_plans, employments[person_id], others)
        for plan, problems in zip(person_plans, found, strict=True):
            for problem in problems:
                result.errors.append(RowError(plan.rows[0], _row_message(plan, problem)))
        done += len(person_plans)
        if done // 1000 != (done - len(person_plans)) // 1000:
            progress(total // 2 + done * total // (2 * len(plans)), total)
    if result.errors:
        result.errors = capped(result.errors)
        return result

    with transaction.atomic():
        changed = _write_spells(plans, stored, result, by)
        if changed:
            # In the same transaction: follow-up queued as a task, statistics kept in step.
            first = min(p.first_day for p in plans if p.person_id in changed)
            absence_changed(
                __name__,
                org.pk,
                changed,
                [first],
                ongoing_from=[first],
                open_ended=True,
                bulk=True,
            )
        if write_time_off(time_off, people, result):
            absence_changed(
                __name__,
                org.pk,
                {people[r.employee_id] for r in time_off},
                [min(r.first_day for r in time_off)],
                open_ended=True,
                spells=False,
                bulk=True,
            )
        record(
            by,
            org.pk,
            Action.IMPORT,
            detail=_("Absence: %(c)s created, %(u)s updated, %(n)s unchanged")
            % {"c": result.created, "u": result.updated, "n": result.unchanged},
        )
    progress(total, total)
    return result


def _row_message(plan: _SpellPlan, problem: Problem) -> str:
    message = describe(problem)
    if len(plan.rows) > 1:
        message = _("%(message)s (rows %(rows)s form one absence)") % {
            "message": message,
            "rows": ", ".join(str(r) for r in plan.rows),
        }
    return message


@dataclass
class _StoredSpell:
    pk: int
    person_id: int
    first_day: dt.date
    last_day: dt.date | None
    kind: str
    section56: bool
    steps: list[DegreeStep] = field(default_factory=list)


def _stored_spells(
    org: Organisation, plans: list[_SpellPlan], steps: _DegreeSteps
) -> dict[tuple[int, dt.date], _StoredSpell]:
    """The stored spells that the file's spells may replace or overlap: those of the file's
    people within the file's period, read in two queries (no list of ids in the SQL)."""
    if not plans:
        return {}
    person_ids = {p.person_id for p in plans}
    low = min(p.first_day for p in plans)
    ends = [p.last_day for p in plans]
    spells = AbsenceSpell.objects.filter(person__organisation=org).filter(
        Q(last_day__isnull=True) | Q(last_day__gte=low)
    )
    if None not in ends:
        spells = spells.filter(first_day__lte=max(e for e in ends if e is not None))
    stored: dict[tuple[int, dt.date], _StoredSpell] = {}
    by_pk: dict[int, _StoredSpell] = {}
    for row in spells.values_list(
        "pk", "person_id", "first_day", "last_day", "kind", "section56"
    ).iterator(chunk_size=CHUNK):
        if row[1] in person_ids:
            spell = _StoredSpell(*row)
            stored[(spell.person_id, spell.first_day)] = by_pk[spell.pk] = spell
    for spell_id, from_day, percent in (
        AbsenceDegree.objects.filter(spell__in=spells)
        .order_by("spell_id", "from_day")
        .values_list("spell_id", "from_day", "percent")
        .iterator(chunk_size=CHUNK)
    ):
        if spell_id in by_pk:
            by_pk[spell_id].steps.append(steps[from_day, percent])
    return stored


def _kill_point(written: int) -> None:
    """Fault injection for the crash tests (tests/test_crash.py): the process kills itself
    once this many rows are written, mid-transaction. Nothing else sets the variable."""
    limit = os.environ.get("NAERVAER_KILL_AFTER_ROWS")
    if limit and written >= int(limit):
        os.kill(os.getpid(), signal.SIGKILL)


def _write_spells(
    plans: list[_SpellPlan],
    stored: dict[tuple[int, dt.date], _StoredSpell],
    result: ImportResult,
    by: Any,
) -> set[int]:
    """Write the planned spells; returns the people whose absence changed."""
    registered_by = by.pk if getattr(by, "is_authenticated", False) else None
    changed: set[int] = set()
    new: list[_SpellPlan] = []
    for plan in plans:
        spell = stored.get((plan.person_id, plan.first_day))
        if spell is None:
            new.append(plan)
            continue
        if (spell.last_day, spell.kind, spell.section56, spell.steps) == (
            plan.last_day,
            plan.kind,
            plan.section56,
            plan.steps,
        ):
            result.unchanged += 1
            continue
        AbsenceSpell.objects.filter(pk=spell.pk).update(
            last_day=plan.last_day,
            kind=plan.kind,
            section56=plan.section56,
            updated_at=timezone.now(),
        )
        AbsenceDegree.objects.filter(spell_id=spell.pk).delete()
        AbsenceDegree.objects.bulk_create(
            [
                AbsenceDegree(spell_id=spell.pk, from_day=s.from_day, percent=s.percent)
                for s in plan.steps
            ]
        )
        result.updated += 1
        changed.add(plan.person_id)
    ids = reserve_ids(AbsenceSpell, len(new))
    field = operator.attrgetter
    insert_columns(
        AbsenceSpell,
        {
            "id": ids,
            "person_id": list(map(field("person_id"), new)),
            "first_day": list(map(field("first_day"), new)),
            "last_day": list(map(field("last_day"), new)),
            "kind": list(map(field("kind"), new)),
            "section56": list(map(field("section56"), new)),
            "reported_via": [ReportedVia.IMPORT] * len(new),
            "registered_by_id": [registered_by] * len(new),
        },
        after_chunk=_kill_point,
    )
    steps = [(pk, p.steps) for pk, p in zip(ids, new, strict=True)]
    insert_columns(
        AbsenceDegree,
        {
            "spell_id": [pk for pk, spell_steps in steps for _s in spell_steps],
            "from_day": [s.from_day for _pk, spell_steps in steps for s in spell_steps],
            "percent": [s.percent for _pk, spell_steps in steps for s in spell_steps],
        },
        after_chunk=lambda n: _kill_point(len(new) + n),
    )
    result.created += len(new)
    return changed | {p.person_id for p in new}


# --- Time off (holiday and other leave, a child's sickness) in the absence file -------------


def check_time_off(rows: list[_AbsenceRow]) -> list[RowError]:
    """One person's leave may not overlap itself (a day is on holiday once)."""
    errors = []
    by_person: dict[str, list[_AbsenceRow]] = defaultdict(list)
    for r in rows:
        by_person[r.employee_id].append(r)
    for person_rows in by_person.values():
        person_rows.sort(key=lambda r: r.first_day)
        for before, after in itertools.pairwise(person_rows):
            assert before.last_day is not None
            if after.first_day <= before.last_day:
                errors.append(
                    RowError(
                        after.row,
                        _("This time off overlaps the one in row %(other)s.")
                        % {"other": before.row},
                    )
                )
    return errors


def write_time_off(rows: list[_AbsenceRow], people: dict[str, int], result: ImportResult) -> bool:
    """Create or update time off, matched on person, kind and first day; True if any changed."""
    if not rows:
        return False
    stored = {
        (t.person_id, t.kind, t.first_day): t
        for t in TimeOff.objects.filter(person_id__in={people[r.employee_id] for r in rows})
    }
    new = []
    for r in rows:
        assert r.last_day is not None
        existing = stored.get((people[r.employee_id], r.kind, r.first_day))
        if existing is None:
            new.append(
                TimeOff(
                    person_id=people[r.employee_id],
                    kind=r.kind,
                    first_day=r.first_day,
                    last_day=r.last_day,
                    percent=r.percent,
                )
            )
        elif (existing.last_day, existing.percent) != (r.last_day, r.percent):
            existing.last_day, existing.percent = r.last_day, r.percent
            existing.save(update_fields=["last_day", "percent"])
            result.updated += 1
        else:
            result.unchanged += 1
    TimeOff.objects.bulk_create(new, batch_size=2000)
    result.created += len(new)
    return bool(new) or result.updated > 0
