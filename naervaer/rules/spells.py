"""What makes a sickness absence spell valid (DOMAIN.md, "Workplace: absence").

A spell runs from its first day to its last day (open while ongoing), lies inside the person's
employment, overlaps no other spell of the same person, and has a degree of absence of
1–100 % that may change in steps during the spell (partial return, delvis raskmelding).

The checks return problems as codes with parameters; the web and import layers turn them into
messages in the user's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Period:
    """Days from ``start`` to ``end`` inclusive; ``end`` None means open-ended."""

    start: dt.date
    end: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, other: Period) -> bool:
        return (other.end is None or self.start <= other.end) and (
            self.end is None or other.start <= self.end
        )


@dataclass(frozen=True, slots=True)
class DegreeStep:
    """From ``from_day`` on, ``percent`` % absent."""

    from_day: dt.date
    percent: int


@dataclass(frozen=True, slots=True)
class SpellDraft:
    first_day: dt.date
    last_day: dt.date | None
    steps: tuple[DegreeStep, ...] = field(default_factory=tuple)

    @property
    def period(self) -> Period:
        return Period(self.first_day, self.last_day)


class Spell(Protocol):
    """What the checks read of a spell: a ``SpellDraft``, or any object with these fields
    (an import's plan of a spell, so that a million rows are not copied into drafts)."""

    @property
    def first_day(self) -> dt.date: ...
    @property
    def last_day(self) -> dt.date | None: ...
    @property
    def steps(self) -> Sequence[DegreeStep]: ...


class ProblemCode(StrEnum):
    LAST_BEFORE_FIRST = "last_before_first"
    PERCENT_OUT_OF_RANGE = "percent_out_of_range"
    STEP_OUTSIDE_SPELL = "step_outside_spell"
    FIRST_STEP_NOT_FIRST_DAY = "first_step_not_first_day"
    DUPLICATE_STEP = "duplicate_step"
    NOT_EMPLOYED = "not_employed"
    OUTSIDE_EMPLOYMENT = "outside_employment"
    OVERLAP = "overlap"


@dataclass(frozen=True, slots=True)
class Problem:
    code: ProblemCode
    params: dict[str, object] = field(default_factory=dict)


def merge_periods(periods: Iterable[Period]) -> list[Period]:
    """Join overlapping and back-to-back periods: two employments that follow each other
    without a gap are one continuous period of employment."""
    merged: list[Period] = []
    for p in sorted(periods, key=lambda p: p.start):
        if merged:
            last = merged[-1]
            if last.end is None:
                continue
            if p.start <= last.end + ONE_DAY:
                end = None if p.end is None else max(last.end, p.end)
                merged[-1] = Period(last.start, end)
                continue
        merged.append(p)
    return merged


def check_spell(
    draft: SpellDraft, employments: Sequence[Period], other_spells: Sequence[Period]
) -> list[Problem]:
    """Every reason ``draft`` cannot be saved, given the person's employments and their other
    spells (the spell being corrected must not be among ``other_spells``)."""
    problems = _shape_problems(draft)
    if problems and problems[0].code is ProblemCode.LAST_BEFORE_FIRST:
        return problems
    problems.extend(_employment_problems(draft, merge_periods(employments)))
    for other in other_spells:
        if draft.period.overlaps(other):
            problems.append(
                Problem(ProblemCode.OVERLAP, {"first_day": other.start, "last_day": other.end})
            )
    return problems


def check_spells(
    drafts: Sequence[Spell], employments: Sequence[Period], kept: Sequence[Period]
) -> list[list[Problem]]:
    """The problems of each of one person's new spells (``drafts``, checked together), given
    the person's employments and the stored spells that stay (``kept``: a stored spell that a
    draft replaces is not among them). The same problems as ``check_spell`` for each draft
    against the other drafts and ``kept``, in one pass over the periods sorted by first day:
    an import of a million spells does not compare every spell with every other. Overlaps
    are listed in the order of the other spell's first day; a draft that ends before it starts
    is not compared with any spell."""
    merged = merge_periods(employments)
    if not kept and _all_clear(drafts, merged):
        return [[] for _d in drafts]
    problems = [_shape_problems(d) for d in drafts]
    valid = [
        i
        for i, found in enumerate(problems)
        if not (found and found[0].code is ProblemCode.LAST_BEFORE_FIRST)
    ]
    for i in valid:
        problems[i].extend(_employment_problems(drafts[i], merged))
    if len(valid) + len(kept) < 2:
        return problems  # one period cannot overlap another

    # Sweep: (start, end, index of the draft or -1 for a kept spell), by start. Every period
    # still open when another starts overlaps it; periods that have ended drop out.
    periods = sorted(
        [(drafts[i].first_day, drafts[i].last_day, i) for i in valid]
        + [(p.start, p.end, -1) for p in kept],
        key=lambda p: p[0],
    )
    overlaps: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    open_: list[tuple[dt.date, dt.date | None, int]] = []
    for start, end, index in periods:
        open_ = [p for p in open_ if p[1] is None or p[1] >= start]
        for other_start, other_end, other in open_:
            if index >= 0:
                overlaps.setdefault(index, []).append((other_start, other_end))
            if other >= 0:
                overlaps.setdefault(other, []).append((start, end))
        open_.append((start, end, index))
    for index, others in overlaps.items():
        others.sort(key=lambda p: (p[0], p[1] or dt.date.max))
        problems[index].extend(
            Problem(ProblemCode.OVERLAP, {"first_day": first, "last_day": last})
            for first, last in others
        )
    return problems


def _all_clear(drafts: Sequence[Spell], merged: Sequence[Period]) -> bool:
    """True when ``check_spells`` finds no problem with ``drafts`` and no kept spells, decided
    in one pass for the usual person: spells in order of first day, each over before the next
    begins, each of good shape and inside one of the ``merged`` employments (sorted, apart).
    False says only that the full check must look (also for spells out of order)."""
    employments = iter(merged)
    employment = next(employments, None)
    previous_last: dt.date | None = dt.date.min
    for draft in drafts:
        first, last = draft.first_day, draft.last_day
        if previous_last is None or first <= previous_last:
            return False  # overlaps the one before (or comes before it)
        if last is not None and last < first:
            return False
        steps = draft.steps
        if len(steps) == 1:
            if steps[0].from_day != first or not 1 <= steps[0].percent <= 100:
                return False
        elif _shape_problems(draft):
            return False
        # The employment that contains the first day: earlier ones ended before it, and the
        # drafts come in order, so none is looked at twice.
        while employment is not None and employment.end is not None and employment.end < first:
            employment = next(employments, None)
        if employment is None or employment.start > first:
            return False
        if last is not None and employment.end is not None and last > employment.end:
            return False
        previous_last = last
    return True


def _shape_problems(draft: Spell) -> list[Problem]:
    """Problems of the spell on its own: its days and its degree steps."""
    if draft.last_day is not None and draft.last_day < draft.first_day:
        return [
            Problem(
                ProblemCode.LAST_BEFORE_FIRST,
                {"first_day": draft.first_day, "last_day": draft.last_day},
            )
        ]
    if len(draft.steps) == 1:  # the usual spell: one degree from its first day
        step = draft.steps[0]
        if step.from_day == draft.first_day and 1 <= step.percent <= 100:
            return []
    problems: list[Problem] = []
    seen: set[dt.date] = set()
    for step in draft.steps:
        if not 1 <= step.percent <= 100:
            problems.append(Problem(ProblemCode.PERCENT_OUT_OF_RANGE, {"percent": step.percent}))
        if step.from_day < draft.first_day or (
            draft.last_day is not None and step.from_day > draft.last_day
        ):
            problems.append(Problem(ProblemCode.STEP_OUTSIDE_SPELL, {"day": step.from_day}))
        if step.from_day in seen:
            problems.append(Problem(ProblemCode.DUPLICATE_STEP, {"day": step.from_day}))
        seen.add(step.from_day)
    if draft.steps and min(s.from_day for s in draft.steps) != draft.first_day:
        problems.append(Problem(ProblemCode.FIRST_STEP_NOT_FIRST_DAY, {"day": draft.first_day}))
    return problems


def _employment_problems(draft: Spell, merged: Sequence[Period]) -> list[Problem]:
    """``merged``: the person's employments as ``merge_periods`` returns them."""
    covering = next((p for p in merged if p.contains(draft.first_day)), None)
    if covering is None:
        return [Problem(ProblemCode.NOT_EMPLOYED, {"day": draft.first_day})]
    if draft.last_day is not None and not covering.contains(draft.last_day):
        return [Problem(ProblemCode.OUTSIDE_EMPLOYMENT, {"employment_end": covering.end})]
    return []


def degree_on(steps: Sequence[DegreeStep], day: dt.date) -> int:
    """The degree of absence on ``day`` from steps sorted by day (100 before the first step)."""
    percent = 100
    for step in steps:
        if step.from_day > day:
            break
        percent = step.percent
    return percent
