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
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from naervaer.absence.models import (
    AbsenceDegree,
    AbsenceSpell,
    Kind,
    ReportedVia,
    TimeOff,
    TimeOffKind,
)
from naervaer.absence.validation import describe
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.followup.services import refresh_people
from naervaer.importexport.tabular import FileProblem, Table, require_columns
from naervaer.importexport.values import (
    BadValue,
    is_blank,
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
from naervaer.rules.spells import DegreeStep, Period, SpellDraft, check_spell
from naervaer.statistics.aggregates import forget, forget_all

EMPLOYEE_COLUMNS = (
    "employee_id",
    "name",
    "unit",
    "manager_id",
    "weekly_hours",
    "employment_start",
    "employment_end",
)
ABSENCE_COLUMNS = ("employee_id", "first_day", "last_day", "percent", "kind")
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
# Time off in the same file, as payroll exports it (``TimeOff``: not a spell, no follow-up).
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
OPTIONAL_EMPLOYEE_COLUMNS = ("job_group",)

Progress = Callable[[int, int], None]


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
    job_group: str | None = None  # None: the file has no job_group column (keep what is stored)


def _parse_employee(
    row: int, values: dict[str, Any], errors: list[RowError]
) -> _EmployeeRow | None:
    problems: list[str] = []

    def need(column: str) -> str:
        value = text(values.get(column))
        if not value:
            problems.append(_("%(column)s is empty.") % {"column": column})
        return value

    employee_id, name, unit = need("employee_id"), need("name"), need("unit")
    parts = unit.split(UNIT_SEPARATOR)
    if unit and any(not p.strip() for p in parts):
        problems.append(_("The unit '%(unit)s' has an empty part.") % {"unit": unit})
    unit = UNIT_SEPARATOR.join(p.strip() for p in parts)
    hours = Decimal(0)
    if need("weekly_hours"):
        try:
            hours = parse_decimal(values.get("weekly_hours"))
            if not Decimal(0) < hours <= MAX_WEEKLY_HOURS:
                problems.append(
                    _("Weekly hours must be more than 0 and at most 80, not %(hours)s.")
                    % {"hours": values.get("weekly_hours")}
                )
        except BadValue as exc:
            problems.append(f"weekly_hours: {exc}")
    start = end = None
    if not is_blank(values.get("employment_start")):
        try:
            start = parse_date(values.get("employment_start"))
        except BadValue as exc:
            problems.append(f"employment_start: {exc}")
    else:
        problems.append(_("%(column)s is empty.") % {"column": "employment_start"})
    if not is_blank(values.get("employment_end")):
        try:
            end = parse_date(values.get("employment_end"))
        except BadValue as exc:
            problems.append(f"employment_end: {exc}")
    if start and end and end < start:
        problems.append(_("The employment ends before it starts."))
    manager_id = text(values.get("manager_id"))
    if manager_id and manager_id == employee_id:
        problems.append(_("An employee cannot be their own manager."))
    errors.extend(RowError(row, p) for p in problems)
    if problems or start is None:
        return None
    job_group = text(values.get("job_group"))[:100] if "job_group" in values else None
    return _EmployeeRow(row, employee_id, name, unit, manager_id, hours, start, end, job_group)


def import_employees(
    org: Organisation, table: Table, *, by: Any = None, progress: Progress = _no_progress
) -> ImportResult:
    """Create or update people, units, employments and unit leadership from ``table``.

    ``manager_id`` names the employee's nearest manager, who thereby leads the employee's unit
    (and sees its sub-units). A manager who already leads a unit above it gets no extra row.
    For every unit in the file, its leaders become exactly the managers the file names for it.
    """
    result = ImportResult()
    try:
        require_columns(table, EMPLOYEE_COLUMNS)
    except FileProblem as exc:
        result.errors.append(RowError(0, str(exc)))
        return result
    total = len(table.rows)
    rows: list[_EmployeeRow] = []
    for i, (number, values) in enumerate(table.rows, start=1):
        parsed = _parse_employee(number, values, result.errors)
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
        result.errors.sort(key=lambda e: e.row)
        return result

    with transaction.atomic():
        _write_employees(org, rows, result)
        if result.created or result.updated:
            forget_all(org.pk)  # employments changed: every month's agreed hours may have
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
    people = {p.employee_id: p for p in org.people.all()}
    employments = {
        (e.person_id, e.start): e for e in Employment.objects.filter(person__organisation=org)
    }
    changed_people: set[str] = set()
    for r in rows:
        person = people.get(r.employee_id)
        if person is None:
            person = Person.objects.create(organisation=org, employee_id=r.employee_id, name=r.name)
            people[r.employee_id] = person
            changed_people.add(r.employee_id)
        elif person.name != r.name:
            person.name = r.name
            person.save(update_fields=["name"])
            changed_people.add(r.employee_id)
        unit = ensure_unit(org, r.unit, units)
        employment = employments.get((person.pk, r.start))
        if employment is None:
            Employment.objects.create(
                person=person,
                unit=unit,
                weekly_hours=r.weekly_hours,
                start=r.start,
                end=r.end,
                job_group=r.job_group or "",
            )
            result.created += 1
        elif (
            employment.unit_id,
            employment.weekly_hours,
            employment.end,
            employment.job_group if r.job_group is None else r.job_group,
        ) != (unit.pk, r.weekly_hours, r.end, employment.job_group):
            employment.unit, employment.weekly_hours, employment.end = unit, r.weekly_hours, r.end
            if r.job_group is not None:
                employment.job_group = r.job_group
            employment.save(update_fields=["unit", "weekly_hours", "end", "job_group"])
            result.updated += 1
        elif r.employee_id in changed_people:
            result.updated += 1
        else:
            result.unchanged += 1
    _write_leadership(org, rows, units, people)


def _write_leadership(
    org: Organisation,
    rows: list[_EmployeeRow],
    units: dict[str, Unit],
    people: dict[str, Person],
) -> None:
    pairs = {(r.manager_id, r.unit) for r in rows if r.manager_id}
    led_by: dict[str, set[str]] = defaultdict(set)
    for manager, unit in pairs:
        led_by[manager].add(unit)

    def led_above(manager: str, unit: str) -> bool:
        return any(unit.startswith(other + UNIT_SEPARATOR) for other in led_by[manager])

    wanted: dict[str, set[int]] = defaultdict(set)  # unit path -> leader person ids
    for manager, unit in pairs:
        if not led_above(manager, unit):
            wanted[unit].add(people[manager].pk)
    for path in {r.unit for r in rows}:
        unit = units[path]
        leaders = wanted.get(path, set())
        current = set(UnitLeadership.objects.filter(unit=unit).values_list("person_id", flat=True))
        if current != leaders:
            UnitLeadership.objects.filter(unit=unit).exclude(person_id__in=leaders).delete()
            UnitLeadership.objects.bulk_create(
                [UnitLeadership(person_id=pk, unit=unit) for pk in leaders - current]
            )


# --- Absence -------------------------------------------------------------------------------


@dataclass
class _AbsenceRow:
    row: int
    employee_id: str
    first_day: dt.date
    last_day: dt.date | None
    percent: int
    kind: str
    section56: bool


@dataclass
class _SpellPlan:
    """One spell to write: contiguous rows of the same kind joined, with their degree steps."""

    rows: list[int]
    person_id: int
    first_day: dt.date
    last_day: dt.date | None
    kind: str
    section56: bool
    steps: list[tuple[dt.date, int]]

    @property
    def period(self) -> Period:
        return Period(self.first_day, self.last_day)


def _parse_absence(
    row: int, values: dict[str, Any], people: dict[str, int], errors: list[RowError]
) -> _AbsenceRow | None:
    problems: list[str] = []
    employee_id = text(values.get("employee_id"))
    if not employee_id:
        problems.append(_("%(column)s is empty.") % {"column": "employee_id"})
    elif employee_id not in people:
        problems.append(_("Unknown employee %(id)s.") % {"id": employee_id})
    first = last = None
    if is_blank(values.get("first_day")):
        problems.append(_("%(column)s is empty.") % {"column": "first_day"})
    else:
        try:
            first = parse_date(values.get("first_day"))
        except BadValue as exc:
            problems.append(f"first_day: {exc}")
    if not is_blank(values.get("last_day")):
        try:
            last = parse_date(values.get("last_day"))
        except BadValue as exc:
            problems.append(f"last_day: {exc}")
    percent = 100
    try:
        percent = parse_percent(values.get("percent"))
    except BadValue as exc:
        problems.append(f"percent: {exc}")
    kind_text = text(values.get("kind")).lower() or "sickness"
    if kind_text in TIME_OFF_VALUES and last is None and not problems:
        problems.append(_("Time off (holiday, a child's sickness) needs its last day."))
    if kind_text not in KIND_VALUES and kind_text not in TIME_OFF_VALUES:
        problems.append(
            _(
                "Unknown kind '%(kind)s'. Use sickness, work_accident, pregnancy, section56, "
                "ferie, feriefridag, omsorgsdag or barns sygdom."
            )
            % {"kind": kind_text}
        )
    if first and last and last < first:
        problems.append(_("The last day is before the first day."))
    errors.extend(RowError(row, p) for p in problems)
    if problems or first is None:
        return None
    if kind_text in TIME_OFF_VALUES:
        return _AbsenceRow(
            row, employee_id, first, last, percent, TIME_OFF_VALUES[kind_text], False
        )
    kind, section56 = KIND_VALUES[kind_text]
    return _AbsenceRow(row, employee_id, first, last, percent, kind, section56)


def _plan_spells(rows: list[_AbsenceRow], people: dict[str, int]) -> list[_SpellPlan]:
    by_person: dict[str, list[_AbsenceRow]] = defaultdict(list)
    for r in rows:
        by_person[r.employee_id].append(r)
    plans: list[_SpellPlan] = []
    for employee_id, person_rows in by_person.items():
        person_rows.sort(key=lambda r: r.first_day)
        current: _SpellPlan | None = None
        for r in person_rows:
            joins = (
                current is not None
                and current.last_day is not None
                and r.first_day == current.last_day + ONE_DAY
                and (r.kind, r.section56) == (current.kind, current.section56)
            )
            if current is not None and joins:
                current.rows.append(r.row)
                current.last_day = r.last_day
                if r.percent != current.steps[-1][1]:
                    current.steps.append((r.first_day, r.percent))
                continue
            current = _SpellPlan(
                [r.row],
                people[employee_id],
                r.first_day,
                r.last_day,
                r.kind,
                r.section56,
                [(r.first_day, r.percent)],
            )
            plans.append(current)
    return plans


def import_absences(
    org: Organisation, table: Table, *, by: Any = None, progress: Progress = _no_progress
) -> ImportResult:
    """Create or update absence spells from ``table``.

    Back-to-back rows of one employee with the same kind are one spell whose degree changes
    (a partial return exported as sub-periods). A spell in the file replaces the stored spell
    of that person with the same first day.
    """
    result = ImportResult()
    try:
        require_columns(table, ABSENCE_COLUMNS)
    except FileProblem as exc:
        result.errors.append(RowError(0, str(exc)))
        return result
    people = dict(org.people.values_list("employee_id", "pk"))
    total = len(table.rows)
    rows: list[_AbsenceRow] = []
    for i, (number, values) in enumerate(table.rows, start=1):
        parsed = _parse_absence(number, values, people, result.errors)
        if parsed:
            rows.append(parsed)
        if i % 1000 == 0:
            progress(i // 2, total)

    time_off = [r for r in rows if r.kind in TimeOffKind.values]
    rows = [r for r in rows if r.kind not in TimeOffKind.values]
    result.errors.extend(check_time_off(time_off))
    plans = _plan_spells(rows, people)
    person_ids = {p.person_id for p in plans}
    employments: dict[int, list[Period]] = defaultdict(list)
    for pid, start, end in Employment.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "start", "end"
    ):
        employments[pid].append(Period(start, end))
    stored: dict[tuple[int, dt.date], AbsenceSpell] = {
        (s.person_id, s.first_day): s
        for s in AbsenceSpell.objects.filter(person_id__in=person_ids).prefetch_related("degrees")
    }
    by_person: dict[int, list[_SpellPlan]] = defaultdict(list)
    for plan in plans:
        by_person[plan.person_id].append(plan)
    stored_by_person: dict[int, list[AbsenceSpell]] = defaultdict(list)
    for (pid, _day), spell in stored.items():
        stored_by_person[pid].append(spell)

    for i, plan in enumerate(plans, start=1):
        replaced = (plan.person_id, plan.first_day)
        others = [p.period for p in by_person[plan.person_id] if p is not plan] + [
            Period(s.first_day, s.last_day)
            for s in stored_by_person[plan.person_id]
            if (s.person_id, s.first_day) != replaced
        ]
        draft = SpellDraft(
            plan.first_day, plan.last_day, tuple(DegreeStep(d, p) for d, p in plan.steps)
        )
        for problem in check_spell(draft, employments[plan.person_id], others):
            rows_text = ", ".join(str(r) for r in plan.rows)
            message = describe(problem)
            if len(plan.rows) > 1:
                message = _("%(message)s (rows %(rows)s form one absence)") % {
                    "message": message,
                    "rows": rows_text,
                }
            result.errors.append(RowError(plan.rows[0], message))
        if i % 1000 == 0:
            progress(total // 2 + i * total // (2 * max(len(plans), 1)), total)
    if result.errors:
        result.errors.sort(key=lambda e: e.row)
        return result

    with transaction.atomic():
        changed = _write_spells(plans, stored, result, by)
        refresh_people(changed)
        if changed:
            forget(org.pk, min(p.first_day for p in plans if p.person_id in changed))
        if write_time_off(time_off, people, result):
            forget(org.pk, min(r.first_day for r in time_off))
        record(
            by,
            org.pk,
            Action.IMPORT,
            detail=_("Absence: %(c)s created, %(u)s updated, %(n)s unchanged")
            % {"c": result.created, "u": result.updated, "n": result.unchanged},
        )
    progress(total, total)
    return result


def _write_spells(
    plans: list[_SpellPlan],
    stored: dict[tuple[int, dt.date], AbsenceSpell],
    result: ImportResult,
    by: Any,
) -> set[int]:
    """Write the planned spells; returns the people whose absence changed."""
    registered_by = by if getattr(by, "is_authenticated", False) else None
    updated_people: set[int] = set()
    new_spells: list[AbsenceSpell] = []
    new_steps: list[list[tuple[dt.date, int]]] = []
    for plan in plans:
        spell = stored.get((plan.person_id, plan.first_day))
        if spell is None:
            new_spells.append(
                AbsenceSpell(
                    person_id=plan.person_id,
                    first_day=plan.first_day,
                    last_day=plan.last_day,
                    kind=plan.kind,
                    section56=plan.section56,
                    reported_via=ReportedVia.IMPORT,
                    registered_by=registered_by,
                )
            )
            new_steps.append(plan.steps)
            continue
        same = (spell.last_day, spell.kind, spell.section56) == (
            plan.last_day,
            plan.kind,
            plan.section56,
        ) and [(d.from_day, d.percent) for d in spell.degrees.all()] == plan.steps
        if same:
            result.unchanged += 1
            continue
        spell.last_day, spell.kind, spell.section56 = plan.last_day, plan.kind, plan.section56
        spell.save(update_fields=["last_day", "kind", "section56", "updated_at"])
        spell.degrees.all().delete()
        AbsenceDegree.objects.bulk_create(
            [AbsenceDegree(spell=spell, from_day=d, percent=p) for d, p in plan.steps]
        )
        result.updated += 1
        updated_people.add(plan.person_id)
    created = AbsenceSpell.objects.bulk_create(new_spells, batch_size=1000)
    AbsenceDegree.objects.bulk_create(
        [
            AbsenceDegree(spell=spell, from_day=d, percent=p)
            for spell, steps in zip(created, new_steps, strict=True)
            for d, p in steps
        ],
        batch_size=2000,
    )
    result.created += len(created)
    return updated_people | {spell.person_id for spell in created}


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
