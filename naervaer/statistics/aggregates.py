"""Keeping the per-person and per-unit monthly figures of ``naervaer.statistics.models`` in step.

Each person's contribution to a month (agreed and possible hours, ended absence by kind and
band) is computed from their employments, *ended* spells and time off with the same definitions
(``naervaer.rules.statistics``) the live computation uses, so both give the same numbers. The
unit rows are the database's sums of the person rows.

- ``refresh`` replaces the contributions of some people over some months and sums again the
  unit rows those people had or now have in them: it runs in the transaction of the change
  (``naervaer.statistics.apps`` connects it to ``naervaer.absence.signals``).
- ``employments_changed`` finds the people whose employments differ from those last counted
  (``CountedEmployment``) and refreshes them: the employee import's one call.
- ``ensure_built`` builds, for the whole organisation, a month no page has asked for before;
  ``rebuild`` builds every month again from scratch (repair, ``naervaer stats --rebuild``).

Only months already built are maintained; a month never built is built whole when first asked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Model, Q, QuerySet, Sum
from django.utils import timezone

from naervaer.absence.models import LEAVE_KINDS, AbsenceDegree, AbsenceSpell, TimeOff
from naervaer.people.models import UNIT_SEPARATOR, Employment, Person, Unit
from naervaer.rules import heatmap
from naervaer.rules import statistics as core
from naervaer.rules.calendar import add_months
from naervaer.statistics import disclosure
from naervaer.statistics.models import (
    BuiltMonth,
    BuiltPeriod,
    CountedEmployment,
    OngoingDay,
    OngoingMonth,
    PersonDay,
    PersonMonth,
    PersonMonthAbsence,
    SubtreeDay,
    SubtreeMonth,
    SubtreeMonthAbsence,
    SubtreePeriod,
    SubtreePeriodAbsence,
    UnitDay,
    UnitMonth,
    UnitMonthAbsence,
)

Month = tuple[dt.date, dt.date]
# Ids per query: well under the databases' limits on query parameters (SQLite, PostgreSQL).
CHUNK = 500
BUILD_CHUNK = 2000  # people computed at once by a build
SUBTREE_MONTHS = 12  # months of unit rows summed into sub-trees at once (memory)
BATCH = 5000

_ABSENCE_SUMS = ("absent_hours", "spells", "short_spells", "spell_days")
_ABSENCE_FIELDS = (*_ABSENCE_SUMS, *UnitMonthAbsence.WEEKDAY_FIELDS)
_BASE_FIELDS = (
    "possible_hours",
    "leave_hours",
    "employee_days",
    "opening_possible",
    "opening_absent",
)
_DAY_FIELDS = ("possible", "absent")


def month_of(first: dt.date) -> Month:
    return core.months(first, first)[0]


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


# --- Reading ------------------------------------------------------------------------------


def time_off(
    organisation_id: int,
    start: dt.date,
    end: dt.date,
    people: QuerySet[Any, Any] | Collection[int] | None = None,
) -> tuple[dict[int, list[core.Leave]], dict[int, list[core.Spell]]]:
    """Time off overlapping ``start``–``end``, by person: leave, and a child's sickness as spells
    of their own kind (whole days at the recorded share). ``people``: a subquery of person ids
    or a collection of them (None: the whole organisation)."""
    rows = TimeOff.objects.filter(
        last_day__gte=start, first_day__lte=end, person__organisation_id=organisation_id
    )
    if isinstance(people, QuerySet):
        rows = rows.filter(person_id__in=people)
    elif people is not None:
        rows = rows.filter(person_id__in_ids=people)
    leaves: dict[int, list[core.Leave]] = defaultdict(list)
    other: dict[int, list[core.Spell]] = defaultdict(list)
    for person_id, kind, first, last, percent in rows.values_list(
        "person_id", "kind", "first_day", "last_day", "percent"
    ):
        if kind in LEAVE_KINDS:
            leaves[person_id].append(core.Leave(first, last, percent, kind))
        else:
            other[person_id].append(core.Spell(first, last, ((first, percent),), kind))
    return leaves, other


def has_leave(organisation_id: int, start: dt.date, end: dt.date) -> bool:
    """Whether the organisation has recorded any leave overlapping the period (if not, the
    statistics estimate it)."""
    return TimeOff.objects.filter(
        kind__in=LEAVE_KINDS,
        last_day__gte=start,
        first_day__lte=end,
        person__organisation_id=organisation_id,
    ).exists()


@dataclass
class _Person:
    employments: list[tuple[int, core.Employment]] = field(default_factory=list)  # (unit, ...)
    spells: list[core.Spell] = field(default_factory=list)  # ended
    other: list[core.Spell] = field(default_factory=list)  # a child's sickness (time off)
    leaves: list[core.Leave] = field(default_factory=list)


def _read(
    organisation_id: int, person_ids: Sequence[int] | None, start: dt.date, end: dt.date
) -> dict[int, _Person]:
    """Employments, ended spells and time off overlapping the period: of ``person_ids`` (a
    chunk: the ids are query parameters), or of the whole organisation (None)."""
    people: dict[int, _Person] = defaultdict(_Person)
    employments = Employment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=start),
        start__lte=end,
        person__organisation_id=organisation_id,
    )
    spells = AbsenceSpell.objects.filter(
        last_day__isnull=False,
        last_day__gte=start,
        first_day__lte=end,
        person__organisation_id=organisation_id,
    )
    if person_ids is not None:
        employments = employments.filter(person_id__in=person_ids)
        spells = spells.filter(person_id__in=person_ids)
    for person_id, unit_id, e_start, e_end, hours in employments.values_list(
        "person_id", "unit_id", "start", "end", "weekly_hours"
    ):
        people[person_id].employments.append((unit_id, core.Employment(e_start, e_end, hours)))
    steps: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for spell_id, from_day, percent in (
        # A subquery, not a list of ids: a large employer has more spells than a query may
        # carry parameters.
        AbsenceDegree.objects.filter(spell__in=spells.values("pk"))
        .order_by("spell_id", "from_day")
        .values_list("spell_id", "from_day", "percent")
    ):
        steps[spell_id].append((from_day, percent))
    for pk, person_id, first, last, kind in spells.values_list(
        "pk", "person_id", "first_day", "last_day", "kind"
    ):
        if person_id in people:
            people[person_id].spells.append(
                core.Spell(first, last, tuple(steps.get(pk) or [(first, 100)]), kind)
            )
    leaves, other = time_off(organisation_id, start, end, person_ids)
    for person_id, person in people.items():
        person.leaves = leaves.get(person_id, [])
        person.other = other.get(person_id, [])
    return people


# --- Computing ----------------------------------------------------------------------------

BaseKey = tuple[int, int, dt.date]  # person, unit, month
AbsenceKey = tuple[int, int, dt.date, str, str]  # person, unit, month, kind, band
DayKey = tuple[int, int, dt.date, dt.date]  # person, unit, month, day


@dataclass
class _Rows:
    base: dict[BaseKey, list[float]] = field(default_factory=dict)  # _BASE_FIELDS
    absence: dict[AbsenceKey, list[float]] = field(default_factory=dict)  # _ABSENCE_FIELDS
    days: dict[DayKey, list[float]] = field(default_factory=dict)  # _DAY_FIELDS


def _contributions(people: dict[int, _Person], months: Sequence[Month]) -> _Rows:
    """Every person's figures per unit and month, as ``build_months`` always counted them: one
    employment at a time, each ended spell on its own (its band is its whole length). The
    heat map's days count the spells, not a child's sickness."""
    rows = _Rows()
    if not months:
        return rows
    days = core.WorkingDays(months[0][0], months[-1][1])
    for person_id, person in people.items():
        with_time_off = [*person.spells, *person.other]
        for unit_id, employment in person.employments:
            pieces = core.day_pieces([employment], person.spells, months[-1][1], person.leaves)
            by_month = heatmap.month_changes(pieces, months)
            for first, last in months:
                span_first = max(first, employment.start)
                span_last = last if employment.end is None else min(last, employment.end)
                if span_last < span_first:
                    continue
                f = core.person_figures([employment], [], first, last, days, last, person.leaves)
                base = rows.base.setdefault((person_id, unit_id, first), [0.0] * 5)
                base[0] += f.possible_hours
                base[1] += f.leave_hours
                base[2] += (span_last - span_first).days + 1
                if first in by_month:
                    month = by_month[first]
                    base[3] += month.opening[0]
                    base[4] += month.opening[1]
                    for day, values in month.changes.items():
                        entry = rows.days.setdefault((person_id, unit_id, first, day), [0.0, 0.0])
                        entry[0] += values[0]
                        entry[1] += values[1]
                for spell in with_time_off:
                    assert spell.last_day is not None
                    if spell.first_day > last or spell.last_day < first:
                        continue
                    f = core.person_figures(
                        [employment], [spell], first, last, days, spell.last_day, person.leaves
                    )
                    band = core.band_of(spell.calendar_days(spell.last_day))
                    key = (person_id, unit_id, first, spell.kind, band.value)
                    entry = rows.absence.setdefault(key, [0.0] * len(_ABSENCE_FIELDS))
                    entry[0] += f.absent_hours
                    entry[1] += f.spells
                    entry[2] += f.short_spells
                    entry[3] += f.spell_days
                    if core.began_in(spell, [employment], first, last):
                        entry[4 + spell.first_day.weekday()] += 1
    return rows


# --- Writing ------------------------------------------------------------------------------


def _insert(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[int | float | str | dt.date]],
) -> None:
    """Plain multi-row inserts: the stored figures have no signals or defaults to run, and
    building model instances cost more than the database's work. PostgreSQL gets a column at a
    time, as arrays (``unnest``): psycopg's ``executemany`` sends each row as a statement of
    its own (two stored years of 1,780 units, 8,850 rows: 0.9 s of 1.3 s); SQLite's runs in C,
    row by row, at the speed of one statement."""
    quote = connection.ops.quote_name
    # Names from the models, quoted; every value is a parameter.
    names = f"{quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)})"
    if connection.vendor == "postgresql":
        types = [model._meta.get_field(c).db_type(connection) for c in columns]
        arrays = ", ".join(f"%s::{_array_type(t)}[]" for t in types)
        sql = f"INSERT INTO {names} SELECT * FROM unnest({arrays})"  # noqa: S608
    else:
        sql = f"INSERT INTO {names} VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    with connection.cursor() as cursor:
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            if connection.vendor == "postgresql":
                cursor.execute(sql, [list(column) for column in zip(*batch, strict=True)])
            else:
                cursor.executemany(sql, batch)


def _array_type(db_type: str | None) -> str:
    """A column's type for an array of its values: a foreign key's is its target's, and a
    ``varchar(n)`` is text (the insert casts it back)."""
    assert db_type is not None
    return "text" if db_type.startswith("varchar") else db_type


def _insert_select(model: type[Model], columns: Sequence[str], select: QuerySet[Any, Any]) -> None:
    """``INSERT INTO model (columns) SELECT …``: sums written by the database itself."""
    quote = connection.ops.quote_name
    query, params = select.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} "
            f"({', '.join(quote(c) for c in columns)}) {query}",
            params,
        )


def _write_people(rows: _Rows) -> None:
    units_of: dict[tuple[int, dt.date], int] = defaultdict(int)  # a person's units in a month
    for p, _u, m in rows.base:
        units_of[p, m] += 1
    _insert(
        PersonMonth,
        ("person_id", "unit_id", "month", *_BASE_FIELDS, "shared"),
        (
            (p, u, m, v[0], v[1], int(v[2]), v[3], v[4], units_of[p, m] > 1)
            for (p, u, m), v in rows.base.items()
        ),
    )
    _insert(
        PersonDay,
        ("person_id", "unit_id", "month", "day", *_DAY_FIELDS),
        ((p, u, m, d, *v) for (p, u, m, d), v in rows.days.items() if v[0] or v[1]),
    )
    _insert(
        PersonMonthAbsence,
        ("person_id", "unit_id", "month", "kind", "band", *_ABSENCE_FIELDS),
        (
            (p, u, m, kind, band, v[0], *(int(x) for x in v[1:]))
            for (p, u, m, kind, band), v in rows.absence.items()
        ),
    )


def _sum_units(unit_ids: Collection[int], firsts: Collection[dt.date]) -> None:
    """Replace the unit rows of these units and months by the sums of their person rows."""
    months = sorted(set(firsts))
    for units in _chunks(sorted(set(unit_ids))):
        where = {"unit_id__in": units, "month__in": months}
        for model in (UnitMonth, UnitMonthAbsence, UnitDay):
            model.objects.filter(**where).delete()
        _insert_select(
            UnitMonth,
            ("unit_id", "month", *_BASE_FIELDS, "people"),
            PersonMonth.objects.filter(**where)
            .values_list("unit_id", "month")
            .annotate(*(Sum(name) for name in _BASE_FIELDS), Count("person_id"))
            .order_by(),
        )
        _insert_select(
            UnitMonthAbsence,
            ("unit_id", "month", "kind", "band", *_ABSENCE_FIELDS),
            PersonMonthAbsence.objects.filter(**where)
            .values_list("unit_id", "month", "kind", "band")
            .annotate(*(Sum(name) for name in _ABSENCE_FIELDS))
            .order_by(),
        )
        _insert_select(
            UnitDay,
            ("unit_id", "month", "day", *_DAY_FIELDS),
            PersonDay.objects.filter(**where)
            .values_list("unit_id", "month", "day")
            .annotate(*(Sum(name) for name in _DAY_FIELDS))
            .order_by(),
        )


# --- Ongoing absence ----------------------------------------------------------------------

_ONGOING_FIELDS = (
    "spell_id",
    "person_id",
    "unit_id",
    "month",
    "kind",
    "first_day",
    "absent_hours",
    "opening_absent",
)
_ONGOING_DAY_FIELDS = ("spell_id", "person_id", "unit_id", "month", "day", "absent")


@dataclass
class _OngoingRows:
    months: list[tuple[int, int, int, dt.date, str, dt.date, float, float]]  # _ONGOING_FIELDS
    days: list[tuple[int, int, int, dt.date, dt.date, float]]  # _ONGOING_DAY_FIELDS

    def write(self) -> None:
        _insert(OngoingMonth, _ONGOING_FIELDS, self.months)
        _insert(OngoingDay, _ONGOING_DAY_FIELDS, self.days)


def _ongoing_rows(
    organisation_id: int, person_ids: Sequence[int] | None, months: Sequence[Month]
) -> _OngoingRows:
    """Each ongoing spell's absent hours per unit in ``months`` (months that are over), as the
    live computation counts them: one employment at a time, leave days left out; and its hours
    a day there for the heat map."""
    rows = _OngoingRows([], [])
    if not months:
        return rows
    start, end = months[0][0], months[-1][1]
    ongoing = AbsenceSpell.objects.filter(
        last_day__isnull=True, person__organisation_id=organisation_id
    )
    if person_ids is not None:
        ongoing = ongoing.filter(person_id__in_ids=person_ids)
    # The day filtered here, not in SQL: SQLite keeps the partial index of ongoing spells.
    found = [
        row for row in ongoing.values_list("pk", "person_id", "first_day", "kind") if row[2] <= end
    ]
    if not found:
        return rows
    people = sorted({row[1] for row in found})
    employments: dict[int, list[tuple[int, core.Employment]]] = defaultdict(list)
    for person_id, unit_id, e_start, e_end, weekly in Employment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=start), start__lte=end, person_id__in_ids=people
    ).values_list("person_id", "unit_id", "start", "end", "weekly_hours"):
        employments[person_id].append((unit_id, core.Employment(e_start, e_end, weekly)))
    steps: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for spell_id, from_day, percent in (
        AbsenceDegree.objects.filter(spell_id__in_ids=[row[0] for row in found])
        .order_by("spell_id", "from_day")
        .values_list("spell_id", "from_day", "percent")
    ):
        steps[spell_id].append((from_day, percent))
    since = max(start, min(row[2] for row in found))
    leaves = time_off(organisation_id, since, end, people)[0]
    days = core.WorkingDays(start, end)
    for pk, person_id, first_day, kind in found:
        spell = core.Spell(first_day, None, tuple(steps.get(pk) or [(first_day, 100)]), kind)
        person_leaves = leaves.get(person_id, ())
        hours: dict[tuple[int, dt.date], float] = defaultdict(float)
        by_day: dict[tuple[int, dt.date], heatmap.MonthChanges] = defaultdict(heatmap.MonthChanges)
        for unit_id, employment in employments.get(person_id, ()):
            for first, last in months:
                if last < first_day or employment.start > last:
                    continue
                if employment.end is not None and employment.end < first:
                    continue
                # The month is over: its hours are those up to its last day.
                hours[unit_id, first] += core.person_figures(
                    [employment], [spell], first, last, days, last, person_leaves
                ).absent_hours
            # Up to the end of the last month: each month is over.
            for first, changes in heatmap.absence_changes(
                employment, [spell], end, person_leaves, months
            ).items():
                by_day[unit_id, first].add(changes)
        for (unit_id, month), absent in hours.items():
            day_changes = by_day.get((unit_id, month), heatmap.MonthChanges())
            rows.months.append(
                (pk, person_id, unit_id, month, kind, first_day, absent, day_changes.opening[1])
            )
            rows.days.extend(
                (pk, person_id, unit_id, month, day, change[1])
                for day, change in day_changes.changes.items()
                if change[1]
            )
    return rows


def refresh_ongoing(organisation_id: int, person_ids: Iterable[int]) -> None:
    """Compute again these people's ongoing spells' hours in every month stored."""
    ids = sorted(set(person_ids))
    months = [
        month_of(m)
        for m in BuiltMonth.objects.filter(organisation_id=organisation_id, ongoing_counted=True)
        .order_by("month")
        .values_list("month", flat=True)
    ]
    if not ids or not months:  # nothing stored (rows exist only for months counted)
        return
    _lock(Person.objects.filter(pk__in_ids=ids))
    for model in (OngoingMonth, OngoingDay):
        model.objects.filter(person_id__in_ids=ids).delete()
    _ongoing_rows(organisation_id, ids, months).write()


def ensure_ongoing(organisation_id: int, months: Iterable[Month], today: dt.date) -> None:
    """Store every ongoing spell's hours in the built months among ``months`` that are over
    and have none stored yet (a month is built while it runs, or turns over)."""
    over = [m[0] for m in months if m[1] < today]
    # Asked first without a lock: a month is stored once, when it is over, so nearly every
    # page finds nothing to store, and a lock is a write (SQLite's ``BEGIN IMMEDIATE`` takes
    # the whole database's write lock; PostgreSQL's ``FOR UPDATE`` writes the rows), which
    # every statistics page took before, and pages read by many at once waited for each other.
    if _ongoing_missing(organisation_id, over).exists():
        _store_missing_ongoing(organisation_id, over)


def _ongoing_missing(organisation_id: int, firsts: Sequence[dt.date]) -> QuerySet[BuiltMonth]:
    return BuiltMonth.objects.filter(
        organisation_id=organisation_id, month__in=firsts, ongoing_counted=False
    )


@transaction.atomic
def _store_missing_ongoing(organisation_id: int, firsts: Sequence[dt.date]) -> None:
    """``ensure_ongoing``'s months that are still missing once locked: two pages at the turn
    of a month store it once."""
    missing = sorted(
        _ongoing_missing(organisation_id, firsts)
        .select_for_update()
        .values_list("month", flat=True)
    )
    if missing:
        _store_ongoing(organisation_id, missing)


def _store_ongoing(organisation_id: int, firsts: Sequence[dt.date]) -> None:
    """Every ongoing spell's hours in these built months, which are over."""
    units = Unit.objects.filter(organisation_id=organisation_id).values("pk")
    for model in (OngoingMonth, OngoingDay):
        model.objects.filter(unit__in=units, month__in=firsts).delete()
    _ongoing_rows(organisation_id, None, [month_of(m) for m in sorted(firsts)]).write()
    BuiltMonth.objects.filter(organisation_id=organisation_id, month__in=firsts).update(
        ongoing_counted=True
    )


