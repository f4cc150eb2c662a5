"""The heat map's figures, summed by the database: the share of possible working hours lost on
each working day of a period, and how much of the absence the top 5 % of people carry.

The same definitions as ``daily_absence_share`` and ``person_figures`` (``naervaer.rules
.statistics``), which stay the reference the tests compare with, but no employment or spell is
read into Python: a piece of constant daily hours (an employment, a leave, a degree step of a
spell within an employment) is summed by the day it starts and by the day it ends, and
``naervaer.rules.heatmap`` turns those few hundred changes into daily values. Each person's
absent hours over the period (for the concentration) are each piece's hours a day times its
working days, counted with a table of the period's days.

The query reads every spell of the period, so a scope of up to ``LIVE_UP_TO`` employments
(a manager's people, most drill-downs) is computed as before, from its own rows read by index.

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

from naervaer.absence.models import LEAVE_KINDS
from naervaer.rules import heatmap
from naervaer.rules.statistics import (
    WORKING_DAYS_PER_WEEK,
    WorkingDays,
    daily_absence_share,
    person_figures,
    top_share,
)
from naervaer.statistics.selectors import Scope, employments_in, load_scope

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
