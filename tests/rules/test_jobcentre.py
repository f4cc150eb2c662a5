"""The municipality's follow-up and the state refund, judged by date, worked out by hand from
the statute (never from the code's output). Each row says the arithmetic and the paragraph.

Sickness week 1 is the first absence day and the six after it; "before the end of week 8" is the
first day + 55 days (SDPL § 13 b, stk. 1). Refund weeks are calendar weeks with benefit (refund
law § 5, stk. 2): a week counts when benefit is paid on any of its days.
"""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.rules.jobcentre import (
    LAW,
    SEED_2008,
    Authority,
    Category,
    Code,
    Held,
    Kind,
    RuleBook,
    Situation,
    add_months,
    authority,
    categories,
    first_follow_up_due,
    next_follow_up,
    plan_due,
    refund,
    round_table_due,
    sickness_week,
)

D = dt.date
Q, R, L = Category.QUICK, Category.AT_RISK, Category.LONG
EMPLOYEE = Situation(employed=True)
UNEMPLOYED = Situation(employed=False)


def test_the_first_follow_up_is_due_before_the_end_of_week_8() -> None:
    # § 13 b, stk. 1: Monday 2 March 2026 + 55 days = Sunday 26 April (end of week 8).
    for rules in (LAW, SEED_2008):
        assert first_follow_up_due(D(2026, 3, 2), rules) == D(2026, 4, 26)
    assert sickness_week(D(2026, 3, 2), D(2026, 4, 26)) == 8
    assert sickness_week(D(2026, 3, 2), D(2026, 4, 27)) == 9


@pytest.mark.parametrize(
    ("first_day", "held", "situation", "code", "kind", "due"),
    [
        # Seed 2008: every 8 weeks in categories 1 and 3, every 4 in category 2.
        # 20 Apr 2026 + 56 = 15 Jun; + 28 = 18 May.
        (
            D(2026, 3, 2),
            [Held(D(2026, 4, 20), Q)],
            None,
            Code.FOLLOW_UP_INTERVAL,
            Kind.DEADLINE,
            D(2026, 6, 15),
        ),
        (
            D(2026, 3, 2),
            [Held(D(2026, 4, 20), R)],
            None,
            Code.FOLLOW_UP_INTERVAL,
            Kind.DEADLINE,
            D(2026, 5, 18),
        ),
        (
            D(2026, 3, 2),
            [Held(D(2026, 4, 20), L)],
            None,
            Code.FOLLOW_UP_INTERVAL,
            Kind.DEADLINE,
            D(2026, 6, 15),
        ),
        # Re-categorised at the second follow-up: category 2 from 10 Jun, + 28 = 8 Jul.
        (
            D(2026, 3, 2),
            [Held(D(2026, 4, 20), Q), Held(D(2026, 6, 10), R)],
            None,
            Code.FOLLOW_UP_INTERVAL,
            Kind.DEADLINE,
            D(2026, 7, 8),
        ),
    ],
)
def test_the_seed_set_keeps_every_8_4_8_weeks(
    first_day: dt.date,
    held: list[Held],
    situation: None,
    code: Code,
    kind: Kind,
    due: dt.date | None,
) -> None:
    result = next_follow_up(first_day, held, SEED_2008)
    assert (result.code, result.kind, result.due) == (code, kind, due)


