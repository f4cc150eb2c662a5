"""§ 24: the month-end at which sickness benefit stops unless the municipality extends it.

Lov om sygedagpenge § 24, stk. 1 (as amended by lov nr. 720 af 25/6/2014): "Udbetalingen af
sygedagpenge ophører efter udløbet af en kalendermåned, når der er udbetalt sygedagpenge, herunder
nedsatte sygedagpenge eller løn under sygdom, i mere end 22 uger i de 9 forudgående
kalendermåneder". Stk. 3: the first 30 calendar days of an employee's absence (the employer
period) are not counted. The municipality reassesses the case before that date (revurdering).

How we count, step by step:

1. Each absence (spells joined by § 30, stk. 4 are one absence) counts from its first day plus
   the excluded days (30, or 21 before 2 January 2012) to its last day, or on while it goes on.
   Partial absence counts in full (reduced benefit counts like full benefit).
2. At the end of each calendar month, add up the counted days in that month and the 8 months
   before it (the 9 calendar months ending with the month that has just run out).
3. The first month-end at which the sum is more than the limit (22 weeks = 154 days) is the date.

Step 2's reading of "de 9 forudgående kalendermåneder" (the month just ended included) is ours;
docs/law.md lists it as to be confirmed against STAR's guidance on the benefit period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Absence:
    """One absence with its employer-period days (not counted by § 24, stk. 3)."""

    first_day: dt.date
    last_day: dt.date | None
    excluded_days: int = 30

    @property
    def counted_from(self) -> dt.date:
        return self.first_day + dt.timedelta(days=self.excluded_days)


def month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - ONE_DAY


def months_back(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` calendar months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def counted_days(absences: Sequence[Absence], start: dt.date, end: dt.date) -> int:
    """Days from ``start`` to ``end`` inclusive on which benefit counts towards the limit."""
    total = 0
    for a in absences:
        first = max(a.counted_from, start)
        last = end if a.last_day is None else min(a.last_day, end)
        if first <= last:
            total += (last - first).days + 1
    return total


def reassessment_date(
    absences: Sequence[Absence],
    weeks: int = 22,
    months: int = 9,
    horizon_months: int = 60,
    between: tuple[dt.date, dt.date] | None = None,
) -> dt.date | None:
    """The last day of the month in which more than ``weeks`` weeks within ``months`` calendar
    months are passed, or None if the absences never pass it. ``between`` limits the month-ends
    looked at (the period in which this version of the rule was in force)."""
    counted = [a for a in absences if a.last_day is None or a.counted_from <= a.last_day]
    if not counted:
        return None
    limit = weeks * 7
    end = month_end(min(a.counted_from for a in counted))
    if between is not None:
        end = max(end, month_end(between[0]))
    ongoing = any(a.last_day is None for a in counted)
    last_counted = max((a.last_day for a in counted if a.last_day is not None), default=end)
    stop = month_end(months_back(end, -horizon_months)) if ongoing else month_end(last_counted)
    if between is not None:
        stop = min(stop, between[1])
    while end <= stop:
        window_start = months_back(end, months - 1)
        if counted_days(counted, window_start, end) > limit:
            return end
        end = month_end(end + ONE_DAY)
    return None
