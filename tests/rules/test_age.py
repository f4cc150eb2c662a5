"""Age bands on each day, worked out by hand (docs/statistics.md, "Absence by age band")."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.rules.age import AGE_BANDS, UNKNOWN, band_key, band_spans, turns

D = dt.date
BANDS = AGE_BANDS.at(D(2026, 11, 27))


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (17, "-29"),  # an apprentice: counted, not dropped
        (29, "-29"),
        (30, "30-39"),
        (49, "40-49"),
        (59, "50-59"),
        (60, "60+"),
        (71, "60+"),
    ],
)
def test_band_of_an_age(age: int, band: str) -> None:
    assert band_key(BANDS, age) == band


@pytest.mark.parametrize(
    ("birth", "age", "day"),
    [
        (D(1966, 3, 14), 60, D(2026, 3, 14)),
        # Born 29 Feb 1964: 60 on 29 Feb 2024 (a leap year), 62 on 1 Mar 2026 (a common year:
        # the calendar passes the birthday when February ends).
        (D(1964, 2, 29), 60, D(2024, 2, 29)),
        (D(1964, 2, 29), 62, D(2026, 3, 1)),
        (D(1965, 2, 28), 61, D(2026, 2, 28)),
    ],
)
def test_the_day_an_age_is_reached(birth: dt.date, age: int, day: dt.date) -> None:
    assert turns(birth, age) == day


@pytest.mark.parametrize(
    ("birth", "first", "last", "spans"),
    [
        # Turns 60 on Sat 14 Mar 2026, mid-month: 1–13 Mar in 50–59, 14–31 Mar in 60+.
        (
            D(1966, 3, 14),
            D(2026, 3, 1),
            D(2026, 3, 31),
            [("50-59", D(2026, 3, 1), D(2026, 3, 13)), ("60+", D(2026, 3, 14), D(2026, 3, 31))],
        ),
        # Turns 60 on the first day of the period: all of it in 60+.
        (D(1966, 3, 1), D(2026, 3, 1), D(2026, 3, 31), [("60+", D(2026, 3, 1), D(2026, 3, 31))]),
        # Turns 60 on the last day: one day in 60+.
        (
            D(1966, 3, 31),
            D(2026, 3, 1),
            D(2026, 3, 31),
            [("50-59", D(2026, 3, 1), D(2026, 3, 30)), ("60+", D(2026, 3, 31), D(2026, 3, 31))],
        ),
        # Born 29 Feb 1996: 29 on 28 Feb 2026 still, 30 from 1 Mar 2026 (a common year).
        (
            D(1996, 2, 29),
            D(2026, 2, 1),
            D(2026, 3, 31),
            [("-29", D(2026, 2, 1), D(2026, 2, 28)), ("30-39", D(2026, 3, 1), D(2026, 3, 31))],
        ),
        # Born 29 Feb 1968: 60 on 29 Feb 2028 (a leap year), not on 1 March.
        (
            D(1968, 2, 29),
            D(2028, 2, 1),
            D(2028, 3, 31),
            [("50-59", D(2028, 2, 1), D(2028, 2, 28)), ("60+", D(2028, 2, 29), D(2028, 3, 31))],
        ),
        # Across a turn of the year: born 10 Jun 1986, 2015–2016: 29 until 9 Jun 2016, 30 from 10 Jun 2016.
        (
            D(1986, 6, 10),
            D(2015, 7, 1),
            D(2016, 6, 30),
            [("-29", D(2015, 7, 1), D(2016, 6, 9)), ("30-39", D(2016, 6, 10), D(2016, 6, 30))],
        ),
        # Over a decade: 30–39, then 40–49 from the 40th birthday.
        (
            D(1980, 1, 15),
            D(2015, 1, 1),
            D(2026, 12, 31),
            [("30-39", D(2015, 1, 1), D(2020, 1, 14)), ("40-49", D(2020, 1, 15), D(2026, 12, 31))],
        ),
        # No date of birth: a band of its own, never guessed.
        (None, D(2026, 3, 1), D(2026, 3, 31), [(UNKNOWN, D(2026, 3, 1), D(2026, 3, 31))]),
        # An empty period.
        (D(1966, 3, 14), D(2026, 3, 2), D(2026, 3, 1), []),
    ],
)
def test_a_period_split_by_band(
    birth: dt.date | None,
    first: dt.date,
    last: dt.date,
    spans: list[tuple[str, dt.date, dt.date]],
) -> None:
    assert band_spans(birth, first, last, BANDS) == spans


def test_the_bands_cover_every_age_once() -> None:
    for age in range(0, 110):
        assert sum(band.holds(age) for band in BANDS) == 1, age
