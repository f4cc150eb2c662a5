"""Absence statistics against hand-computed small cases (November 2026 has 21 working days and no
public holidays; in December 2026, 25 and 26 December are public holidays, 24 December is not)."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naervaer.rules.benchmarks import days_per_fte
from naervaer.rules.statistics import (
    Band,
    Cause,
    Employment,
    Leave,
    LeaveKind,
    Spell,
    WorkingDays,
    band_kept_until,
    band_of,
    cause_of,
    daily_absence_share,
    estimate_leave,
    in_headline,
    months,
    person_figures,
    quarter_of,
    reference_absent_hours,
    rise_p_value,
    rise_p_value_below,
    top_share,
    weekday_starts,
)

D = dt.date
NOV = (D(2026, 11, 1), D(2026, 11, 30))
TODAY = D(2026, 11, 30)
FULL = (Employment(D(2020, 1, 1), None, Decimal("37")),)
DAYS = WorkingDays(D(2025, 1, 1), D(2027, 12, 31))


def full(first: dt.date, last: dt.date | None) -> Spell:
    return Spell(first, last, ((first, 100),))


def test_working_days() -> None:
    assert DAYS.count(*NOV) == 21
    assert DAYS.count(D(2026, 12, 21), D(2026, 12, 31)) == 8  # without 25 Dec
    assert DAYS.count(D(2026, 11, 7), D(2026, 11, 8)) == 0  # a weekend
    assert DAYS.count(D(2026, 11, 30), D(2026, 11, 1)) == 0


def test_a_full_timer_absent_one_week() -> None:
    f = person_figures(FULL, [full(D(2026, 11, 2), D(2026, 11, 6))], *NOV, DAYS, TODAY)
    assert f.possible_hours == pytest.approx(21 * 7.4)  # 155.4
    assert f.absent_hours == pytest.approx(5 * 7.4)  # 37.0
    assert f.rate == pytest.approx(100 * 37 / 155.4)  # 23.81 %
    assert f.day_works == pytest.approx(5)
    assert (f.spells, f.people) == (1, 1)
    assert f.absent_hours_by_band == {Band.MEDIUM: pytest.approx(37)}  # 5 calendar days


def test_a_part_timer_counts_by_their_hours() -> None:
    part = (Employment(D(2020, 1, 1), None, Decimal("30")),)  # 6 hours a day
    f = person_figures(part, [full(D(2026, 11, 9), D(2026, 11, 13))], *NOV, DAYS, TODAY)
    assert (f.absent_hours, f.possible_hours) == pytest.approx((30, 126))
    assert f.day_works == pytest.approx(30 / 7.4)


def test_a_partial_spell_is_weighted_by_its_degree() -> None:
    # Absent from Mon 2 Nov, 50 % from Mon 16 Nov, still going on 30 Nov:
    # 10 working days × 7.4 + 11 working days × 3.7 = 74 + 40.7.
    spell = Spell(D(2026, 11, 2), None, ((D(2026, 11, 2), 100), (D(2026, 11, 16), 50)))
    f = person_figures(FULL, [spell], *NOV, DAYS, TODAY)
    assert f.absent_hours == pytest.approx(114.7)


def test_a_spell_across_christmas() -> None:
    dec = (D(2026, 12, 1), D(2026, 12, 31))
    f = person_figures(FULL, [full(D(2026, 12, 21), D(2026, 12, 31))], *dec, DAYS, D(2027, 1, 5))
    assert f.absent_hours == pytest.approx(8 * 7.4)  # 21–24 and 28–31 December
    # December 2026: 23 weekdays, of which 25 Dec is a holiday (26 Dec is a Saturday): 22.
    assert f.possible_hours == pytest.approx(22 * 7.4)


def test_a_spell_across_the_period_boundary() -> None:
    # 26 Oct – 4 Nov: only 2, 3 and 4 November count in November, and the period counts in
    # November, where it ended (DST's FRAVPERIODE), not in October.
    f = person_figures(FULL, [full(D(2026, 10, 26), D(2026, 11, 4))], *NOV, DAYS, TODAY)
    assert f.absent_hours == pytest.approx(3 * 7.4)
    assert f.spells == 1
    october = person_figures(
        FULL, [full(D(2026, 10, 26), D(2026, 11, 4))], D(2026, 10, 1), D(2026, 10, 31), DAYS, TODAY
    )
    assert october.spells == 0
    assert f.absent_hours_by_band == {Band.MEDIUM: pytest.approx(22.2)}  # 10 calendar days


def test_a_person_hired_mid_period() -> None:
    hired = (Employment(D(2026, 11, 16), None, Decimal("37")),)
    f = person_figures(hired, [], *NOV, DAYS, TODAY)
    assert f.possible_hours == pytest.approx(11 * 7.4)  # 16–20, 23–27 and 30 November
    assert f.employee_years == pytest.approx(15 / 365.25)


def test_absence_outside_the_employment_does_not_count() -> None:
    left = (Employment(D(2020, 1, 1), D(2026, 11, 4), Decimal("37")),)
    f = person_figures(left, [full(D(2026, 11, 2), D(2026, 11, 13))], *NOV, DAYS, TODAY)
    assert f.absent_hours == pytest.approx(3 * 7.4)
    assert f.possible_hours == pytest.approx(3 * 7.4)


@pytest.mark.parametrize(
    ("days", "band"), [(1, Band.SHORT), (3, Band.SHORT), (4, Band.MEDIUM), (14, Band.MEDIUM),
                       (15, Band.LONG), (56, Band.LONG), (57, Band.VERY_LONG)],
)  # fmt: skip
def test_duration_bands(days: int, band: Band) -> None:
    assert band_of(days) is band


@pytest.mark.parametrize(
    ("first_day", "today", "until"),
    [
        (D(2026, 10, 31), D(2026, 10, 31), D(2026, 11, 2)),  # day 1: 1-3 up to day 3
        (D(2026, 10, 31), D(2026, 11, 2), D(2026, 11, 2)),  # day 3, its last in 1-3
        (D(2026, 10, 31), D(2026, 11, 3), D(2026, 11, 13)),  # day 4: 4-14 up to day 14
        (D(2026, 10, 31), D(2026, 11, 14), D(2026, 12, 25)),  # day 15: 15-56 up to day 56
        (D(2026, 10, 31), D(2026, 12, 25), D(2026, 12, 25)),
        (D(2026, 10, 31), D(2026, 12, 26), None),  # day 57: 57+ for good
        (D(2026, 12, 1), D(2026, 11, 28), D(2026, 12, 3)),  # not begun yet: 1-3 when it does
    ],
)
def test_how_long_an_ongoing_spell_keeps_its_band(first_day: D, today: D, until: D | None) -> None:
    assert band_kept_until(first_day, today) == until
    if until is not None:  # the day after, it is in the next band
        length = (until - first_day).days + 1
        assert band_of(length) is not band_of(length + 1)


def test_mondays_and_calendar_helpers() -> None:
    spells = [
        full(D(2026, 11, 2), D(2026, 11, 2)),
        full(D(2026, 11, 9), None),
        full(D(2026, 11, 13), None),
    ]
    assert weekday_starts(spells, *NOV) == [2, 0, 0, 0, 1, 0, 0]
    assert months(D(2026, 11, 15), D(2027, 1, 3)) == [
        (D(2026, 11, 1), D(2026, 11, 30)),
        (D(2026, 12, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 1, 31)),
    ]
    assert quarter_of(D(2026, 11, 30)) == "2026-K4"


def test_prefix_sums_agree_with_the_day_by_day_computation() -> None:
    rng = random.Random(4)
    for _ in range(200):
        start = D(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
        employments = (
            Employment(
                start,
                start + dt.timedelta(days=rng.randint(30, 400)),
                Decimal(rng.choice(["37", "30", "18.5"])),
            ),
        )
        spells, day = [], start
        for _ in range(rng.randint(0, 4)):
            day += dt.timedelta(days=rng.randint(1, 60))
            last = day + dt.timedelta(days=rng.randint(0, 40))
            steps = (
                ((day, 100),)
                if rng.random() < 0.6
                else ((day, 100), (day + dt.timedelta(days=1), rng.choice([30, 50, 75])))
            )
            spells.append(Spell(day, last if last > day else None, steps))
            day = last + dt.timedelta(days=1)
        period = (
            start + dt.timedelta(days=rng.randint(0, 100)),
            start + dt.timedelta(days=rng.randint(150, 500)),
        )
        today = D(2027, 6, 1)
        f = person_figures(employments, spells, *period, DAYS, today)
        absent, possible = reference_absent_hours(employments, spells, *period, today)
        assert f.absent_hours == pytest.approx(absent) and f.possible_hours == pytest.approx(
            possible
        )


def test_spells_are_counted_when_they_end_in_the_period() -> None:
    spells = [
        full(D(2026, 11, 2), D(2026, 11, 3)),  # short, ended in November
        full(D(2026, 11, 9), D(2026, 11, 20)),  # ended in November
        full(D(2026, 10, 30), D(2026, 11, 2)),  # began in October, 4 days, ended in November
        full(D(2026, 11, 27), None),  # ongoing: counted when it ends
    ]
    f = person_figures(FULL, spells, *NOV, DAYS, TODAY)
    assert (f.spells, f.short_spells) == (3, 1)


@pytest.mark.parametrize(
    ("now", "e_now", "before", "e_before", "expected"),
    [
        # Worked by hand: 3 events, equal exposure, all 3 recent: (1/2)³ = 0.125.
        (3, 1.0, 0, 1.0, 0.125),
        # 2 of 2 recent with twice the recent exposure: (2/3)² = 0.444…
        (2, 2.0, 0, 1.0, 4 / 9),
        # 1 of 2 recent, equal exposure: P(X ≥ 1) = 1 − (1/2)² = 0.75.
        (1, 1.0, 1, 1.0, 0.75),
        (0, 1.0, 0, 1.0, 1.0),
    ],
)
def test_rise_p_value_by_hand(
    now: int, e_now: float, before: int, e_before: float, expected: float
) -> None:
    assert rise_p_value(now, e_now, before, e_before) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("now", "before", "share"),
    [
        (40, 15, 0.5),
        (300, 180, 0.5),
        (2000, 1900, 0.48),
        (5, 900, 0.01),
        (900, 5, 0.99),
        (1200, 0, 0.3),
        (0, 1200, 0.3),
        (7, 3, 0.2),
    ],
)
def test_rise_p_value_equals_the_sum_of_every_term(now: int, before: int, share: float) -> None:
    """The sum stopped early (terms from the one before) equals the plain binomial tail."""
    n = now + before

    def binomial(k: int) -> float:  # C(n, k) p^k q^(n-k), in logs so large n do not overflow
        return math.exp(
            math.lgamma(n + 1)
            - math.lgamma(k + 1)
            - math.lgamma(n - k + 1)
            + k * math.log(share)
            + (n - k) * math.log(1 - share)
        )

    plain = sum(binomial(k) for k in range(now, n + 1))
    assert rise_p_value(now, share, before, 1 - share) == pytest.approx(min(1.0, plain), rel=1e-9)


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        # (1/2)³ = 0.125 (worked above): below 0.13, 0.5 and 2, not below 0.12 or 0.05.
        (0.5, 0.125),
        (0.13, 0.125),
        (2.0, 0.125),
        (0.12, None),
        (0.05, None),
    ],
)
def test_a_p_value_below_a_level_by_hand(level: float, expected: float | None) -> None:
    found = rise_p_value_below(3, 1.0, 0, 1.0, level)
    assert found is None if expected is None else found == pytest.approx(expected)


def test_no_events_is_a_p_value_of_one() -> None:
    assert rise_p_value_below(0, 1.0, 0, 1.0, 1.0) is None
    assert rise_p_value_below(0, 1.0, 0, 1.0, 1.5) == 1.0


@given(
    now=st.integers(0, 3000),
    before=st.integers(0, 3000),
    share=st.floats(0.01, 0.99),
    level=st.sampled_from([0.0, 1e-6, 0.001, 0.05, 0.3, 1.0, 1.5]),
)
def test_the_p_value_below_a_level_is_the_p_value_or_none(
    now: int, before: int, share: float, level: float
) -> None:
    """Stopped once the sum reaches the level, it is still exactly the p-value when below it
    (the early warning sorts and shows it), and None exactly when the p-value is not."""
    p = rise_p_value(now, share, before, 1 - share)
    assert rise_p_value_below(now, share, before, 1 - share, level) == (p if p < level else None)


def test_a_clear_rise_is_significant_and_growth_alone_is_not() -> None:
    assert rise_p_value(40, 20.0, 15, 20.0) < 0.001  # 2.0 against 0.75 per employee-year
    assert rise_p_value(40, 40.0, 20, 20.0) > 0.4  # twice the staff, same rate


def test_daily_absence_share_for_the_heat_map() -> None:
    # Two full-timers; one absent 2–4 November at 100 %, then 50 % on 5 November.
    a = (
        FULL,
        [Spell(D(2026, 11, 2), D(2026, 11, 5), ((D(2026, 11, 2), 100), (D(2026, 11, 5), 50)))],
    )
    b: tuple[tuple[Employment, ...], list[Spell]] = (FULL, [])
    share = daily_absence_share([a, b], *NOV, TODAY)
    assert share[D(2026, 11, 2)] == pytest.approx(0.5)
    assert share[D(2026, 11, 5)] == pytest.approx(0.25)
    assert share[D(2026, 11, 6)] == pytest.approx(0.0)
    assert D(2026, 11, 7) not in share  # a Saturday
    assert len(share) == 21


# --- Leave, causes and periods as Danmarks Statistik counts them (worked by hand) ----------

HOLIDAY_WEEK = Leave(D(2026, 11, 9), D(2026, 11, 13))  # Mon–Fri, 5 working days


@pytest.mark.parametrize(
    ("spells", "leaves", "absent", "possible"),
    [
        # Holiday in the denominator: 21 working days less 5 on holiday = 16 × 7.4 possible.
        ([], [HOLIDAY_WEEK], 0.0, 16 * 7.4),
        # A sick week next to the holiday: 5 of 16 possible days, 31.25 %.
        ([full(D(2026, 11, 2), D(2026, 11, 6))], [HOLIDAY_WEEK], 5 * 7.4, 16 * 7.4),
        # Sick during the holiday: the holiday days are not absence (only 16–17 Nov are).
        ([full(D(2026, 11, 11), D(2026, 11, 17))], [HOLIDAY_WEEK], 2 * 7.4, 16 * 7.4),
        # A half feriefridag on Friday 20 Nov: 20.5 days possible; sick that whole day: 0.5.
        (
            [full(D(2026, 11, 20), D(2026, 11, 20))],
            [Leave(D(2026, 11, 20), D(2026, 11, 20), 50, LeaveKind.EXTRA_HOLIDAY)],
            0.5 * 7.4,
            20.5 * 7.4,
        ),
        # 50 % sick on a half-day of leave: the sick half is the working half, 0.5 days.
        (
            [Spell(D(2026, 11, 20), D(2026, 11, 20), ((D(2026, 11, 20), 50),))],
            [Leave(D(2026, 11, 20), D(2026, 11, 20), 50, LeaveKind.CARE_DAY)],
            0.5 * 7.4,
            20.5 * 7.4,
        ),
        # 40 % sick on a day with 50 % leave: all 40 % is absence.
        (
            [Spell(D(2026, 11, 20), D(2026, 11, 20), ((D(2026, 11, 20), 40),))],
            [Leave(D(2026, 11, 20), D(2026, 11, 20), 50, LeaveKind.CARE_DAY)],
            0.4 * 7.4,
            20.5 * 7.4,
        ),
    ],
)
def test_leave_is_taken_out_of_the_possible_hours_and_is_never_absence(
    spells: list[Spell], leaves: list[Leave], absent: float, possible: float
) -> None:
    f = person_figures(FULL, spells, *NOV, DAYS, TODAY, leaves)
    assert f.absent_hours == pytest.approx(absent)
    assert f.possible_hours == pytest.approx(possible)
    assert f.agreed_hours == pytest.approx(21 * 7.4)
    assert reference_absent_hours(FULL, spells, *NOV, TODAY, leaves) == pytest.approx(
        (absent, possible)
    )


def test_the_issue_s_manufacturer_on_da_s_definition() -> None:
    # A full-timer in 2026 (254 working days) with 9 sick days and 30 days of leave: over the
    # agreed hours 9/254 = 3.54 %; over the possible hours (DA, DST) 9/224 = 4.02 %. Days per
    # full-time employee do not depend on leave: 9.
    year = (D(2026, 1, 1), D(2026, 12, 31))
    sick = full(D(2026, 3, 2), D(2026, 3, 12))  # Mon 2 – Thu 12 March: 9 working days
    holiday = [Leave(D(2026, 7, 6), D(2026, 7, 31)), Leave(D(2026, 10, 12), D(2026, 10, 16))]
    f = person_figures(FULL, [sick], *year, DAYS, D(2027, 1, 1), holiday)
    assert f.leave_hours == pytest.approx(25 * 7.4)  # 20 + 5 working days of holiday
    holiday.append(Leave(D(2026, 12, 28), D(2026, 12, 31), kind=LeaveKind.EXTRA_HOLIDAY))
    holiday.append(Leave(D(2026, 2, 16), D(2026, 2, 16), kind=LeaveKind.EXTRA_HOLIDAY))
    f = person_figures(FULL, [sick], *year, DAYS, D(2027, 1, 1), holiday)
    assert f.rate == pytest.approx(100 * 9 / 224)  # 4.02 %
    assert 100 * f.absent_hours / f.agreed_hours == pytest.approx(100 * 9 / 254)  # 3.54 %
    assert days_per_fte(f.absent_hours, f.agreed_hours, 254) == pytest.approx(9)


def test_an_estimate_where_no_leave_is_recorded() -> None:
    f = person_figures(FULL, [full(D(2026, 11, 2), D(2026, 11, 6))], *NOV, DAYS, TODAY)
    estimate_leave(f, 30, 2026)
    # 30 of 2026's 254 working days: November's 21 days × 7.4 × (1 − 30/254).
    assert f.possible_hours == pytest.approx(21 * 7.4 * 224 / 254)
    assert f.leave_estimated


@pytest.mark.parametrize(
    ("kind", "cause", "headline"),
    [
        ("sickness", Cause.OWN_SICKNESS, True),
        ("pregnancy", Cause.OWN_SICKNESS, True),  # DST: graviditetsgener are own sickness
        ("work_accident", Cause.WORK_ACCIDENT, True),  # DST: a cause of its own
        ("child_sickness", Cause.CHILD_SICKNESS, False),
        ("something_else", Cause.OTHER, False),
    ],
)
def test_causes_as_dst_defines_them(kind: str, cause: Cause, headline: bool) -> None:
    assert cause_of(kind) is cause
    assert in_headline(kind) is headline


def test_a_period_across_the_year_boundary() -> None:
    # 28 Dec 2026 – 8 Jan 2027 (12 calendar days): 2026 gets 28–31 Dec (4 working days), 2027
    # gets 4–8 Jan (1 January is a holiday): 5. The period counts once, in 2027, where it ends;
    # its band is that of its 12 calendar days.
    spell = full(D(2026, 12, 28), D(2027, 1, 8))
    f2026 = person_figures(FULL, [spell], D(2026, 1, 1), D(2026, 12, 31), DAYS, D(2027, 2, 1))
    f2027 = person_figures(FULL, [spell], D(2027, 1, 1), D(2027, 12, 31), DAYS, D(2027, 2, 1))
    assert (f2026.absent_hours, f2026.spells) == pytest.approx((4 * 7.4, 0))
    assert (f2027.absent_hours, f2027.spells) == pytest.approx((5 * 7.4, 1))
    assert (f2026.calendar_days_per_spell, f2027.calendar_days_per_spell) == (None, 12)
    assert set(f2027.absent_hours_by_band) == {Band.MEDIUM}


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        # 20 people, one with 60 of the 100 absent hours: the top 5 % is 1 person with 60 %.
        ([60.0, 10.0, 10.0, 10.0, 10.0] + [0.0] * 15, (1, 0.6)),
        # 21 people: ⌈1.05⌉ = 2 people, 60 + 10 of 100.
        ([60.0, 10.0, 10.0, 10.0, 10.0] + [0.0] * 16, (2, 0.7)),
        # 100 people, everyone 1 hour: the top 5 carry 5 %.
        ([1.0] * 100, (5, 0.05)),
        ([0.0, 0.0], None),
    ],
)
def test_the_share_carried_by_the_5_percent_with_most_absence(
    hours: list[float], expected: tuple[int, float] | None
) -> None:
    found = top_share(hours)
    if expected is None:
        assert found is None
    else:
        assert found is not None and found[0] == expected[0]
        assert found[1] == pytest.approx(expected[1])


def test_the_heat_map_takes_leave_out() -> None:
    # Two full-timers; a on holiday 9–13 November and sick 12–16 November; b at work.
    a = (FULL, [full(D(2026, 11, 12), D(2026, 11, 16))])
    b: tuple[tuple[Employment, ...], list[Spell]] = (FULL, [])
    share = daily_absence_share([a, b], *NOV, TODAY, {0: [HOLIDAY_WEEK]})
    assert share[D(2026, 11, 10)] == pytest.approx(0.0)  # a on holiday: 0 of b's 7.4 hours
    assert share[D(2026, 11, 12)] == pytest.approx(0.0)  # sick on holiday is not absence
    assert share[D(2026, 11, 16)] == pytest.approx(0.5)  # back from holiday, still sick