@pytest.mark.parametrize(
    ("first_day", "held", "situation", "code", "kind", "due"),
    [
        # Before the 2014 reform's follow-up parts (5 Jan 2015): 8 weeks in category 1.
        # 14 Apr 2014 + 56 days = 9 Jun 2014.
        (
            D(2014, 3, 3),
            [Held(D(2014, 4, 14), Q)],
            EMPLOYEE,
            Code.FOLLOW_UP_INTERVAL,
            Kind.DEADLINE,
            D(2014, 6, 9),
        ),
        # Held Friday 2 Jan 2015, still the old rule: + 56 days = 27 Feb 2015.
        (
            D(2014, 11, 3),
            [Held(D(2015, 1, 2), Q)],
            EMPLOYEE,
            Code.FOLLOW_UP_INTERVAL,
            Kind.DEADLINE,
            D(2015, 2, 27),
        ),
        # Held Monday 5 Jan 2015 (reform 2014): category 1's extent is the job centre's choice.
        (
            D(2014, 11, 3),
            [Held(D(2015, 1, 5), Q, D(2015, 3, 2))],
            EMPLOYEE,
            Code.FOLLOW_UP_MUNICIPALITY_DECIDES,
            Kind.PLANNED,
            D(2015, 3, 2),
        ),
        # 2015–2019, category 2 or 3: at least every 4 weeks. 2 Mar 2015 + 28 = 30 Mar 2015.
        (
            D(2015, 1, 5),
            [Held(D(2015, 3, 2), R)],
            EMPLOYEE,
            Code.FOLLOW_UP_INTERVAL,
            Kind.DEADLINE,
            D(2015, 3, 30),
        ),
        (
            D(2015, 1, 5),
            [Held(D(2015, 3, 2), L)],
            EMPLOYEE,
            Code.FOLLOW_UP_INTERVAL,
            Kind.DEADLINE,
            D(2015, 3, 30),
        ),
        # Held Monday 30 Dec 2019: still every 4 weeks: + 28 = 27 Jan 2020.
        (
            D(2019, 9, 2),
            [Held(D(2019, 12, 30), R)],
            EMPLOYEE,
            Code.FOLLOW_UP_INTERVAL,
            Kind.DEADLINE,
            D(2020, 1, 27),
        ),
        # Held Thursday 2 Jan 2020: at least 4 within the first half year from 2 Sep 2019, that
        # is by 1 Mar 2020 (2 Mar 2020 − 1 day; 2020 is a leap year). One held so far.
        (
            D(2019, 9, 2),
            [Held(D(2020, 1, 2), R)],
            EMPLOYEE,
            Code.FOLLOW_UP_MINIMUM,
            Kind.DEADLINE,
            D(2020, 3, 1),
        ),
        # 2026, three of four held: the fourth by 1 Sep 2026 (2 Mar + 6 months − 1 day).
        (
            D(2026, 3, 2),
            [Held(D(2026, 4, 20), R), Held(D(2026, 5, 18), R), Held(D(2026, 6, 15), R)],
            UNEMPLOYED,
            Code.FOLLOW_UP_MINIMUM,
            Kind.DEADLINE,
            D(2026, 9, 1),
        ),
        # Four held within the half year: after it, as agreed with the citizen (no deadline).
        (
            D(2026, 3, 2),
            [
                Held(D(2026, 4, 20), R),
                Held(D(2026, 5, 18), R),
                Held(D(2026, 6, 15), R),
                Held(D(2026, 7, 13), R, D(2026, 8, 10)),
            ],
            UNEMPLOYED,
            Code.FOLLOW_UP_AGREED,
            Kind.PLANNED,
            D(2026, 8, 10),
        ),
        # § 13 f (from 1 Jan 2025), an employee with a predictable course: after the first
        # follow-up on 17 Feb 2025 only a check on the return by + 13 weeks = 19 May 2025.
        (
            D(2025, 1, 6),
            [Held(D(2025, 2, 17), R)],
            Situation(light_follow_up=True),
            Code.LIGHT_FOLLOW_UP,
            Kind.MILESTONE,
            D(2025, 5, 19),
        ),
        # The same marked light in December 2024: § 13 f was not in force; the minimum rule
        # applies: the half year from 4 Nov 2024 ends 3 May 2025.
        (
            D(2024, 11, 4),
            [Held(D(2024, 12, 16), R)],
            Situation(light_follow_up=True),
            Code.FOLLOW_UP_MINIMUM,
            Kind.DEADLINE,
            D(2025, 5, 3),
        ),
    ],
)
def test_the_cadence_is_taken_on_the_day_of_the_last_follow_up(
    first_day: dt.date,
    held: list[Held],
    situation: Situation,
    code: Code,
    kind: Kind,
    due: dt.date | None,
) -> None:
    result = next_follow_up(first_day, held, LAW, situation)
    assert (result.code, result.kind, result.due) == (code, kind, due)


