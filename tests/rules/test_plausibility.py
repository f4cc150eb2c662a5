"""Limits of sense for input, worked out by hand. TODAY is Wednesday 18 November 2026."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from naervaer.rules.gradual import HoursStep
from naervaer.rules.plausibility import (
    Code,
    check_dates,
    check_first_day,
    check_period,
    check_schedule,
)
from naervaer.rules.spells import Period

D = dt.date
TODAY = D(2026, 11, 18)


@pytest.mark.parametrize(
    ("first_day", "codes"),
    [
        (D(2026, 11, 18), []),  # today
        (D(2026, 11, 19), []),  # tomorrow: "I will not be in tomorrow"
        (D(2026, 11, 20), [Code.TOO_FAR_AHEAD]),  # the day after tomorrow
        (D(2062, 11, 18), [Code.TOO_FAR_AHEAD]),  # 2062 typed for 2026
        (D(2020, 1, 1), []),  # the past is for the spell rules to judge
        (D(1, 1, 1), [Code.OUT_OF_RANGE]),
        (D(1899, 12, 31), [Code.OUT_OF_RANGE]),
        (D(9999, 12, 31), [Code.OUT_OF_RANGE]),
    ],
)
def test_first_day(first_day: dt.date, codes: list[Code]) -> None:
    assert [p.code for p in check_first_day(first_day, TODAY)] == codes


@pytest.mark.parametrize(
    ("start", "end", "codes"),
    [
        (D(2026, 1, 1), D(2026, 10, 31), []),
        (D(1900, 1, 1), D(1900, 12, 31), []),  # the first supported year
        (D(2100, 1, 1), D(2100, 12, 31), []),  # the last
        (D(1, 1, 1), D(1, 12, 31), [Code.OUT_OF_RANGE, Code.OUT_OF_RANGE]),
        (D(2026, 1, 1), D(9999, 12, 31), [Code.OUT_OF_RANGE]),
        (D(2026, 11, 1), D(2026, 10, 31), [Code.END_BEFORE_START]),
        # 1 January 2021 to 31 December 2025 is 1,825 days apart: within 5 × 366 = 1,830.
        (D(2021, 1, 1), D(2025, 12, 31), []),
        # 1 January 2021 to 6 January 2026 is 1,831 days apart: one too many.
        (D(2021, 1, 1), D(2026, 1, 6), [Code.PERIOD_TOO_LONG]),
    ],
)
def test_period(start: dt.date, end: dt.date, codes: list[Code]) -> None:
    assert [p.code for p in check_period(start, end)] == codes


def test_dates_names_each_bad_day() -> None:
    problems = check_dates(D(2026, 1, 1), None, D(1, 1, 1))
    assert [(p.code, p.params["day"]) for p in problems] == [(Code.OUT_OF_RANGE, D(1, 1, 1))]


H = Decimal
OPEN_FROM_2_NOV = Period(D(2026, 11, 2), None)


@pytest.mark.parametrize(
    ("steps", "absence", "codes"),
    [
        # Bob, 30 hours a week, sick from 2 November: 10 h, 20 h, then full time.
        ([(D(2026, 11, 23), 10), (D(2026, 12, 7), 20), (D(2027, 1, 4), 30)], OPEN_FROM_2_NOV, []),
        ([(D(2026, 11, 23), 60)], OPEN_FROM_2_NOV, [Code.ABOVE_CONTRACT]),  # 60 h on 30 h
        ([(D(2026, 11, 23), H("30.01"))], OPEN_FROM_2_NOV, [Code.ABOVE_CONTRACT]),
        ([(D(2026, 12, 7), 20), (D(2026, 11, 23), 10)], OPEN_FROM_2_NOV, [Code.NOT_IN_ORDER]),
        ([(D(2026, 11, 23), 10), (D(2026, 11, 23), 20)], OPEN_FROM_2_NOV, [Code.NOT_IN_ORDER]),
        ([(D(2026, 10, 26), 10)], OPEN_FROM_2_NOV, [Code.BEFORE_ABSENCE]),
        # The absence ended on 16 October, a month before today: no plan for it.
        ([(D(2026, 11, 23), 10)], Period(D(2026, 10, 1), D(2026, 10, 16)), [Code.ABSENCE_ENDED]),
        # It ends tomorrow: still going on today.
        ([(D(2026, 11, 18), 10)], Period(D(2026, 11, 2), D(2026, 11, 19)), []),
        ([], Period(D(2026, 10, 1), D(2026, 10, 16)), []),  # no steps, nothing to check
    ],
)
def test_schedule(
    steps: list[tuple[dt.date, int | Decimal]], absence: Period, codes: list[Code]
) -> None:
    schedule = [HoursStep(day, Decimal(hours)) for day, hours in steps]
    assert [p.code for p in check_schedule(schedule, Decimal(30), absence, TODAY)] == codes
