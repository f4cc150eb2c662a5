"""The figures behind the dashboards and ``naervaer stats``, for the people a viewer may count.

Data is read once per request (employments and the spells overlapping the period, as tuples)
and the definitions in ``naervaer.rules.statistics`` do the arithmetic. For the AMO (any
group-only viewer), what is shown is decided by ``naervaer.rules.disclosure`` for the whole
organisation at once, so no combination of pages, periods and exports isolates fewer than five
people: the figures of a group of one are one person's health data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Count, F, Model, Q, QuerySet, Sum

from naervaer.absence.models import AbsenceDegree, AbsenceSpell
from naervaer.idsets import Ids
from naervaer.people.models import UNIT_SEPARATOR, Employment, Organisation, Unit, subtree_q
from naervaer.rules import disclosure
from naervaer.rules import statistics as core
from naervaer.rules.holiday import holiday_days
from naervaer.statistics import disclosure as disclosure_facts
from naervaer.statistics.aggregates import (
    ensure_built,
    ensure_ongoing,
    ensure_period,
    has_leave,
    time_off,
)
from naervaer.statistics.models import (
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


@dataclass
class Group:
    key: str
    label: str
    figures: core.Figures = field(default_factory=core.Figures)
    suppressed: bool = False
    unit_id: int | None = None
    bands: disclosure.Categories | None = None  # None: every band may be shown

    def band_shares(self) -> dict[str, float | None]:
        """Each band's share of the absent hours in percent; for the AMO, rare bands are
        merged into ``other`` (and None on their own), or all None if none may be shown."""
        f = self.figures
        shares: dict[str, float | None] = {
            band.value: round(100 * f.absent_hours_by_band.get(band, 0.0) / f.absent_hours, 1)
            if f.absent_hours
            else 0.0
            for band in core.Band
        }
        if self.bands is None:
            return shares
        other = 0.0
        for band in core.Band:
            bucket = self.bands.bucket(band.value)
            if bucket != band.value:
                other += shares[band.value] or 0.0
                shares[band.value] = None
        if self.bands.shown and len(self.bands.shown) < len(core.Band):
            shares[disclosure.OTHER] = round(other, 1)
        return shares

    def as_dict(self) -> dict[str, object]:
        if self.suppressed:
            return {"key": self.key, "label": self.label, "suppressed": True}
        f = self.figures
        return {
            "key": self.key,
            "label": self.label,
            "suppressed": False,
            "people": f.people,
            "absence_rate": round(f.rate, 2) if f.rate is not None else None,
            "leave_estimated": f.leave_estimated,
            "absent_day_works": round(f.day_works, 1),
            "spells": f.spells,
            "calendar_days_per_spell": round(f.calendar_days_per_spell, 1)
            if f.calendar_days_per_spell is not None
            else None,
            "spells_per_employee_year": round(f.spells_per_employee_year, 2)
            if f.spells_per_employee_year is not None
            else None,
            "share_of_absence_by_band": self.band_shares(),
        }


@dataclass
class Scope:
    """Whom to count: people by id (None = everyone employed in ``organisation_id``).

    ``home``: for a set of people, the units they are employed in now, if known (a manager's
    sub-trees). Their stored figures are then those units' rows, less the rows there of the
    people who left, plus the people's rows elsewhere: at 50,000 employees a head of area's
    14,000 people are 375 units' rows and a few hundred people's, not 14,000 people's."""

    organisation_id: int
    person_ids: set[int] | None = None
    under_unit: Unit | None = None
    home: frozenset[int] | None = None
    _away: dict[tuple[dt.date, dt.date], tuple[list[int], list[int]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # (person, in a home unit, start, end) of the employments ``_left_and_moved`` looks at.
    _stints: list[tuple[int, bool, dt.date, dt.date | None]] | None = field(
        default=None, repr=False, compare=False
    )


@dataclass
class _Data:
    employments: dict[int, list[tuple[int, core.Employment]]]
    spells: dict[int, list[core.Spell]]  # own sickness and work accidents
    unit_paths: dict[int, str]
    leaves: dict[int, list[core.Leave]] = field(default_factory=dict)
    other_absence: dict[int, list[core.Spell]] = field(default_factory=dict)  # child's sickness


def employments_in(
    scope: Scope, start: dt.date, end: dt.date, units: Sequence[int] | None = None
) -> QuerySet[Employment]:
    """The employments in the scope overlapping the period (the heat map's query in
    ``naervaer.statistics.daily`` starts from them too). ``units``: the ids of ``units_in``,
    if they have been read."""
    qs = Employment.objects.filter(Q(end__isnull=True) | Q(end__gte=start), start__lte=end)
    if scope.under_unit is not None:
        # From the sub-tree's units (the index on the unit leads), not from every person of
        # the organisation: a drill-down reads its own people only. Given as a list, the
        # units let PostgreSQL read the employments by their index instead of hashing all of
        # them (a drill-down's head counts at 50,000 employees: 14 + 19 ms -> 9 + 14 ms).
        qs = (
            qs.filter(unit__in=units_in(scope))
            if units is None
            else qs.filter(unit_id__in_ids=Ids(units))
        )
    else:
        # PostgreSQL hash-joins the organisation's few thousand units (65 + 40 ms for the head
        # counts at 50,000 employees, against 100 + 70 through the people); SQLite, which joins
        # by nested loops, reads the employments in order and looks each person up (95 + 90 ms,
        # against 225 + 110 through the units).
        via = "unit" if connection.vendor == "postgresql" else "person"
        qs = qs.filter(**{f"{via}__organisation_id": scope.organisation_id})
    if scope.person_ids is not None:
        qs = qs.filter(person_id__in_ids=scope.person_ids)
    return qs


def units_in(scope: Scope) -> QuerySet[Unit]:
    """The units of the scope: the organisation's, or the drill-down's sub-tree."""
    units = Unit.objects.filter(organisation_id=scope.organisation_id)
    if scope.under_unit is not None:
        units = units.filter(subtree_q([scope.under_unit.path]))
    return units


def _load(scope: Scope, start: dt.date, end: dt.date) -> _Data:
    """Employments and spells of the scope overlapping the period, as tuples.

    The scope's people are read first and the rest by their ids, one parameter
    (``naervaer.idsets``): nested subqueries left PostgreSQL to plan a three-level semi-join on
    tables it had no statistics for yet, minutes for a unit of 160 people."""
    employments: dict[int, list[tuple[int, core.Employment]]] = defaultdict(list)
    for person_id, unit_id, e_start, e_end, hours in employments_in(scope, start, end).values_list(
        "person_id", "unit_id", "start", "end", "weekly_hours"
    ):
        employments[person_id].append((unit_id, core.Employment(e_start, e_end, hours)))
    people = sorted(employments)
    # Only the scope's people: a manager's team must not cost a read of every spell in the
    # organisation.
    spells = spells_by_person(spell_rows(people, start, end))
    unit_paths = dict(units_in(scope).values_list("pk", "path"))
    leaves, other_absence = time_off(scope.organisation_id, start, end, people)
    return _Data(employments, spells, unit_paths, leaves, other_absence)


ID_CHUNK = 5000  # ids per query, well under the databases' limits on query parameters


SpellRow = tuple[int, int, dt.date, dt.date | None, str]  # pk, person, first, last day, kind


def spell_rows(people: Sequence[int], start: dt.date, end: dt.date) -> list[SpellRow]:
    """The spells of these people (by id) that overlap ``start``–``end``."""
    return list(
        AbsenceSpell.objects.overlapping(start, end)
        .filter(person_id__in_ids=people)
        .values_list("pk", "person_id", "first_day", "last_day", "kind")
    )


def spells_by_person(rows: Sequence[SpellRow]) -> dict[int, list[core.Spell]]:
    """These spells with their degree steps (one query), by person."""
    steps: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    if rows:
        for spell_id, from_day, percent in (
            AbsenceDegree.objects.filter(spell_id__in_ids=[row[0] for row in rows])
            .order_by("spell_id", "from_day")
            .values_list("spell_id", "from_day", "percent")
        ):
            steps[spell_id].append((from_day, percent))
    spells: dict[int, list[core.Spell]] = defaultdict(list)
    for pk, person_id, first, last, kind in rows:
        spells[person_id].append(
            core.Spell(first, last, tuple(steps.get(pk) or [(first, 100)]), kind)
        )
    return spells


def load_ongoing(scope: Scope, start: dt.date, end: dt.date) -> _Data:
    """``_load`` of only the ongoing spells and their people's employments and leave (the rest
    is aggregated): the ongoing spells are found first (a few per cent of the people), then
    everything else is read by their ids, so no query walks the organisation's employments or
    ended spells."""
    # Only "last_day is null" in SQL: so both databases take the partial index of ongoing spells
    # (a condition on first_day made SQLite walk every spell by person instead).
    ongoing_qs = AbsenceSpell.objects.filter(
        last_day__isnull=True, person__organisation_id=scope.organisation_id
    )
    if scope.under_unit is not None:  # a drill-down: its own people's, found from its units
        ongoing_qs = ongoing_qs.filter(
            person_id__in=employments_in(scope, start, end).values("person_id")
        )
    ongoing = [
        row
        for row in ongoing_qs.values_list("pk", "person_id", "first_day", "last_day", "kind")
        if row[2] <= end
    ]
    people = sorted({row[1] for row in ongoing})
    since = min((row[2] for row in ongoing), default=end)
    employments: dict[int, list[tuple[int, core.Employment]]] = defaultdict(list)
    steps: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    leaves: dict[int, list[core.Leave]] = {}
    for i in range(0, len(people), ID_CHUNK):
        chunk = people[i : i + ID_CHUNK]
        for person_id, unit_id, e_start, e_end, hours in (
            employments_in(scope, start, end)
            .filter(person_id__in_ids=chunk)
            .values_list("person_id", "unit_id", "start", "end", "weekly_hours")
        ):
            employments[person_id].append((unit_id, core.Employment(e_start, e_end, hours)))
        found = [p for p in chunk if p in employments]
        # Only the base is aggregated: leave matters here where it overlaps a spell.
        leaves |= time_off(scope.organisation_id, max(start, since), end, found)[0]
    spell_ids = sorted(row[0] for row in ongoing if row[1] in employments)
    for i in range(0, len(spell_ids), ID_CHUNK):
        for spell_id, from_day, percent in (
            AbsenceDegree.objects.filter(spell_id__in_ids=spell_ids[i : i + ID_CHUNK])
            .order_by("spell_id", "from_day")
            .values_list("spell_id", "from_day", "percent")
        ):
            steps[spell_id].append((from_day, percent))
    spells: dict[int, list[core.Spell]] = defaultdict(list)
    for pk, person_id, first, last, kind in ongoing:
        if person_id in employments:
            spells[person_id].append(
                core.Spell(first, last, tuple(steps.get(pk) or [(first, 100)]), kind)
            )
    unit_paths = dict(units_in(scope).values_list("pk", "path"))
    # A child's sickness always has a last day: it is aggregated, none is live.
    return _Data(employments, spells, unit_paths, leaves, {})


@dataclass(frozen=True)
class GroupSums:
    """A dashboard's stored sums of ``first``–``last`` for its groups that are whole sub-trees
    (the units at depth ``level``), by unit: the employee-days and the short spells of the
    headline kinds. The early warning tests these units too, on the same rows."""

    first: dt.date
    last: dt.date
    level: int
    days: dict[int, int]
    short: dict[int, int]


@dataclass
class Dashboard:
    """``total``, ``units`` and ``months`` count ``core.HEADLINE_CAUSES``; ``kinds`` every
    kind, child's sickness too. ``leave_estimated``: no leave was recorded, so the possible
    hours rest on ``leave_days_estimate`` days of leave a year (``core.estimate_leave``)."""

    total: Group
    units: list[Group]
    kinds: list[Group]
    months: list[Group]
    weekdays: list[int]
    leave_estimated: bool = False
    leave_days_estimate: int = 0
    decision: disclosure.Decision | None = None  # the AMO's, to reuse for a related dashboard
    unit_paths: dict[int, str] = field(default_factory=dict)  # the scope's units (``units_in``)
    group_sums: GroupSums | None = None  # read from the stored months of a whole unit's groups
    built: frozenset[dt.date] = frozenset()  # months built for it (``ensure_built``)


def _without_base(f: core.Figures) -> core.Figures:
    f.possible_hours, f.people, f.employee_years = 0.0, 0, 0.0
    f.agreed_hours = f.leave_hours = 0.0
    return f


def _overlaps(spell: core.Spell, first: dt.date, last: dt.date, today: dt.date) -> bool:
    return spell.first_day <= last and (spell.last_day or today) >= first


def whole_months(start: dt.date, end: dt.date) -> bool:
    return start.day == 1 and (end + dt.timedelta(days=1)).day == 1


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def dashboard(
    scope: Scope,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    *,
    for_amo: bool = False,
    trend_from: dt.date | None = None,
    with_trend: bool = True,
    method: str | None = None,
    depth: int | None = None,
    decision: disclosure.Decision | None = None,
) -> Dashboard:
    """Every figure of a dashboard: the period's total, per unit one level below the scope (the
    drill-down), per kind, and the monthly trend from ``trend_from``.

    Whole months come from the pre-aggregated tables ("aggregated"): the ended absence, and the
    ongoing absence in the months that are over; only the ongoing absence from the month of
    ``today`` on is computed live. A period that cuts months is computed live from the spells
    ("direct"). Both give the same figures; ``method`` forces one, for the tests and the
    benchmark. ``depth`` groups the units at that depth of the tree instead of one level below
    the scope (0 = the top-level units).
    """
    trend_from = trend_from or start
    month_spans = core.months(trend_from, end) if with_trend else []
    if method is None:
        method = (
            "aggregated"
            if whole_months(start, end) and (not month_spans or trend_from.day == 1)
            else "direct"
        )
    aggregated = method == "aggregated"
    range_start = min(start, trend_from)
    # What is computed live: everything (direct), or the ongoing absence of the month that
    # runs and later ones (aggregated; the months over are stored).
    this_month = today.replace(day=1)
    live_from = max(range_start, this_month) if aggregated else range_start
    live_start = max(start, this_month) if aggregated else start
    if not aggregated:
        data = _load(scope, range_start, end)
    elif live_from <= end:
        data = load_ongoing(scope, live_from, end)
    else:
        data = _Data({}, {}, dict(units_in(scope).values_list("pk", "path")))
    days = core.WorkingDays(range_start, end)
    level = depth if depth is not None else (scope.under_unit.depth + 1 if scope.under_unit else 0)

    # Each unit's group, worked out once: the stored rows of an area ask thousands of times.
    keys = {
        pk: UNIT_SEPARATOR.join(path.split(UNIT_SEPARATOR)[: level + 1])
        for pk, path in data.unit_paths.items()
    }
    key_of: Callable[[int], str] = keys.__getitem__

    total = core.Figures()
    units: dict[str, core.Figures] = defaultdict(core.Figures)
    kinds: dict[str, core.Figures] = defaultdict(core.Figures)
    trend = [core.Figures() for _ in month_spans]
    weekdays = [0] * 7
    group_sums = None
    built: frozenset[dt.date] = frozenset()

    # Live: agreed hours (direct only) and absence (all of it, or only the ongoing).
    people_with_absence = (
        data.employments if not aggregated else {p: data.employments[p] for p in data.spells}
    )
    for person_id, employments in people_with_absence.items():
        spells = data.spells.get(person_id, [])
        earliest = min((s.first_day for s in spells), default=end)
        leaves = data.leaves.get(person_id, ())
        in_period = [s for s in spells if _overlaps(s, live_start, end, today)]
        others = [
            s for s in data.other_absence.get(person_id, []) if _overlaps(s, live_start, end, today)
        ]
        for unit_id, employment in employments:
            key = key_of(unit_id)
            # An employment that ended before the period (read for the trend) makes no group.
            in_employment = employment.start <= end and (
                employment.end is None or employment.end >= live_start
            )
            if not aggregated and in_employment:
                base = core.person_figures([employment], [], start, end, days, today, leaves)
                total.add(base)
                units[key].add(base)
            for spell in in_period if in_employment else ():
                part = _without_base(
                    core.person_figures([employment], [spell], live_start, end, days, today, leaves)
                )
                total.add(part)
                units[key].add(part)
                kinds[spell.kind].add(part)
            for spell in others if in_employment else ():  # not a headline cause: by kind only
                kinds[spell.kind].add(
                    core.person_figures([employment], [spell], start, end, days, today, leaves)
                )
            for i, (first, last) in enumerate(month_spans):
                last = min(last, end)
                # Aggregated, only the ongoing absence of the months not over is live.
                if aggregated and (last < earliest or first < live_from):
                    continue
                month_spells = [s for s in spells if _overlaps(s, first, last, today)]
                if aggregated:
                    for s in month_spells:
                        trend[i].add(
                            _without_base(
                                core.person_figures(
                                    [employment], [s], first, last, days, today, leaves
                                )
                            )
                        )
                else:
                    trend[i].add(
                        core.person_figures(
                            [employment], month_spells, first, last, days, today, leaves
                        )
                    )
        starts = core.weekday_starts(in_period, live_start, end)
        weekdays = [a + b for a, b in zip(weekdays, starts, strict=True)]

    if aggregated:
        built = frozenset(first for first, _last in core.months(start, end) + month_spans)
        group_sums = _add_aggregates(
            scope,
            data,
            level,
            key_of,
            start,
            end,
            month_spans,
            total,
            units,
            kinds,
            trend,
            weekdays,
        )
        _add_ongoing(
            scope,
            data.unit_paths,
            key_of,
            (start, end),
            month_spans,
            today,
            live_from,
            total,
            units,
            kinds,
            trend,
            weekdays,
        )

    # People are counted once per group, however many employments they had in it.
    if aggregated:
        _count_members(scope, data, key_of, start, end, month_spans, total, units, trend)
    else:
        _count_people(data, key_of, start, end, month_spans, total, units, trend)
    estimate = 0
    if not has_leave(scope.organisation_id, range_start, end):
        extra = Organisation.objects.values_list("extra_holiday_days", flat=True).get(
            pk=scope.organisation_id
        )
        estimate = holiday_days(end) + extra
        for f in (total, *units.values()):
            core.estimate_leave(f, estimate, end.year)
        for (first, _last), f in zip(month_spans, trend, strict=True):
            core.estimate_leave(f, estimate, first.year)
    unit_ids = {path: pk for pk, path in data.unit_paths.items()}
    board = Dashboard(
        total=Group("all", "", total),
        units=[
            Group(path, path.split(UNIT_SEPARATOR)[-1], f, unit_id=unit_ids.get(path))
            for path, f in sorted(units.items())
        ],
        kinds=[Group(k, k, f) for k, f in sorted(kinds.items())],
        months=[
            Group(first.strftime("%Y-%m"), first.strftime("%Y-%m"), f)
            for (first, _last), f in zip(month_spans, trend, strict=True)
        ],
        weekdays=weekdays,
        leave_estimated=bool(estimate),
        leave_days_estimate=estimate,
        unit_paths=data.unit_paths,
        group_sums=group_sums,
        built=built,
    )
    if for_amo:
        wanted = disclosure_facts.month_firsts(range_start, end)
        if decision is None or not all(m in decision.months for m in wanted):
            decision = disclosure_facts.decide(scope.organisation_id, range_start, end, today)
        _protect(board, decision, scope, unit_ids, start, end, month_spans)
        board.decision = decision
    for g in board.kinds:
        f = g.figures
        f.people, f.employee_years = total.people, total.employee_years
        f.agreed_hours, f.leave_hours = total.agreed_hours, total.leave_hours
        f.possible_hours, f.leave_estimated = total.possible_hours, total.leave_estimated
    return board


def _protect(
    board: Dashboard,
    decision: disclosure.Decision,
    scope: Scope,
    unit_ids: dict[str, int],
    start: dt.date,
    end: dt.date,
    month_spans: list[tuple[dt.date, dt.date]],
) -> None:
    """Hide and merge what the organisation-wide decision does not allow a group-only viewer
    to see (``naervaer.rules.disclosure``). Every group of a dashboard is a set of units' direct
    members over some months; it is shown only if that set is publishable in each of them."""
    period = disclosure_facts.month_firsts(start, end)
    whole = (
        decision.subtree(scope.under_unit.pk)
        if scope.under_unit is not None
        else decision.everyone()
    )
    bands = decision.categories_for("band", period)
    board.total.suppressed = scope.person_ids is not None or not decision.publishable(whole, period)
    board.total.bands = bands
    for g in board.units:
        if scope.under_unit is not None and g.key == scope.under_unit.path:
            members: frozenset[int] = frozenset({scope.under_unit.pk})  # its direct members
        else:
            members = decision.subtree(unit_ids[g.key])
        g.suppressed = board.total.suppressed or not decision.publishable(members, period)
        g.bands = bands
    # Rare kinds are merged into one "other" row, or the breakdown is left out.
    kinds = decision.categories_for("kind", period)
    merged: dict[str, core.Figures] = {}
    for g in board.kinds:
        bucket = kinds.bucket(g.key)
        if bucket is not None and not board.total.suppressed:
            merged.setdefault(bucket, core.Figures()).add(g.figures)
    board.kinds = [Group(k, k, f, bands=bands) for k, f in sorted(merged.items())]
    for g, (first, _last) in zip(board.months, month_spans, strict=True):
        g.suppressed = scope.person_ids is not None or not decision.publishable(whole, [first])
        g.bands = decision.categories_for("band", [first])
    if board.total.suppressed:
        board.weekdays = []


# Every band, named: no row is left out (a band is one of them), but with the band in the
# query the databases read the index ``subtree_absence_by_unit_band`` by unit, band and month,
# in the order the groups are summed by. Without it SQLite read a drill-down's 22,000 rows by
# the unique index (unit, month, kind, band) and sorted them: 42–50 ms against 16–24 ms at
# 50,000 employees (``docs/benchmarks.md``).
EVERY_BAND = [band.value for band in core.Band]


def _add_aggregates(
    scope: Scope,
    data: _Data,
    level: int,
    key_of: Callable[[int], str],
    start: dt.date,
    end: dt.date,
    month_spans: list[tuple[dt.date, dt.date]],
    total: core.Figures,
    units: dict[str, core.Figures],
    kinds: dict[str, core.Figures],
    trend: list[core.Figures],
    weekdays: list[int],
) -> GroupSums | None:
    """Add the pre-aggregated agreed hours and ended absence (building missing months). The
    groups partition the scope, so the total is their sum. Returns the sums the early warning
    reads too (``GroupSums``), for a whole organisation or unit."""
    wanted = core.months(start, end) + month_spans
    ensure_built(scope.organisation_id, wanted)
    sums = {
        "hours": Sum("absent_hours"),
        "spells_": Sum("spells"),
        "short": Sum("short_spells"),
        "spell_days_": Sum("spell_days"),
    }
    base_sums = {
        "possible": Sum("possible_hours"),
        "leave": Sum("leave_hours"),
        "days": Sum("employee_days"),
    }
    # The period, per group: a row per group and month (per unit for a set of people).
    # The groups' sub-tree rows (not their people's, nor the unit rows of the units above):
    # the early warning's sums of the same units and period.
    whole = scope.person_ids is None
    # A year's sums are stored per sub-tree (``aggregates.ensure_period``): a row per group
    # and band instead of one per month and kind (a drill-down into an area: 1,360, not 22,000).
    stored = whole and ensure_period(scope.organisation_id, start, end)
    days: dict[int, int] = {}
    short: dict[int, int] = {}
    row: Mapping[str, Any]
    for sign, rows in _group_rows(scope, data.unit_paths, level, start, end, FIGURES, stored):
        subtrees = whole and rows.model in (SubtreeMonth, SubtreePeriod)
        for row in (
            rows.order_by("unit_id").values("unit_id", **STORED_BASE)
            if rows.model is SubtreePeriod
            else rows.values("unit_id").annotate(**base_sums)
        ):
            for f in (total, units[key_of(row["unit_id"])]):
                _add_base(f, row, sign)
            if subtrees:
                days[row["unit_id"]] = row["days"]
    for sign, rows in _group_rows(scope, data.unit_paths, level, start, end, ABSENCE, stored):
        subtrees = whole and rows.model in (SubtreeMonthAbsence, SubtreePeriodAbsence)
        for row in (
            rows.order_by("unit_id", "band").values("unit_id", "band", **STORED_ABSENCE)
            if rows.model is SubtreePeriodAbsence
            else rows.filter(kind__in=core.HEADLINE_KINDS, band__in=EVERY_BAND)
            .values("unit_id", "band")
            .annotate(**sums)
        ):
            band = core.Band(row["band"])  # once a row: a drill-down into an area has 1,400
            _add_absence(total, band, row, sign)
            _add_absence(units[key_of(row["unit_id"])], band, row, sign)
            if subtrees and band is core.Band.SHORT:
                short[row["unit_id"]] = row["short"]
    # Per kind, and the weekdays the spells began on: the scope's own rows, not its groups'
    # (a drill-down into an area of 700 units reads 700 times fewer).
    weekday_sums = {name: Sum(name) for name in UnitMonthAbsence.WEEKDAY_FIELDS}
    for sign, rows in whole_rows(scope, data.unit_paths, start, end, ABSENCE):
        for row in rows.values("kind", "band").annotate(**sums, **weekday_sums):
            _add_absence(kinds[row["kind"]], core.Band(row["band"]), row, sign)
            if core.in_headline(row["kind"]):
                starts: Mapping[str, Any] = row
                for i, name in enumerate(UnitMonthAbsence.WEEKDAY_FIELDS):
                    weekdays[i] += sign * starts[name]
    # The trend, per month: the scope's sub-trees (or people), not its groups.
    if month_spans:
        trend_index = {first: i for i, (first, _last) in enumerate(month_spans)}
        first = month_spans[0][0]
        for sign, rows in whole_rows(scope, data.unit_paths, first, end, FIGURES):
            for row in rows.values("month").annotate(**base_sums):
                _add_base(trend[trend_index[row["month"]]], row, sign)
        for sign, rows in whole_rows(scope, data.unit_paths, first, end, ABSENCE):
            for row in (
                rows.filter(kind__in=core.HEADLINE_KINDS).values("month", "band").annotate(**sums)
            ):
                _add_absence(trend[trend_index[row["month"]]], core.Band(row["band"]), row, sign)
    return GroupSums(start, end, level, days, short) if whole else None


# A stored period's row under the names of the month rows' sums (``_add_base``,
# ``_add_absence``), in the order the database summed the months in (by unit, band).
STORED_BASE = {
    "possible": F("possible_hours"),
    "leave": F("leave_hours"),
    "days": F("employee_days"),
}
STORED_ABSENCE = {
    "hours": F("absent_hours"),
    "spells_": F("spells"),
    "short": F("short_spells"),
    "spell_days_": F("spell_days"),
}


def _add_ongoing(
    scope: Scope,
    unit_paths: Mapping[int, str],
    key_of: Callable[[int], str],
    period: tuple[dt.date, dt.date],
    month_spans: list[tuple[dt.date, dt.date]],
    today: dt.date,
    live_from: dt.date,
    total: core.Figures,
    units: dict[str, core.Figures],
    kinds: dict[str, core.Figures],
    trend: list[core.Figures],
    weekdays: list[int],
) -> None:
    """Add the stored hours of the ongoing spells in the months over, before ``live_from``
    (storing a month that has turned over since), each in its band as of ``today``."""
    start, end = period
    first_month = min(start, month_spans[0][0]) if month_spans else start
    if first_month >= live_from:
        return
    ensure_ongoing(
        scope.organisation_id, core.months(first_month, live_from - dt.timedelta(days=1)), today
    )
    rows = per_person_rows(
        OngoingMonth.objects.filter(month__gte=first_month, month__lt=live_from),
        scope,
        unit_paths,
    )
    trend_index = {first: i for i, (first, _last) in enumerate(month_spans)}
    started: set[int] = set()
    for spell_id, unit_id, month, kind, first_day, hours in rows.values_list(
        "spell_id", "unit_id", "month", "kind", "first_day", "absent_hours"
    ):
        band = core.band_of((today - first_day).days + 1)
        groups = [trend[trend_index[month]]] if month in trend_index else []
        if start <= month <= end:
            groups += [total, units[key_of(unit_id)], kinds[kind]]
            if start <= first_day and spell_id not in started:
                started.add(spell_id)
                weekdays[first_day.weekday()] += 1
        for f in groups:
            f.absent_hours += hours
            f.absent_hours_by_band[band] = f.absent_hours_by_band.get(band, 0.0) + hours


def per_person_rows(
    rows: QuerySet[Any], scope: Scope, unit_paths: Mapping[int, str]
) -> QuerySet[Any]:
    """Per-person rows of the scope: its units', or its people's (in the drill-down's units, if
    there is one). The people alone, not the organisation's units too: with both lists the
    database looked up every pair (SQLite: a manager's 30 people, 100 ms against 40)."""
    if scope.person_ids is None:
        return rows.filter(unit_id__in_ids=Ids(unit_paths))
    return _of_people(rows, scope)


def _depth(path: str) -> int:
    return path.count(UNIT_SEPARATOR)


_PerPerson = TypeVar("_PerPerson", PersonMonth, PersonMonthAbsence, PersonDay)


@dataclass(frozen=True)
class Layers:
    """One kind of stored figure in its three layers (``naervaer.statistics.models``)."""

    person: type[PersonMonth | PersonMonthAbsence | PersonDay]
    unit: type[UnitMonth | UnitMonthAbsence | UnitDay]
    subtree: type[SubtreeMonth | SubtreeMonthAbsence | SubtreeDay]


FIGURES = Layers(PersonMonth, UnitMonth, SubtreeMonth)  # hours, days, head counts
ABSENCE = Layers(PersonMonthAbsence, UnitMonthAbsence, SubtreeMonthAbsence)
DAYS = Layers(PersonDay, UnitDay, SubtreeDay)  # the heat map's changes a day


def _tops(scope: Scope, unit_paths: Mapping[int, str]) -> list[int]:
    """The units whose sub-trees make up the scope: the drill-down's unit, or the
    organisation's top-level units."""
    if scope.under_unit is not None:
        return [scope.under_unit.pk]
    return [pk for pk, path in unit_paths.items() if _depth(path) == 0]


Signed = list[tuple[int, QuerySet[Any]]]  # stored rows to add (1) or to take off (-1)
SignedSums = list[tuple[int, Iterable[tuple[int, int]]]]  # (unit, sum) to add or take off


def _group_rows(
    scope: Scope,
    unit_paths: Mapping[int, str],
    level: int,
    first: dt.date,
    last: dt.date,
    layers: Layers,
    stored: bool = False,
) -> Signed:
    """The stored rows of ``first``–``last`` whose sums by unit are the groups at depth
    ``level``: the sub-tree rows of the units at that depth (``stored``: their sums over the
    period, ``SubtreePeriod``), and the unit rows of those above it (their direct members are a
    group of their own). A set of people: its own rows, per unit."""
    if scope.person_ids is not None:
        return whole_rows(scope, unit_paths, first, last, layers)
    heads = [pk for pk, path in unit_paths.items() if _depth(path) == level]
    above = [pk for pk, path in unit_paths.items() if _depth(path) < level]
    period = {"month__gte": first, "month__lte": last}
    rows: Signed = [
        (1, _period_rows(layers, heads, first, last))
        if stored
        else (1, layers.subtree.objects.filter(unit_id__in_ids=Ids(heads), **period))
    ]
    if above:
        rows.append((1, layers.unit.objects.filter(unit_id__in_ids=Ids(above), **period)))
    return rows


def _period_rows(layers: Layers, units: list[int], first: dt.date, last: dt.date) -> QuerySet[Any]:
    """The stored sums of these sub-trees over a stored period (``aggregates.ensure_period``)."""
    assert layers in (FIGURES, ABSENCE)
    model = SubtreePeriod if layers is FIGURES else SubtreePeriodAbsence
    return model.objects.filter(unit_id__in_ids=Ids(units), first=first, last=last)


def whole_rows(
    scope: Scope, unit_paths: Mapping[int, str], first: dt.date, last: dt.date, layers: Layers
) -> Signed:
    """The stored rows of the whole scope in the months: its sub-trees' (or people's)."""
    if scope.person_ids is not None:
        return _people_rows(layers, scope, first, last)
    return [
        (
            1,
            layers.subtree.objects.filter(
                unit_id__in_ids=_tops(scope, unit_paths), month__gte=first, month__lte=last
            ),
        )
    ]


def _home(scope: Scope) -> list[int]:
    """The set of people's units now (``Scope.home``), within the drill-down if there is one."""
    assert scope.home is not None
    if scope.under_unit is None:
        return sorted(scope.home)
    return sorted(scope.home & set(units_in(scope).values_list("pk", flat=True)))


def _left_and_moved(scope: Scope, first: dt.date, last: dt.date) -> tuple[list[int], list[int]]:
    """Of the people employed in the home units between ``first`` and ``last``, those not in
    the set (they left, or are the manager); and the set's people employed elsewhere then. The
    only people whose own rows are read; remembered for the scope. (The period only keeps the
    lists short: someone not employed then has no rows then.)"""
    assert scope.person_ids is not None
    if (first, last) not in scope._away:
        there: set[int] = set()
        elsewhere: set[int] = set()
        for person_id, at_home, start, end in _stints(scope):
            if start <= last and (end is None or end >= first):
                (there if at_home else elsewhere).add(person_id)
        scope._away[first, last] = (sorted(there - scope.person_ids), sorted(elsewhere))
    return scope._away[first, last]


def _stints(scope: Scope) -> list[tuple[int, bool, dt.date, dt.date | None]]:
    """Every employment in the home units, and the set's people's employments elsewhere, as
    (person, in a home unit, start, end): read once for the scope, and each period's leavers
    and movers picked from them (a head of area's page asks for five periods; reading them
    each time took 0.7 s at 50,000 employees)."""
    assert scope.person_ids is not None
    if scope._stints is None:
        home = _home(scope)
        fields = ("person_id", "start", "end")
        at_home = Employment.objects.filter(unit_id__in_ids=home).values_list(*fields)
        away = (
            Employment.objects.filter(person_id__in_ids=scope.person_ids)
            .exclude(unit_id__in_ids=home)
            .values_list(*fields)
        )
        scope._stints = [(p, True, start, end) for p, start, end in at_home] + [
            (p, False, start, end) for p, start, end in away
        ]
    return scope._stints


def _people_rows(layers: Layers, scope: Scope, first: dt.date, last: dt.date) -> Signed:
    """A set of people's stored rows in the months: their own, or, when their units are known
    (``Scope.home``), those units' rows, less the rows there of the people who left, plus the
    set's rows elsewhere. Either way the sums are the people's own."""
    person_model = layers.person
    if scope.home is None:
        return [(1, _people_in_scope(person_model, scope, first, last))]
    home = _home(scope)
    left, moved = _left_and_moved(scope, first, last)
    period = {"month__gte": first, "month__lte": last}
    rows: Signed = [(1, layers.unit.objects.filter(unit_id__in_ids=home, **period))]
    if left:
        gone = _in_units(person_model.objects.filter(person_id__in_ids=left, **period), home)
        rows.append((-1, gone))
    if moved:
        away = person_model.objects.filter(person_id__in_ids=moved, **period).exclude(
            unit_id__in_ids=home
        )
        if scope.under_unit is not None:
            away = away.filter(unit_id__in=units_in(scope).values("pk"))
        rows.append((1, away))
    return rows


def _in_units(rows: QuerySet[Any], units: list[int]) -> QuerySet[Any]:
    """Some people's rows, those in ``units``. The units are compared as ``unit_id + 0``, which
    no index can serve, so the database finds the rows by the people alone: with both lists as
    index conditions SQLite probed the (person, unit, month) index once per person and unit
    (a head of area at 50,000 employees: 794 people who left × 375 units, 0.35 s a query,
    against 0.05 s)."""
    found: QuerySet[Any] = rows.alias(in_unit=F("unit_id") + 0).filter(in_unit__in_ids=units)
    return found


def _people_in_scope(
    model: type[_PerPerson], scope: Scope, first: dt.date, last: dt.date
) -> QuerySet[_PerPerson]:
    """Stored per-person rows of a scope that names its people, in the months.

    The people are the filter the databases start from (the unique index begins with the
    person); joining the units to check the organisation made SQLite walk every unit's rows
    instead (5 s a query for a head of area's 5,000 people at 20,000 employees, against 0.3 s
    without the join). The people are the organisation's already, and are sent as one
    parameter (``naervaer.idsets``)."""
    return _of_people(model.objects.filter(month__gte=first, month__lte=last), scope)


_Row = TypeVar("_Row", bound=Model)


def _of_people(rows: QuerySet[_Row], scope: Scope) -> QuerySet[_Row]:
    """The rows of a scope's people (``_people_in_scope``), in the drill-down's units if any."""
    assert scope.person_ids is not None  # a whole organisation or unit reads the unit rows
    rows = rows.filter(person_id__in_ids=scope.person_ids)
    if scope.under_unit is not None:
        rows = rows.filter(unit_id__in=units_in(scope).values("pk"))
    return rows


def _add_base(f: core.Figures, row: Mapping[str, Any], sign: int = 1) -> None:
    """Add (or take off) one row of summed ``UnitMonth`` figures."""
    f.possible_hours += sign * row["possible"]
    f.leave_hours += sign * row["leave"]
    f.agreed_hours += sign * (row["possible"] + row["leave"])
    f.employee_years += sign * row["days"] / 365.25


def _add_absence(f: core.Figures, band: core.Band, row: Mapping[str, Any], sign: int = 1) -> None:
    """Add (or take off) one row of summed ``UnitMonthAbsence`` figures."""
    f.absent_hours += sign * row["hours"]
    f.spells += sign * row["spells_"]
    f.short_spells += sign * row["short"]
    f.spell_days += sign * row["spell_days_"]
    f.absent_hours_by_band[band] = f.absent_hours_by_band.get(band, 0.0) + sign * row["hours"]


def _count_people(
    data: _Data,
    key_of: Callable[[int], str],
    start: dt.date,
    end: dt.date,
    month_spans: list[tuple[dt.date, dt.date]],
    total: core.Figures,
    units: dict[str, core.Figures],
    trend: list[core.Figures],
) -> None:
    by_unit: dict[str, set[int]] = defaultdict(set)
    everyone: set[int] = set()
    base = _month_index(month_spans[0][0]) if month_spans else 0
    last_index = len(month_spans) - 1
    diff = [0] * (len(month_spans) + 1)
    for person_id, employments in data.employments.items():
        ranges = []
        for unit_id, e in employments:
            if e.start <= end and (e.end is None or e.end >= start):
                by_unit[key_of(unit_id)].add(person_id)
                everyone.add(person_id)
            if month_spans:
                first = max(_month_index(e.start) - base, 0)
                last = min(_month_index(e.end) - base if e.end else last_index, last_index)
                if first <= last:
                    ranges.append((first, last))
        # Months in which the person was employed at all, each counted once.
        for first, last in _merge(sorted(ranges)):
            diff[first] += 1
            diff[last + 1] -= 1
    total.people = len(everyone)
    for key, f in units.items():
        f.people = len(by_unit.get(key, ()))
    running = 0
    for i, f in enumerate(trend):
        running += diff[i]
        f.people = running


def _count_members(
    scope: Scope,
    data: _Data,
    key_of: Callable[[int], str],
    start: dt.date,
    end: dt.date,
    month_spans: list[tuple[dt.date, dt.date]],
    total: core.Figures,
    units: dict[str, core.Figures],
    trend: list[core.Figures],
) -> None:
    """``_count_people`` for whole months, by the database: a person belongs to a group in a
    period of whole months if an employment there overlaps it (as ``PersonMonth`` has it).

    The database counts each unit's employments; the few people with more than one employment
    in the period (a renewed contract, a move, two jobs) are read one by one, and counted once
    per group and once in the total. Counting distinct people made both databases sort every
    employment (0.1 s a query at 50,000 employees), and reading every (unit, person) pair
    instead took 0.2–0.7 s. A drill-down's counts read only the index
    ``employment_unit_period`` (the person, not the row's id, is what is counted)."""
    employments = employments_in(scope, start, end, list(data.unit_paths))
    counts: dict[str, int] = defaultdict(int)
    everyone = 0
    for unit_id, n in (
        employments.values("unit_id").annotate(n=Count("person_id")).values_list("unit_id", "n")
    ):
        counts[key_of(unit_id)] += n
        everyone += n
    # Usually none in a drill-down: then their employments are not looked for. Whether there
    # are any is asked first, as a count of distinct people: PostgreSQL sorts the people's ids
    # for it, where finding them hashed every one of them (17,000 in a drill-down into an area
    # at 50,000 employees: 13 ms against 24).
    several = (
        list(
            employments.values("person_id")
            .annotate(n=Count("person_id"))
            .filter(n__gt=1)
            .values_list("person_id", flat=True)
        )
        if employments.aggregate(n=Count("person_id", distinct=True))["n"] < everyone
        else []
    )
    groups_of: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for person_id, unit_id in (
        employments.filter(person_id__in_ids=several).order_by().values_list("person_id", "unit_id")
        if several
        else ()
    ):
        groups_of[person_id][key_of(unit_id)] += 1
    for groups in groups_of.values():
        everyone -= sum(groups.values()) - 1
        for key, in_group in groups.items():
            counts[key] -= in_group - 1
    total.people = everyone
    for key, f in units.items():
        f.people = counts.get(key, 0)
    if not month_spans:
        return
    by_month = _people_by_month(scope, data.unit_paths, month_spans[0][0], end)
    for (first, _last), f in zip(month_spans, trend, strict=True):
        f.people = by_month.get(first, 0)


def _people_by_month(
    scope: Scope, unit_paths: Mapping[int, str], first: dt.date, last: dt.date
) -> dict[dt.date, int]:
    """The scope's people in each month, each counted once.

    A set of people counts its own rows. Units sum the head counts of the scope's sub-trees
    (``SubtreeMonth.people``, each person once within a sub-tree) and take off the second and
    later sub-trees of the few people employed in more than one of them in a month
    (``PersonMonth.shared``): at 50,000 employees counting distinct people over two years of
    per-person rows took SQLite 1.3 s."""
    if scope.person_ids is not None and scope.home is None:
        return dict(
            _people_in_scope(PersonMonth, scope, first, last)
            .values("month")
            .annotate(n=Count("person_id", distinct=True))
            .values_list("month", "n")
        )
    if scope.person_ids is not None:
        return _people_from_home(scope, first, last)
    by_month: dict[dt.date, int] = defaultdict(int)
    for _sign, rows in whole_rows(scope, unit_paths, first, last, FIGURES):
        for month, people in (
            rows.values("month").annotate(n=Sum("people")).values_list("month", "n")
        ):
            by_month[month] += people
    tops = _tops(scope, unit_paths)
    if len(tops) == 1:
        return by_month
    top_of = {
        pk: path.split(UNIT_SEPARATOR, 1)[0] for pk, path in unit_paths.items()
    }  # the organisation's top-level units are the tops
    trees: dict[tuple[int, dt.date], set[str]] = defaultdict(set)
    for person_id, unit_id, month in PersonMonth.objects.filter(
        shared=True, unit_id__in_ids=list(unit_paths), month__gte=first, month__lte=last
    ).values_list("person_id", "unit_id", "month"):
        trees[person_id, month].add(top_of[unit_id])
    for (_person, month), found in trees.items():
        by_month[month] -= len(found) - 1
    return by_month


def _people_from_home(scope: Scope, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """``_people_by_month`` of a set of people with known units (``Scope.home``): the units'
    head counts, each person once across them, less the people who left, plus the set's people
    employed elsewhere in a month they were not in the home units."""
    home = _home(scope)
    left, moved = _left_and_moved(scope, first, last)
    period = {"month__gte": first, "month__lte": last}
    by_month: dict[dt.date, int] = defaultdict(int)
    for month, people in (
        UnitMonth.objects.filter(unit_id__in_ids=home, **period)
        .values("month")
        .annotate(n=Sum("people"))
        .values_list("month", "n")
    ):
        by_month[month] += people
    units_of: dict[tuple[int, dt.date], int] = defaultdict(int)
    for person_id, month in PersonMonth.objects.filter(
        shared=True, unit_id__in_ids=home, **period
    ).values_list("person_id", "month"):
        units_of[person_id, month] += 1
    for (_person, month), n in units_of.items():
        by_month[month] -= n - 1
    for _person, gone in set(
        _in_units(PersonMonth.objects.filter(person_id__in_ids=left, **period), home)
        .values_list("person_id", "month")
        .distinct()
    ):
        by_month[gone] -= 1
    places: dict[tuple[int, dt.date], set[bool]] = defaultdict(set)
    away = PersonMonth.objects.filter(person_id__in_ids=moved, **period)
    if scope.under_unit is not None:
        away = away.filter(unit_id__in=units_in(scope).values("pk"))
    home_set = set(home)
    for person_id, unit_id, month in away.values_list("person_id", "unit_id", "month"):
        places[person_id, month].add(unit_id in home_set)
    for (_person, month), at_home in places.items():
        if True not in at_home:  # counted in the home units otherwise
            by_month[month] += 1
    return by_month


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in ranges:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


@dataclass
class Warning:
    group: Group
    short_now: int
    short_before: int
    rate_now: float
    rate_before: float
    p_value: float

    @property
    def chance_one_in(self) -> int:
        """A rise this large comes about by chance alone about once in this many cases: the
        p-value in words for readers who are not statisticians."""
        return min(1000, max(1, round(1 / self.p_value))) if self.p_value > 0 else 1000


SIGNIFICANCE = 0.05


def _year_back(day: dt.date) -> dt.date:
    return (
        day.replace(year=day.year - 1)
        if not (day.month == 2 and day.day == 29)
        else day.replace(year=day.year - 1, day=28)
    )


def rising_short_absence(
    scope: Scope,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    current: Dashboard,
    for_amo: bool,
    level: int | None = None,
) -> list[Warning]:
    """Units whose short absence (1–3 days) per employee-year rose significantly against the
    same period a year before (exact test of two Poisson rates, one-sided, 5 %).

    Every unit below the scope is tested, at every depth of the tree, not only the units one
    level down: a rise in one institution is lost in its area's average. Short spells are
    ended spells, so whole months of a whole organisation or unit are read from the stored
    monthly figures: a few queries for both years and every depth, not a dashboard per depth."""
    if level is None:
        level = scope.under_unit.depth + 1 if scope.under_unit else 0
    if not whole_months(start, end):
        return _rising_live(scope, start, end, today, current, for_amo, level)
    before_start, before_end = _year_back(start), _year_back(end)
    # Usually built for the dashboard already (its trend reaches back two years).
    ensure_built(
        scope.organisation_id,
        [m for m in core.months(before_start, before_end) if m[0] not in current.built],
    )
    # The dashboard's units (``units_in``), not read again.
    paths = current.unit_paths or dict(units_in(scope).values_list("pk", "path"))
    ids = {path: pk for pk, path in paths.items()}
    groups: list[list[Group]] = []
    # This year's units at the dashboard's level are its groups: their sums are read once
    # (a drill-down into an area: 6,200 of the 9,700 stored rows of this year's short spells).
    known = current.group_sums
    if known is not None and (known.first, known.last, known.level) != (start, end, level):
        known = None
    # The dashboard's decision covers its trend, usually the year before too: the decisions
    # are month by month, so it serves both years (at 50,000 employees a decision costs 20 s).
    for first, last, decision, sums in (
        (start, end, current.decision if for_amo else None, known),
        (before_start, before_end, current.decision if for_amo else None, None),
    ):
        if for_amo and (
            decision is None
            or not all(m in decision.months for m in disclosure_facts.month_firsts(first, last))
        ):
            decision = disclosure_facts.decide(scope.organisation_id, first, last, today)
        figures: dict[str, core.Figures] = defaultdict(core.Figures)
        base, absence, keys_of = _tested_rows(scope, paths, level, first, last, sums is not None)
        for unit_id, days in sums.days.items() if sums is not None else ():
            figures[paths[unit_id]].employee_years += days / 365.25
        for unit_id, short in sums.short.items() if sums is not None else ():
            figures[paths[unit_id]].short_spells += short
        for sign, found in base:
            for unit_id, days in found:
                for key in keys_of(unit_id):
                    figures[key].employee_years += sign * days / 365.25
        for sign, found in absence:
            for unit_id, short in found:
                for key in keys_of(unit_id):
                    figures[key].short_spells += sign * short
        period = disclosure_facts.month_firsts(first, last)
        hidden = False
        if decision is not None:
            whole = (
                decision.subtree(scope.under_unit.pk)
                if scope.under_unit is not None
                else decision.everyone()
            )
            hidden = not decision.publishable(whole, period)
        groups.append(
            [
                Group(
                    key,
                    key.split(UNIT_SEPARATOR)[-1],
                    f,
                    suppressed=decision is not None
                    and (hidden or not decision.publishable(decision.subtree(ids[key]), period)),
                    unit_id=ids[key],
                )
                for key, f in sorted(figures.items())
            ]
        )
    return _rises(groups[0], groups[1])


def _tested_rows(
    scope: Scope,
    paths: Mapping[int, str],
    level: int,
    first: dt.date,
    last: dt.date,
    below_level: bool = False,
) -> tuple[SignedSums, SignedSums, Callable[[int], list[str]]]:
    """The employee-days and the short spells (of the short band, ``core.person_figures``) of
    the units tested for a rise, as (unit, sum), and the units each sum counts in: every unit's
    own sub-tree from depth ``level`` down (``below_level``: below it, those at it are known),
    read from the stored period when it is one (``aggregates.ensure_period``), or a set of
    people's rows per unit, counted in that unit and those above it."""

    def keys_of(unit_id: int) -> list[str]:
        if scope.person_ids is not None:
            return _ancestors(paths[unit_id], level)
        return [paths[unit_id]]

    if scope.person_ids is not None:
        base = whole_rows(scope, paths, first, last, FIGURES)
        absence = whole_rows(scope, paths, first, last, ABSENCE)
    else:
        lowest = level + 1 if below_level else level
        units = Ids(pk for pk, path in paths.items() if _depth(path) >= lowest)
        if ensure_period(scope.organisation_id, first, last):
            period = {"unit_id__in_ids": units, "first": first, "last": last}
            days = SubtreePeriod.objects.filter(**period)
            short = SubtreePeriodAbsence.objects.filter(band=core.Band.SHORT, **period)
            return (
                [(1, days.values_list("unit_id", "employee_days"))],
                [(1, short.values_list("unit_id", "short_spells"))],
                keys_of,
            )
        tested = {"unit_id__in_ids": units, "month__gte": first, "month__lte": last}
        base = [(1, SubtreeMonth.objects.filter(**tested))]
        absence = [(1, SubtreeMonthAbsence.objects.filter(**tested))]
    return (
        [
            (
                sign,
                rows.values("unit_id")
                .annotate(days=Sum("employee_days"))
                .values_list("unit_id", "days"),
            )
            for sign, rows in base
        ],
        [
            (
                sign,
                rows.filter(kind__in=core.HEADLINE_KINDS, band=core.Band.SHORT)
                .values("unit_id")
                .annotate(short=Sum("short_spells"))
                .values_list("unit_id", "short"),
            )
            for sign, rows in absence
        ],
        keys_of,
    )


def _ancestors(path: str, level: int) -> list[str]:
    """The paths of the unit and the units above it, down from depth ``level``."""
    parts = path.split(UNIT_SEPARATOR)
    return [UNIT_SEPARATOR.join(parts[: i + 1]) for i in range(level, len(parts))]


def _rising_live(
    scope: Scope,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    current: Dashboard,
    for_amo: bool,
    level: int | None = None,
) -> list[Warning]:
    """``rising_short_absence`` from dashboards computed live, per depth and year (a manager's
    own people, a period that cuts months)."""
    if level is None:
        level = scope.under_unit.depth + 1 if scope.under_unit else 0
    paths = Unit.objects.filter(organisation_id=scope.organisation_id).values_list(
        "path", flat=True
    )
    deepest = max((p.count(UNIT_SEPARATOR) for p in paths), default=0)
    now_groups: list[Group] = []
    before_groups: list[Group] = []
    for depth in range(level, deepest + 1):
        now = current if depth == level else None
        now = now or dashboard(
            scope, start, end, today, for_amo=for_amo, with_trend=False, depth=depth
        )
        before = dashboard(
            scope,
            _year_back(start),
            _year_back(end),
            today,
            for_amo=for_amo,
            with_trend=False,
            depth=depth,
        )
        # At a depth, people employed directly in a shallower unit are grouped under that unit's
        # own path: those groups are not the whole unit and were tested at their own depth.
        now_groups += [g for g in now.units if g.key.count(UNIT_SEPARATOR) == depth]
        before_groups += [g for g in before.units if g.key.count(UNIT_SEPARATOR) == depth]
    return _rises(now_groups, before_groups)


def _rises(now_groups: list[Group], before_groups: list[Group]) -> list[Warning]:
    """The groups whose short spells per employee-year rose significantly."""
    earlier = {g.key: g for g in before_groups}
    warnings = []
    for group in now_groups:
        old = earlier.get(group.key)
        if group.suppressed or old is None or old.suppressed:
            continue
        now_f, old_f = group.figures, old.figures
        if now_f.employee_years <= 0 or old_f.employee_years <= 0:
            continue
        rate_now = now_f.short_spells / now_f.employee_years
        rate_before = old_f.short_spells / old_f.employee_years
        if rate_now <= rate_before:
            continue
        p = core.rise_p_value_below(
            now_f.short_spells,
            now_f.employee_years,
            old_f.short_spells,
            old_f.employee_years,
            SIGNIFICANCE,
        )
        if p is not None:
            warnings.append(
                Warning(group, now_f.short_spells, old_f.short_spells, rate_now, rate_before, p)
            )
    return sorted(warnings, key=lambda w: w.p_value)


JobGroups = list[tuple[str, core.Figures, dict[str, float]]]


def job_group_figures(
    scope: Scope, start: dt.date, end: dt.date, today: dt.date, *, for_amo: bool = False
) -> JobGroups:
    """Per job group (``Employment.job_group``, where set): the period's figures of the
    headline causes and the absent hours by kind. For the AMO, groups under five people
    (``disclosure.shows_group_of``) are left out.

    Whole months are summed from the stored rows by the job group of each person's employment
    in the row's unit (``naervaer.statistics.attributed``); a period that cuts months, and the
    person-months with two job groups in one unit, are computed live as ``_job_groups_live``
    does. Kinds without absent hours may be left out of the absent hours by kind."""
    if not whole_months(start, end):
        return _job_groups_live(scope, start, end, today, for_amo=for_amo)
    # Here, not at the top: ``attributed`` builds on this module.
    from naervaer.statistics.attributed import MIXED, Held, Key, Mixed, sum_by_attribute

    held = [
        Held(person_id, unit_id, core.Employment(e_start, e_end, hours), group)
        for person_id, unit_id, group, e_start, e_end, hours in employments_in(
            scope, start, end
        ).values_list("person_id", "unit_id", "job_group", "start", "end", "weekly_hours")
    ]
    if not any(h.tag for h in held):
        return []
    of_pair: dict[tuple[int, int], list[Held]] = defaultdict(list)
    for h in held:
        of_pair[h.person_id, h.unit_id].append(h)

    def group_of(person_id: int, unit_id: int, first: dt.date, last: dt.date) -> Key | Mixed:
        groups = {h.tag for h in of_pair[person_id, unit_id] if h.overlaps(first, last)}
        if len(groups) > 1:
            return MIXED
        return (groups.pop() or None) if groups else None

    def pieces(
        _person_id: int, person_held: Sequence[Held], first: dt.date, last: dt.date
    ) -> list[tuple[str, Sequence[core.Employment], dt.date, dt.date]]:
        return [(h.tag, [h.employment], first, last) for h in person_held if h.tag]

    sums = sum_by_attribute(scope, start, end, today, held, group_of, pieces)
    estimate = None
    if not has_leave(scope.organisation_id, start, end):
        extra = Organisation.objects.values_list("extra_holiday_days", flat=True).get(
            pk=scope.organisation_id
        )
        estimate = holiday_days(end) + extra
    result: JobGroups = []
    for group in sorted(sums):
        found = sums[group]
        # What the live computation counts: no spells, no bands.
        f = core.Figures(
            possible_hours=found.figures.possible_hours,
            absent_hours=found.figures.absent_hours,
            employee_years=found.figures.employee_years,
            people=len(found.people),
            agreed_hours=found.figures.agreed_hours,
            leave_hours=found.figures.leave_hours,
        )
        if estimate is not None:
            core.estimate_leave(f, estimate, end.year)
        if for_amo and not disclosure_facts.shows_group_of(f.people, today):
            continue
        result.append((group, f, dict(found.by_kind)))
    return result


def _job_groups_live(
    scope: Scope, start: dt.date, end: dt.date, today: dt.date, *, for_amo: bool = False
) -> JobGroups:
    """``job_group_figures`` computed live from every employment and spell: for a period that
    cuts months, and the reference the stored sums are tested against."""
    qs = Employment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=start),
        start__lte=end,
        person__organisation_id=scope.organisation_id,
    ).exclude(job_group="")
    if scope.person_ids is not None:
        qs = qs.filter(person_id__in_ids=scope.person_ids)
    if scope.under_unit is not None:
        path = scope.under_unit.path
        qs = qs.filter(Q(unit__path=path) | Q(unit__path__startswith=path + UNIT_SEPARATOR))
    rows = list(qs.values_list("person_id", "job_group", "start", "end", "weekly_hours"))
    if not rows:
        return []
    people = {r[0] for r in rows}
    data = _load(Scope(scope.organisation_id, people), start, end)
    days = core.WorkingDays(start, end)
    figures: dict[str, core.Figures] = defaultdict(core.Figures)
    absent: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    members: dict[str, set[int]] = defaultdict(set)
    for person_id, group, e_start, e_end, hours in rows:
        employment = core.Employment(e_start, e_end, hours)
        leaves = data.leaves.get(person_id, ())
        spells = data.spells.get(person_id, []) + data.other_absence.get(person_id, [])
        figures[group].add(core.person_figures([employment], [], start, end, days, today, leaves))
        members[group].add(person_id)
        for spell in spells:
            part = core.person_figures([employment], [spell], start, end, days, today, leaves)
            absent[group][spell.kind] += part.absent_hours
            if core.in_headline(spell.kind):
                figures[group].absent_hours += part.absent_hours
    if not has_leave(scope.organisation_id, start, end):
        extra = Organisation.objects.values_list("extra_holiday_days", flat=True).get(
            pk=scope.organisation_id
        )
        for f in figures.values():
            core.estimate_leave(f, holiday_days(end) + extra, end.year)
    result = []
    for group in sorted(figures):
        figures[group].people = len(members[group])
        if for_amo and not disclosure_facts.shows_group_of(figures[group].people, today):
            continue
        result.append((group, figures[group], dict(absent[group])))
    return result


def load_scope(scope: Scope, start: dt.date, end: dt.date) -> _Data:
    """Employments and every spell overlapping the period, for computations done live."""
    return _load(scope, start, end)


def by_quarter(months: list[Group], for_amo: bool) -> list[Group]:
    """Months summed into quarters (the AMO's quarterly look at the figures, seed 002).

    A quarter's people are its largest month's head count, a lower bound of the distinct people
    in it. For the AMO a quarter is shown only if each of its months is (it is their sum)."""
    quarters: dict[str, Group] = {}
    for month in months:
        year, number = (int(x) for x in month.key.split("-"))
        key = core.quarter_of(dt.date(year, number, 1))
        group = quarters.setdefault(key, Group(key, key))
        people = max(group.figures.people, month.figures.people)
        group.figures.add(month.figures)
        group.figures.people = people
        group.suppressed = group.suppressed or (for_amo and month.suppressed)
        if month.bands is not None:  # a band is shown for the quarter if every month shows it
            shown = month.bands.shown if group.bands is None else group.bands.shown
            group.bands = disclosure.Categories(shown & month.bands.shown)
    return list(quarters.values())