# --- Sub-trees ----------------------------------------------------------------------------

Chains = dict[int, tuple[int, ...]]  # unit: the units from its root down to itself


def chains(paths: Mapping[int, str]) -> Chains:
    """Each unit's chain of ancestors, itself last, from the organisation's units' paths."""
    ids = {path: pk for pk, path in paths.items()}
    result: Chains = {}
    for pk, path in paths.items():
        parts = path.split(UNIT_SEPARATOR)
        result[pk] = tuple(ids[UNIT_SEPARATOR.join(parts[:i])] for i in range(1, len(parts) + 1))
    return result


def fold_base(
    tree: Chains,
    heads: Collection[int],
    unit_rows: Iterable[Sequence[Any]],
    shared: Iterable[tuple[int, int, dt.date]],
) -> dict[tuple[int, dt.date], list[float]]:
    """Sum unit rows (unit, month, *figures, people) into the sub-trees of ``heads``.
    ``shared``: (person, unit, month) of the people in two or more units in a month, counted
    once in each sub-tree holding several of their units."""
    sums: dict[tuple[int, dt.date], list[float]] = {}
    for unit_id, month, *values in unit_rows:
        for head in tree[unit_id]:
            if head in heads:
                entry = sums.setdefault((head, month), [0] * len(values))
                for i, value in enumerate(values):
                    entry[i] += value
    units_of: dict[tuple[int, dt.date], list[int]] = defaultdict(list)
    for person_id, unit_id, month in shared:
        units_of[person_id, month].append(unit_id)
    for (_person, month), units in units_of.items():
        in_head: dict[int, int] = defaultdict(int)
        for unit_id in units:
            for head in tree[unit_id]:
                in_head[head] += 1
        for head, n in in_head.items():
            if head in heads and n > 1:
                sums[head, month][-1] -= n - 1
    return sums


