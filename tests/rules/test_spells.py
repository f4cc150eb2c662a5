"""The validity of a spell, table-driven. Dates are chosen by hand."""

import datetime as dt
import random
from collections.abc import Sequence

import pytest

from naervaer.rules.spells import (
    DegreeStep,
    Period,
    Problem,
    ProblemCode,
    SpellDraft,
    check_spell,
    check_spells,
    degree_on,
    merge_periods,
)

D = dt.date
EMPLOYED = [Period(D(2020, 1, 1), None)]
ONE = dt.timedelta(days=1)


def codes(
    draft: SpellDraft, employments: Sequence[Period] = EMPLOYED, others: Sequence[Period] = ()
) -> list[ProblemCode]:
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


# --- One person's spells checked together (the importer's one pass) --------------------------

OVERLAP = ProblemCode.OVERLAP


def overlaps_of(problems: list[Problem]) -> list[tuple[object, object]]:
    return [(p.params["first_day"], p.params["last_day"]) for p in problems if p.code is OVERLAP]


@pytest.mark.parametrize(
    ("drafts", "kept", "expected"),
    [
        # Back-to-back spells in the file, nothing stored: no problem.
        (
            [SpellDraft(D(2026, 3, 2), D(2026, 3, 4)), SpellDraft(D(2026, 3, 5), D(2026, 3, 6))],
            [],
            [[], []],
        ),
        # Two spells in the file sharing 4 March: each names the other.
        (
            [SpellDraft(D(2026, 3, 2), D(2026, 3, 4)), SpellDraft(D(2026, 3, 4), D(2026, 3, 6))],
            [],
            [[(D(2026, 3, 4), D(2026, 3, 6))], [(D(2026, 3, 2), D(2026, 3, 4))]],
        ),
        # A stored spell of 10-12 March overlaps the second spell of the file only.
        (
            [SpellDraft(D(2026, 3, 2), D(2026, 3, 4)), SpellDraft(D(2026, 3, 11), None)],
            [Period(D(2026, 3, 10), D(2026, 3, 12))],
            [[], [(D(2026, 3, 10), D(2026, 3, 12))]],
        ),
        # An ongoing stored spell from 2 March blocks both later spells, however far ahead.
        (
            [SpellDraft(D(2026, 6, 1), D(2026, 6, 2)), SpellDraft(D(2027, 1, 4), D(2027, 1, 4))],
            [Period(D(2026, 3, 2), None)],
            [[(D(2026, 3, 2), None)], [(D(2026, 3, 2), None)]],
        ),
        # An open spell in the file overlaps both stored spells after its start, named in the
        # order of their first days although given the other way round; the one before it
        # (ended 28 February) does not count.
        (
            [SpellDraft(D(2026, 3, 1), None)],
            [
                Period(D(2026, 5, 4), D(2026, 5, 8)),
                Period(D(2026, 2, 23), D(2026, 2, 28)),
                Period(D(2026, 3, 10), D(2026, 3, 12)),
            ],
            [[(D(2026, 3, 10), D(2026, 3, 12)), (D(2026, 5, 4), D(2026, 5, 8))]],
        ),
        # Stored spells overlapping each other are not the file's problem.
        (
            [SpellDraft(D(2026, 8, 3), D(2026, 8, 7))],
            [Period(D(2026, 3, 2), D(2026, 3, 9)), Period(D(2026, 3, 5), D(2026, 3, 6))],
            [[]],
        ),
    ],
)
def test_check_spells_finds_every_overlap_once(
    drafts: list[SpellDraft],
    kept: list[Period],
    expected: list[list[tuple[dt.date, dt.date | None]]],
) -> None:
    assert [overlaps_of(p) for p in check_spells(drafts, EMPLOYED, kept)] == expected


def test_check_spells_a_spell_ending_before_it_starts_is_compared_with_nothing() -> None:
    drafts = [SpellDraft(D(2026, 3, 9), D(2026, 3, 2)), SpellDraft(D(2026, 3, 3), D(2026, 3, 4))]
    problems = check_spells(drafts, EMPLOYED, [])
    assert [[p.code for p in found] for found in problems] == [
        [ProblemCode.LAST_BEFORE_FIRST],
        [],
    ]


def test_check_spells_checks_employment_and_degrees_per_spell() -> None:
    # Employed 1 January - 31 March 2026, and again from 1 May (a gap in April).
    employments = [Period(D(2026, 1, 1), D(2026, 3, 31)), Period(D(2026, 5, 1), None)]
    drafts = [
        SpellDraft(D(2025, 12, 30), D(2026, 1, 2)),  # starts before the employment
        SpellDraft(D(2026, 3, 30), D(2026, 4, 2)),  # runs into the gap
        SpellDraft(D(2026, 4, 13), D(2026, 4, 14)),  # in the gap
        SpellDraft(D(2026, 5, 4), D(2026, 5, 15), (DegreeStep(D(2026, 5, 5), 50),)),  # not day 1
        SpellDraft(D(2026, 6, 1), D(2026, 6, 5), (DegreeStep(D(2026, 6, 1), 0),)),
    ]
    problems = check_spells(drafts, employments, [])
    assert [[p.code for p in found] for found in problems] == [
        [ProblemCode.NOT_EMPLOYED],
        [ProblemCode.OUTSIDE_EMPLOYMENT],
        [ProblemCode.NOT_EMPLOYED],
        [ProblemCode.FIRST_STEP_NOT_FIRST_DAY],
        [ProblemCode.PERCENT_OUT_OF_RANGE],
    ]
    assert problems[1][0].params == {"employment_end": D(2026, 3, 31)}


