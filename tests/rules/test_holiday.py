"""Replacement holiday for sickness during holiday (ferieloven § 12, stk. 2–4), with the examples
of the guidance quoted in docs/statistics.md, worked by hand. 2026: Monday 6 July."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naervaer.rules.calendar import is_working_day
from naervaer.rules.holiday import (
    HOLIDAY_DAYS,
    REPLACEMENT_WAITING_DAYS,
    SickDuringHoliday,
    holiday_year,
    replacement_holiday,
    waiting_days,
)

D = dt.date
SUMMER = (D(2026, 7, 6), D(2026, 7, 24))  # three weeks, 15 working days


def sick(
    first: dt.date,
    last: dt.date,
    *,
    notified: dt.date | None = None,
    documented: bool = True,
    notice_excused: bool = False,
) -> SickDuringHoliday:
    """Notified on the first day unless told otherwise."""
    return SickDuringHoliday(first, last, notified or first, documented, notice_excused)


@pytest.mark.parametrize(
    ("sickness", "owed", "counted"),
    [
        # Sick the whole second week (5 days): all five are the waiting days, nothing owed.
        ([sick(D(2026, 7, 13), D(2026, 7, 17))], 0, 5),
        # Sick from day 4 (Thu 9 July) to the end of the holiday: 12 days, 5 waiting, 7 owed
        # (Dansk Metal: "sick on the 4th holiday day: replacement from the 9th").
        ([sick(D(2026, 7, 9), D(2026, 7, 24))], 7, 12),
        # Two sicknesses in the same holiday year add up: 3 + 4 days, the 6th and 7th are owed.
        ([sick(D(2026, 7, 6), D(2026, 7, 8)), sick(D(2026, 7, 20), D(2026, 7, 23))], 2, 7),
        # Notified on the third sick day: the first two do not count (stk. 4); 10 count, 5 owed.
        ([sick(D(2026, 7, 9), D(2026, 7, 24), notified=D(2026, 7, 13))], 5, 10),
        # ... unless the missing notice cannot be blamed on the employee.
        ([sick(D(2026, 7, 9), D(2026, 7, 24), notified=D(2026, 7, 13), notice_excused=True)], 7, 12),
        # Sick over a weekend: only holiday working days count.
        ([sick(D(2026, 7, 10), D(2026, 7, 20))], 2, 7),
    ],
)  # fmt: skip
def test_the_first_five_sick_days_of_the_holiday_year_give_no_replacement(
    sickness: list[SickDuringHoliday], owed: int, counted: int
) -> None:
    (result,) = replacement_holiday([SUMMER], sickness)
    assert result.owed_days == owed
    assert len(result.sick_holiday_days) == counted
    assert result.holiday_year == (D(2025, 9, 1), D(2026, 8, 31))
    assert "§ 12" in str(result.source)


def test_fewer_waiting_days_for_less_holiday_earned() -> None:
    # IDA: 20 days earned → 4 days without replacement (20 × 1/5); Dansk Metal: 15 → 3.
    assert waiting_days(Decimal(20), D(2026, 7, 6)) == 4
    assert waiting_days(Decimal(15), D(2026, 7, 6)) == 3
    (result,) = replacement_holiday([SUMMER], [sick(D(2026, 7, 6), D(2026, 7, 10))], Decimal(15))
    assert result.owed_days == 2  # 5 sick days, 3 waiting


def test_undocumented_days_are_shown_but_not_owed() -> None:
    (result,) = replacement_holiday(
        [SUMMER], [sick(D(2026, 7, 6), D(2026, 7, 17), documented=False)]
    )
    assert (result.owed_days, result.undocumented_days) == (Decimal(0), 5)


def test_each_holiday_year_has_its_own_five_days() -> None:
    october = (D(2026, 10, 12), D(2026, 10, 16))  # holiday year 2026–27
    results = replacement_holiday(
        [SUMMER, october],
        [sick(D(2026, 7, 6), D(2026, 7, 10)), sick(D(2026, 10, 12), D(2026, 10, 16))],
    )
    assert [r.owed_days for r in results] == [0, 0]
    assert holiday_year(D(2026, 8, 31)) == (D(2025, 9, 1), D(2026, 8, 31))
    assert holiday_year(D(2026, 9, 1)) == (D(2026, 9, 1), D(2027, 8, 31))


def test_the_rules_are_dated_and_sourced() -> None:
    assert REPLACEMENT_WAITING_DAYS.at(D(2026, 7, 6)) == 5
    assert REPLACEMENT_WAITING_DAYS.step_at(D(2026, 7, 6)).verified
    assert REPLACEMENT_WAITING_DAYS.get(D(2012, 4, 30)) is None  # no replacement before 1.5.2012
    assert (
        replacement_holiday(
            [(D(2011, 7, 4), D(2011, 7, 22))], [sick(D(2011, 7, 4), D(2011, 7, 22))]
        )
        == []
    )
    assert HOLIDAY_DAYS.at(D(2026, 1, 1)) == 25


def test_an_estimate_before_our_sources_still_has_a_number() -> None:
    from naervaer.rules.holiday import holiday_days

    assert holiday_days(D(1724, 2, 10)) == 25
    assert holiday_days(D(2026, 2, 10)) == 25


def test_employed_part_of_the_holiday_year_waits_fewer_days() -> None:
    from naervaer.rules.holiday import earned_in

    year = (D(2025, 9, 1), D(2026, 8, 31))  # 365 days
    assert earned_in([(D(2020, 1, 1), None)], year) == 25
    # Hired 1 March 2026: 184 of 365 days, 12.60 days earned, 2.52 days without replacement.
    assert earned_in([(D(2026, 3, 1), None)], year) == Decimal("12.60")
    (result,) = replacement_holiday(
        [SUMMER],
        [sick(D(2026, 7, 6), D(2026, 7, 10))],
        lambda y: earned_in([(D(2026, 3, 1), None)], y),
    )
    # 5 sick days, 2.52 waiting: the third day is owed for its remaining 0.48, days 4–5 whole.
    assert result.waiting_days == Decimal("2.52")
    assert result.owed_days == Decimal("2.48")


days = st.dates(D(2025, 6, 1), D(2027, 9, 30))


@st.composite
def periods(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    first = draw(days)
    return first, first + dt.timedelta(days=draw(st.integers(0, 30)))


@st.composite
def sicknesses(draw: st.DrawFn) -> SickDuringHoliday:
    first, last = draw(periods())
    notified = first + dt.timedelta(days=draw(st.integers(0, 5)))
    return SickDuringHoliday(first, last, notified, draw(st.booleans()), draw(st.booleans()))


@given(st.lists(periods(), max_size=6), st.lists(sicknesses(), max_size=6))
def test_the_sick_holiday_days_are_those_the_act_describes(
    holidays: list[tuple[dt.date, dt.date]], sickness: list[SickDuringHoliday]
) -> None:
    """Whatever the holidays and sicknesses (overlapping ones too): a day counts when it is a
    working day inside a holiday and inside a sickness, on or after the notice unless that is
    excused; it is documented when one of its sicknesses is (checked day by day here)."""
    counted: dict[dt.date, bool] = {}
    day = D(2025, 6, 1)
    while day <= D(2027, 11, 1):
        if is_working_day(day) and any(first <= day <= last for first, last in holidays):
            for s in sickness:
                start = s.first_day if s.notice_excused else max(s.first_day, s.notified)
                if start <= day <= s.last_day:
                    counted[day] = counted.get(day, False) or s.documented
        day += dt.timedelta(days=1)
    results = replacement_holiday(holidays, sickness)
    assert [d for r in results for d in r.sick_holiday_days] == sorted(counted)
    for r in results:  # a full year's holiday earned: five waiting days, the later ones count
        beyond = r.sick_holiday_days[5:]
        assert r.undocumented_days == sum(not counted[d] for d in beyond)
        assert r.owed_days == sum(counted[d] for d in beyond)