def fold_absence(
    tree: Chains,
    heads: Collection[int],
    unit_rows: Iterable[Sequence[Any]],
) -> dict[tuple[Any, ...], list[float]]:
    """Sum unit absence rows (unit, month, kind, band, *_ABSENCE_FIELDS) into the sub-trees of
    ``heads``, by (head, month, kind, band)."""
    return fold_keyed(tree, heads, unit_rows, keys=3)


def fold_keyed(
    tree: Chains, heads: Collection[int], unit_rows: Iterable[Sequence[Any]], keys: int
) -> dict[tuple[Any, ...], list[float]]:
    """Sum unit rows (unit, *``keys`` more key columns, *figures) into the sub-trees of
    ``heads``, by (head, *keys)."""
    sums: dict[tuple[Any, ...], list[float]] = {}
    for unit_id, *row in unit_rows:
        key, values = tuple(row[:keys]), row[keys:]
        for head in tree[unit_id]:
            if head in heads:
                entry = sums.setdefault((head, *key), [0] * len(values))
                for i, value in enumerate(values):
                    entry[i] += value
    return sums


def _tree(organisation_id: int) -> Chains:
    return chains(
        dict(Unit.objects.filter(organisation_id=organisation_id).values_list("pk", "path"))
    )


def _above(tree: Chains, unit_ids: Iterable[int]) -> set[int]:
    """These units and every unit above them."""
    return {head for unit_id in unit_ids for head in tree.get(unit_id, ())}


