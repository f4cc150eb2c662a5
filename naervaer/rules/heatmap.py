"""The heat map's arithmetic on changes, not on people (``naervaer.statistics.daily``).

A heat map needs, for each working day, the possible hours and the absent hours of everyone
in scope. Both are sums of pieces constant over a span of days (an employment's daily hours,
a degree step of a spell, a leave), so the database can sum the pieces *by the day they start
and by the day after they end*: the daily values are the running sums of those changes
(``daily_shares``), exactly ``daily_absence_share``'s difference arrays, built from a few
hundred grouped rows instead of every employment and spell.

A person's absent hours over the period (the concentration line) are the working days of each
piece times its hours a day; ``working_day_index`` gives the database what it needs to count
working days in a span with two lookups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from naervaer.rules.calendar import ONE_DAY, is_working_day

NOBODY = 1e-9  # possible hours at or below this on a day: nobody could work, no share


def daily_shares(
    start: dt.date,
    end: dt.date,
    possible_changes: Mapping[dt.date, float],
    absent_changes: Mapping[dt.date, float],
) -> dict[dt.date, float]:
    """The share of possible hours lost on each working day from ``start`` to ``end``.

    ``*_changes[day]`` is how much the daily hours change from ``day`` on (a piece from ``a``
    to ``b`` adds its hours at ``a`` and takes them away at ``b + 1``); changes before
    ``start`` are the level on ``start``, changes after ``end`` do not matter. A day with no
    possible hours has no share."""
    possible = sum(v for day, v in possible_changes.items() if day < start)
    absent = sum(v for day, v in absent_changes.items() if day < start)
    result: dict[dt.date, float] = {}
    day = start
    while day <= end:
        possible += possible_changes.get(day, 0.0)
        absent += absent_changes.get(day, 0.0)
        if is_working_day(day) and possible > NOBODY:
            result[day] = absent / possible
        day += ONE_DAY
    return result


def working_day_index(start: dt.date, end: dt.date) -> list[tuple[dt.date, int, int]]:
    """(day, working days from ``start`` to ``day`` inclusive, 1 if ``day`` is a working day)
    for every day of the period: the working days from ``a`` to ``b`` are
    ``count(b) - count(a) + working(a)``."""
    rows = []
    count = 0
    day = start
    while day <= end:
        working = int(is_working_day(day))
        count += working
        rows.append((day, count, working))
        day += ONE_DAY
    return rows
