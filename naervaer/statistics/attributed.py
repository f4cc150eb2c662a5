"""Figures of groups that are an attribute of a person in a month (a job group, an age band),
summed from the stored per-person monthly rows (``naervaer.statistics.models``) instead of being
computed from every employment and spell of the scope.

A stored row is one person's figures in one unit and month. It belongs to one group when the
attribute is the same on every day the row covers: the person's job group in that unit, their
age band. Only the person-months where it is not (a birthday across a band's boundary inside the
month, two employments in one unit with different job groups…) are computed live, with the
definitions of ``naervaer.rules.statistics``, as are the ongoing spells of the month that runs
(``selectors.dashboard`` does the same). A period that does not consist of whole months is for
the callers to compute live.

The rows are summed per (person, unit) over the period where the attribute holds for the whole
period, and per month only for the people where it does not: at 50,000 employees the pages read
the database's sums instead of calling ``person_figures`` 330,000 times.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.db.models import QuerySet, Sum

from naervaer.absence.models import AbsenceSpell
from naervaer.rules import statistics as core
from naervaer.statistics.aggregates import ensure_built, ensure_ongoing, time_off
from naervaer.statistics.models import OngoingMonth, PersonMonth, PersonMonthAbsence
from naervaer.statistics.selectors import (
    Scope,
    SpellRow,
    _add_absence,
    _add_base,
    spell_rows,
    spells_by_person,
    units_in,
)


class Mixed:
    """The attribute changes inside the days asked: the rows there are computed live."""


MIXED: Final = Mixed()
Key = str | None  # a group; None: the row belongs to no group (no job group recorded)


@dataclass(frozen=True, slots=True)
class Held:
    """An employment of the scope overlapping the period, with what its group may depend on
    (``tag``: its job group, say)."""

    person_id: int
    unit_id: int
    employment: core.Employment
    tag: str = ""

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        e = self.employment
        return e.start <= last and (e.end is None or e.end >= first)


# The group of a person's row in a unit over ``first``–``last``, MIXED if it changes there.
Attribute = Callable[[int, int, dt.date, dt.date], Key | Mixed]
# A person-month computed live, in pieces: (group, employments, first, last) each counted with
# ``core.person_figures`` as the live computation of the page counts it.
Pieces = Callable[
    [int, Sequence[Held], dt.date, dt.date],
    Iterable[tuple[str, Sequence[core.Employment], dt.date, dt.date]],
]


@dataclass
class Sums:
    """One group's figures: ``figures`` count the headline causes (``core.HEADLINE_KINDS``),
    ``by_kind`` the absent hours of every kind read; ``people`` the people in it, each once."""

    figures: core.Figures = field(default_factory=core.Figures)
    by_kind: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    people: set[int] = field(default_factory=set)


_BASE_SUMS = {
    "possible": Sum("possible_hours"),
    "leave": Sum("leave_hours"),
    "days": Sum("employee_days"),
}
_ABSENCE_SUMS = {
    "hours": Sum("absent_hours"),
    "spells_": Sum("spells"),
    "short": Sum("short_spells"),
    "spell_days_": Sum("spell_days"),
}


def _without_base(f: core.Figures) -> core.Figures:
    f.possible_hours = f.agreed_hours = f.leave_hours = f.employee_years = 0.0
    f.people = 0
    return f


def sum_by_attribute(
    scope: Scope,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    held: Sequence[Held],
    attribute: Attribute,
    pieces: Pieces,
    kinds: Collection[str] | None = None,
) -> dict[str, Sums]:
    """The figures of ``start``–``end`` (whole months) of ``scope`` by group: the stored rows of
    the employments ``held`` (all of the scope's overlapping the period) by ``attribute``, and
    live, by ``pieces``, the person-months where the attribute is MIXED. ``kinds``: the kinds of
    absence to count (None: every kind, a child's sickness too)."""
    months = core.months(start, end)
    ensure_built(scope.organisation_id, months)
    result: dict[str, Sums] = defaultdict(Sums)
    held_of: dict[int, list[Held]] = defaultdict(list)
    pairs: dict[tuple[int, int], None] = {}
    for h in held:
        held_of[h.person_id].append(h)
        pairs[h.person_id, h.unit_id] = None
    steady: dict[tuple[int, int], Key] = {}
    varying: set[int] = set()  # people with a row whose group changes in the period
    for person_id, unit_id in pairs:
        key = attribute(person_id, unit_id, start, end)
        if isinstance(key, Mixed):
            varying.add(person_id)
        else:
            steady[person_id, unit_id] = key
    by_month: dict[tuple[int, int, dt.date], Key] = {}
    live: set[tuple[int, dt.date]] = set()  # (person, month) computed live
    for person_id in varying:
        units = {h.unit_id for h in held_of[person_id]}
        for first, last in months:
            for unit_id in units:
                key = attribute(person_id, unit_id, first, last)
                if isinstance(key, Mixed):
                    live.add((person_id, first))
                else:
                    by_month[person_id, unit_id, first] = key

    def key_at(person_id: int, unit_id: int, month: dt.date) -> Key:
        if (person_id, unit_id) in steady:
            return steady[person_id, unit_id]
        return by_month.get((person_id, unit_id, month))

    def add_base(key: Key, person_id: int, row: dict[str, Any]) -> None:
        if key is not None:
            _add_base(result[key].figures, row)
            result[key].people.add(person_id)

    def add_absence(key: Key, row: dict[str, Any]) -> None:
        if key is not None:
            sums = result[key]
            sums.by_kind[row["kind"]] += row["hours"]
            if core.in_headline(row["kind"]):
                _add_absence(sums.figures, core.Band(row["band"]), row)

    base = _rows(PersonMonth.objects.all(), scope, start, end)
    absence = _rows(PersonMonthAbsence.objects.all(), scope, start, end)
    if kinds is not None:
        absence = absence.filter(kind__in=kinds)
    # The steady rows summed over the period by the database; the varying people's per month.
    whole = ("person_id", "unit_id")
    for row in base.values(*whole).annotate(**_BASE_SUMS):
        if row["person_id"] not in varying:
            add_base(steady.get((row["person_id"], row["unit_id"])), row["person_id"], row)
    for row in absence.values(*whole, "kind", "band").annotate(**_ABSENCE_SUMS):
        if row["person_id"] not in varying:
            add_absence(steady.get((row["person_id"], row["unit_id"])), row)
    if varying:
        # By the people alone (the unique index leads with them), each row once; the scope's
        # rows are those of its employments' (person, unit). With the units as a condition too,
        # SQLite took 3.6 s a query at 50,000 employees.
        period = {"person_id__in_ids": sorted(varying), "month__gte": start, "month__lte": end}
        for person_id, unit_id, month, possible, leave, employee_days in PersonMonth.objects.filter(
            **period
        ).values_list(
            "person_id", "unit_id", "month", "possible_hours", "leave_hours", "employee_days"
        ):
            if (person_id, unit_id) in pairs and (person_id, month) not in live:
                row = {"possible": possible, "leave": leave, "days": employee_days}
                add_base(key_at(person_id, unit_id, month), person_id, row)
        monthly = PersonMonthAbsence.objects.filter(**period)
        if kinds is not None:
            monthly = monthly.filter(kind__in=kinds)
        for person_id, unit_id, month, *values in monthly.values_list(
            "person_id",
            "unit_id",
            "month",
            "kind",
            "band",
            "absent_hours",
            "spells",
            "short_spells",
            "spell_days",
        ):
            if (person_id, unit_id) in pairs and (person_id, month) not in live:
                row = dict(zip(("kind", "band", *_ABSENCE_SUMS), values, strict=True))
                add_absence(key_at(person_id, unit_id, month), row)

    # Ongoing spells: stored in the months that are over, live from the month that runs.
    live_from = max(start, today.replace(day=1))
    last_over = min(end, live_from - dt.timedelta(days=1))
    if start <= last_over:
        ensure_ongoing(scope.organisation_id, core.months(start, last_over), today)
        ongoing = _rows(OngoingMonth.objects.all(), scope, start, last_over)
        if kinds is not None:
            ongoing = ongoing.filter(kind__in=kinds)
        for person_id, unit_id, month, kind, first_day, hours in ongoing.values_list(
            "person_id", "unit_id", "month", "kind", "first_day", "absent_hours"
        ):
            key = key_at(person_id, unit_id, month)
            if (person_id, month) in live or key is None:
                continue
            band = core.band_of((today - first_day).days + 1)
            sums = result[key]
            sums.by_kind[kind] += hours
            if core.in_headline(kind):
                sums.figures.absent_hours += hours
                by_band = sums.figures.absent_hours_by_band
                by_band[band] = by_band.get(band, 0.0) + hours
    running = _ongoing(scope.organisation_id, end, held_of.keys()) if live_from <= end else {}
    wanted = {p for p, _m in live} | running.keys()
    if not wanted:
        return result
    spells_of, leaves_of = _live_data(
        scope.organisation_id, sorted({p for p, _m in live}), running, (start, end), live_from
    )
    days = core.WorkingDays(start, end)
    for person_id in sorted(wanted):
        spells = [s for s in spells_of.get(person_id, ()) if kinds is None or s.kind in kinds]
        leaves = leaves_of.get(person_id, ())
        person_held = held_of[person_id]
        for first, last in months:
            if (person_id, first) in live:
                for key, employments, a, b in pieces(person_id, person_held, first, last):
                    _add_live(
                        result, key, person_id, employments, spells, (a, b), days, today, leaves
                    )
            elif person_id in running and last >= live_from:
                # The ongoing spells of the month that runs (later months have none yet).
                for h in person_held:
                    key = key_at(person_id, h.unit_id, first)
                    if key is None or not h.overlaps(first, last):
                        continue
                    for spell in spells:
                        if spell.last_day is None:
                            part = core.person_figures(
                                [h.employment],
                                [spell],
                                max(first, live_from),
                                last,
                                days,
                                today,
                                leaves,
                            )
                            result[key].by_kind[spell.kind] += part.absent_hours
                            if core.in_headline(spell.kind):
                                result[key].figures.add(_without_base(part))
    return result


def _add_live(
    result: dict[str, Sums],
    key: str,
    person_id: int,
    employments: Sequence[core.Employment],
    spells: Sequence[core.Spell],
    span: tuple[dt.date, dt.date],
    days: core.WorkingDays,
    today: dt.date,
    leaves: Sequence[core.Leave],
) -> None:
    """One piece of a person-month computed live: its hours, and each spell's absence on its
    own (the figures add up: a spell counts once whichever other spells there are)."""
    first, last = span
    base = core.person_figures(employments, [], first, last, days, today, leaves)
    if not base.people:
        return
    sums = result[key]
    sums.figures.add(base)
    sums.people.add(person_id)
    for spell in spells:
        if spell.first_day > last or (spell.last_day is not None and spell.last_day < first):
            continue
        part = core.person_figures(employments, [spell], first, last, days, today, leaves)
        sums.by_kind[spell.kind] += part.absent_hours
        if core.in_headline(spell.kind):
            sums.figures.add(_without_base(part))


def _rows(rows: QuerySet[Any], scope: Scope, first: dt.date, last: dt.date) -> QuerySet[Any]:
    """Stored per-person rows of the scope in the months ``first``–``last``."""
    rows = rows.filter(month__gte=first.replace(day=1), month__lte=last)
    if scope.person_ids is not None:
        rows = rows.filter(person_id__in_ids=scope.person_ids)
        if scope.under_unit is not None:
            rows = rows.filter(unit_id__in=units_in(scope).values("pk"))
        return rows
    return rows.filter(unit_id__in_ids=list(units_in(scope).values_list("pk", flat=True)))


def _ongoing(
    organisation_id: int, end: dt.date, people: Collection[int]
) -> dict[int, list[tuple[int, dt.date, str]]]:
    """The spells of ``people`` begun by ``end`` that have not ended: (id, first day, kind) by
    person. Only "last_day is null" in SQL, as ``selectors.load_ongoing``: the partial index."""
    found: dict[int, list[tuple[int, dt.date, str]]] = defaultdict(list)
    for pk, person_id, first_day, kind in AbsenceSpell.objects.filter(
        last_day__isnull=True, person__organisation_id=organisation_id
    ).values_list("pk", "person_id", "first_day", "kind"):
        if first_day <= end and person_id in people:
            found[person_id].append((pk, first_day, kind))
    return found


def _live_data(
    organisation_id: int,
    live_people: Sequence[int],
    running: dict[int, list[tuple[int, dt.date, str]]],
    period: tuple[dt.date, dt.date],
    live_from: dt.date,
) -> tuple[dict[int, list[core.Spell]], dict[int, list[core.Leave]]]:
    """Spells (a child's sickness too) and leave by person, for what is computed live: all of
    the period for ``live_people``; only the ongoing spells, and the leave from ``live_from``,
    for the others with ``running`` spells. Read by the people's ids, not the scope's."""
    start, end = period
    rows: list[SpellRow] = spell_rows(live_people, start, end) if live_people else []
    computed = set(live_people)
    others = sorted(set(running) - computed)
    rows += [(pk, p, first, None, kind) for p in others for pk, first, kind in running[p]]
    spells = spells_by_person(rows)
    leaves: dict[int, list[core.Leave]] = {}
    if live_people:
        leaves, other = time_off(organisation_id, start, end, live_people)
        for person_id, found in other.items():
            spells[person_id].extend(found)
    if others:
        leaves = {**leaves, **time_off(organisation_id, live_from, end, others)[0]}
    return spells, leaves