@pytest.mark.parametrize(
    ("first_day", "held", "situation", "code", "due"),
    [
        # Lov nr. 1750/2025 (assumed in force 1 Jul 2026): an employee expected back within 26
        # weeks is exempt. 2 Mar 2026 + 55 = 26 Apr: before 1 Jul, the first follow-up is due.
        (
            D(2026, 3, 2),
            [],
            Situation(expected_back_within_26_weeks=True),
            Code.FIRST_FOLLOW_UP,
            D(2026, 4, 26),
        ),
        # 4 May + 55 = 28 Jun 2026: still before 1 Jul.
        (
            D(2026, 5, 4),
            [],
            Situation(expected_back_within_26_weeks=True),
            Code.FIRST_FOLLOW_UP,
            D(2026, 6, 28),
        ),
        # 11 May + 55 = 5 Jul 2026: exempt, nothing is demanded.
        (
            D(2026, 5, 11),
            [],
            Situation(expected_back_within_26_weeks=True),
            Code.EXEMPT_EXPECTED_BACK,
            None,
        ),
        # Not expected back within 26 weeks, or not in a job: followed up as before.
        (
            D(2026, 5, 11),
            [],
            Situation(expected_back_within_26_weeks=False),
            Code.FIRST_FOLLOW_UP,
            D(2026, 7, 5),
        ),
        (
            D(2026, 5, 11),
            [],
            Situation(employed=False, expected_back_within_26_weeks=True),
            Code.FIRST_FOLLOW_UP,
            D(2026, 7, 5),
        ),
        # A case begun in March: the follow-up of 2 Jul 2026 is under the new rule: exempt.
        (
            D(2026, 3, 2),
            [Held(D(2026, 7, 2), R)],
            Situation(expected_back_within_26_weeks=True),
            Code.EXEMPT_EXPECTED_BACK,
            None,
        ),
    ],
)
def test_the_2026_reform_exempts_employees_expected_back_within_26_weeks(
    first_day: dt.date, held: list[Held], situation: Situation, code: Code, due: dt.date | None
) -> None:
    result = next_follow_up(first_day, held, LAW, situation)
    assert (result.code, result.due) == (code, due)
    # Exempt: nothing is demanded, so nothing can be overdue; otherwise the legal deadline.
    assert result.overdue(D(2027, 1, 1)) is (code is not Code.EXEMPT_EXPECTED_BACK)


@pytest.mark.parametrize(
    ("rules", "first_day", "held", "situation", "code", "due"),
    [
        # Seed: by the second follow-up. None held: first by 26 Apr, then (shortest interval,
        # 4 weeks) 24 May 2026.
        (SEED_2008, D(2026, 3, 2), [], EMPLOYEE, Code.PLAN_BY_FOLLOW_UP, D(2026, 5, 24)),
        # Held 20 Apr in category 1: the second by + 56 = 15 Jun.
        (
            SEED_2008,
            D(2026, 3, 2),
            [Held(D(2026, 4, 20), Q)],
            EMPLOYEE,
            Code.PLAN_BY_FOLLOW_UP,
            D(2026, 6, 15),
        ),
        # The second held early on 11 May: the plan was due then.
        (
            SEED_2008,
            D(2026, 3, 2),
            [Held(D(2026, 4, 20), R), Held(D(2026, 5, 11), R)],
            EMPLOYEE,
            Code.PLAN_BY_FOLLOW_UP,
            D(2026, 5, 11),
        ),
        # The law 2016: the first follow-up ends in the plan. 4 Jan 2016 + 55 = 28 Feb 2016.
        (LAW, D(2016, 1, 4), [], EMPLOYEE, Code.PLAN_BY_FOLLOW_UP, D(2016, 2, 28)),
        # First follow-up due 29 Dec 2024 (4 Nov + 55): the plan is required.
        (LAW, D(2024, 11, 4), [], EMPLOYEE, Code.PLAN_BY_FOLLOW_UP, D(2024, 12, 29)),
        # First follow-up due 5 Jan 2025 (11 Nov + 55): an employee needs no plan (L 74).
        (LAW, D(2024, 11, 11), [], EMPLOYEE, Code.PLAN_NOT_REQUIRED, None),
        # 2025, not in a job: the plan by the first follow-up: 6 Jan + 55 = 2 Mar 2025.
        (LAW, D(2025, 1, 6), [], UNEMPLOYED, Code.PLAN_BY_FOLLOW_UP, D(2025, 3, 2)),
    ],
)
def test_the_follow_up_plan(
    rules: RuleBook,
    first_day: dt.date,
    held: list[Held],
    situation: Situation,
    code: Code,
    due: dt.date | None,
) -> None:
    result = plan_due(first_day, held, rules, situation)
    assert (result.code, result.due) == (code, due)


