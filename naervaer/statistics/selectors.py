"""The figures behind the dashboards and ``naervaer stats``, for the people a viewer may count.

Data is read once per request (employments and the spells overlapping the period, as tuples)
and the definitions in ``naervaer.rules.statistics`` do the arithmetic. Groups smaller than
``MIN_GROUP_SIZE`` are suppressed for the AMO, whatever the filters: the figures of a group of
one are one person's health data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from naervaer.absence.models import AbsenceDegree, AbsenceSpell
from naervaer.access import MIN_GROUP_SIZE
from naervaer.people.models import UNIT_SEPARATOR, Employment, Unit
from naervaer.rules import statistics as core


@dataclass
class Group:
    key: str
    label: str
    figures: core.Figures = field(default_factory=core.Figures)
    suppressed: bool = False
    unit_id: int | None = None

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
            "absent_day_works": round(f.day_works, 1),
            "spells": f.spells,
            "spells_per_employee_year": round(f.spells_per_employee_year, 2)
            if f.spells_per_employee_year is not None
            else None,
            "share_of_absence_by_band": {
                band.value: round(100 * f.absent_hours_by_band.get(band, 0.0) / f.absent_hours, 1)
                if f.absent_hours
                else 0.0
                for band in core.Band
            },
        }


@dataclass
class Scope:
    """Whom to count: people by id (None = everyone employed in ``organisation_id``)."""

    organisation_id: int
    person_ids: set[int] | None = None
    under_unit: Unit | None = None


@dataclass
class _Data:
    employments: dict[int, list[tuple[int, core.Employment]]]
    spells: dict[int, list[core.Spell]]
    unit_paths: dict[int, str]


def _load(scope: Scope, start: dt.date, end: dt.date) -> _Data:
    employments_qs = Employment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=start),
        start__lte=end,
        person__organisation_id=scope.organisation_id,
    )
    if scope.person_ids is not None:
        employments_qs = employments_qs.filter(person_id__in=scope.person_ids)
    if scope.under_unit is not None:
        path = scope.under_unit.path
        employments_qs = employments_qs.filter(
            Q(unit__path=path) | Q(unit__path__startswith=path + UNIT_SEPARATOR)
        )
    employments: dict[int, list[tuple[int, core.Employment]]] = defaultdict(list)
    for person_id, unit_id, e_start, e_end, hours in employments_qs.values_list(
        "person_id", "unit_id", "start", "end", "weekly_hours"
    ):
        employments[person_id].append((unit_id, core.Employment(e_start, e_end, hours)))

    spell_rows = AbsenceSpell.objects.filter(
        Q(last_day__isnull=True) | Q(last_day__gte=start),
        first_day__lte=end,
        person_id__in=list(employments),
    ).values_list("pk", "person_id", "first_day", "last_day", "kind")
    steps: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    spell_list = list(spell_rows)
    for spell_id, from_day, percent in (
        AbsenceDegree.objects.filter(spell_id__in=[r[0] for r in spell_list])
        .order_by("spell_id", "from_day")
        .values_list("spell_id", "from_day", "percent")
    ):
        steps[spell_id].append((from_day, percent))
    spells: dict[int, list[core.Spell]] = defaultdict(list)
    for pk, person_id, first, last, kind in spell_list:
        spells[person_id].append(
            core.Spell(first, last, tuple(steps.get(pk) or [(first, 100)]), kind)
        )
    unit_paths = dict(
        Unit.objects.filter(organisation_id=scope.organisation_id).values_list("pk", "path")
    )
    return _Data(employments, spells, unit_paths)


@dataclass
class Dashboard:
    total: Group
    units: list[Group]
    kinds: list[Group]
    months: list[Group]
    weekdays: list[int]


def _without_base(f: core.Figures) -> core.Figures:
    f.possible_hours, f.people, f.employee_years = 0.0, 0, 0.0
    return f


def _overlaps(spell: core.Spell, first: dt.date, last: dt.date, today: dt.date) -> bool:
    return spell.first_day <= last and (spell.last_day or today) >= first


def dashboard(
    scope: Scope,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    *,
    for_amo: bool = False,
    trend_from: dt.date | None = None,
    with_trend: bool = True,
) -> Dashboard:
    """Every figure of a dashboard in one pass over the data: the period's total, per unit one
    level below the scope (the drill-down), per kind, and the monthly trend from ``trend_from``."""
    trend_from = trend_from or start
    data = _load(scope, min(start, trend_from), end)
    days = core.WorkingDays(min(start, trend_from), end)
    level = scope.under_unit.depth + 1 if scope.under_unit else 0
    month_spans = core.months(trend_from, end) if with_trend else []

    total = core.Figures()
    units: dict[str, core.Figures] = defaultdict(core.Figures)
    kinds: dict[str, core.Figures] = defaultdict(core.Figures)
    trend = [core.Figures() for _ in month_spans]
    weekdays = [0] * 7
    counted: set[int] = set()
    for person_id, employments in data.employments.items():
        spells = data.spells.get(person_id, [])
        in_period = [s for s in spells if _overlaps(s, start, end, today)]
        for unit_id, employment in employments:
            unit_key = UNIT_SEPARATOR.join(
                data.unit_paths[unit_id].split(UNIT_SEPARATOR)[: level + 1]
            )
            base = core.person_figures([employment], [], start, end, days, today)
            if base.people:
                counted.add(person_id)
            total.add(base)
            units[unit_key].add(base)
            for spell in in_period:
                part = _without_base(
                    core.person_figures([employment], [spell], start, end, days, today)
                )
                total.add(part)
                units[unit_key].add(part)
                kinds[spell.kind].add(part)
            for i, (first, last) in enumerate(month_spans):
                last = min(last, end)
                trend[i].add(
                    core.person_figures(
                        [employment],
                        [s for s in spells if _overlaps(s, first, last, today)],
                        first,
                        last,
                        days,
                        today,
                    )
                )
        starts = core.weekday_starts(in_period, start, end)
        weekdays = [a + b for a, b in zip(weekdays, starts, strict=True)]
    # People employed in two units in the period count once in the total.
    total.people = len(counted)

    for f in kinds.values():
        f.possible_hours, f.people, f.employee_years = (
            total.possible_hours,
            total.people,
            total.employee_years,
        )
    unit_ids = {path: pk for pk, path in data.unit_paths.items()}
    return Dashboard(
        total=suppress([Group("all", "", total)], for_amo)[0],
        units=suppress(
            [
                Group(path, path.split(UNIT_SEPARATOR)[-1], f, unit_id=unit_ids.get(path))
                for path, f in sorted(units.items())
            ],
            for_amo,
        ),
        kinds=suppress([Group(k, k, f) for k, f in sorted(kinds.items())], for_amo, siblings=False),
        months=suppress(
            [
                Group(first.strftime("%Y-%m"), first.strftime("%Y-%m"), f)
                for (first, _last), f in zip(month_spans, trend, strict=True)
            ],
            for_amo,
            siblings=False,
        ),
        weekdays=weekdays if not (for_amo and total.people < MIN_GROUP_SIZE) else [],
    )


def suppress(groups: Iterable[Group], for_amo: bool, *, siblings: bool = True) -> list[Group]:
    """For the AMO, hide every group under the minimum size. If that hides exactly one of
    several siblings, hide the next smallest too, so the hidden one cannot be worked out by
    subtracting the others from the total."""
    groups = list(groups)
    if not for_amo:
        return groups
    for g in groups:
        if g.figures.people < MIN_GROUP_SIZE:
            g.suppressed = True
    hidden = [g for g in groups if g.suppressed]
    shown = sorted((g for g in groups if not g.suppressed), key=lambda g: g.figures.people)
    if siblings and len(hidden) == 1 and shown:
        shown[0].suppressed = True
    return groups


@dataclass
class Warning:
    group: Group
    short_now: int
    short_before: int
    rate_now: float
    rate_before: float
    p_value: float


SIGNIFICANCE = 0.05


def rising_short_absence(
    scope: Scope, start: dt.date, end: dt.date, today: dt.date, current: Dashboard, for_amo: bool
) -> list[Warning]:
    """Units whose short absence (1–3 days) per employee-year rose significantly against the
    same period a year before (exact test of two Poisson rates, one-sided, 5 %)."""

    def year_back(day: dt.date) -> dt.date:
        return (
            day.replace(year=day.year - 1)
            if not (day.month == 2 and day.day == 29)
            else day.replace(year=day.year - 1, day=28)
        )

    before = dashboard(
        scope, year_back(start), year_back(end), today, for_amo=for_amo, with_trend=False
    )
    earlier = {g.key: g for g in before.units}
    warnings = []
    for group in current.units:
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
        p = core.rise_p_value(
            now_f.short_spells, now_f.employee_years, old_f.short_spells, old_f.employee_years
        )
        if p < SIGNIFICANCE:
            warnings.append(
                Warning(group, now_f.short_spells, old_f.short_spells, rate_now, rate_before, p)
            )
    return sorted(warnings, key=lambda w: w.p_value)
