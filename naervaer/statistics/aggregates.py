"""Building and forgetting the per-unit, per-month figures of ``naervaer.statistics.models``.

A month is built for a whole organisation from its employments, its *ended* spells and its time
off (holiday and other leave, a child's sickness: always with a last day), with the same
definitions (``naervaer.rules.statistics``) the live computation uses, so both give the same
numbers. Anything that changes ended absence or employments forgets the months it touches;
``ensure_built`` builds what is missing when a dashboard asks for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q

from naervaer.absence.models import LEAVE_KINDS, AbsenceDegree, AbsenceSpell, TimeOff
from naervaer.people.models import Employment, Unit
from naervaer.rules import statistics as core
from naervaer.statistics.models import BuiltMonth, UnitMonth, UnitMonthAbsence

Month = tuple[dt.date, dt.date]


def month_of(first: dt.date) -> Month:
    return core.months(first, first)[0]


def ensure_built(organisation_id: int, months: Iterable[Month]) -> None:
    wanted = sorted(set(months))
    built = set(
        BuiltMonth.objects.filter(
            organisation_id=organisation_id, month__in=[m[0] for m in wanted]
        ).values_list("month", flat=True)
    )
    missing = [m for m in wanted if m[0] not in built]
    if missing:
        build_months(organisation_id, missing)


def forget(organisation_id: int, first: dt.date, last: dt.date | None = None) -> None:
    """Forget the built months from ``first`` to ``last`` (to the end of time when None)."""
    months = BuiltMonth.objects.filter(
        organisation_id=organisation_id, month__gte=first.replace(day=1)
    )
    if last is not None:
        months = months.filter(month__lte=last)
    months.delete()


def forget_all(organisation_id: int) -> None:
    BuiltMonth.objects.filter(organisation_id=organisation_id).delete()


def time_off(
    organisation_id: int,
    start: dt.date,
    end: dt.date,
    person_ids: Iterable[int] | None = None,
) -> tuple[dict[int, list[core.Leave]], dict[int, list[core.Spell]]]:
    """The organisation's time off overlapping ``start``–``end``, by person: leave, and a
    child's sickness as spells of their own kind (whole days at the recorded share)."""
    rows = TimeOff.objects.filter(
        last_day__gte=start, first_day__lte=end, person__organisation_id=organisation_id
    )
    # The organisation's rows are read and the wanted people kept in Python: a list of tens of
    # thousands of ids in the query would pass the databases' limits on query parameters.
    wanted = None if person_ids is None else set(person_ids)
    leaves: dict[int, list[core.Leave]] = defaultdict(list)
    other: dict[int, list[core.Spell]] = defaultdict(list)
    for person_id, kind, first, last, percent in rows.values_list(
        "person_id", "kind", "first_day", "last_day", "percent"
    ):
        if wanted is not None and person_id not in wanted:
            continue
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


def build_months(organisation_id: int, months: list[Month]) -> None:
    """Compute and store the figures of ``months`` (calendar months) for the organisation."""
    months = sorted(months)
    start, end = months[0][0], months[-1][1]
    employments: dict[int, list[tuple[int, core.Employment]]] = defaultdict(list)
    for person_id, unit_id, e_start, e_end, hours in Employment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=start),
        start__lte=end,
        person__organisation_id=organisation_id,
    ).values_list("person_id", "unit_id", "start", "end", "weekly_hours"):
        employments[person_id].append((unit_id, core.Employment(e_start, e_end, hours)))
    ended_qs = AbsenceSpell.objects.filter(
        last_day__isnull=False,
        last_day__gte=start,
        first_day__lte=end,
        person__organisation_id=organisation_id,
    )
    ended = list(ended_qs.values_list("pk", "person_id", "first_day", "last_day", "kind"))
    steps: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for spell_id, from_day, percent in (
        # A subquery, not a list of ids: a large employer has more ended spells than a query
        # may carry parameters (SQLite, PostgreSQL).
        AbsenceDegree.objects.filter(spell__in=ended_qs.values("pk"))
        .order_by("spell_id", "from_day")
        .values_list("spell_id", "from_day", "percent")
    ):
        steps[spell_id].append((from_day, percent))
    spells: dict[int, list[core.Spell]] = defaultdict(list)
    for pk, person_id, first, last, kind in ended:
        spells[person_id].append(
            core.Spell(first, last, tuple(steps.get(pk) or [(first, 100)]), kind)
        )
    leaves, other_absence = time_off(organisation_id, start, end)
    for person_id, person_spells in other_absence.items():
        spells[person_id].extend(person_spells)

    days = core.WorkingDays(start, end)
    base: dict[tuple[int, dt.date], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    # [hours, spells, short spells, spells begun per weekday, spell days]: mixed, so Any
    absence: dict[tuple[int, dt.date, str, str], list[Any]] = {}
    for person_id, person_employments in employments.items():
        person_spells = spells.get(person_id, [])
        person_leaves = leaves.get(person_id, ())
        for unit_id, employment in person_employments:
            for first, last in months:
                span_first = max(first, employment.start)
                span_last = last if employment.end is None else min(last, employment.end)
                if span_last < span_first:
                    continue
                f = core.person_figures([employment], [], first, last, days, last, person_leaves)
                row = base[(unit_id, first)]
                row[0] += f.possible_hours
                row[1] += (span_last - span_first).days + 1
                row[2] += f.leave_hours
                for spell in person_spells:
                    if spell.first_day > last or (spell.last_day or last) < first:
                        continue
                    assert spell.last_day is not None
                    f = core.person_figures(
                        [employment], [spell], first, last, days, spell.last_day, person_leaves
                    )
                    band = core.band_of(spell.calendar_days(spell.last_day))
                    key = (unit_id, first, spell.kind, band.value)
                    entry = absence.setdefault(key, [0.0, 0, 0, [0] * 7, 0])
                    entry[0] += f.absent_hours
                    entry[1] += f.spells
                    entry[2] += f.short_spells
                    entry[4] += f.spell_days
                    if core.began_in(spell, [employment], first, last):
                        entry[3][spell.first_day.weekday()] += 1

    firsts = [m[0] for m in months]
    # By unit id, not through a join (PostgreSQL plans joined deletes badly on fresh tables).
    unit_ids = list(
        Unit.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)
    )
    with transaction.atomic():
        UnitMonth.objects.filter(unit_id__in=unit_ids, month__in=firsts).delete()
        UnitMonthAbsence.objects.filter(unit_id__in=unit_ids, month__in=firsts).delete()
        UnitMonth.objects.bulk_create(
            (
                UnitMonth(
                    unit_id=u,
                    month=m,
                    possible_hours=v[0],
                    employee_days=int(v[1]),
                    leave_hours=v[2],
                )
                for (u, m), v in base.items()
            ),
            batch_size=5000,
        )
        UnitMonthAbsence.objects.bulk_create(
            (
                UnitMonthAbsence(
                    unit_id=u,
                    month=m,
                    kind=kind,
                    band=band,
                    absent_hours=v[0],
                    spells=v[1],
                    short_spells=v[2],
                    spell_days=v[4],
                    **dict(zip(UnitMonthAbsence.WEEKDAY_FIELDS, v[3], strict=True)),
                )
                for (u, m, kind, band), v in absence.items()
            ),
            batch_size=5000,
        )
        BuiltMonth.objects.bulk_create(
            (BuiltMonth(organisation_id=organisation_id, month=m) for m in firsts),
            ignore_conflicts=True,
        )
