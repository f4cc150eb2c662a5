"""Absence by age band (``naervaer.rules.age``): rate, spells and days of each band over a
period, for the people a viewer may count; for the AMO only what disclosure control allows.

A period of whole months is summed from the stored monthly rows, each person-month in the
band the person is in all month (``naervaer.statistics.attributed``); only the person-months
with a birthday across a band's boundary, or with employments overlapping each other, and the
ongoing spells of the month that runs are computed live. A period that cuts months is computed
live (``_live``): a bounded number of queries (the employments with the date of birth, the
spells with the degrees, the leave), then one pass over the people, splitting each person's
period where they change band. Both give the same figures (tests/test_statistics_attributed.py).
The figures are those of the dashboard (``naervaer.rules.statistics``: own sickness and work
accidents, possible hours = agreed hours minus leave), so the bands add up to its total except
for people counts: someone who changes band in the period is one of the people of both.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from naervaer.absence.models import LEAVE_KINDS, AbsenceDegree, AbsenceSpell, TimeOff
from naervaer.people.models import Employment, Organisation, Unit, subtree_q
from naervaer.rules import age
from naervaer.rules import statistics as core
from naervaer.rules.disclosure import OTHER, Decision
from naervaer.rules.holiday import holiday_days
from naervaer.statistics import disclosure
from naervaer.statistics.attributed import MIXED, Held, Key, Mixed, sum_by_attribute
from naervaer.statistics.selectors import Scope, employments_in, whole_months


@dataclass(frozen=True)
class AgeScope:
    """Whom to count: people by id (None = everyone of ``organisation_id``), under a unit."""

    organisation_id: int
    person_ids: frozenset[int] | None = None
    under_unit: Unit | None = None


@dataclass
class AgeRow:
    """One band's figures; ``key`` is a band's key, ``age.UNKNOWN`` or ``OTHER`` (the bands
    in ``merged`` together, for the AMO)."""

    key: str
    figures: core.Figures
    merged: tuple[str, ...] = ()
    people: frozenset[int] = frozenset()  # whose figures these are


@dataclass
class AgeTable:
    rows: list[AgeRow] = field(default_factory=list)
    suppressed: bool = False  # the AMO may see no breakdown by age of this scope and period
    leave_days_estimate: int = 0  # no leave recorded: the days a year assumed, else 0


def _people(
    scope: AgeScope, start: dt.date, end: dt.date
) -> tuple[
    dict[int, list[core.Employment]],
    dict[int, dt.date | None],
    dict[int, list[core.Spell]],
    dict[int, list[core.Leave]],
]:
    employments_qs = Employment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=start),
        start__lte=end,
        person__organisation_id=scope.organisation_id,
    )
    if scope.person_ids is not None:
        employments_qs = employments_qs.filter(person_id__in_ids=scope.person_ids)
    if scope.under_unit is not None:
        employments_qs = employments_qs.filter(subtree_q([scope.under_unit.path], "unit__path"))
    employments: dict[int, list[core.Employment]] = defaultdict(list)
    births: dict[int, dt.date | None] = {}
    for person_id, e_start, e_end, hours, birth_date in employments_qs.values_list(
        "person_id", "start", "end", "weekly_hours", "person__birth_date"
    ):
        employments[person_id].append(core.Employment(e_start, e_end, hours))
        births[person_id] = birth_date
    # Subqueries, not lists of ids: an organisation's thousands of people pass the databases'
    # limits on query parameters.
    whom = employments_qs.values("person_id")
    spell_qs = AbsenceSpell.objects.filter(
        Q(last_day__isnull=True) | Q(last_day__gte=start),
        first_day__lte=end,
        kind__in=core.HEADLINE_KINDS,
        person_id__in=whom,
    )
    spell_rows = list(spell_qs.values_list("pk", "person_id", "first_day", "last_day", "kind"))
    # The degrees by the spells' ids (one parameter, ``naervaer.idsets``): as a sub-query of the
    # spells' sub-query PostgreSQL planned a three-level semi-join: over a minute a query on the
    # tables of a new test database, which it has no statistics for yet.
    steps: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for spell_id, from_day, percent in (
        AbsenceDegree.objects.filter(spell_id__in_ids=[row[0] for row in spell_rows])
        .order_by("spell_id", "from_day")
        .values_list("spell_id", "from_day", "percent")
    ):
        steps[spell_id].append((from_day, percent))
    spells: dict[int, list[core.Spell]] = defaultdict(list)
    for pk, person_id, first, last, kind in spell_rows:
        spells[person_id].append(
            core.Spell(first, last, tuple(steps.get(pk) or [(first, 100)]), kind)
        )
    leaves: dict[int, list[core.Leave]] = defaultdict(list)
    for person_id, kind, first, last, percent in TimeOff.objects.filter(
        kind__in=LEAVE_KINDS, last_day__gte=start, first_day__lte=end, person_id__in=whom
    ).values_list("person_id", "kind", "first_day", "last_day", "percent"):
        leaves[person_id].append(core.Leave(first, last, percent, kind))
    return employments, births, spells, leaves


def _leave_estimate(organisation_id: int, start: dt.date, end: dt.date) -> int:
    """As the dashboard: if the organisation recorded no leave in the period, the days of leave
    a year to assume (the holiday act's and the organisation's feriefridage), else 0."""
    if TimeOff.objects.filter(
        kind__in=LEAVE_KINDS,
        last_day__gte=start,
        first_day__lte=end,
        person__organisation_id=organisation_id,
    ).exists():
        return 0
    extra: int = Organisation.objects.values_list("extra_holiday_days", flat=True).get(
        pk=organisation_id
    )
    return holiday_days(end) + extra


Bands = tuple[dict[str, core.Figures], dict[str, set[int]]]


def _live(
    scope: AgeScope,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    bands: tuple[age.AgeBand, ...],
) -> Bands:
    """Each band's figures and people, computed from every employment, spell and leave of the
    scope: for a period that cuts months, and the reference the stored sums are tested against."""
    employments, births, spells, leaves = _people(scope, start, end)
    days = core.WorkingDays(start, end)
    figures: dict[str, core.Figures] = defaultdict(core.Figures)
    people: dict[str, set[int]] = defaultdict(set)
    for person_id, person_employments in employments.items():
        for band, first, last in age.band_spans(births[person_id], start, end, bands):
            found = core.person_figures(
                person_employments,
                spells.get(person_id, ()),
                first,
                last,
                days,
                today,
                leaves.get(person_id, ()),
            )
            if found.people:
                figures[band].add(found)
                people[band].add(person_id)
    return figures, people


def _stored(
    scope: AgeScope,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    bands: tuple[age.AgeBand, ...],
) -> Bands:
    """``_live`` of whole months, from the stored rows: each person-month in the band the
    person is in all month. A birthday across a band's boundary inside the month, and
    employments overlapping each other (the live computation counts a spell once, the stored
    rows once per employment), make the person-month live."""
    rows_scope = Scope(
        scope.organisation_id,
        None if scope.person_ids is None else set(scope.person_ids),
        scope.under_unit,
    )
    held: list[Held] = []
    births: dict[int, dt.date | None] = {}
    for person_id, unit_id, e_start, e_end, hours, birth_date in employments_in(
        rows_scope, start, end
    ).values_list("person_id", "unit_id", "start", "end", "weekly_hours", "person__birth_date"):
        held.append(Held(person_id, unit_id, core.Employment(e_start, e_end, hours)))
        births[person_id] = birth_date
    of_person: dict[int, list[core.Employment]] = defaultdict(list)
    for h in held:
        of_person[h.person_id].append(h.employment)
    doubled: dict[int, list[tuple[dt.date, dt.date]]] = {}  # days two employments overlap
    for person_id, employments in of_person.items():
        if len(employments) > 1:
            doubled[person_id] = [
                (max(a.start, b.start), min(a.end or end, b.end or end))
                for i, a in enumerate(employments)
                for b in employments[i + 1 :]
                if max(a.start, b.start) <= min(a.end or end, b.end or end)
            ]

    spans_of: dict[int, list[tuple[str, dt.date, dt.date]]] = {}  # each person's, worked out once

    def band_of(person_id: int, _unit_id: int, first: dt.date, last: dt.date) -> Key | Mixed:
        if any(a <= last and b >= first for a, b in doubled.get(person_id, ())):
            return MIXED
        if person_id not in spans_of:
            spans_of[person_id] = age.band_spans(births[person_id], start, end, bands)
        for band, a, b in spans_of[person_id]:
            if a <= first <= b:
                return band if last <= b else MIXED
        raise ValueError(f"{first} is not in the period")

    def pieces(
        person_id: int, person_held: Sequence[Held], first: dt.date, last: dt.date
    ) -> list[tuple[str, Sequence[core.Employment], dt.date, dt.date]]:
        employments = [h.employment for h in person_held]
        return [
            (band, employments, a, b)
            for band, a, b in age.band_spans(births[person_id], first, last, bands)
        ]

    sums = sum_by_attribute(
        rows_scope, start, end, today, held, band_of, pieces, kinds=core.HEADLINE_KINDS
    )
    figures: dict[str, core.Figures] = defaultdict(core.Figures)
    people: dict[str, set[int]] = defaultdict(set)
    for band, found in sums.items():
        found.figures.people = len(found.people)
        figures[band], people[band] = found.figures, found.people
    return figures, people


def by_age_band(
    scope: AgeScope,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    *,
    for_amo: bool = False,
    decision: Decision | None = None,
) -> AgeTable:
    """The figures of each age band over ``start``–``end``, youngest first, people without a
    date of birth last. For the AMO: nothing unless the scope is publishable in every month of
    the period, and rare bands merged into one ``OTHER`` row (or no breakdown at all);
    ``decision`` is the organisation's, if already made for these months today."""
    bands = age.AGE_BANDS.at(today)
    if whole_months(start, end):
        figures, people = _stored(scope, start, end, today, bands)
    else:
        figures, people = _live(scope, start, end, today, bands)
    estimate = _leave_estimate(scope.organisation_id, start, end)
    order = [b.key for b in bands] + [age.UNKNOWN]
    table = AgeTable(leave_days_estimate=estimate)
    table.rows = [
        AgeRow(key, figures[key], people=frozenset(people[key])) for key in order if people[key]
    ]
    if for_amo:
        if decision is None:
            decision = disclosure.decide(scope.organisation_id, start, end, today)
        _protect(table, scope, start, end, decision, order)
    if estimate:
        for row in table.rows:
            core.estimate_leave(row.figures, estimate, end.year)
    return table


def _protect(
    table: AgeTable,
    scope: AgeScope,
    start: dt.date,
    end: dt.date,
    decision: Decision,
    order: list[str],
) -> None:
    """What the organisation-wide decision lets a group-only viewer see, as for the kinds of the
    dashboard: the scope must be publishable in every month, the bands shown on their own must
    be so in every month, and the rest form one row."""
    period = disclosure.month_firsts(start, end)
    whole = (
        decision.subtree(scope.under_unit.pk)
        if scope.under_unit is not None
        else decision.everyone()
    )
    categories = decision.categories_for("age", period)
    if (
        scope.person_ids is not None
        or not decision.publishable(whole, period)
        or not categories.shown
    ):
        table.rows, table.suppressed = [], True
        return
    merged: dict[str, AgeRow] = {}
    for row in table.rows:
        bucket = categories.bucket(row.key)
        assert bucket is not None
        target = merged.setdefault(bucket, AgeRow(bucket, core.Figures()))
        target.figures.add(row.figures)
        target.people |= row.people
        if bucket == OTHER:
            target.merged += (row.key,)
    table.rows = sorted(
        merged.values(), key=lambda r: order.index(r.key) if r.key in order else len(order)
    )