def test_check_spells_agrees_with_check_spell_on_random_spells() -> None:
    """The one pass and the spell-by-spell check find the same problems (a cross-check of two
    implementations; the hand-worked cases above say what the problems are)."""
    rng = random.Random(14)
    base = D(2026, 1, 1)
    for _ in range(300):

        def period() -> Period:
            start = base + dt.timedelta(days=rng.randrange(60))
            end = None if rng.random() < 0.15 else start + dt.timedelta(days=rng.randrange(8))
            return Period(start, end)

        drafts = [SpellDraft(p.start, p.end) for p in (period() for _ in range(rng.randrange(5)))]
        kept = [period() for _ in range(rng.randrange(4))]
        employments = [Period(base + dt.timedelta(days=rng.randrange(-5, 10)), None)]
        one_pass = check_spells(drafts, employments, kept)
        for i, draft in enumerate(drafts):
            others = [d.period for j, d in enumerate(drafts) if j != i] + kept
            expected = check_spell(draft, employments, others)
            key = lambda p: (p.code, sorted(map(str, p.params.values())))  # noqa: E731
            assert sorted(one_pass[i], key=key) == sorted(expected, key=key)


def test_check_spells_quick_verdict_never_hides_a_problem() -> None:
    """``check_spells`` answers "no problem" for a person's spells in one quick pass when they
    come in order, apart, of good shape and inside the employment; this pass must never call a
    set of spells clear that the spell-by-spell check faults. Spells here are mostly such a
    clean series with one thing broken at random (touching or sharing a day, out of order,
    open in the middle, a bad step, outside or between employments), checked both ways."""
    rng = random.Random(1403)
    employed = [
        Period(D(2025, 1, 1), D(2025, 6, 30)),
        Period(D(2025, 7, 1), D(2025, 9, 30)),  # follows on: one period with the first
        Period(D(2025, 11, 1), None),  # after a gap in October
    ]
    clean = faulted = 0
    for _ in range(600):
        drafts: list[SpellDraft] = []
        day = D(2025, 1, 1) + dt.timedelta(days=rng.randrange(40))
        for _n in range(rng.randrange(1, 7)):
            last = day + dt.timedelta(days=rng.randrange(6))
            steps: tuple[DegreeStep, ...] = (DegreeStep(day, 100),)
            if rng.random() < 0.2 and last > day:
                steps += (DegreeStep(last, rng.choice([30, 50])),)
            drafts.append(SpellDraft(day, last, steps))
            day = last + dt.timedelta(days=rng.randrange(1, 80))
        i = rng.randrange(len(drafts))
        d = drafts[i]
        broken = rng.choice(
            ["none", "none", "share", "swap", "open", "step", "percent", "ends", "kept", "beyond"]
        )
        kept: list[Period] = []
        if broken == "share" and i > 0 and (start := drafts[i - 1].last_day) is not None:
            drafts[i] = SpellDraft(
                start, max(start, d.last_day or start), (DegreeStep(start, 100),)
            )
        elif broken == "swap" and i > 0:
            drafts[i - 1], drafts[i] = drafts[i], drafts[i - 1]
        elif broken == "open":
            drafts[i] = SpellDraft(d.first_day, None, d.steps)
        elif broken == "step":
            drafts[i] = SpellDraft(d.first_day, d.last_day, (DegreeStep(d.first_day + ONE, 100),))
        elif broken == "percent":
            drafts[i] = SpellDraft(d.first_day, d.last_day, (DegreeStep(d.first_day, 0),))
        elif broken == "ends":
            drafts[i] = SpellDraft(d.first_day, d.first_day - ONE, d.steps)
        elif broken == "kept":
            kept = [Period(d.first_day, d.first_day)]
        elif broken == "beyond":  # the last spell runs past the employment into October
            drafts = [x for x in drafts if x.last_day and x.last_day < D(2025, 9, 20)]
            start = D(2025, 9, 20) + dt.timedelta(days=rng.randrange(11))
            drafts.append(SpellDraft(start, D(2025, 10, 2), (DegreeStep(start, 100),)))
        one_pass = check_spells(drafts, employed, kept)
        valid = [
            x for x in drafts if x.last_day is None or x.last_day >= x.first_day
        ]  # a spell ending before it starts is compared with nothing
        for j, draft in enumerate(drafts):
            others = [x.period for x in valid if x is not draft] + kept
            others.sort(key=lambda p: (p.start, p.end or dt.date.max))
            assert one_pass[j] == check_spell(draft, employed, others), (drafts, kept, j)
        if any(one_pass):
            faulted += 1
        else:
            clean += 1
    assert clean > 150 and faulted > 150  # both verdicts were given often
