"""The stored figures that a day's first pages would otherwise make: queued each morning.

Changes keep the built months up to date in their own transaction (``aggregates.refresh``).
But a month nobody has asked for yet is built whole by the first page that shows it, a month
that has just ended has its ongoing absence stored by the first page after it, the default
year's and the year before's sub-tree sums are stored by the first page that reads them
(``aggregates.ensure_period``), and the AMO's first page decides what it may see of a month
that has no kept decision. At 50,000 employees that is seconds, every first of the month, for
whoever comes first (issue 14). ``prepare`` does all of it for the months and years the pages
show by default, so nobody waits for them; a page asked for another period still builds what
it needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from naervaer.rules import statistics as core
from naervaer.rules.calendar import add_months
from naervaer.statistics import disclosure
from naervaer.statistics.aggregates import (
    default_years,
    ensure_built,
    ensure_ongoing,
    ensure_period,
)

# The dashboard's default period, the last 12 full months, and the year before it, which its
# trend and early warning read (``aggregates.default_years``); with the running month (the
# front pages and the heat map's current month): 25 months.
MONTHS_SHOWN = 25
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Prepared:
    built: int  # months built whole now
    decided: int  # months whose disclosure decision was made now


def months_shown(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months the statistics pages read by default on ``today``."""
    _year, (first, _last) = default_years(today)
    return core.months(first, add_months(today.replace(day=1), 1) - ONE_DAY)


def prepare(organisation_id: int, today: dt.date) -> Prepared:
    months = months_shown(today)
    built = ensure_built(organisation_id, months)
    ensure_ongoing(organisation_id, months, today)
    for first, last in default_years(today):
        ensure_period(organisation_id, first, last)
    return Prepared(built, disclosure.decide_again(organisation_id, today))
