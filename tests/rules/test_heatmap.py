"""The heat map's arithmetic on changes, worked by hand over Christmas 2026: Friday 18 December
to Monday 28 December has the working days 18, 21, 22, 23, 24 and 28 (24 December is a working
day, 25 December a public holiday, 19–20 and 26–27 weekends)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from naervaer.rules.heatmap import (
    MonthChanges,
    daily_shares,
    month_changes,
    shares_of_months,
    working_day_index,
)
from naervaer.rules.statistics import Employment, Leave, Spell, day_pieces

START, END = dt.date(2026, 12, 18), dt.date(2026, 12, 28)


def dec(day: int) -> dt.date:
    return dt.date(2026, 12, day)


def test_working_day_index_counts_working_days_up_to_each_day() -> None:
    assert working_day_index(START, END) == [
        (dec(18), 1, 1),
        (dec(19), 1, 0),
        (dec(20), 1, 0),
        (dec(21), 2, 1),
        (dec(22), 3, 1),
        (dec(23), 4, 1),
        (dec(24), 5, 1),
        (dec(25), 5, 0),
        (dec(26), 5, 0),
        (dec(27), 5, 0),
        (dec(28), 6, 1),
    ]


@pytest.mark.parametrize(
    ("first", "last", "working_days"),
    [(18, 28, 6), (19, 20, 0), (20, 21, 1), (24, 27, 1), (25, 25, 0), (22, 22, 1)],
)
def test_working_days_of_a_span_from_two_lookups(first: int, last: int, working_days: int) -> None:
    index = {day: (upto, working) for day, upto, working in working_day_index(START, END)}
    assert index[dec(last)][0] - index[dec(first)][0] + index[dec(first)][1] == working_days


def test_daily_shares_are_the_running_sums_of_the_changes() -> None:
    # A full-timer (37 h: 7.4 h a day) employed before the period and until 23 December; from
    # 22 December a part-timer (30 h: 6 h a day). The full-timer is half absent 21–22 December,
    # the part-timer fully absent from their first day.
    possible = {dec(1): 7.4, dec(22): 6.0, dec(24): -7.4}
    absent = {dec(21): 3.7, dec(23): -3.7, dec(22): 6.0}
    assert daily_shares(START, END, possible, absent) == pytest.approx(
        {
            dec(18): 0.0,
            dec(21): 3.7 / 7.4,  # 0.5
            dec(22): (3.7 + 6.0) / (7.4 + 6.0),
            dec(23): 6.0 / 13.4,
            dec(24): 1.0,
            dec(28): 1.0,  # 25 December and the weekends have no share
        }
    )


def test_a_day_nobody_could_work_has_no_share() -> None:
    # Employed on 18 December only; a change after the period does not matter.
    possible = {dec(18): 7.4, dec(19): -7.4, dec(30): 5.0}
    assert daily_shares(START, END, possible, {}) == {dec(18): 0.0}


def nov(day: int) -> dt.date:
    return dt.date(2026, 11, day)


def test_month_changes_keep_a_month_complete_in_itself() -> None:
    """37 hours a week (7.4 a day) from 10 November; sick 16–18 November at 100 %, then 50 %
    from 19 to 24 December; a holiday 21–31 December."""
    pieces = list(
        day_pieces(
            [Employment(nov(10), None, Decimal("37"))],
            [
                Spell(nov(16), nov(18), ((nov(16), 100),)),
                Spell(dec(19), dec(24), ((dec(19), 50),)),
            ],
            dt.date(2027, 1, 15),
            [Leave(dec(21), dec(31))],
        )
    )
    months = month_changes(
        pieces, [(nov(1), nov(30)), (dec(1), dec(31)), (dt.date(2027, 2, 1), dt.date(2027, 2, 28))]
    )
    # January is not asked for; in February only the employment's 7.4 hours a day.
    assert months.keys() == {nov(1), dec(1), dt.date(2027, 2, 1)}
    assert months[dt.date(2027, 2, 1)] == MonthChanges([7.4, 0.0], {})
    november = months[nov(1)]
    assert november.opening == [0.0, 0.0]
    assert november.changes == {
        nov(10): [7.4, 0.0],
        nov(16): [0.0, 7.4],
        nov(19): [0.0, -7.4],
    }
    december = months[dec(1)]
    # The holiday runs to the month's last day: no change after it. On 21–24 December the
    # 50 % sickness plus a whole day of leave is more than a day: 3.7 hours come off again.
    assert december.opening == [7.4, 0.0]
    assert december.changes == {
        dec(19): [0.0, 3.7],
        dec(21): [-7.4, -3.7],
        dec(25): [0.0, -3.7 + 3.7],
    }


def test_shares_of_months_are_the_running_levels_of_each_month() -> None:
    november = MonthChanges([7.4, 3.7], {nov(20): [0.0, -3.7], nov(23): [7.4, 7.4]})
    december = MonthChanges([14.8, 0.0], {})
    shares = shares_of_months(nov(18), dec(1), {nov(1): november, dec(1): december})
    # 18–19 November: 3.7 of 7.4; 20 November: none; 23–30 November 7.4 of 14.8 (the weekend
    # 21–22 and 28–29 has no share); 1 December: none of 14.8.
    assert shares == pytest.approx(
        {
            nov(18): 0.5,
            nov(19): 0.5,
            nov(20): 0.0,
            nov(23): 0.5,
            nov(24): 0.5,
            nov(25): 0.5,
            nov(26): 0.5,
            nov(27): 0.5,
            nov(30): 0.5,
            dec(1): 0.0,
        }
    )