def _sum_subtrees(
    organisation_id: int, tree: Chains, unit_ids: Collection[int], firsts: Collection[dt.date]
) -> None:
    """Replace the sub-tree rows of these units and every unit above them, in these months, by
    the sums of the unit rows below each (``_sum_units`` first), and their sums over the stored
    periods holding any of the months (``_sum_periods``)."""
    heads = _above(tree, unit_ids)
    if not heads:
        return
    _sum_subtree_months(tree, heads, firsts)
    _sum_periods(organisation_id, heads, firsts)


def _sum_subtree_months(tree: Chains, heads: set[int], firsts: Collection[dt.date]) -> None:
    sources = sorted(u for u, chain in tree.items() if not heads.isdisjoint(chain))
    all_months = sorted(set(firsts))
    for i in range(0, len(all_months), SUBTREE_MONTHS):
        months = all_months[i : i + SUBTREE_MONTHS]
        for model in (SubtreeMonth, SubtreeMonthAbsence, SubtreeDay):
            model.objects.filter(unit_id__in_ids=heads, month__in=months).delete()
        where = {"unit_id__in_ids": sources, "month__in": months}
        base = fold_base(
            tree,
            heads,
            UnitMonth.objects.filter(**where).values_list(
                "unit_id", "month", *_BASE_FIELDS, "people"
            ),
            PersonMonth.objects.filter(shared=True, **where).values_list(
                "person_id", "unit_id", "month"
            ),
        )
        _insert(
            SubtreeMonth,
            ("unit_id", "month", *_BASE_FIELDS, "people"),
            ((u, m, v[0], v[1], int(v[2]), v[3], v[4], int(v[5])) for (u, m), v in base.items()),
        )
        absence = fold_absence(
            tree,
            heads,
            UnitMonthAbsence.objects.filter(**where).values_list(
                "unit_id", "month", "kind", "band", *_ABSENCE_FIELDS
            ),
        )
        _insert(
            SubtreeMonthAbsence,
            ("unit_id", "month", "kind", "band", *_ABSENCE_FIELDS),
            (
                (u, m, kind, band, v[0], *(int(x) for x in v[1:]))
                for (u, m, kind, band), v in absence.items()
            ),
        )
        day_rows = UnitDay.objects.filter(**where).values_list(
            "unit_id", "month", "day", *_DAY_FIELDS
        )
        _insert(
            SubtreeDay,
            ("unit_id", "month", "day", *_DAY_FIELDS),
            ((u, m, d, *v) for (u, m, d), v in fold_keyed(tree, heads, day_rows, keys=2).items()),
        )


