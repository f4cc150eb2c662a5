"""The job centre's cadence and refund under both rule sets, with dates worked out by hand.

Example case: first sick day Monday 2 March 2026. Sickness week 1 is 2–8 March; week 8 ends
Sunday 26 April (2 March + 55 days).
"""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.rules.jobcentre import (
    CURRENT,
    SEED_2008,
    Category,
    Held,
    first_follow_up_due,
    next_follow_up_due,
    plan_due,
    reassessment_due,
    refund_percent,
    rules_for,
    sickness_week,
)

D = dt.date
FIRST = D(2026, 3, 2)
Q, R, L = Category.QUICK, Category.AT_RISK, Category.LONG


@pytest.mark.parametrize("rules", [SEED_2008, CURRENT], ids=lambda r: r.id)
def test_the_first_follow_up_is_due_before_the_end_of_week_8(rules) -> None:
    assert first_follow_up_due(FIRST, rules) == D(2026, 4, 26)
    assert sickness_week(FIRST, D(2026, 4, 26)) == 8
    assert sickness_week(FIRST, D(2026, 4, 27)) == 9


@pytest.mark.parametrize(
    ("rules", "held", "due"),
    [
        # Seed 2008: every 8 weeks in categories 1 and 3, every 4 weeks in category 2.
        (SEED_2008, [Held(D(2026, 4, 20), Q)], D(2026, 6, 15)),
        (SEED_2008, [Held(D(2026, 4, 20), R)], D(2026, 5, 18)),
        (SEED_2008, [Held(D(2026, 4, 20), L)], D(2026, 6, 15)),
        # Re-categorised at the second follow-up: the new category sets the next interval.
        (SEED_2008, [Held(D(2026, 4, 20), Q), Held(D(2026, 6, 10), R)], D(2026, 7, 8)),
        # Current: category 3 is followed every 4 weeks.
        (CURRENT, [Held(D(2026, 4, 20), L)], D(2026, 5, 18)),
        (CURRENT, [Held(D(2026, 4, 20), Q)], D(2026, 6, 15)),
    ],
)
def test_the_next_follow_up_follows_the_category(rules, held, due) -> None:
    assert next_follow_up_due(FIRST, held, rules) == due


@pytest.mark.parametrize(
    ("held", "due"),
    [
        # No follow-up yet: the first by 26 April, the second 4 weeks later (shortest interval).
        ([], D(2026, 5, 24)),
        # Held on 20 April in category 1: the second follow-up, and the plan, by 15 June.
        ([Held(D(2026, 4, 20), Q)], D(2026, 6, 15)),
        ([Held(D(2026, 4, 20), R)], D(2026, 5, 18)),
        # The second follow-up was held (early) on 11 May: the plan was due then.
        ([Held(D(2026, 4, 20), R), Held(D(2026, 5, 11), R)], D(2026, 5, 11)),
    ],
)
def test_the_follow_up_plan_is_due_by_the_second_follow_up(held, due) -> None:
    assert plan_due(FIRST, held, SEED_2008) == due


@pytest.mark.parametrize(
    ("hours", "percent"),
    [(0, 35), (10, 35), (10.5, 65), (18.5, 65)],
)
def test_seed_refund_is_65_percent_when_active_more_than_10_hours(hours, percent) -> None:
    assert refund_percent(SEED_2008, week=12, active_hours_per_week=hours) == percent


@pytest.mark.parametrize(
    ("week", "percent"), [(1, 80), (4, 80), (5, 40), (26, 40), (27, 30), (52, 30), (53, 20)]
)
def test_current_refund_steps_down_with_the_weeks(week, percent) -> None:
    assert refund_percent(CURRENT, week=week, active_hours_per_week=30) == percent


def test_rule_sets_follow_the_first_sick_day_and_carry_sources() -> None:
    assert rules_for(D(2012, 5, 1)) is SEED_2008
    assert rules_for(FIRST) is CURRENT
    assert reassessment_due(FIRST, CURRENT) == D(2026, 8, 3)  # 22 weeks after 2 March
    assert reassessment_due(FIRST, SEED_2008) is None
    for rules in (SEED_2008, CURRENT):
        assert all(v.source for v in rules.interval_weeks.values())
        assert rules.first_follow_up_days.verified
    assert CURRENT.interval_weeks[L].verified and CURRENT.interval_weeks[R].verified
    assert not CURRENT.interval_weeks[Q].verified  # the job centre's own choice; ours is a default
