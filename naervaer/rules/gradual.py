"""A gradual return (delvis raskmelding) planned in hours per week, turned into degrees of absence.

The retention plan says "from 1 December 10 hours a week, from 15 December 20, from 5 January
full time"; absence is registered as a percentage, so each step becomes the share of the
person's normal weekly hours not worked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from naervaer.rules.spells import DegreeStep


@dataclass(frozen=True, slots=True)
class HoursStep:
    from_day: dt.date
    hours_per_week: Decimal


def absence_percent(weekly_hours: Decimal, hours_at_work: Decimal) -> int:
    """The degree of absence when working ``hours_at_work`` of ``weekly_hours`` (0 = fully back)."""
    if weekly_hours <= 0:
        raise ValueError("weekly hours must be positive")
    share_absent = max(Decimal(0), 1 - hours_at_work / weekly_hours)
    return int((share_absent * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def degrees_from_schedule(
    weekly_hours: Decimal, schedule: Sequence[HoursStep]
) -> tuple[list[DegreeStep], dt.date | None]:
    """The degree steps of a schedule and the day of full return (None if it never gets there).

    Steps after the first one at full hours are ignored: from that day the person is back.
    """
    steps: list[DegreeStep] = []
    for step in sorted(schedule, key=lambda s: s.from_day):
        percent = absence_percent(weekly_hours, step.hours_per_week)
        if percent == 0:
            return steps, step.from_day
        steps.append(DegreeStep(step.from_day, percent))
    return steps, None
