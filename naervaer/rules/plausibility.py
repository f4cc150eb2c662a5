"""What input can mean at all: dates inside the years the system works with, first absence days
not far in the future, and a gradual-return schedule that fits the person's contract.

These are not rules of law (those are dated series with sources, ``series.py``) but limits of
sense, decided here once so that the web, the API and the command line refuse the same things.
Problems are codes with parameters; the web and the API put them into words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from naervaer.rules.gradual import HoursStep
from naervaer.rules.spells import Period

# Dates the system stores and computes with. Wide enough for any employment history and any
# plan, narrow enough that date arithmetic (a year back for a trend, a day past the end) never
# leaves what Python and the databases can represent (years 1 and 9999 break both).
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)

# Sickness is reported when it happens: at the latest the day before ("I will not be in
# tomorrow"). None of the kinds of absence the system holds (own sickness, work accident,
# pregnancy-related) is planned leave, and a planned operation is registered when it begins, so
# the same limit holds for all of them. A first day further ahead is a typing error (2062 for
# 2026) that would otherwise block the real registration.
MAX_DAYS_AHEAD = 1

# The statistics compute per day over the period: five years is the longest period asked for.
MAX_PERIOD_DAYS = 366 * 5


def supported(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


def supported_year(year: int) -> bool:
    return EARLIEST.year <= year <= LATEST.year


class Code(StrEnum):
    OUT_OF_RANGE = "out_of_range"  # params: day
    TOO_FAR_AHEAD = "too_far_ahead"  # params: day, latest
    PERIOD_TOO_LONG = "period_too_long"  # params: days
    END_BEFORE_START = "end_before_start"  # params: start, end
    ABOVE_CONTRACT = "above_contract"  # params: day, hours, weekly_hours
    NOT_IN_ORDER = "not_in_order"  # params: day, previous
    BEFORE_ABSENCE = "before_absence"  # params: day, first_day
    ABSENCE_ENDED = "absence_ended"  # params: last_day


@dataclass(frozen=True, slots=True)
class Problem:
    code: Code
    params: dict[str, object] = field(default_factory=dict)


def check_dates(*days: dt.date | None) -> list[Problem]:
    """Every given day must be one the system works with."""
    return [
        Problem(Code.OUT_OF_RANGE, {"day": d}) for d in days if d is not None and not supported(d)
    ]


def check_first_day(first_day: dt.date, today: dt.date) -> list[Problem]:
    """A first day of absence must be a real date and at most ``MAX_DAYS_AHEAD`` ahead."""
    if not supported(first_day):
        return [Problem(Code.OUT_OF_RANGE, {"day": first_day})]
    latest = today + dt.timedelta(days=MAX_DAYS_AHEAD)
    if first_day > latest:
        return [Problem(Code.TOO_FAR_AHEAD, {"day": first_day, "latest": latest})]
    return []


def check_period(start: dt.date, end: dt.date) -> list[Problem]:
    """A statistics period: both ends supported, in order, at most ``MAX_PERIOD_DAYS`` long."""
    problems = check_dates(start, end)
    if problems:
        return problems
    if end < start:
        return [Problem(Code.END_BEFORE_START, {"start": start, "end": end})]
    if (end - start).days > MAX_PERIOD_DAYS:
        return [Problem(Code.PERIOD_TOO_LONG, {"days": MAX_PERIOD_DAYS})]
    return []


def check_schedule(
    schedule: Sequence[HoursStep], weekly_hours: Decimal, absence: Period, today: dt.date
) -> list[Problem]:
    """A gradual return as entered: on an absence that has not ended, each step from the first
    absence day on, the dates in order, and never more hours than the contract's."""
    if not schedule:
        return []
    if absence.end is not None and absence.end < today:
        return [Problem(Code.ABSENCE_ENDED, {"last_day": absence.end})]
    problems: list[Problem] = []
    previous: dt.date | None = None
    for step in schedule:
        if not supported(step.from_day):
            problems.append(Problem(Code.OUT_OF_RANGE, {"day": step.from_day}))
            continue
        if step.from_day < absence.start:
            problems.append(
                Problem(Code.BEFORE_ABSENCE, {"day": step.from_day, "first_day": absence.start})
            )
        if previous is not None and step.from_day <= previous:
            problems.append(
                Problem(Code.NOT_IN_ORDER, {"day": step.from_day, "previous": previous})
            )
        if step.hours_per_week > weekly_hours:
            problems.append(
                Problem(
                    Code.ABOVE_CONTRACT,
                    {
                        "day": step.from_day,
                        "hours": step.hours_per_week,
                        "weekly_hours": weekly_hours,
                    },
                )
            )
        previous = step.from_day
    return problems
