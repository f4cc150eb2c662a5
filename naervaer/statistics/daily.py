"""The heat map's figures: the share of possible working hours lost on each working day of a
period, and how much of the absence the top 5 % of people carry.

The definitions are ``daily_absence_share`` and ``person_figures`` (``naervaer.rules
.statistics``), and ``from_rows`` computes them from every employment and spell of the scope:
the reference the tests compare with. The page takes one of three ways:

- A period of whole months (the page's default), built with the days, reads them
  (``from_stored``): each
  month's hours a day on its first day and their changes on later days, summed for the scope
  like the dashboard's monthly figures (``naervaer.statistics.models``), plus the ongoing
  absence of the month that runs, computed live. The concentration sums each person's stored
  absent hours of those months.
- Any other period, for a scope of up to ``LIVE_UP_TO`` employments (a manager's people, most
  drill-downs), is computed from its own rows, read by index.
- A larger one is summed by the database: a piece of constant daily hours (an employment, a
  leave, a degree step of a spell within an employment) is summed by the day it starts and by
  the day it ends, and ``naervaer.rules.heatmap`` turns those few hundred changes into daily
  values. Each person's absent hours (for the concentration) are each piece's hours a day times
  its working days, counted with a table of the period's days. That query reads every spell of
  the period.

Whom it counts is ``Scope``'s: the organisation, a drill-down's sub-tree (its employments only:
a person's employment elsewhere does not count there), or a set of people. Spells of every kind
count (own sickness, pregnancy, work accident); a child's sickness is time off and does not.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet, Sum

from naervaer.absence.models import LEAVE_KINDS, Kind
from naervaer.rules import heatmap
from naervaer.rules.statistics import (
    WORKING_DAYS_PER_WEEK,
    WorkingDays,
    daily_absence_share,
    months,
    person_figures,
    top_share,
)
from naervaer.statistics.aggregates import ensure_built, ensure_ongoing
from naervaer.statistics.models import BuiltMonth, OngoingDay, OngoingMonth, PersonMonthAbsence
from naervaer.statistics.selectors import (
    DAYS,
    FIGURES,
    Scope,
    employments_in,
    load_ongoing,
    load_scope,
    per_person_rows,
    units_in,
    whole_months,
    whole_rows,
)

# Pieces are summed as weekly hours × percent; this turns that into hours a day.
_TO_HOURS_A_DAY = 1 / (WORKING_DAYS_PER_WEEK * 100)

# Up to this many employments, the scope's rows are read and the heat map computed in Python
# (``from_rows``): reading a few thousand people's rows by their indexes is cheaper than the
# query below, which reads every spell of the period (bench/heatmap_bench.py, 50k: a unit of
# 3,685 employments 3.7 s in Python, 11 s by the query on SQLite; the whole organisation 26 s
# against 10 s).
LIVE_UP_TO = 10_000


@dataclass(frozen=True)
class Heatmap:
    shares: dict[dt.date, float]  # working day -> share of possible hours lost
    # (how many people are the top 5 %, the share of the absent hours they carry), or None
    concentration: tuple[int, float] | None


def heat_map(
    scope: Scope, start: dt.date, end: dt.date, today: dt.date, *, concentration: bool = True
) -> Heatmap:
    """The heat map of ``scope`` from ``start`` to ``end``; spells still ongoing run to
    ``today``. ``concentration=False`` leaves the per-person sums out (the AMO when some month
    may not be shown)."""
    if whole_months(start, end) and _days_stored(scope.organisation_id, start, end):
        return from_stored(scope, start, end, today, concentration=concentration)
    employments = (
        employments_in(scope, start, end)
        .values_list("person_id", "start", "end", "weekly_hours")
        .order_by()
    )
    if employments.count() <= LIVE_UP_TO:
        return from_rows(scope, start, end, today, concentration=concentration)
    emp_sql, emp_params = employments.query.sql_with_params()
    queries = _Queries(connection.vendor, emp_sql, list(emp_params), start, end, today)
    possible: dict[dt.date, float] = defaultdict(float)
    absent: dict[dt.date, float] = defaultdict(float)
    hours: list[float] = []
    people = 0
    postgresql = connection.vendor == "postgresql"
    # On SQLite a transaction would take the write lock (IMMEDIATE): this only reads.
    with transaction.atomic() if postgresql else nullcontext(), connection.cursor() as cursor:
        if postgresql:
            # One large query: compiling it (JIT) costs more than it saves, and its sorts and
            # hashes of a few hundred thousand rows fit in memory instead of on disk. LOCAL:
            # for this transaction only.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(*queries.figures(concentration))
        for what, day, after, total in cursor.fetchall():
            if what == _PEOPLE:
                people = int(total)
            elif what == _PERSON_HOURS:
                hours.append(float(total) * _TO_HOURS_A_DAY)
            else:
                day = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
                changes = possible if what == _POSSIBLE else absent
                changes[day + dt.timedelta(days=after)] += float(total) * _TO_HOURS_A_DAY
    shares = heatmap.daily_shares(start, end, possible, absent)
    # Everyone employed counts, those without absence with no hours.
    found = top_share(hours + [0.0] * (people - len(hours))) if concentration else None
    return Heatmap(shares, found)


def from_rows(
    scope: Scope, start: dt.date, end: dt.date, today: dt.date, *, concentration: bool
) -> Heatmap:
    """``heat_map`` from every employment, spell and leave of the scope, by the reference
    definitions."""
    data = load_scope(scope, start, end)
    ids = list(data.employments)
    employments = {p: [e for _unit, e in data.employments[p]] for p in ids}
    shares = daily_absence_share(
        ((employments[p], data.spells.get(p, [])) for p in ids),
        start,
        end,
        today,
        {i: data.leaves[p] for i, p in enumerate(ids) if p in data.leaves},
    )
    if not concentration:
        return Heatmap(shares, None)
    days = WorkingDays(start, end)
    hours = [
        person_figures(
            employments[p], data.spells.get(p, []), start, end, days, today, data.leaves.get(p, ())
        ).absent_hours
        for p in ids
    ]
    return Heatmap(shares, top_share(hours))


def _days_stored(organisation_id: int, start: dt.date, end: dt.date) -> bool:
    """Whether every month of the period is built with its days (building any month not built
    yet): a month built before the days existed has none until it is built again
    (``naervaer stats --rebuild``), and is computed from the rows meanwhile."""
    period = months(start, end)
    ensure_built(organisation_id, period)
    return not BuiltMonth.objects.filter(
        organisation_id=organisation_id, month__in=[m[0] for m in period], days_counted=False
    ).exists()


def from_stored(
    scope: Scope, start: dt.date, end: dt.date, today: dt.date, *, concentration: bool
) -> Heatmap:
    """``heat_map`` of a period of whole months from the stored days (``_days_stored``), and the
    ongoing absence of the month of ``today`` and later computed live."""
    period = months(start, end)
    this_month = today.replace(day=1)
    ensure_ongoing(scope.organisation_id, period, today)
    unit_paths = dict(units_in(scope).values_list("pk", "path"))
    by_month: dict[dt.date, heatmap.MonthChanges] = defaultdict(heatmap.MonthChanges)
    for sign, rows in whole_rows(scope, unit_paths, start, end, FIGURES):
        for month, possible, absent in (
            rows.values("month")
            .annotate(p=Sum("opening_possible"), a=Sum("opening_absent"))
            .values_list("month", "p", "a")
        ):
            by_month[month].opening[0] += sign * possible
            by_month[month].opening[1] += sign * absent
    for sign, rows in whole_rows(scope, unit_paths, start, end, DAYS):
        for month, day, possible, absent in (
            rows.values("month", "day")
            .annotate(p=Sum("possible"), a=Sum("absent"))
            .values_list("month", "day", "p", "a")
        ):
            by_month[month].change(day, sign * possible, sign * absent)
    # The ongoing absence of the months that are over, stored per spell.
    ongoing, ongoing_days = _stored_ongoing(
        scope, unit_paths, start, min(end, this_month - dt.timedelta(days=1))
    )
    for month, absent in (
        ongoing.values("month").annotate(a=Sum("opening_absent")).values_list("month", "a")
    ):
        by_month[month].opening[1] += absent
    for month, day, absent in (
        ongoing_days.values("month", "day")
        .annotate(a=Sum("absent"))
        .values_list("month", "day", "a")
    ):
        by_month[month].change(day, 0.0, absent)
    # From the month of today on, the ongoing absence is live.
    live_start = max(start, this_month)
    live = load_ongoing(scope, live_start, end) if live_start <= end else None
    if live is not None:
        live_months = months(live_start, end)
        for person_id, spells in live.spells.items():
            for _unit, employment in live.employments[person_id]:
                for first, changes in heatmap.absence_changes(
                    employment, spells, today, live.leaves.get(person_id, ()), live_months
                ).items():
                    by_month[first].add(changes)
    shares = heatmap.shares_of_months(start, end, by_month)
    if not concentration:
        return Heatmap(shares, None)
    hours = _hours_by_person(scope, unit_paths, start, end, ongoing)
    if live is not None:
        days = WorkingDays(live_start, end)
        for person_id, spells in live.spells.items():
            hours[person_id] += person_figures(
                [e for _unit, e in live.employments[person_id]],
                spells,
                live_start,
                end,
                days,
                today,
                live.leaves.get(person_id, ()),
            ).absent_hours
    people = employments_in(scope, start, end).values("person_id").distinct().count()
    return Heatmap(shares, top_share([*hours.values(), *[0.0] * (people - len(hours))]))


def _stored_ongoing(
    scope: Scope, unit_paths: dict[int, str], first: dt.date, last: dt.date
) -> tuple[QuerySet[OngoingMonth], QuerySet[OngoingDay]]:
    """The stored ongoing absence of the scope's units (and people) from ``first`` to
    ``last``: per spell and month, and its changes a day."""
    period = {"month__gte": first, "month__lte": last}
    return (
        per_person_rows(OngoingMonth.objects.filter(**period), scope, unit_paths),
        per_person_rows(OngoingDay.objects.filter(**period), scope, unit_paths),
    )


def _hours_by_person(
    scope: Scope,
    unit_paths: dict[int, str],
    start: dt.date,
    end: dt.date,
    ongoing: QuerySet[OngoingMonth],
) -> dict[int, float]:
    """Each person's stored absent hours in the scope over the months: their ended spells (not
    a child's sickness) and their ongoing spells' in the months over."""
    hours: dict[int, float] = defaultdict(float)
    ended = per_person_rows(
        PersonMonthAbsence.objects.filter(month__gte=start, month__lte=end, kind__in=Kind.values),
        scope,
        unit_paths,
    )
    for rows in (ended, ongoing):
        for person_id, absent in (
            rows.values("person_id").annotate(h=Sum("absent_hours")).values_list("person_id", "h")
        ):
            hours[person_id] += absent
    return hours


Query = tuple[str, list[Any]]

# What a row of ``_Queries.figures`` is.
_POSSIBLE, _ABSENT, _PERSON_HOURS, _PEOPLE = 1, 2, 3, 4


class _Queries:
    """The heat map's one query, in the SQL both databases speak but for a few functions.
    Each piece is SQL text with its parameters, joined in order."""

    def __init__(
        self,
        vendor: str,
        employments_sql: str,
        employments_params: list[Any],
        start: dt.date,
        end: dt.date,
        today: dt.date,
    ) -> None:
        self.start, self.end, self.today = start, end, today
        if vendor == "postgresql":
            self.greatest, self.least, self.date = "GREATEST", "LEAST", "CAST(%s AS DATE)"
            self.day_before = "({} - 1)"
        else:  # SQLite: the scalar MIN/MAX (never given a NULL here); dates are ISO text
            self.greatest, self.least, self.date = "MAX", "MIN", "%s"
            self.day_before = "date({}, '-1 day')"
        self.employments: Query = (employments_sql, employments_params)

    def figures(self, by_person: bool) -> Query:
        """Rows of (what, day, 0: from that day on / 1: from the day after it, weekly hours ×
        percent): the changes of the possible and the absent hours a day, and, if
        ``by_person``, each absent person's weekly hours × percent × working days (day NULL)
        and how many people are employed (the last column)."""
        d, greatest, least = self.date, self.greatest, self.least
        before_next = self.day_before.format("step.next_from")
        kinds = sorted(LEAVE_KINDS)
        employments_sql, employments_params = self.employments
        # Only fixed SQL and placeholders are formatted in: every value is a parameter.
        sql = f"""
        WITH emp_row (person_id, e_start, e_end, hours) AS ({employments_sql}),
        emp AS (  -- clipped to the period
            SELECT person_id, hours,
                {greatest}(e_start, {d}) AS first, {least}(COALESCE(e_end, {d}), {d}) AS last
            FROM emp_row
        ),
        lv AS (  -- the scope's leave overlapping the period
            SELECT t.person_id, t.percent, t.first_day, t.last_day FROM absence_timeoff t
            WHERE t.kind IN ({", ".join(["%s"] * len(kinds))})
                AND t.last_day >= {d} AND t.first_day <= {d}
                AND t.person_id IN (SELECT person_id FROM emp)
        ),
        on_leave AS (  -- leave within each employment: not possible working time
            SELECT emp.hours * lv.percent AS weight,
                {greatest}(lv.first_day, emp.first) AS first,
                {least}(lv.last_day, emp.last) AS last
            FROM emp JOIN lv ON lv.person_id = emp.person_id
            WHERE lv.first_day <= emp.last AND lv.last_day >= emp.first
        ),
        spell AS (  -- the spells overlapping the period, ended and ongoing (to today): found
            -- by their last day; the join with the employments below keeps the scope's
            SELECT id, person_id, first_day, last_day AS spell_last
            FROM absence_absencespell
            WHERE last_day >= {d} AND first_day <= {d}
            UNION ALL
            SELECT id, person_id, first_day, {d} FROM absence_absencespell
            WHERE last_day IS NULL AND first_day <= {d}
        ),
        step AS (  -- their degree steps
            SELECT s.person_id, s.spell_last,
                COALESCE(g.from_day, s.first_day) AS from_day,
                COALESCE(g.percent, 100) AS pct,
                LEAD(g.from_day) OVER (PARTITION BY s.id ORDER BY g.from_day) AS next_from
            FROM spell s LEFT JOIN absence_absencedegree g ON g.spell_id = s.id
        ),
        seg AS (  -- each step within each employment of its person
            SELECT step.person_id, emp.hours, step.pct,
                {greatest}(step.from_day, emp.first) AS first,
                {least}(step.spell_last, emp.last, COALESCE({before_next}, step.spell_last))
                    AS last
            FROM step JOIN emp ON emp.person_id = step.person_id
        ),
        part AS (
            SELECT person_id, hours, hours * pct AS weight, pct, first, last FROM seg
            WHERE first <= last
        ),
        leave_part AS (  -- a day on leave is not absence: the excess over a whole day
            SELECT part.person_id, part.hours * (part.pct + lv.percent - 100) AS weight,
                {greatest}(part.first, lv.first_day) AS first,
                {least}(part.last, lv.last_day) AS last
            FROM part JOIN lv ON lv.person_id = part.person_id
            WHERE part.pct + lv.percent > 100
                AND lv.first_day <= part.last AND lv.last_day >= part.first
        )"""  # noqa: S608
        params = [
            *employments_params,
            *(self.start, self.end, self.end),  # emp
            *kinds,
            *(self.start, self.end),  # lv
            *(self.start, self.end, self.today, self.end),  # spell
        ]
        select = f"""
        SELECT {_POSSIBLE}, first, 0, SUM(hours) * 100 FROM emp GROUP BY first
        UNION ALL SELECT {_POSSIBLE}, last, 1, -SUM(hours) * 100 FROM emp GROUP BY last
        UNION ALL SELECT {_POSSIBLE}, first, 0, -SUM(weight) FROM on_leave GROUP BY first
        UNION ALL SELECT {_POSSIBLE}, last, 1, SUM(weight) FROM on_leave GROUP BY last
        UNION ALL SELECT {_ABSENT}, first, 0, SUM(weight) FROM part GROUP BY first
        UNION ALL SELECT {_ABSENT}, last, 1, -SUM(weight) FROM part GROUP BY last
        UNION ALL SELECT {_ABSENT}, first, 0, -SUM(weight) FROM leave_part GROUP BY first
        UNION ALL SELECT {_ABSENT}, last, 1, SUM(weight) FROM leave_part GROUP BY last"""  # noqa: S608
        if by_person:
            days = heatmap.working_day_index(self.start, self.end)
            sql += f""",
            cal (day, upto, working) AS (VALUES {", ".join([f"({d}, %s, %s)"] * len(days))}),
            piece AS (
                SELECT person_id, weight, first, last FROM part
                UNION ALL SELECT person_id, -weight, first, last FROM leave_part
            )"""  # noqa: S608
            params += [v for row in days for v in row]
            select += f"""
            UNION ALL SELECT {_PERSON_HOURS}, NULL, NULL,
                SUM(piece.weight * (b.upto - a.upto + a.working))
            FROM piece JOIN cal a ON a.day = piece.first JOIN cal b ON b.day = piece.last
            GROUP BY piece.person_id
            UNION ALL SELECT {_PEOPLE}, NULL, NULL, COUNT(DISTINCT person_id) FROM emp"""  # noqa: S608
        return sql + select, params