def test_category_3_exists_only_before_2025_and_the_2027_bill_is_never_applied() -> None:
    assert L in categories(LAW, D(2024, 12, 31))
    assert categories(LAW, D(2025, 1, 1)) == {Q, R}
    assert categories(LAW, D(2027, 6, 1)) == {Q, R}  # visitation's abolition is only a bill
    upcoming = [s.in_force_from for s in LAW.categories.upcoming(D(2026, 11, 27))]
    assert upcoming == [D(2027, 1, 1)]
    assert categories(SEED_2008, D(2026, 1, 1)) == {Q, R, L}


def test_the_job_centre_becomes_the_municipality_on_1_july_2026() -> None:
    assert authority(LAW, D(2026, 6, 30)) is Authority.JOBCENTRE
    assert authority(LAW, D(2026, 7, 1)) is Authority.MUNICIPALITY
    assert authority(SEED_2008, D(2026, 7, 1)) is Authority.JOBCENTRE


def test_only_a_legal_deadline_can_be_overdue() -> None:
    light = next_follow_up(
        D(2025, 1, 6), [Held(D(2025, 2, 17), R)], LAW, Situation(light_follow_up=True)
    )
    assert light.kind is Kind.MILESTONE and not light.overdue(D(2025, 12, 1))
    meeting = round_table_due(D(2026, 11, 10), LAW)  # seed 003: 10 Nov + 14 = 24 Nov
    assert meeting.due == D(2026, 11, 24) and not meeting.overdue(D(2026, 12, 1))
    first = next_follow_up(D(2026, 3, 2), [], LAW, UNEMPLOYED)
    assert first.overdue(D(2026, 4, 27)) and not first.overdue(D(2026, 4, 26))


def test_half_years_end_on_the_day_before_the_same_date_six_months_on() -> None:
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)  # no 31 February
    assert add_months(D(2025, 9, 30), 6) == D(2026, 3, 30)


# An employee sick from Monday 2 March 2026: the employer pays the first 30 days (SDPL § 30),
# the municipality from Wednesday 1 April. Benefit week 1 is the calendar week of 30 March.
EMPLOYEE_BENEFIT = [(D(2026, 4, 1), D(2027, 6, 30))]


@pytest.mark.parametrize(
    ("day", "week", "percent"),
    [
        (D(2026, 3, 16), None, None),  # in the employer period: no benefit, no refund
        (D(2026, 3, 30), 1, 80),  # sickness week 5, but benefit week 1: 80 % (§ 5, stk. 2, nr. 1)
        (D(2026, 4, 26), 4, 80),  # Sunday of the 4th benefit week
        (D(2026, 4, 27), 5, 40),  # 5th benefit week: 40 % (nr. 2)
        (D(2026, 9, 21), 26, 40),  # 30 Mar + 25 weeks
        (D(2026, 9, 28), 27, 30),  # 30 Mar + 26 weeks: 30 % (nr. 3)
        (D(2027, 3, 22), 52, 30),  # 30 Mar 2026 + 51 weeks
        (D(2027, 3, 29), 53, 20),  # + 52 weeks: 20 % from the 53rd week (nr. 4)
    ],
)
def test_refund_counts_weeks_with_benefit_not_weeks_of_sickness(
    day: dt.date, week: int | None, percent: int | None
) -> None:
    result = refund(day, EMPLOYEE_BENEFIT, LAW)
    assert (result.week, result.percent) == (week, percent)


