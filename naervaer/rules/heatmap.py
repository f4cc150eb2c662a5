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

The stored figures keep the same changes a calendar month at a time (``month_changes``): the
level on the month's first day and the changes on its later days. A month is then complete in
itself, and a period of months is the months' levels read one after the other
(``shares_of_months``).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from naervaer.rules.calendar import ONE_DAY, is_working_day
from naervaer.rules.statistics import Employment, Leave, Piece, Spell, day_pieces, months

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


@dataclass
class MonthChanges:
    """A calendar month of someone's (or a group's) hours a day: the possible and absent hours
    on its first day, and how much they change from each later day on."""

    opening: list[float] = field(default_factory=lambda: [0.0, 0.0])  # possible, absent
    changes: dict[dt.date, list[float]] = field(default_factory=dict)  # day: [possible, absent]

    def change(self, day: dt.date, possible: float, absent: float) -> None:
        """The hours a day change by these from ``day`` on."""
        entry = self.changes.setdefault(day, [0.0, 0.0])
        entry[0] += possible
        entry[1] += absent

    def add(self, other: MonthChanges) -> None:
        self.opening[0] += other.opening[0]
        self.opening[1] += other.opening[1]
        for day, (possible, absent) in other.changes.items():
            self.change(day, possible, absent)


def month_changes(
    pieces: Iterable[Piece], months: Sequence[tuple[dt.date, dt.date]]
) -> dict[dt.date, MonthChanges]:
    """The pieces' hours a day in each month (first and last day, in order), by its first day.
    A piece that covers a month's first day adds to its opening level; one that begins later
    adds a change on the day it begins; one that ends before the month's last day takes its
    hours away the day after. Each piece is looked at only in the months it overlaps."""
    firsts = [first for first, _last in months]
    result: dict[dt.date, MonthChanges] = {}
    for piece in pieces:
        for first, last in months[max(bisect_right(firsts, piece.first) - 1, 0) :]:
            if piece.last is not None and piece.last < first:
                break
            if piece.first > last:
                continue
            month = result.setdefault(first, MonthChanges())
            if piece.first <= first:
                month.opening[0] += piece.possible
                month.opening[1] += piece.absent
            else:
                month.change(piece.first, piece.possible, piece.absent)
            if piece.last is not None and piece.last < last:
                month.change(piece.last + ONE_DAY, -piece.possible, -piece.absent)
    return result


def absence_changes(
    employment: Employment,
    spells: Sequence[Spell],
    today: dt.date,
    leaves: Sequence[Leave],
    months: Sequence[tuple[dt.date, dt.date]],
) -> dict[dt.date, MonthChanges]:
    """``month_changes`` of the absent hours a day of ``spells`` within ``employment`` (ongoing
    ones run to ``today``), without the employment's possible hours: the ongoing absence added
    to stored months."""
    pieces = [p for p in day_pieces([employment], spells, today, leaves) if p.absent]
    return month_changes(pieces, months)


def shares_of_months(
    start: dt.date, end: dt.date, by_month: Mapping[dt.date, MonthChanges]
) -> dict[dt.date, float]:
    """``daily_shares`` from months' levels (``month_changes``, by their first day): the share
    of possible hours lost on each working day from ``start`` to ``end``."""
    result: dict[dt.date, float] = {}
    for first, last in months(start, end):
        month = by_month.get(first)
        if month is None:  # nobody employed: no share
            continue
        possible: dict[dt.date, float] = defaultdict(float)
        absent: dict[dt.date, float] = defaultdict(float)
        possible[first], absent[first] = month.opening
        for day, (p, a) in month.changes.items():
            possible[day] += p
            absent[day] += a
        result.update(daily_shares(max(start, first), min(end, last), possible, absent))
    return result
