"""The follow-up engine, with dates worked out by hand (calendar 2026–2027 and 2008).

Reading aid: 2 November 2026 is a Monday. Christmas 2026: 25 and 26 December are public holidays,
24 December is not. Easter 2027: 25 March (Skærtorsdag) to 29 March (2. påskedag). The
conversation is due by the end of sickness week 4 (first day + 27 days), moved back to the last
working day; the employer period ends on the first day + 29 days (30 calendar days); the report
is due 5 weeks after the first day (+ 35 days).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from naervaer.rules.obligations import (
    CarePolicy,
    CaseFacts,
    Code,
    SpellFacts,
    Status,
    bradford_factor,
    care_conversation,
    group_into_cases,
    obligations,
    sickness_week,
)
from naervaer.rules.rulesets import CURRENT, RULESETS, SEED_2008, Key, ruleset_for

D = dt.date
LONG_AGO = D(2015, 1, 1)


def case(first: dt.date, last: dt.date | None = None, **facts: object) -> CaseFacts:
    section56 = bool(facts.pop("section56", False))
    return CaseFacts(
        spells=(SpellFacts(first, last, section56),),
        employed_since=facts.pop("employed_since", LONG_AGO),  # type: ignore[arg-type]
        **facts,  # type: ignore[arg-type]
    )


def by_code(case_facts: CaseFacts, rules: object = None) -> dict[Code, tuple[dt.date, Status]]:
    return {o.code: (o.due, o.status) for o in obligations(case_facts, rules)}  # type: ignore[arg-type]


R, N, OPT, C = Status.REQUIRED, Status.NOT_REQUIRED, Status.OPTIONAL, Status.CONDITIONAL


@pytest.mark.parametrize(
    ("label", "first", "period_end", "report", "conversation", "jobcentre"),
    [
        # Monday: week 4 ends Sunday 29 Nov, so the conversation is held by Friday 27 Nov.
        (
            "monday",
            D(2026, 11, 2),
            D(2026, 12, 1),
            D(2026, 12, 7),
            D(2026, 11, 27),
            D(2026, 12, 27),
        ),
        # Friday: week 4 ends Thursday 3 Dec, a working day.
        (
            "friday",
            D(2026, 11, 6),
            D(2026, 12, 5),
            D(2026, 12, 11),
            D(2026, 12, 3),
            D(2026, 12, 31),
        ),
        # A Saturday (a day off) still counts as the first absence day; week 4 ends Friday 4 Dec.
        ("day off", D(2026, 11, 7), D(2026, 12, 6), D(2026, 12, 12), D(2026, 12, 4), D(2027, 1, 1)),
        # Week 4 ends Sunday 27 Dec; 26 and 25 Dec are holidays; 24 Dec is a working day.
        (
            "christmas",
            D(2026, 11, 30),
            D(2026, 12, 29),
            D(2027, 1, 4),
            D(2026, 12, 24),
            D(2027, 1, 24),
        ),
        # Week 4 ends Easter Sunday 28 Mar 2027; back past Langfredag and Skærtorsdag to Wed 24 Mar.
        ("easter", D(2027, 3, 1), D(2027, 3, 30), D(2027, 4, 5), D(2027, 3, 24), D(2027, 4, 25)),
    ],
)
def test_deadlines_of_an_ongoing_absence(
    label: str,
    first: dt.date,
    period_end: dt.date,
    report: dt.date,
    conversation: dt.date,
    jobcentre: dt.date,
) -> None:
    result = by_code(case(first))
    assert result[Code.EMPLOYER_PERIOD_END] == (period_end, R)
    assert result[Code.REPORT_TO_MUNICIPALITY] == (report, R)
    assert result[Code.ABSENCE_CONVERSATION] == (conversation, R)
    assert result[Code.EIGHT_WEEK_ANSWER] == (conversation, R)
    assert result[Code.JOBCENTRE_FIRST_FOLLOWUP] == (jobcentre, R)
    assert result[Code.RETENTION_PLAN] == (jobcentre, C)  # until the 8-week answer is given
    assert Code.SECTION56_REFUND not in result


def test_an_absence_that_ended_in_week_2_needs_nothing() -> None:
    result = obligations(case(D(2026, 11, 2), D(2026, 11, 13)))
    assert all(o.status is N for o in result)
    reasons = {o.code: o.reason for o in result}
    assert reasons[Code.ABSENCE_CONVERSATION] == "Back at work before the conversation was due."
    assert reasons[Code.REPORT_TO_MUNICIPALITY].startswith("The absence ended within")


def test_back_after_the_conversation_but_within_the_employer_period() -> None:
    # 2 Nov – 30 Nov: the conversation (27 Nov) was due, the employer period (1 Dec) was not passed.
    result = by_code(case(D(2026, 11, 2), D(2026, 11, 30)))
    assert result[Code.ABSENCE_CONVERSATION] == (D(2026, 11, 27), R)
    assert result[Code.EMPLOYER_PERIOD_END][1] is N
    assert result[Code.REPORT_TO_MUNICIPALITY][1] is N
    assert result[Code.JOBCENTRE_FIRST_FOLLOWUP][1] is N


@pytest.mark.parametrize(
    ("expected", "requested", "status"),
    [(None, False, C), (True, False, OPT), (False, False, N), (False, True, R), (None, True, R)],
)
def test_the_retention_plan_follows_the_8_week_answer(
    expected: bool | None, requested: bool, status: Status
) -> None:
    facts = case(D(2026, 11, 2), expected_over_8_weeks=expected, retention_plan_requested=requested)
    assert by_code(facts)[Code.RETENTION_PLAN] == (D(2026, 12, 27), status)


def test_a_short_absence_needs_no_retention_plan_whatever_was_expected() -> None:
    facts = case(D(2026, 11, 2), D(2026, 12, 18), expected_over_8_weeks=True)  # 47 days
    assert by_code(facts)[Code.RETENTION_PLAN][1] is N


def test_resickness_after_a_weekend_continues_the_same_absence() -> None:
    spells = [SpellFacts(D(2026, 11, 9)), SpellFacts(D(2026, 11, 2), D(2026, 11, 6))]
    [joined] = group_into_cases(spells)
    assert [s.first_day for s in joined] == [D(2026, 11, 2), D(2026, 11, 9)]
    facts = CaseFacts(spells=joined, employed_since=LONG_AGO)
    assert by_code(facts)[Code.ABSENCE_CONVERSATION] == (D(2026, 11, 27), R)


def test_resickness_after_easter_continues_the_same_absence() -> None:
    # Sick Mon 22 – Wed 24 Mar 2027, then 25–29 Mar are holidays and a weekend; sick again Tue 30.
    spells = [SpellFacts(D(2027, 3, 22), D(2027, 3, 24)), SpellFacts(D(2027, 3, 30))]
    assert len(group_into_cases(spells)) == 1


def test_resickness_after_a_working_day_back_is_a_new_absence() -> None:
    # Back on Friday 6 Nov, sick again Monday 9 Nov: a new case with its own deadlines.
    spells = [SpellFacts(D(2026, 11, 2), D(2026, 11, 5)), SpellFacts(D(2026, 11, 9))]
    first, second = group_into_cases(spells)
    facts = CaseFacts(spells=second, employed_since=LONG_AGO)
    # 9 Nov + 27 = Sunday 6 Dec, so Friday 4 Dec.
    assert by_code(facts)[Code.ABSENCE_CONVERSATION] == (D(2026, 12, 4), R)
    assert (
        by_code(CaseFacts(spells=first, employed_since=LONG_AGO))[Code.ABSENCE_CONVERSATION][1] is N
    )


def test_the_employment_ends_during_the_absence() -> None:
    # Leaves 20 Nov: the employer pays until then; no conversation for someone leaving within
    # 8 weeks of the first sick day (§ 7 a), and no refund to claim.
    result = {o.code: o for o in obligations(case(D(2026, 11, 2), employment_end=D(2026, 11, 20)))}
    assert (result[Code.EMPLOYER_PERIOD_END].due, result[Code.EMPLOYER_PERIOD_END].status) == (
        D(2026, 11, 20),
        R,
    )
    assert result[Code.ABSENCE_CONVERSATION].status is N
    assert "under notice" in result[Code.ABSENCE_CONVERSATION].reason
    assert result[Code.REPORT_TO_MUNICIPALITY].status is N


def test_leaving_after_8_weeks_keeps_the_conversation() -> None:
    facts = case(D(2026, 11, 2), employment_end=D(2027, 1, 31))
    assert by_code(facts)[Code.ABSENCE_CONVERSATION] == (D(2026, 11, 27), R)


def test_partial_absence_counts_from_the_first_absence_day() -> None:
    # 50 % absence is absence: the dates do not move (degrees are not an input to the engine).
    assert by_code(case(D(2026, 11, 2))) == by_code(case(D(2026, 11, 2), None))


def test_section56_refund_from_the_first_day() -> None:
    result = {o.code: o for o in obligations(case(D(2026, 11, 2), section56=True))}
    assert result[Code.EMPLOYER_PERIOD_END].status is N
    assert "§ 56" in result[Code.EMPLOYER_PERIOD_END].reason
    assert (result[Code.SECTION56_REFUND].due, result[Code.SECTION56_REFUND].status) == (
        D(2026, 12, 7),
        R,
    )
    assert Code.REPORT_TO_MUNICIPALITY not in result
    assert result[Code.ABSENCE_CONVERSATION].status is R  # still held


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        # Hired 1 Oct 2026: less than 8 weeks before 2 Nov (the cut-off is 7 Sep).
        ({"employed_since": D(2026, 10, 1)}, "less than 8 weeks"),
        ({"weekly_hours": Decimal("8")}, "Fewer than 74 hours"),  # 8 × 8 = 64 hours
        ({"fleksjob": True}, "fleksjob"),
    ],
)
def test_no_employer_period(facts: dict[str, object], reason: str) -> None:
    result = {o.code: o for o in obligations(case(D(2026, 11, 2), **facts))}
    assert result[Code.EMPLOYER_PERIOD_END].status is N
    assert reason in result[Code.EMPLOYER_PERIOD_END].reason
    assert result[Code.ABSENCE_CONVERSATION].status is R


def test_hired_exactly_8_weeks_before_has_an_employer_period() -> None:
    facts = case(D(2026, 11, 2), employed_since=D(2026, 9, 7), weekly_hours=Decimal("9.25"))
    assert by_code(facts)[Code.EMPLOYER_PERIOD_END] == (D(2026, 12, 1), R)


def test_the_seed_rule_set_of_2008() -> None:
    # Monday 3 Nov 2008: 21 days → 23 Nov; report in week 4 → 30 Nov; conversation by the end
    # of week 4, Sunday 30 Nov → Friday 28 Nov; the job centre before the end of week 8 → 28 Dec.
    facts = case(D(2008, 11, 3), employed_since=D(2000, 1, 1))
    assert ruleset_for(D(2008, 11, 3)) is SEED_2008
    result = by_code(facts)
    assert result[Code.EMPLOYER_PERIOD_END] == (D(2008, 11, 23), R)
    assert result[Code.REPORT_TO_MUNICIPALITY] == (D(2008, 11, 30), R)
    assert result[Code.ABSENCE_CONVERSATION] == (D(2008, 11, 28), R)
    assert result[Code.JOBCENTRE_FIRST_FOLLOWUP] == (D(2008, 12, 28), R)


def test_the_seed_rules_have_no_exemption_for_leavers() -> None:
    facts = case(D(2026, 11, 2), employment_end=D(2026, 12, 20))
    assert by_code(facts, SEED_2008)[Code.ABSENCE_CONVERSATION] == (D(2026, 11, 27), R)
    assert by_code(facts, CURRENT)[Code.ABSENCE_CONVERSATION][1] is N


def test_rule_sets_change_on_2_january_2012() -> None:
    assert ruleset_for(D(2011, 12, 30)) is SEED_2008
    assert ruleset_for(D(2012, 1, 2)) is CURRENT
    assert (SEED_2008[Key.EMPLOYER_PERIOD_DAYS], CURRENT[Key.EMPLOYER_PERIOD_DAYS]) == (21, 30)


def test_every_value_has_a_source_and_both_sets_have_every_key() -> None:
    for rules in RULESETS.values():
        assert {r.key for r in rules.rules} == set(Key)
        for rule in rules.rules:
            assert rule.source and rule.meaning and rule.effective_from <= dt.date.today()


def test_sickness_weeks_count_from_the_first_day() -> None:
    first = D(2026, 11, 4)  # a Wednesday
    assert [sickness_week(first, first + dt.timedelta(days=n)) for n in (0, 6, 7, 27, 28)] == [
        1,
        1,
        2,
        4,
        5,
    ]


# --- Care conversations ---------------------------------------------------------------------


def spells(*ranges: tuple[dt.date, dt.date]) -> list[SpellFacts]:
    return [SpellFacts(a, b) for a, b in ranges]


def test_three_absences_in_six_months_call_for_a_care_conversation() -> None:
    history = spells(
        (D(2026, 1, 5), D(2026, 1, 6)),
        (D(2026, 3, 2), D(2026, 3, 2)),
        (D(2026, 5, 4), D(2026, 5, 5)),
    )
    result = care_conversation(history, CarePolicy())
    assert result is not None
    assert (result.code, result.due, result.status) == (Code.CARE_CONVERSATION, D(2026, 5, 18), R)
    assert result.reason == "3 absences within 183 days."
    assert result.since == D(2026, 5, 4)
    assert care_conversation(history, CarePolicy(), already_held=[D(2026, 5, 10)]) is None
    assert care_conversation(history, CarePolicy(), already_held=[D(2026, 4, 1)]) is not None


def test_absences_spread_out_call_for_nothing() -> None:
    history = spells(
        (D(2026, 1, 5), D(2026, 1, 6)),
        (D(2026, 3, 2), D(2026, 3, 2)),
        (D(2026, 8, 20), D(2026, 8, 21)),
    )
    assert care_conversation(history, CarePolicy()) is None


def test_one_absence_continued_after_a_weekend_counts_once() -> None:
    history = spells(
        (D(2026, 11, 2), D(2026, 11, 6)),
        (D(2026, 11, 9), D(2026, 11, 10)),
        (D(2026, 11, 16), D(2026, 11, 16)),
    )
    assert care_conversation(history, CarePolicy()) is None


def test_the_bradford_factor() -> None:
    # Two spells of 5 and 30 days in a year: 2² × 35 = 140.
    history = spells((D(2026, 1, 5), D(2026, 1, 9)), (D(2026, 3, 2), D(2026, 3, 31)))
    assert bradford_factor(history, D(2026, 3, 31), 365) == 140
    result = care_conversation(history, CarePolicy(bradford_threshold=100))
    assert result is not None
    # Judged when the second spell is over, 31 Mar; 14 days later is Tuesday 14 Apr.
    assert result.due == D(2026, 4, 14)
    assert care_conversation(history, CarePolicy(bradford_threshold=200)) is None


def test_section56_absence_does_not_count_towards_a_care_conversation() -> None:
    history = [
        SpellFacts(D(2026, 1, 5), D(2026, 1, 6), section56=True),
        SpellFacts(D(2026, 3, 2), D(2026, 3, 2)),
        SpellFacts(D(2026, 5, 4), D(2026, 5, 5)),
    ]
    assert care_conversation(history, CarePolicy()) is None