@pytest.mark.parametrize(
    ("periods", "day", "week", "percent"),
    [
        # Benefit 1–30 Apr 2026 (weeks of 30 Mar, 6, 13, 20, 27 Apr = 5 weeks), back at work,
        # sick again from 1 Jun: the week of 1 Jun is benefit week 6, still 40 %; a new
        # sickness spell does not restart the refund.
        ([(D(2026, 4, 1), D(2026, 4, 30)), (D(2026, 6, 1), D(2026, 7, 31))], D(2026, 6, 1), 6, 40),
        # Benefit in the weeks of 5, 12, 19, 26 Jan 2026; then 52 whole weeks without (2 Feb
        # 2026 to 25 Jan 2027); benefit again from 1 Feb 2027: the count starts over (§ 6).
        ([(D(2026, 1, 5), D(2026, 2, 1)), (D(2027, 2, 1), D(2027, 3, 31))], D(2027, 2, 1), 1, 80),
        # Only 51 weeks without (back from 25 Jan 2027): the count goes on: week 5, 40 %.
        ([(D(2026, 1, 5), D(2026, 2, 1)), (D(2027, 1, 25), D(2027, 3, 31))], D(2027, 1, 25), 5, 40),
        # § 6 adds the weeks without benefit up ("sammenlagt"): 4 weeks from 5 Jan 2026, 30
        # without, 4 from 31 Aug (to 27 Sep), 22 without (28 Sep 2026 – 28 Feb 2027): 52 in all
        # since the first week, within 3 years: from 1 Mar 2027 the count starts over.
        (
            [
                (D(2026, 1, 5), D(2026, 2, 1)),
                (D(2026, 8, 31), D(2026, 9, 27)),
                (D(2027, 3, 1), D(2027, 3, 31)),
            ],
            D(2027, 3, 1),
            1,
            80,
        ),
        # One week fewer without (back from 22 Feb 2027): 51; the count goes on: 4 + 4 + 1 = 9.
        (
            [
                (D(2026, 1, 5), D(2026, 2, 1)),
                (D(2026, 8, 31), D(2026, 9, 27)),
                (D(2027, 2, 22), D(2027, 3, 31)),
            ],
            D(2027, 2, 22),
            9,
            40,
        ),
        # § 30, stk. 1: weeks count from 1 July 2014 (the week of Monday 30 June), not from the
        # benefit's start on 7 April 2014: 30 Jun 2014 + 78 weeks = 28 Dec 2015, the 79th week
        # (from 7 April it would be the 91st); 20 % (§ 5, stk. 2, nr. 4).
        ([(D(2014, 4, 7), D(2016, 1, 3))], D(2015, 12, 28), 79, 20),
        # Before the refund law's effect for sickness benefit (28 Dec 2015): not modelled.
        ([(D(2015, 11, 2), D(2016, 2, 28))], D(2015, 12, 27), None, None),
        # Its first week: benefit since the week of 2 Nov 2015, so 28 Dec is the 9th week: 40 %.
        ([(D(2015, 11, 2), D(2016, 2, 28))], D(2015, 12, 28), 9, 40),
    ],
)
def test_refund_across_interrupted_spells(
    periods: list[tuple[dt.date, dt.date]], day: dt.date, week: int | None, percent: int | None
) -> None:
    result = refund(day, periods, LAW)
    assert (result.week, result.percent) == (week, percent)


@pytest.mark.parametrize(("hours", "percent"), [(0, 35), (10, 35), (10.5, 65), (18.5, 65)])
def test_seed_refund_is_65_percent_when_active_more_than_10_hours(
    hours: float, percent: int
) -> None:
    # Seed 001, proposal 21: more than 10 active hours that week → 65 %, otherwise 35 %.
    assert refund(D(2026, 5, 4), EMPLOYEE_BENEFIT, SEED_2008, hours).percent == percent


def test_every_rule_has_a_source_and_unconfirmed_values_say_so() -> None:
    for rules in (LAW, SEED_2008):
        for series in rules.series():
            assert series.steps, series.key
            assert all(step.source.law for step in series.steps), series.key
    assert LAW.refund is not None and LAW.refund.verified  # read in § 5 and § 29
    assert not LAW.exempt_expected_back_weeks.verified  # the in-force date is assumed