# --- Sums over a period --------------------------------------------------------------------


def default_years(today: dt.date) -> tuple[Month, Month]:
    """The pages' default period on ``today``, the last twelve full months (``views._period``),
    and the year before it, which its early warning compares with."""
    running = today.replace(day=1)
    return (
        (add_months(running, -12), running - dt.timedelta(days=1)),
        (add_months(running, -24), add_months(running, -12) - dt.timedelta(days=1)),
    )


def period_stored(first: dt.date, last: dt.date) -> bool:
    """Whether the sums over ``first``–``last`` are kept (``ensure_period``): the default year
    and the year before it, which nearly every dashboard, drill-down and early warning reads.
    Any other period is summed from the months each time."""
    return (first, last) in default_years(timezone.localdate())


def ensure_period(organisation_id: int, first: dt.date, last: dt.date) -> bool:
    """Store the sub-trees' sums over ``first``–``last`` if they are not yet (its months built
    already, ``ensure_built``); False if the period is not one that is stored.

    Asked without a lock (nearly every page finds them stored). Storing them locks the
    organisation's top-level units, as every change of the months does (a change locks the units
    above it, ``refresh``, ``tree_changed``): a change either commits before the period is summed,
    or waits and then finds the period to keep up to date."""
    if not period_stored(first, last):
        return False
    built = BuiltPeriod.objects.filter(organisation_id=organisation_id, first=first, last=last)
    if not built.exists():
        _store_period(organisation_id, first, last)
    return True


