"""Gradual return: hours per week become degrees of absence, and the day of full return."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from naervaer.rules.gradual import HoursStep, absence_percent, degrees_from_schedule
from naervaer.rules.spells import DegreeStep


@pytest.mark.parametrize(
    ("weekly", "at_work", "percent"),
    [
        ("37", "0", 100),
        ("37", "10", 73),  # 27/37 = 72.97 %
        ("37", "18.5", 50),
        ("30", "20", 33),  # 10/30 = 33.3 %
        ("28.5", "28.5", 0),
        ("37", "40", 0),  # more than normal hours is still fully back
    ],
)
def test_absence_percent(weekly: str, at_work: str, percent: int) -> None:
    assert absence_percent(Decimal(weekly), Decimal(at_work)) == percent


def test_a_schedule_to_full_time() -> None:
    schedule = [
        HoursStep(dt.date(2027, 1, 4), Decimal("37")),
        HoursStep(dt.date(2026, 12, 1), Decimal("10")),
        HoursStep(dt.date(2026, 12, 15), Decimal("20")),
        HoursStep(dt.date(2027, 2, 1), Decimal("37")),  # after full return: ignored
    ]
    steps, back = degrees_from_schedule(Decimal("37"), schedule)
    assert steps == [DegreeStep(dt.date(2026, 12, 1), 73), DegreeStep(dt.date(2026, 12, 15), 46)]
    assert back == dt.date(2027, 1, 4)


def test_a_schedule_that_stops_short_of_full_time() -> None:
    steps, back = degrees_from_schedule(
        Decimal("30"), [HoursStep(dt.date(2026, 12, 1), Decimal("15"))]
    )
    assert steps == [DegreeStep(dt.date(2026, 12, 1), 50)] and back is None


def test_weekly_hours_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        absence_percent(Decimal(0), Decimal(0))
