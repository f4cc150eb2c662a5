"""Seed 000's dated rules, worked out by hand from the orders they cite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from naervaer.rules.calendar import add_months, last_day_of_month
from naervaer.rules.working_life import (
    WORK_ACCIDENT_MIN_ABSENCE_DAYS,
    advice_subsidy,
    age_on,
    fleksjob_bonus,
    senior_conversation_due,
    work_accident_report,
)

D = dt.date


@pytest.mark.parametrize(
    ("injury", "absent_beyond", "required", "due"),
    [
        # 2021: bek. 615/2010 § 1: within 9 days of the first absence day.
        # Injury Mon 1 Mar 2021, first absence day Tue 2 Mar; 2 Mar + 9 = 11 Mar.
        (D(2021, 3, 1), 1, True, D(2021, 3, 11)),
        # Injury on the last day of the old order: first absence day 1 Jul 2022 is under the
        # 2022 orders (14 days): 1 Jul + 14 = 15 Jul.
        (D(2022, 6, 30), 2, True, D(2022, 7, 15)),
        # Injury 29 Jun 2022, first absence day 30 Jun (old order): 30 Jun + 9 = 9 Jul.
        (D(2022, 6, 29), 2, True, D(2022, 7, 9)),
        # 2026: 14 days. Injury Fri 6 Nov 2026, unfit Saturday only: reportable (1 day beyond
        # the day of injury counts, weekend included); 7 Nov + 14 = 21 Nov.
        (D(2026, 11, 6), 1, True, D(2026, 11, 21)),
        # Absence on the day of injury only: not reportable on absence.
        (D(2026, 11, 6), 0, False, None),
        # Two days beyond: still reportable, since the 3-day bill (L 31) is not applied.
        (D(2026, 8, 3), 2, True, D(2026, 8, 18)),
    ],
)
def test_work_accident_report(
    injury: dt.date, absent_beyond: int, required: bool, due: dt.date | None
) -> None:
    report = work_accident_report(injury, absent_beyond)
    assert (report.required, report.due) == (required, due)


def test_an_accident_without_absence_that_may_give_compensation() -> None:
    # § 9, stk. 2: 14 days after the day of injury, 3 Nov 2026 + 14 = 17 Nov 2026.
    report = work_accident_report(D(2026, 11, 3), 0, may_give_compensation=True)
    assert (report.required, report.due) == (True, D(2026, 11, 17))


def test_the_three_day_bill_is_upcoming_not_applied() -> None:
    assert WORK_ACCIDENT_MIN_ABSENCE_DAYS.at(D(2026, 11, 27)) == 1
    upcoming = list(WORK_ACCIDENT_MIN_ABSENCE_DAYS.upcoming(D(2026, 11, 27)))
    assert [(s.value, s.enacted) for s in upcoming] == [(3, False)]


def test_negative_absence_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        work_accident_report(D(2026, 1, 5), -1)


@pytest.mark.parametrize(
    ("start", "hours", "private", "reason", "amount", "claimable"),
    [
        # 2013 trial: 25,000 DKK after six continuous months; 15 Sep 2013 + 6 months.
        (D(2013, 9, 15), "10", False, "eligible", 25000, D(2014, 3, 15)),
        # 11 hours a week is over the 10-hour limit.
        (D(2013, 9, 15), "11", True, "too_many_hours", 25000, None),
        # From 1 May 2014: 20,000 DKK after nine months, private employers only.
        (D(2014, 5, 31), "8", True, "eligible", 20000, D(2015, 2, 28)),  # 31 May + 9 m, clamped
        (D(2014, 5, 31), "8", False, "public_employer", 20000, None),
        # Closed: a municipality's fleksjob of 8 hours in 2026 earns nothing.
        (D(2026, 2, 1), "8", False, "scheme_closed", None, None),
    ],
)
def test_fleksjob_bonus(
    start: dt.date,
    hours: str,
    private: bool,
    reason: str,
    amount: int | None,
    claimable: dt.date | None,
) -> None:
    result = fleksjob_bonus(start, Decimal(hours), private_employer=private)
    assert result.reason == reason
    assert (result.bonus.amount_dkk if result.bonus else None) == amount
    assert result.claimable_from == claimable


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2026, 11, 27), 2, D(2027, 1, 27)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 12, 15), 12, D(2027, 12, 15)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_last_day_of_month() -> None:
    assert last_day_of_month(D(2028, 2, 3)) == D(2028, 2, 29)
    assert last_day_of_month(D(2026, 12, 1)) == D(2026, 12, 31)


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (D(1966, 11, 27), D(2026, 11, 27), 60),  # the birthday itself
        (D(1966, 11, 28), D(2026, 11, 27), 59),  # the day before
        (D(1964, 2, 29), D(2026, 2, 28), 61),  # 29 Feb: not yet on 28 Feb in a common year
        (D(1964, 2, 29), D(2026, 3, 1), 62),
    ],
)
def test_age_on(birth: dt.date, day: dt.date, age: int) -> None:
    assert age_on(birth, day) == age


@pytest.mark.parametrize(
    ("birth", "last", "due"),
    [
        # Policy: from 60, every 12 months.
        (D(1966, 11, 27), None, D(2026, 11, 27)),  # first due on the 60th birthday
        (D(1966, 11, 27), D(2026, 12, 3), D(2027, 12, 3)),  # then 12 months after the last
        (D(1966, 11, 27), D(2025, 6, 1), D(2026, 11, 27)),  # one held at 58 does not count
        (D(1966, 11, 27), D(2026, 8, 27), D(2027, 8, 27)),  # 3 months before the birthday counts
        (D(1966, 11, 27), D(2026, 8, 26), D(2026, 11, 27)),  # a day earlier does not
        (D(1964, 2, 29), None, D(2024, 2, 29)),  # 60 in a leap year: on the day
        (D(1965, 2, 28), D(2025, 2, 28), D(2026, 2, 28)),
    ],
)
def test_senior_conversation_due(birth: dt.date, last: dt.date | None, due: dt.date) -> None:
    assert senior_conversation_due(birth, from_age=60, interval_months=12, last_held=last) == due


@pytest.mark.parametrize(
    ("start", "cost", "ordered", "private", "employees", "percent", "amount"),
    [
        # 2014: half of 120.000 kr. = 60.000 kr., public employers too
        (D(2014, 3, 1), "120000", False, False, 1500, 50, "60000.00"),
        # capped at 500.000 kr.: half of 1,2 mio. would be 600.000
        (D(2014, 3, 1), "1200000", False, True, 20, 50, "500000"),
        # advice to meet an order (påbud) is never supported
        (D(2014, 3, 1), "120000", True, True, 20, 50, "0"),
        # 2022: the pool pays 80 % of 45.500 kr. = 36.400 kr. to a private firm of 50
        (D(2022, 5, 2), "45500", False, True, 50, 80, "36400.00"),
        # ... but not to a firm of 51, nor to a municipality
        (D(2022, 5, 2), "45500", False, True, 51, None, "0"),
        (D(2022, 5, 2), "45500", False, False, 20, None, "0"),
        # 2026: no scheme
        (D(2026, 11, 2), "45500", False, True, 20, None, "0"),
        # before the first scheme
        (D(2012, 5, 2), "45500", False, True, 20, None, "0"),
    ],
)
def test_advice_subsidy(
    start: dt.date,
    cost: str,
    ordered: bool,
    private: bool,
    employees: int,
    percent: int | None,
    amount: str,
) -> None:
    scheme, refund = advice_subsidy(
        start,
        Decimal(cost),
        ordered_by_authority=ordered,
        private_employer=private,
        employees=employees,
    )
    assert (scheme.percent if scheme else None) == percent
    assert refund == Decimal(amount)