@transaction.atomic
def _store_period(organisation_id: int, first: dt.date, last: dt.date) -> None:
    _lock(Unit.objects.filter(organisation_id=organisation_id, parent__isnull=True))
    if BuiltPeriod.objects.filter(organisation_id=organisation_id, first=first, last=last).exists():
        return  # another page stored it meanwhile
    # Last month's two years stay (a page may be reading them at the turn of the month); those
    # before are read by no page any more, and each stored year is summed again with a change.
    oldest = add_months(timezone.localdate().replace(day=1), -14)
    _forget_periods(BuiltPeriod.objects.filter(organisation_id=organisation_id, last__lt=oldest))
    units = Unit.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)
    _sum_period(list(units), first, last)
    BuiltPeriod.objects.create(organisation_id=organisation_id, first=first, last=last)


def _forget_periods(periods: QuerySet[BuiltPeriod]) -> None:
    """Drop these stored periods and their sums."""
    for period in periods:
        for model in (SubtreePeriod, SubtreePeriodAbsence):
            model.objects.filter(
                unit__organisation_id=period.organisation_id, first=period.first, last=period.last
            ).delete()
        period.delete()


def _sum_periods(organisation_id: int, heads: Collection[int], firsts: Collection[dt.date]) -> None:
    """Sum again the stored periods holding any of these months, for these sub-trees."""
    if not firsts:
        return
    for first, last in BuiltPeriod.objects.filter(
        organisation_id=organisation_id, first__lte=max(firsts), last__gte=min(firsts)
    ).values_list("first", "last"):
        _sum_period(heads, first, last)


