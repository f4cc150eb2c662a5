"""The validity of a spell, table-driven. Dates are chosen by hand."""

import datetime as dt

import pytest

from naervaer.rules.spells import (
    DegreeStep,
    Period,
    ProblemCode,
    SpellDraft,
    check_spell,
    degree_on,
    merge_periods,
)

D = dt.date
EMPLOYED = [Period(D(2020, 1, 1), None)]


def codes(draft: SpellDraft, employments=EMPLOYED, others=()) -> list[ProblemCode]:
    return [p.code for p in check_spell(draft, list(employments), list(others))]


@pytest.mark.parametrize(
    ("draft", "others", "expected"),
    [
        # A plain closed spell and an open one are fine.
        (SpellDraft(D(2026, 3, 2), D(2026, 3, 4)), [], []),
        (SpellDraft(D(2026, 3, 2), None), [], []),
        # One day is a spell (first day == last day).
        (SpellDraft(D(2026, 3, 2), D(2026, 3, 2)), [], []),
        (SpellDraft(D(2026, 3, 4), D(2026, 3, 2)), [], [ProblemCode.LAST_BEFORE_FIRST]),
        # Touching another spell is not overlapping; sharing a day is.
        (SpellDraft(D(2026, 3, 5), D(2026, 3, 6)), [Period(D(2026, 3, 2), D(2026, 3, 4))], []),
        (
            SpellDraft(D(2026, 3, 4), D(2026, 3, 6)),
            [Period(D(2026, 3, 2), D(2026, 3, 4))],
            [ProblemCode.OVERLAP],
        ),
        # An ongoing spell blocks everything after its start.
        (
            SpellDraft(D(2026, 6, 1), D(2026, 6, 2)),
            [Period(D(2026, 3, 2), None)],
            [ProblemCode.OVERLAP],
        ),
        # A new open spell before an existing closed one overlaps it.
        (
            SpellDraft(D(2026, 3, 1), None),
            [Period(D(2026, 3, 10), D(2026, 3, 12))],
            [ProblemCode.OVERLAP],
        ),
        # Degrees 1-100 %, the first from the first day, all inside the spell.
        (
            SpellDraft(D(2026, 3, 2), None, (DegreeStep(D(2026, 3, 2), 101),)),
            [],
            [ProblemCode.PERCENT_OUT_OF_RANGE],
        ),
        (
            SpellDraft(D(2026, 3, 2), None, (DegreeStep(D(2026, 3, 2), 0),)),
            [],
            [ProblemCode.PERCENT_OUT_OF_RANGE],
        ),
        (
            SpellDraft(D(2026, 3, 2), D(2026, 3, 9), (DegreeStep(D(2026, 3, 3), 50),)),
            [],
            [ProblemCode.FIRST_STEP_NOT_FIRST_DAY],
        ),
        (
            SpellDraft(
                D(2026, 3, 2),
                D(2026, 3, 9),
                (DegreeStep(D(2026, 3, 2), 100), DegreeStep(D(2026, 3, 10), 50)),
            ),
            [],
            [ProblemCode.STEP_OUTSIDE_SPELL],
        ),
    ],
)
def test_check_spell(draft: SpellDraft, others: list[Period], expected: list[ProblemCode]) -> None:
    assert codes(draft, others=others) == expected


def test_spell_must_start_inside_employment() -> None:
    employments = [Period(D(2026, 2, 1), None)]
    assert codes(SpellDraft(D(2026, 1, 31), None), employments) == [ProblemCode.NOT_EMPLOYED]
    assert codes(SpellDraft(D(2026, 2, 1), None), employments) == []


def test_spell_must_end_inside_employment() -> None:
    employments = [Period(D(2020, 1, 1), D(2026, 3, 31))]
    draft = SpellDraft(D(2026, 3, 30), D(2026, 4, 2))
    problems = check_spell(draft, employments, [])
    assert [p.code for p in problems] == [ProblemCode.OUTSIDE_EMPLOYMENT]
    assert problems[0].params["employment_end"] == D(2026, 3, 31)


def test_back_to_back_employments_are_one_period() -> None:
    # A move between units: 1 Jan-31 Mar in one, from 1 Apr in another.
    employments = [Period(D(2026, 1, 1), D(2026, 3, 31)), Period(D(2026, 4, 1), None)]
    assert merge_periods(employments) == [Period(D(2026, 1, 1), None)]
    assert codes(SpellDraft(D(2026, 3, 25), D(2026, 4, 10)), employments) == []


def test_a_gap_between_employments_is_not_covered() -> None:
    employments = [Period(D(2026, 1, 1), D(2026, 3, 31)), Period(D(2026, 5, 1), None)]
    assert len(merge_periods(employments)) == 2
    assert codes(SpellDraft(D(2026, 3, 25), D(2026, 5, 2)), employments) == [
        ProblemCode.OUTSIDE_EMPLOYMENT
    ]


def test_degree_is_a_step_function() -> None:
    steps = [DegreeStep(D(2026, 3, 2), 100), DegreeStep(D(2026, 3, 16), 50)]
    assert degree_on(steps, D(2026, 3, 15)) == 100
    assert degree_on(steps, D(2026, 3, 16)) == 50
    assert degree_on(steps, D(2026, 4, 1)) == 50
