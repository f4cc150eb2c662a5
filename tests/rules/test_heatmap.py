"""The heat map's arithmetic on changes, worked by hand over Christmas 2026: Friday 18 December
to Monday 28 December has the working days 18, 21, 22, 23, 24 and 28 (24 December is a working
day, 25 December a public holiday, 19–20 and 26–27 weekends)."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.rules.heatmap import daily_shares, working_day_index

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