def _sum_period(unit_ids: Collection[int], first: dt.date, last: dt.date) -> None:
    """Replace the sums of these sub-trees over the period by the sums of their months.

    Added here one by one, in the order the database's ``SUM`` adds a drill-down's rows (read by
    the indexes ``subtree_month_by_unit`` and ``subtree_absence_by_unit_band``: by month, then
    kind), so a page reading the stored sums shows to the last bit what it showed summing the
    months (SQLite and PostgreSQL add floats one by one, in the order the rows are read)."""
    for units in _chunks(sorted(unit_ids)):
        period = {"unit_id__in_ids": units, "first": first, "last": last}
        for model in (SubtreePeriod, SubtreePeriodAbsence):
            model.objects.filter(**period).delete()
        months = {"unit_id__in_ids": units, "month__gte": first, "month__lte": last}
        base: dict[int, list[Any]] = {}
        for unit_id, possible, leave, days in (
            SubtreeMonth.objects.filter(**months)
            .order_by("unit_id", "month")
            .values_list("unit_id", "possible_hours", "leave_hours", "employee_days")
        ):
            entry = base.get(unit_id)
            if entry is None:  # the first row is the sum so far, as ``SUM`` starts from it
                base[unit_id] = [possible, leave, days]
            else:
                entry[0] += possible
                entry[1] += leave
                entry[2] += days
        _insert(
            SubtreePeriod,
            ("unit_id", "first", "last", "possible_hours", "leave_hours", "employee_days"),
            ((unit_id, first, last, *values) for unit_id, values in base.items()),
        )
        absence: dict[tuple[int, str], list[Any]] = {}
        for unit_id, band, hours, spells, short, days in (
            # Every band named: the index is then sought by unit, band and month, not read
            # through every month of each unit (as the drill-down's query, ``EVERY_BAND``).
            SubtreeMonthAbsence.objects.filter(
                kind__in=core.HEADLINE_KINDS, band__in=[b.value for b in core.Band], **months
            )
            .order_by("unit_id", "band", "month", "kind")
            .values_list("unit_id", "band", *_ABSENCE_SUMS)
        ):
            entry = absence.get((unit_id, band))
            if entry is None:
                absence[unit_id, band] = [hours, spells, short, days]
            else:
                entry[0] += hours
                entry[1] += spells
                entry[2] += short
                entry[3] += days
        _insert(
            SubtreePeriodAbsence,
            ("unit_id", "first", "last", "band", *_ABSENCE_SUMS),
            ((unit_id, first, last, band, *values) for (unit_id, band), values in absence.items()),
        )


@transaction.atomic
def tree_changed(organisation_id: int, parents: Collection[int]) -> None:
    """Sum again, in every built month, the sub-tree rows of ``parents`` and every unit above
    them: a unit moved from under one to under the other. The moved unit's own sub-tree, and
    every other, holds the same units as before."""
    months = [m[0] for m in _built(organisation_id, None, None)]
    if months and parents:
        tree = _tree(organisation_id)
        _lock(Unit.objects.filter(pk__in_ids=_above(tree, parents)))
        _sum_subtrees(organisation_id, tree, parents, months)


def _count_employments(organisation_id: int, person_ids: Sequence[int] | None) -> None:
    """Note the employments the figures now count (of these people, or of everyone)."""
    counted = CountedEmployment.objects.filter(organisation_id=organisation_id)
    current = Employment.objects.filter(person__organisation_id=organisation_id)
    if person_ids is not None:
        counted = counted.filter(person_id__in=person_ids)
        current = current.filter(person_id__in=person_ids)
    counted.delete()
    CountedEmployment.objects.bulk_create(
        (
            CountedEmployment(
                organisation_id=organisation_id,
                employment_id=pk,
                person_id=person_id,
                unit_id=unit_id,
                start=start,
                end=end,
                weekly_hours=hours,
            )
            for pk, person_id, unit_id, start, end, hours in current.values_list(
                "pk", "person_id", "unit_id", "start", "end", "weekly_hours"
            )
        ),
        batch_size=BATCH,
    )


def _lock(rows: QuerySet[Any, Any]) -> None:
    """Lock the rows until the transaction ends, in the order of their ids (no deadlock)."""
    list(rows.select_for_update().order_by("pk").values_list("pk", flat=True))


def _built(organisation_id: int, first: dt.date | None, last: dt.date | None) -> list[Month]:
    built = BuiltMonth.objects.filter(organisation_id=organisation_id)
    if first is not None:
        built = built.filter(month__gte=first.replace(day=1))
    if last is not None:
        built = built.filter(month__lte=last)
    return [month_of(m) for m in built.order_by("month").values_list("month", flat=True)]


@transaction.atomic
def refresh(
    organisation_id: int,
    person_ids: Iterable[int],
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> None:
    """Compute again these people's figures in the built months from ``first`` to ``last``
    (None: without limit), and the unit rows they had or now have in those months."""
    months = _built(organisation_id, first, last)
    ids = sorted(set(person_ids))
    if not months or not ids:
        return
    firsts = [m[0] for m in months]
    touched: set[tuple[int, dt.date]] = set()  # (unit, month) the people had or now have
    for chunk in _chunks(ids):
        # Two changes to the same people (or units, below) at once wait for each other, so
        # neither sums rows the other is replacing (PostgreSQL; SQLite writes one at a time).
        _lock(Person.objects.filter(pk__in=chunk))
        where = {"person_id__in": chunk, "month__in": firsts}
        touched |= set(
            PersonMonth.objects.filter(**where).values_list("unit_id", "month").distinct()
        )
        touched |= set(
            PersonMonthAbsence.objects.filter(**where).values_list("unit_id", "month").distinct()
        )
        for model in (PersonMonth, PersonMonthAbsence, PersonDay):
            model.objects.filter(**where).delete()
        rows = _contributions(_read(organisation_id, chunk, months[0][0], months[-1][1]), months)
        _write_people(rows)
        touched |= {(u, m) for _p, u, m in rows.base}
        touched |= {(u, m) for _p, u, m, _k, _b in rows.absence}
        if first is None and last is None:
            _count_employments(organisation_id, chunk)
    # The units above them too: their sub-tree rows are summed again below.
    tree = _tree(organisation_id)
    _lock(Unit.objects.filter(pk__in_ids=_above(tree, {unit_id for unit_id, _month in touched})))
    by_month: dict[dt.date, set[int]] = defaultdict(set)
    for unit_id, month in touched:
        by_month[month].add(unit_id)
    # Months whose changed units are the same are summed together (a query per group).
    groups: dict[frozenset[int], list[dt.date]] = defaultdict(list)
    for month, month_units in by_month.items():
        groups[frozenset(month_units)].append(month)
    for units, group_months in groups.items():
        _sum_units(units, group_months)
        _sum_subtrees(organisation_id, tree, units, group_months)


def employments_changed(organisation_id: int) -> int:
    """Refresh everyone whose employments differ from those the figures counted (an employee
    import, a correction by an administrator). Returns how many people that was."""
    if not BuiltMonth.objects.filter(organisation_id=organisation_id).exists():
        return 0
    fields = ("employment_id", "person_id", "unit_id", "start", "end", "weekly_hours")
    counted = set(
        CountedEmployment.objects.filter(organisation_id=organisation_id).values_list(*fields)
    )
    current: set[tuple[int, int, int, dt.date, dt.date | None, Decimal]] = set(
        Employment.objects.filter(person__organisation_id=organisation_id).values_list(
            "pk", "person_id", "unit_id", "start", "end", "weekly_hours"
        )
    )
    changed = {row[1] for row in counted ^ current}
    refresh(organisation_id, changed)
    refresh_ongoing(organisation_id, changed)
    # Dates of birth too may have changed (the AMO's age bands): every month is decided again.
    disclosure.changed(organisation_id)
    return len(changed)


def ensure_built(organisation_id: int, months: Iterable[Month]) -> int:
    """Build those of ``months`` not built yet; how many that was."""
    wanted = sorted(set(months))
    if not wanted:
        return 0
    built = set(
        BuiltMonth.objects.filter(
            organisation_id=organisation_id, month__in=[m[0] for m in wanted]
        ).values_list("month", flat=True)
    )
    missing = [m for m in wanted if m[0] not in built]
    if missing:
        build_months(organisation_id, missing)
    return len(missing)


@transaction.atomic
def build_months(organisation_id: int, months: list[Month]) -> None:
    """Compute and store every figure of ``months`` (calendar months) for the organisation."""
    months = sorted(months)
    firsts = [m[0] for m in months]
    # By unit id, not through a join (PostgreSQL plans joined deletes badly on fresh tables).
    unit_ids = list(
        Unit.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)
    )
    for units in _chunks(unit_ids):
        for model in (PersonMonth, PersonMonthAbsence, PersonDay):
            model.objects.filter(unit_id__in=units, month__in=firsts).delete()
    # People a chunk at a time: a large employer's months do not fit in memory at once.
    people = list(
        Person.objects.filter(organisation_id=organisation_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for chunk in _chunks(people, BUILD_CHUNK):
        rows = _contributions(_read(organisation_id, chunk, months[0][0], months[-1][1]), months)
        _write_people(rows)
    _sum_units(unit_ids, firsts)
    _sum_subtrees(organisation_id, _tree(organisation_id), unit_ids, firsts)
    _count_employments(organisation_id, None)
    BuiltMonth.objects.bulk_create(
        (BuiltMonth(organisation_id=organisation_id, month=m) for m in firsts),
        ignore_conflicts=True,
    )
    today = timezone.localdate()
    BuiltMonth.objects.filter(organisation_id=organisation_id, month__in=firsts).update(
        ongoing_counted=False, days_counted=True
    )
    # Built again from what is stored now (after the retention rules, say): decided again too.
    disclosure.changed(organisation_id, firsts[0], firsts[-1])
    _store_ongoing(organisation_id, [first for first, last in months if last < today])


def rebuild(organisation_id: int, today: dt.date | None = None) -> int:
    """Build every month from the first absence to ``today`` again; returns how many."""
    first = (
        AbsenceSpell.objects.filter(person__organisation_id=organisation_id)
        .order_by("first_day")
        .values_list("first_day", flat=True)
        .first()
    )
    with transaction.atomic():
        forget_all(organisation_id)
        if first is None:
            return 0
        months = core.months(first, today or timezone.localdate())
        build_months(organisation_id, months)
    return len(months)


def rebuild_built(organisation_id: int) -> None:
    """Build again, from what is stored now, every month already built (after the retention
    rules deleted old absence and anonymised people: many people at once)."""
    months = _built(organisation_id, None, None)
    if months:
        build_months(organisation_id, months)


def forget_all(organisation_id: int) -> None:
    """Drop every built month: the next page builds the months it needs (``rebuild``)."""
    BuiltMonth.objects.filter(organisation_id=organisation_id).delete()
    _forget_periods(BuiltPeriod.objects.filter(organisation_id=organisation_id))
    for model in (OngoingMonth, OngoingDay):
        model.objects.filter(person__organisation_id=organisation_id).delete()
    CountedEmployment.objects.filter(organisation_id=organisation_id).delete()
